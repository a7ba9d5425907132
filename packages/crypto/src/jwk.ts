import { base64urlDecode, base64urlEncode } from './base64url.js';
import { constantTimeEqual } from './constantTimeEqual.js';
import { assertKeyType, describe } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';
import {
  canonicalPublicKey,
  checkKeyPair,
  ecCoordinates,
  isValidSecretKey,
  requirePublicKey,
} from './internal/keys.js';
import { state } from './internal/state.js';
import type { KeyPair, KeyType } from './KeyType.js';
import { isRealDidError } from './RealDidError.js';

/** An Ed25519 JWK (RFC 8037). */
export interface OkpJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d?: string;
}

/**
 * A P-256, secp256k1 (RFC 7518, RFC 8812) or SM2 JWK. SM2 has no registered JWK curve name;
 * RealDID writes `crv: "SM2"` with the affine coordinates of the point on sm2p256v1.
 */
export interface EcJwk {
  kty: 'EC';
  crv: 'P-256' | 'secp256k1' | 'SM2';
  x: string;
  y: string;
  d?: string;
}

/** A JWK of one of the supported key types. */
export type Jwk = OkpJwk | EcJwk;

/**
 * Returns the public JWK of a public key.
 *
 * @param type - the key type
 * @param publicKey - the public key (ECDSA: 33 or 65 bytes)
 * @returns `{kty:'OKP',crv:'Ed25519',x}` or `{kty:'EC',crv,x,y}`
 * @throws TypeError / RangeError when the key is malformed
 * @example
 * ```ts
 * publicKeyToJwk('Ed25519', generateKeyPair('Ed25519').publicKey).kty; // 'OKP'
 * ```
 */
export function publicKeyToJwk(type: KeyType, publicKey: Uint8Array): Jwk {
  assertKeyType(type);
  const key = requirePublicKey(type, publicKey);
  if (type === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519', x: base64urlEncode(key) };
  const { x, y } = ecCoordinates(type, key);
  return { kty: 'EC', crv: type, x: base64urlEncode(x), y: base64urlEncode(y) };
}

/**
 * Returns the private JWK (with `d`) of a key pair.
 *
 * @param keyPair - the key pair; its public key must belong to its secret key
 * @returns the JWK with `d`
 * @throws TypeError / RangeError when the key pair is malformed or inconsistent
 * @example
 * ```ts
 * secretKeyToJwk(generateKeyPair('P-256')).d !== undefined; // true
 * ```
 */
export function secretKeyToJwk(keyPair: KeyPair): Jwk {
  const { type, secretKey, publicKey } = checkKeyPair(keyPair);
  return { ...publicKeyToJwk(type, publicKey), d: base64urlEncode(secretKey) };
}

const JWK_ALGS: Record<KeyType, readonly string[]> = {
  Ed25519: ['EdDSA'],
  'P-256': ['ES256'],
  secp256k1: ['ES256K'],
  SM2: ['SM2', 'SM2SM3'],
};

function invalid(message: string, cause?: unknown): never {
  throw cryptoError('ERR_JWK_INVALID', `jwk: ${message}`, cause);
}

function member(jwk: Record<string, unknown>, name: string, bytes: number): Uint8Array {
  const v = jwk[name];
  if (typeof v !== 'string') invalid(`"${name}" must be a string, found ${describe(v)}`);
  let out: Uint8Array;
  try {
    out = base64urlDecode(v);
  } catch (cause) {
    if (isRealDidError(cause)) invalid(`"${name}" is not strict base64url`, cause);
    throw cause;
  }
  if (out.length !== bytes) invalid(`"${name}" must decode to ${bytes} bytes, found ${out.length}`);
  return out;
}

function parseJwk(jwk: unknown): { type: KeyType; publicKey: Uint8Array; obj: Record<string, unknown> } {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    invalid(`expected a JSON object, found ${describe(jwk)}`);
  }
  const proto = Object.getPrototypeOf(jwk);
  if (proto !== Object.prototype && proto !== null) invalid('expected a plain object');
  const obj = jwk as Record<string, unknown>;
  const { kty, crv } = obj;
  if (typeof kty !== 'string') invalid(`"kty" must be a string, found ${describe(kty)}`);
  let type: KeyType;
  if (kty === 'OKP' && crv === 'Ed25519') type = 'Ed25519';
  else if (kty === 'EC' && (crv === 'P-256' || crv === 'secp256k1' || crv === 'SM2')) type = crv;
  else if (kty !== 'OKP' && kty !== 'EC') {
    throw cryptoError(
      'ERR_KEY_TYPE_UNSUPPORTED',
      `jwk: kty ${JSON.stringify(kty.slice(0, 20))} is not supported`,
    );
  } else {
    if (typeof crv !== 'string') invalid(`"crv" must be a string, found ${describe(crv)}`);
    throw cryptoError(
      'ERR_KEY_TYPE_UNSUPPORTED',
      `jwk: crv ${JSON.stringify(crv.slice(0, 20))} is not supported`,
    );
  }
  if (obj.alg !== undefined && !(JWK_ALGS[type] as readonly unknown[]).includes(obj.alg)) {
    // Describe, never serialize, the untrusted value: JSON.stringify throws an uncoded TypeError on
    // a bigint or a cycle, and would copy a multi-megabyte string into the message.
    const found = typeof obj.alg === 'string' ? JSON.stringify(obj.alg.slice(0, 20)) : describe(obj.alg);
    invalid(`"alg" does not match ${type}: expected "${JWK_ALGS[type].join('" or "')}", found ${found}`);
  }
  let raw: Uint8Array;
  if (type === 'Ed25519') {
    raw = member(obj, 'x', 32);
  } else {
    raw = new Uint8Array(65);
    raw[0] = 4;
    raw.set(member(obj, 'x', 32), 1);
    raw.set(member(obj, 'y', 32), 33);
  }
  const publicKey = canonicalPublicKey(type, raw);
  if (publicKey === undefined)
    invalid(`"x"${type === 'Ed25519' ? '' : '/"y"'} is not a valid ${type} public key`);
  return { type, publicKey, obj };
}

