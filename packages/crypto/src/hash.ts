import { assertBytes, describe } from './internal/assert.js';
import type { HashAlgorithm } from './internal/backendTypes.js';
import { state } from './internal/state.js';

export type { HashAlgorithm };

/** Checks a hash algorithm name given by the caller. */
export function assertHashAlgorithm(alg: unknown): asserts alg is HashAlgorithm {
  if (alg === 'sha-256' || alg === 'sha-384' || alg === 'sha-512' || alg === 'sm3') return;
  if (typeof alg !== 'string') throw new TypeError(`alg: expected a string, found ${describe(alg)}`);
  throw new RangeError(
    `alg: expected "sha-256", "sha-384", "sha-512" or "sm3", found ${JSON.stringify(alg.slice(0, 40))}`,
  );
}

/**
 * Hashes bytes with SHA-256, SHA-384, SHA-512 or SM3 (GB/T 32905-2016; node:crypto on Node.js,
 * portable JavaScript elsewhere).
 *
 * @param alg - `'sha-256'`, `'sha-384'`, `'sha-512'` or `'sm3'`
 * @param data - the bytes
 * @returns the digest
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * hash('sha-384', utf8Encode('abc')).length; // 48
 * ```
 */
export function hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array {
  assertHashAlgorithm(alg);
  assertBytes(data, 'data');
  return state.backend.hash(alg, data);
}

/**
 * SHA-256 of bytes.
 *
 * @param data - the bytes
 * @returns 32 bytes
 * @throws TypeError when `data` is not a Uint8Array
 * @example
 * ```ts
 * sha256(new Uint8Array(0)).length; // 32
 * ```
 */
export function sha256(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return state.backend.hash('sha-256', data);
}

/**
 * SHA-384 of bytes.
 *
 * @param data - the bytes
 * @returns 48 bytes
 * @throws TypeError when `data` is not a Uint8Array
 * @example
 * ```ts
 * sha384(new Uint8Array(0)).length; // 48
 * ```
 */
export function sha384(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return state.backend.hash('sha-384', data);
}

/**
 * SHA-512 of bytes.
 *
 * @param data - the bytes
 * @returns 64 bytes
 * @throws TypeError when `data` is not a Uint8Array
 * @example
 * ```ts
 * sha512(new Uint8Array(0)).length; // 64
 * ```
 */
export function sha512(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return state.backend.hash('sha-512', data);
}

/**
 * SM3 (GB/T 32905-2016, GM/T 0004-2012) of bytes: OpenSSL's on Node.js, a portable JavaScript
 * implementation elsewhere (both checked against the same vectors).
 *
 * @param data - the bytes
 * @returns 32 bytes
 * @throws TypeError when `data` is not a Uint8Array
 * @example
 * ```ts
 * sm3(utf8Encode('abc')); // 66c7f0f4…8f4ba8e0
 * ```
 */
export function sm3(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return state.backend.hash('sm3', data);
}
