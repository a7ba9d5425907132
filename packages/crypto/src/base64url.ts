import { assertBytes, assertString } from './internal/assert.js';
import { B64U_ALPHABET, base64urlDecodeInto, INVALID } from './internal/base64urlDecodeInto.js';
import { portableBase64urlDecode } from './internal/base64urlPortable.js';
import { activeCodec } from './internal/state.js';

const A = B64U_ALPHABET;

/**
 * Encodes bytes as base64url without padding (RFC 4648 §5); on Node.js (node backend) through
 * node:buffer.
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
  const codec = activeCodec();
  if (codec !== undefined) return codec.b64uEncode(bytes);
  return portableBase64urlEncode(bytes);
}

/** base64url of `bytes` in JavaScript (no padding). */
export function portableBase64urlEncode(bytes: Uint8Array): string {
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

/**
 * Decodes strict base64url: only `A–Z a–z 0–9 - _`, no padding, no whitespace, a length that is
 * not 1 mod 4, and zero unused trailing bits (so each byte string has exactly one encoding). One
 * branch-free loop on every platform (no node:buffer: its decoder is lenient, and measured slower
 * in context, see docs/benchmarks.md); a refused input gets an error that says where and why.
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
  if ((n & 3) !== 1) {
    const out = new Uint8Array((n * 3) >> 2);
    if (base64urlDecodeInto(s, out) !== INVALID) return out;
  }
  return portableBase64urlDecode(s); // refuses it, saying where and why
}
