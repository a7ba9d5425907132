import { assertHashAlgorithm, type HashAlgorithm } from './hash.js';
import { assertBytes, describe } from './internal/assert.js';
import { state } from './internal/state.js';

const HASH_LEN = { 'sha-256': 32, 'sha-384': 48, 'sha-512': 64, sm3: 32 } as const;

/**
 * HKDF (RFC 5869): extract-then-expand, with SHA-2 or SM3 (HKDF-SM3).
 *
 * @param alg - the hash
 * @param ikm - input keying material
 * @param salt - the salt (may be empty: then a string of zeros, per the RFC)
 * @param info - context information (may be empty)
 * @param length - output length, 1 to 255 × hash length
 * @returns `length` bytes of output keying material
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * const okm = hkdf('sha-256', randomBytes(32), new Uint8Array(0), utf8Encode('pairwise'), 32);
 * ```
 */
export function hkdf(
  alg: HashAlgorithm,
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array {
  assertHashAlgorithm(alg);
  assertBytes(ikm, 'ikm');
  assertBytes(salt, 'salt');
  assertBytes(info, 'info');
  if (typeof length !== 'number') throw new TypeError(`length: expected a number, found ${describe(length)}`);
  const max = 255 * HASH_LEN[alg];
  if (!Number.isInteger(length) || length < 1 || length > max) {
    throw new RangeError(`length: expected an integer in [1, ${max}], found ${length}`);
  }
  return state.backend.hkdf(alg, ikm, salt, info, length);
}
