import { assertKeyType } from './internal/assert.js';
import { assertSecretKey, isValidSecretKey } from './internal/keys.js';
import { state } from './internal/state.js';
import type { KeyPair, KeyType } from './KeyType.js';
import { randomBytes } from './randomBytes.js';

/**
 * Generates a key pair from the platform CSPRNG.
 *
 * @param type - `'Ed25519'`, `'P-256'` or `'secp256k1'`
 * @returns a fresh {@link KeyPair} (compressed public key for ECDSA)
 * @throws TypeError / RealDidError `ERR_KEY_TYPE_UNSUPPORTED` for a bad key type
 * @example
 * ```ts
 * const { publicKey, secretKey } = generateKeyPair('Ed25519');
 * ```
 */
export function generateKeyPair(type: KeyType): KeyPair {
  assertKeyType(type);
  let secretKey = randomBytes(32);
  // For ECDSA, a uniformly random 32-byte string is out of range with probability < 2^-32;
  // draw again in that case (rejection sampling keeps the distribution uniform).
  while (!isValidSecretKey(type, secretKey)) secretKey = randomBytes(32);
  return { type, publicKey: state.backend.getPublicKey(type, secretKey), secretKey };
}

/**
 * Rebuilds a key pair from a 32-byte secret key. The input is copied, never kept.
 *
 * @param type - the key type
 * @param secretKey - 32 bytes (Ed25519 seed or ECDSA scalar)
 * @returns the {@link KeyPair}
 * @throws TypeError / RangeError for a wrong-typed, wrong-length or out-of-range secret key
 * @example
 * ```ts
 * const pair = keyPairFromSecretKey('P-256', generateKeyPair('P-256').secretKey);
 * ```
 */
export function keyPairFromSecretKey(type: KeyType, secretKey: Uint8Array): KeyPair {
  assertKeyType(type);
  assertSecretKey(type, secretKey);
  const copy = new Uint8Array(secretKey); // a plain copy, also when given a Buffer (whose slice is a view)
  return { type, publicKey: state.backend.getPublicKey(type, copy), secretKey: copy };
}

/**
 * Derives the public key of a secret key.
 *
 * @param type - the key type
 * @param secretKey - 32 bytes
 * @returns 32 bytes (Ed25519) or 33-byte compressed SEC1 (ECDSA)
 * @throws TypeError / RangeError for a bad secret key
 * @example
 * ```ts
 * const pub = getPublicKey('secp256k1', generateKeyPair('secp256k1').secretKey);
 * ```
 */
export function getPublicKey(type: KeyType, secretKey: Uint8Array): Uint8Array {
  assertKeyType(type);
  assertSecretKey(type, secretKey);
  return state.backend.getPublicKey(type, secretKey);
}
