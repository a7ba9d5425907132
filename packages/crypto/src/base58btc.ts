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
 * Decodes base58btc (no multibase prefix).
 *
 * @param s - the base58btc string
 * @returns the bytes
 * @throws TypeError when `s` is not a string; RealDidError `ERR_BASE58` for a character outside the alphabet
 * @example
 * ```ts
 * base58btcDecode('12'); // Uint8Array [0, 1]
 * ```
 */
export function base58btcDecode(s: string): Uint8Array {
  assertString(s, 's');
  try {
    return base58btc.baseDecode(s);
  } catch (cause) {
    throw cryptoError('ERR_BASE58', 'base58btc: invalid character', cause);
  }
}
