import { assertBytes } from './internal/assert.js';

/**
 * Compares two byte arrays in time that depends only on their lengths (lengths are not secret).
 *
 * @param a - bytes
 * @param b - bytes
 * @returns true when equal
 * @throws TypeError when either is not a Uint8Array
 * @example
 * ```ts
 * constantTimeEqual(new Uint8Array([1]), new Uint8Array([1])); // true
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a');
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
