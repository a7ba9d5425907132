/**
 * The codec of the registration hot path: base64url(SHA-256(UTF-8(text))) for a DID proof's
 * `sd_hash`, strict base64url decoding and the bytes of an ASCII string for the proof's JWS. All of
 * it is `@realdid/crypto`'s codec (node:crypto's one-shot hash and node:buffer on Node.js with the
 * node backend, portable JavaScript anywhere else); `portable` forces the portable composition of
 * `@realdid/crypto` functions, for tests that compare both.
 */
import {
  base64urlDecode,
  base64urlEncode,
  asciiBytes as cryptoAsciiBytes,
  hashTextBase64url,
  sha256,
} from '@realdid/crypto';
import { utf8 } from './bytes.js';

/**
 * @param text - any string (hashed as its UTF-8 encoding; a lone surrogate as U+FFFD, by both paths)
 * @param portable - compose it from `sha256` and `base64urlEncode` instead (for tests)
 * @returns base64url (no padding) of SHA-256 of the UTF-8 encoding of `text`
 */
export function sha256TextB64u(text: string, portable = false): string {
  return portable ? base64urlEncode(sha256(utf8(text))) : hashTextBase64url('sha-256', text);
}

/**
 * Strict base64url decoding: `@realdid/crypto`'s `base64urlDecode` (the same `ERR_BASE64URL`
 * error or TypeError for anything it refuses).
 *
 * @param s - the base64url string
 * @param _portable - kept for callers that name a path: there is one decoder on every platform
 * @returns the bytes
 */
export function b64uDecode(s: string, _portable = false): Uint8Array {
  return base64urlDecode(s);
}

/**
 * The bytes of a string known to be ASCII (base64url parts joined by '.': a JWS signing input),
 * as UTF-8 encoding gives them, in an ArrayBuffer of their own (a parsed JWS keeps them).
 *
 * @param s - an ASCII string
 * @param portable - take the UTF-8 encoder instead (for tests)
 * @returns its bytes
 */
export function asciiBytes(s: string, portable = false): Uint8Array {
  return portable ? utf8(s) : cryptoAsciiBytes(s);
}
