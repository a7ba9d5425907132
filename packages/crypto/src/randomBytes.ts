import { describe } from './internal/assert.js';

const MAX_RANDOM = 1 << 30;

/**
 * Returns `length` bytes from the platform CSPRNG (`crypto.getRandomValues`).
 *
 * @param length - a non-negative integer, at most 2^30
 * @returns fresh random bytes
 * @throws TypeError when `length` is not a number; RangeError when not an integer in range
 * @example
 * ```ts
 * const salt = randomBytes(16);
 * ```
 */
export function randomBytes(length: number): Uint8Array {
  if (typeof length !== 'number') throw new TypeError(`length: expected a number, found ${describe(length)}`);
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_RANDOM) {
    throw new RangeError(`length: expected an integer in [0, ${MAX_RANDOM}], found ${length}`);
  }
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < length; i += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  }
  return out;
}