/**
 * Reads the public key of an untrusted JWK, strictly: a plain object with `kty`/`crv` of a
 * supported key type, strict base64url coordinates of the exact length, a point on the curve, and
 * an `alg` (when present) that matches. A `d` member is ignored.
 *
 * @param jwk - the parsed JSON value
 * @returns the key type and public key (compressed for ECDSA)
 * @throws RealDidError `ERR_JWK_INVALID` when malformed; `ERR_KEY_TYPE_UNSUPPORTED` for another kty/crv
 * @example
 * ```ts
 * jwkToPublicKey({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }).type; // 'Ed25519'
 * ```
 */
export function jwkToPublicKey(jwk: unknown): { type: KeyType; publicKey: Uint8Array } {
  const { type, publicKey } = parseJwk(jwk);
  return { type, publicKey };
}

/**
 * Reads a key pair from an untrusted private JWK (with `d`), and checks that `d` matches the
 * public coordinates.
 *
 * @param jwk - the parsed JSON value
 * @returns the key pair
 * @throws RealDidError `ERR_JWK_INVALID` when malformed, without `d`, or inconsistent;
 *   `ERR_KEY_TYPE_UNSUPPORTED` for another kty/crv
 * @example
 * ```ts
 * const pair = jwkToKeyPair(secretKeyToJwk(generateKeyPair('Ed25519')));
 * ```
 */
export function jwkToKeyPair(jwk: unknown): KeyPair {
  const { type, publicKey, obj } = parseJwk(jwk);
  if (obj.d === undefined) invalid('"d" is missing: not a private JWK');
  const secretKey = member(obj, 'd', 32);
  if (!isValidSecretKey(type, secretKey)) invalid(`"d" is not a valid ${type} secret key`);
  const derived = state.backend.getPublicKey(type, secretKey);
  if (!constantTimeEqual(derived, publicKey)) invalid('"d" does not match the public key');
  return { type, publicKey, secretKey };
}
