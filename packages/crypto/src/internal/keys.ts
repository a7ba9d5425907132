import { constantTimeEqual } from '../constantTimeEqual.js';
import type { KeyPair, KeyType } from '../KeyType.js';
import { assertBytes, assertKeyType, describe } from './assert.js';
import { ecdsaCurve, ed25519 } from './curves.js';
import { isAcceptableEd25519PublicKey } from './ed25519Rule.js';
import { fromBytes, isSm2Scalar, SM2P256V1 } from './sm2.js';
import { state } from './state.js';

/**
 * Checks a caller-supplied secret key: a TypeError unless a Uint8Array, a RangeError unless it
 * is 32 bytes and (for ECDSA) a scalar in [1, n-1].
 */
export function assertSecretKey(
  type: KeyType,
  secretKey: unknown,
  name = 'secretKey',
): asserts secretKey is Uint8Array {
  assertBytes(secretKey, name);
  if (secretKey.length !== 32) throw new RangeError(`${name}: expected 32 bytes, found ${secretKey.length}`);
  if (type === 'SM2') {
    if (!isSm2Scalar(SM2P256V1, fromBytes(secretKey))) {
      throw new RangeError(`${name}: not a valid SM2 secret scalar (expected 1 <= d <= n - 2)`);
    }
  } else if (type !== 'Ed25519' && !ecdsaCurve(type).utils.isValidSecretKey(secretKey)) {
    throw new RangeError(`${name}: not a valid ${type} secret scalar (expected 1 <= d < n)`);
  }
}

/** Tells whether 32 bytes are a valid secret key of the type (no throw). */
export function isValidSecretKey(type: KeyType, secretKey: Uint8Array): boolean {
  if (secretKey.length !== 32) return false;
  if (type === 'SM2') return isSm2Scalar(SM2P256V1, fromBytes(secretKey));
  return type === 'Ed25519' || ecdsaCurve(type).utils.isValidSecretKey(secretKey);
}

/**
 * Validates an untrusted public key and returns its canonical form (a fresh copy): 32 bytes for
 * Ed25519 (canonical RFC 8032 encoding of a point not of small order), 33-byte compressed SEC1 for ECDSA (33 or 65 accepted).
 * Returns undefined when it is not a valid point.
 */
export function canonicalPublicKey(type: KeyType, publicKey: Uint8Array): Uint8Array | undefined {
  try {
    if (type === 'Ed25519') {
      // canonical, on the curve, and not one of the 8 points of small order
      if (!isAcceptableEd25519PublicKey(publicKey)) return undefined;
      ed25519.Point.fromBytes(publicKey, false);
      return new Uint8Array(publicKey); // a plain copy (Buffer#slice would be a view)
    }
    if (publicKey.length !== 33 && publicKey.length !== 65) return undefined;
    return weierstrassPoint(type).fromBytes(publicKey).toBytes(true);
  } catch {
    return undefined;
  }
}

/** The point constructor of a short Weierstrass key type. */
function weierstrassPoint(type: 'P-256' | 'secp256k1' | 'SM2'): typeof SM2P256V1.Point {
  return type === 'SM2' ? SM2P256V1.Point : ecdsaCurve(type).Point;
}

/** The uncompressed (x, y) coordinates of a valid ECDSA public key, 32 bytes each. */
export function ecCoordinates(
  type: 'P-256' | 'secp256k1' | 'SM2',
  publicKey: Uint8Array,
): { x: Uint8Array; y: Uint8Array } {
  const raw = weierstrassPoint(type).fromBytes(publicKey).toBytes(false);
  return { x: raw.subarray(1, 33), y: raw.subarray(33, 65) };
}

/** Checks a caller-supplied public key (TypeError / RangeError) and returns its canonical form. */
export function requirePublicKey(type: KeyType, publicKey: unknown, name = 'publicKey'): Uint8Array {
  assertBytes(publicKey, name);
  const expected = type === 'Ed25519' ? '32' : '33 or 65';
  if (type === 'Ed25519' ? publicKey.length !== 32 : publicKey.length !== 33 && publicKey.length !== 65) {
    throw new RangeError(`${name}: expected ${expected} bytes for ${type}, found ${publicKey.length}`);
  }
  const key = canonicalPublicKey(type, publicKey);
  if (key === undefined) throw new RangeError(`${name}: not a valid ${type} public key`);
  return key;
}

/**
 * Checks a caller-supplied key pair (TypeError / RangeError): a known type, a valid secret key,
 * and a public key that belongs to it. Returns a private copy of the secret key and the public
 * key derived from it (canonical form).
 */
export function checkKeyPair(keyPair: unknown): KeyPair {
  if (typeof keyPair !== 'object' || keyPair === null) {
    throw new TypeError(`keyPair: expected a KeyPair object, found ${describe(keyPair)}`);
  }
  const { type, secretKey, publicKey } = keyPair as Partial<KeyPair>;
  assertKeyType(type);
  assertSecretKey(type, secretKey, 'keyPair.secretKey');
  const given = requirePublicKey(type, publicKey, 'keyPair.publicKey');
  const sk = new Uint8Array(secretKey); // a private copy (Buffer#slice would be a view)
  const derived = state.backend.getPublicKey(type, sk);
  if (!constantTimeEqual(derived, given))
    throw new RangeError('keyPair: publicKey does not belong to secretKey');
  return { type, secretKey: sk, publicKey: derived };
}
