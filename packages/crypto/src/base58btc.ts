import { base58btc } from 'multiformats/bases/base58';
import { assertBytes, assertString } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';

/**
 * Encodes bytes in base58btc (the Bitcoin alphabet), without a multibase prefix.
 *
 * @param bytes - the bytes
 * @returns the base58btc string
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * ```ts
 * base58btcEncode(new Uint8Array([0, 1])); // '12'
 * ```
 */
export function base58btcEncode(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return base58btc.baseEncode(bytes);
}

/**
 * The longest base58btc string {@link base58btcDecode} accepts. Decoding base58 costs time
 * quadratic in the length (a 50 000-character string takes seconds, a megabyte hours), and the
 * format only carries short values here (keys, hashes, signatures), so longer untrusted input is
 * refused up front instead of hanging the caller.
 */
const MAX_BASE58_LENGTH = 8192;

/**
 * Decodes base58btc (no multibase prefix).
 *
 * @param s - the base58btc string
 * @returns the bytes
 * @throws TypeError when `s` is not a string; RealDidError `ERR_BASE58` for a character outside the
 *   alphabet or a string longer than 8192 characters
 * @example
 * ```ts
 * base58btcDecode('12'); // Uint8Array [0, 1]
 * ```
 */
export function base58btcDecode(s: string): Uint8Array {
  assertString(s, 's');
  if (s.length > MAX_BASE58_LENGTH) {
    throw cryptoError(
      'ERR_BASE58',
      `base58btc: expected at most ${MAX_BASE58_LENGTH} characters, found ${s.length}`,
    );
  }
  try {
    return base58btc.baseDecode(s);
  } catch (cause) {
    throw cryptoError('ERR_BASE58', 'base58btc: invalid character', cause);
  }
}
