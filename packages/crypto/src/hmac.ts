import { assertHashAlgorithm, type HashAlgorithm } from './hash.js';
import { assertBytes } from './internal/assert.js';
import { state } from './internal/state.js';

/**
 * HMAC (RFC 2104) with SHA-256, SHA-384, SHA-512 or SM3 (HMAC-SM3, GM/T 0042).
 *
 * @param alg - the hash
 * @param key - the MAC key
 * @param data - the bytes to authenticate
 * @returns the tag (32, 48 or 64 bytes; 32 for SM3)
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * const tag = hmac('sha-256', randomBytes(32), utf8Encode('msg'));
 * ```
 */
export function hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  assertHashAlgorithm(alg);
  assertBytes(key, 'key');
  assertBytes(data, 'data');
  return state.backend.hmac(alg, key, data);
}
