import { assertBytes, assertString } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Encodes a string as UTF-8. A string holding a lone surrogate cannot be encoded faithfully and is
 * rejected rather than silently replaced by U+FFFD.
 *
 * @param s - the string
 * @returns the UTF-8 bytes
 * @throws TypeError when `s` is not a string; RealDidError `ERR_UTF8` for a lone surrogate
 * @example
 * ```ts
 * utf8Encode('é'); // Uint8Array [195, 169]
 * ```
 */
export function utf8Encode(s: string): Uint8Array {
  assertString(s, 's');
  if (LONE_SURROGATE.test(s)) throw cryptoError('ERR_UTF8', 'utf8: string holds a lone surrogate');
  return encoder.encode(s);
}

/**
 * Decodes UTF-8 strictly: malformed sequences, overlongs and encoded surrogates are rejected. A
 * leading byte-order mark is kept as U+FEFF, not stripped.
 *
 * @param bytes - the UTF-8 bytes
 * @returns the string
 * @throws TypeError when `bytes` is not a Uint8Array; RealDidError `ERR_UTF8` when not valid UTF-8
 * @example
 * ```ts
 * utf8Decode(new Uint8Array([104, 105])); // 'hi'
 * ```
 */
export function utf8Decode(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw cryptoError('ERR_UTF8', 'utf8: bytes are not well-formed UTF-8', cause);
  }
}
