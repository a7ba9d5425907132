/** The base64url alphabet (RFC 4648 §5), in value order. */
export const B64U_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The value of each ASCII char in the base64url alphabet, -1 outside it. */
export const B64U_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64U_VALUE[B64U_ALPHABET.charCodeAt(i)] = i;

/** What {@link base64urlDecodeInto} found: canonical and every byte ASCII. */
export const ASCII = 0;
/** What {@link base64urlDecodeInto} found: canonical, with a byte ≥ 0x80. */
const NON_ASCII = 1;
/** What {@link base64urlDecodeInto} found: not canonical unpadded base64url. */
export const INVALID = -1;

/** The outcome of {@link base64urlDecodeInto}. */
export type DecodeOutcome = typeof ASCII | typeof NON_ASCII | typeof INVALID;

/*
 * Strict base64url in one branch-free loop: the checks are accumulated as it decodes and looked at
 * once at the end. `chars` collects every char code (one ≥ 128 is outside the table), `vals` every
 * table value (-1, outside the alphabet, makes it negative), `bytes` every decoded 24-bit group (to
 * tell whether every byte is ASCII). On Node.js this is deliberate too: Buffer.from(s, 'base64url')
 * is lenient (it accepts '+' and '/', skips characters outside the alphabet, ignores non-zero
 * trailing bits), and, measured on SD-JWT verification, the vector code it runs slows the Ed25519
 * verification that follows by about 5 % on a CPU with AVX-512 (docs/benchmarks.md).
 */

/**
 * Decodes strict unpadded base64url (only A–Z a–z 0–9 - _, zero unused trailing bits) into `out`,
 * which has room for (3 × length) >> 2 bytes. The caller has refused a length of 1 mod 4. On
 * {@link INVALID} the contents of `out` are unspecified.
 */
export function base64urlDecodeInto(s: string, out: Uint8Array): DecodeOutcome {
  const n = s.length;
  const full = n - (n & 3);
  let chars = 0;
  let vals = 0;
  let bytes = 0;
  let o = 0;
  let i = 0;
  for (; i < full; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    chars |= c0 | c1 | c2 | c3;
    const a = B64U_VALUE[c0 & 127] as number;
    const b = B64U_VALUE[c1 & 127] as number;
    const c = B64U_VALUE[c2 & 127] as number;
    const d = B64U_VALUE[c3 & 127] as number;
    vals |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    bytes |= v;
    out[o++] = v >> 16;
    out[o++] = v >> 8;
    out[o++] = v;
  }
  const rest = n - full;
  if (rest !== 0) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    chars |= c0 | c1;
    const a = B64U_VALUE[c0 & 127] as number;
    const b = B64U_VALUE[c1 & 127] as number;
    vals |= a | b;
    if (rest === 2) {
      if ((b & 15) !== 0) return INVALID;
      const v = (a << 2) | (b >> 4);
      bytes |= v << 16;
      out[o] = v;
    } else {
      const c2 = s.charCodeAt(i + 2);
      chars |= c2;
      const c = B64U_VALUE[c2 & 127] as number;
      vals |= c;
      if ((c & 3) !== 0) return INVALID;
      const v = (a << 18) | (b << 12) | (c << 6);
      bytes |= v;
      out[o++] = v >> 16;
      out[o] = v >> 8;
    }
  }
  if (chars >= 128 || vals < 0) return INVALID;
  return (bytes & 0x808080) === 0 ? ASCII : NON_ASCII;
}
