/**
 * The hot-path codec: base64url and ASCII/UTF-8 conversions that JWS and SD-JWT verifiers run on
 * every token. On Node.js with the node backend they use node:buffer and node:crypto's one-shot
 * hash; anywhere else (a browser, or after `setBackend('noble')`) portable JavaScript. Both paths
 * give the same result for every input. Strict decoding is `base64urlDecode`.
 */

import { portableBase64urlEncode } from './base64url.js';
import { assertHashAlgorithm, type HashAlgorithm, hash } from './hash.js';
import { assertBytes, assertString, describe } from './internal/assert.js';
import { ASCII, base64urlDecodeInto } from './internal/base64urlDecodeInto.js';
import { activeCodec } from './internal/state.js';

/** UTF-8 as the WHATWG encoder (and node:buffer) give it: a lone surrogate becomes U+FFFD. */
const encoder = new TextEncoder();

/**
 * Strict base64url → text, when every decoded byte is ASCII (then UTF-8 decoding is the identity):
 * the fast path for JWT headers, payloads and disclosures, which are nearly always ASCII.
 *
 * @param s - the base64url string
 * @returns the text; undefined when `s` is not strict base64url (see `base64urlDecode`) or decodes
 *   to a byte ≥ 0x80 — then decode it with `base64urlDecode` (which throws the coded error) and
 *   `utf8Decode`
 * @throws TypeError when `s` is not a string
 * @example
 * ```ts
 * base64urlDecodeAscii('eyJhIjoxfQ'); // '{"a":1}'
 * base64urlDecodeAscii('w6k'); // undefined ('é' is not ASCII)
 * ```
 */
export function base64urlDecodeAscii(s: string): string | undefined {
  assertString(s, 's');
  const codec = activeCodec();
  if (codec !== undefined) return codec.b64uAsciiText(s);
  const n = s.length;
  if ((n & 3) === 1) return undefined;
  const out = new Uint8Array((n * 3) >> 2);
  if (base64urlDecodeInto(s, out) !== ASCII) return undefined;
  let text = '';
  for (let i = 0; i < out.length; i += 4096) {
    text += String.fromCharCode.apply(null, out.subarray(i, i + 4096) as unknown as number[]);
  }
  return text;
}

/**
 * base64url (no padding) of the UTF-8 encoding of a string, as `base64urlEncode(utf8Encode(text))`
 * gives it — except that a lone surrogate becomes U+FFFD (as TextEncoder and node:buffer encode it)
 * where `utf8Encode` refuses it.
 *
 * @param text - any string
 * @returns the base64url string
 * @throws TypeError when `text` is not a string
 * @example
 * ```ts
 * base64urlEncodeText('{"a":1}'); // 'eyJhIjoxfQ'
 * ```
 */
export function base64urlEncodeText(text: string): string {
  assertString(text, 'text');
  const codec = activeCodec();
  if (codec !== undefined) return codec.textB64u(text);
  return portableBase64urlEncode(encoder.encode(text));
}

/**
 * base64url of `bytes[start..end)`, as `base64urlEncode(bytes.subarray(start, end))` gives it, without
 * a view per call (for many values cut from one array, such as salts from one pool of random bytes).
 *
 * @param bytes - the bytes
 * @param start - the first index (an integer, 0 ≤ start ≤ end)
 * @param end - one past the last index (an integer, end ≤ bytes.length)
 * @returns the base64url string
 * @throws TypeError when `bytes` is not a Uint8Array; RangeError when the range is not within it
 * @example
 * ```ts
 * base64urlEncodeRange(new Uint8Array([0, 251, 255, 0]), 1, 3); // '-_8'
 * ```
 */
export function base64urlEncodeRange(bytes: Uint8Array, start: number, end: number): string {
  assertBytes(bytes, 'bytes');
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > bytes.length) {
    throw new RangeError(`range: expected integers 0 ≤ start ≤ end ≤ ${bytes.length}`);
  }
  const codec = activeCodec();
  if (codec !== undefined) return codec.b64uEncodeRange(bytes, start, end);
  return portableBase64urlEncode(bytes.subarray(start, end));
}

/**
 * base64url (no padding) of a hash of the UTF-8 encoding of a string, as
 * `base64urlEncode(hash(alg, utf8Encode(text)))` gives it (a lone surrogate as U+FFFD): an SD-JWT disclosure digest or
 * `sd_hash`, in one call (node:crypto's one-shot hash on Node.js).
 *
 * @param alg - `'sha-256'`, `'sha-384'`, `'sha-512'` or `'sm3'`
 * @param text - any string (a lone surrogate is hashed as U+FFFD on both paths)
 * @returns the base64url digest
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * hashTextBase64url('sha-256', 'abc'); // 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'
 * ```
 */
export function hashTextBase64url(alg: HashAlgorithm, text: string): string {
  assertHashAlgorithm(alg);
  assertString(text, 'text');
  const out = activeCodec()?.digestB64u(alg, text);
  return out ?? portableBase64urlEncode(hash(alg, encoder.encode(text)));
}

/**
 * The bytes of an ASCII string (such as a JWS signing input: base64url parts joined by '.'), one
 * byte a char, as UTF-8 encoding gives them.
 *
 * @param s - an ASCII string (any other string gets its UTF-8 bytes, a lone surrogate as U+FFFD, on
 *   both paths)
 * @param scratch - `true`: the result may be a view of a buffer that the next call overwrites — for
 *   bytes used at once (a signing input verified on the spot) and never kept or handed on;
 *   `false` (default): bytes of their own
 * @returns the bytes
 * @throws TypeError when `s` is not a string
 * @example
 * ```ts
 * asciiBytes('a.b'); // Uint8Array [97, 46, 98]
 * ```
 */
export function asciiBytes(s: string, scratch = false): Uint8Array {
  assertString(s, 's');
  if (typeof scratch !== 'boolean')
    throw new TypeError(`scratch: expected a boolean, found ${describe(scratch)}`);
  const codec = activeCodec();
  if (codec !== undefined) return codec.asciiBytes(s, !scratch);
  return encoder.encode(s);
}
