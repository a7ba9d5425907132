import { assertBytes, assertString } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const A = ALPHABET;
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * Encodes bytes as base64url without padding (RFC 4648 §5).
 *
 * @param bytes - the bytes
 * @returns the base64url string
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * ```ts
 * base64urlEncode(new Uint8Array([251, 255])); // '-_8'
 * ```
 */
export function base64urlEncode(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  let out = '';
  const n = bytes.length;
  const full = n - (n % 3);
  for (let i = 0; i < full; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += A.charAt(v >> 18) + A.charAt((v >> 12) & 63) + A.charAt((v >> 6) & 63) + A.charAt(v & 63);
  }
  if (n - full === 1) {
    const v = bytes[full] as number;
    out += A.charAt(v >> 2) + A.charAt((v & 3) << 4);
  } else if (n - full === 2) {
    const v = ((bytes[full] as number) << 8) | (bytes[full + 1] as number);
    out += A.charAt(v >> 10) + A.charAt((v >> 4) & 63) + A.charAt((v & 15) << 2);
  }
  return out;
}

function bad(message: string): never {
  throw cryptoError('ERR_BASE64URL', `base64url: ${message}`);
}

function value(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const v = c < 128 ? (DECODE[c] as number) : -1;
  if (v < 0) bad(c === 61 ? `padding "=" is not allowed (at ${i})` : `invalid character at ${i}`);
  return v;
}

/**
 * Decodes strict base64url: only `A–Z a–z 0–9 - _`, no padding, no whitespace, a length that is
 * not 1 mod 4, and zero unused trailing bits (so each byte string has exactly one encoding).
 *
 * @param s - the base64url string
 * @returns the bytes
 * @throws TypeError when `s` is not a string; RealDidError `ERR_BASE64URL` when it is not strict base64url
 * @example
 * ```ts
 * base64urlDecode('-_8'); // Uint8Array [251, 255]
 * ```
 */
export function base64urlDecode(s: string): Uint8Array {
  assertString(s, 's');
  const n = s.length;
  const rem = n & 3;
  if (rem === 1) bad(`invalid length ${n}`);
  const out = new Uint8Array((n >> 2) * 3 + (rem === 0 ? 0 : rem - 1));
  const full = n - rem;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const v = (value(s, i) << 18) | (value(s, i + 1) << 12) | (value(s, i + 2) << 6) | value(s, i + 3);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (rem === 2) {
    const a = value(s, full);
    const b = value(s, full + 1);
    if ((b & 15) !== 0) bad('non-canonical trailing bits');
    out[o] = (a << 2) | (b >> 4);
  } else if (rem === 3) {
    const a = value(s, full);
    const b = value(s, full + 1);
    const c = value(s, full + 2);
    if ((c & 3) !== 0) bad('non-canonical trailing bits');
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}
