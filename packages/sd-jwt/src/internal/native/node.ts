// Node.js only: the package's `imports` map resolves `#native` here under the `node` condition.
import { Buffer } from 'node:buffer';
import { hash as oneShotHash } from 'node:crypto';
import type { NativeCodec } from './types.js';

const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64U_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64U_VALUE[B64U.charCodeAt(i)] = i;

const NODE_HASH = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512', sm3: 'sm3' } as const;

export const nativeCodec: NativeCodec | undefined = {
  b64uDecode(s) {
    const n = s.length;
    const out = new Uint8Array((n * 3) >> 2);
    return n % 4 !== 1 && decodeInto(s, out) >= 0 ? out : undefined;
  },
  b64uAsciiText(s) {
    const size = (s.length * 3) >> 2;
    if (size > scratch.length) {
      if (size > SCRATCH_MAX) return b64uAsciiTextLarge(s);
      scratch = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratch.length));
    }
    // Nothing else runs between the decoding into the scratch buffer and its copy into a string.
    return s.length % 4 !== 1 && decodeInto(s, scratch) === ASCII
      ? scratch.toString('latin1', 0, size)
      : undefined;
  },
  asciiBytes(s, own) {
    if (own) {
      // allocUnsafeSlow: an ArrayBuffer of exactly these bytes, outside the pool; every byte is
      // written just below, so nothing uninitialized is ever exposed.
      const buf = Buffer.allocUnsafeSlow(s.length);
      buf.write(s, 0, 'latin1');
      return new Uint8Array(buf.buffer, 0, s.length);
    }
    // A view of a scratch buffer, overwritten by the next call: the bytes of a signing input that
    // is verified at once (no slice of Buffer's pool, so no new pool every few verifications).
    const n = s.length;
    if (n > inputScratch.length) {
      if (n > SCRATCH_MAX) {
        const buf = Buffer.from(s, 'latin1');
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      }
      inputScratch = Buffer.allocUnsafeSlow(Math.max(n, 2 * inputScratch.length));
    }
    inputScratch.write(s, 0, n, 'latin1');
    return new Uint8Array(inputScratch.buffer, inputScratch.byteOffset, n);
  },
  digestB64u(alg, s) {
    // One-shot hash (no Hash object); a string is hashed as UTF-8, as createHash().update(s) does.
    return oneShotHash(NODE_HASH[alg], s, 'base64url');
  },
  textB64u(s) {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit. Through the scratch buffer, the string is
    // the only allocation (Buffer.from would take a slice of its pool and a Buffer object).
    const max = 3 * s.length;
    if (max > scratch.length) {
      if (max > SCRATCH_MAX) return Buffer.from(s, 'utf8').toString('base64url');
      scratch = Buffer.allocUnsafeSlow(Math.max(max, 2 * scratch.length));
    }
    return scratch.toString('base64url', 0, scratch.write(s, 0, 'utf8'));
  },
  b64uEncode(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  },
  b64uEncodeRange(bytes, start, end) {
    if (bytes !== rangeBytes) {
      rangeBytes = bytes;
      rangeBuffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return rangeBuffer.toString('base64url', start, end);
  },
};

/** The last array given to b64uEncodeRange and a Buffer over the same memory. */
let rangeBytes: Uint8Array | undefined;
let rangeBuffer: Buffer = Buffer.alloc(0);

/*
 * base64url is decoded here in JavaScript, not with Buffer.from(s, 'base64url'). Buffer's decoder
 * is lenient (it accepts '+' and '/', skips characters outside the alphabet, ignores non-zero
 * trailing bits), so it needed checks around it; and, measured on this package's verification, the
 * vector code it runs slows the Ed25519 verification that follows it by about 5 % on a CPU with
 * AVX-512 (docs/benchmarks.md, @realdid/sd-jwt). The loop below checks strictness as it decodes.
 */

/** What {@link decodeInto} found: canonical and all bytes ASCII; canonical with a byte ≥ 0x80; not canonical. */
const ASCII = 0;
const NON_ASCII = 1;
const INVALID = -1;

/** The scratch buffer of b64uAsciiText and textB64u: grown on demand up to SCRATCH_MAX, larger inputs get their own. */
let scratch: Buffer = Buffer.allocUnsafeSlow(2048);
const SCRATCH_MAX = 1 << 16;

/** The scratch buffer of asciiBytes(s, false), apart from the other so neither overwrites the other. */
let inputScratch: Buffer = Buffer.allocUnsafeSlow(2048);

function b64uAsciiTextLarge(s: string): string | undefined {
  const buf = Buffer.allocUnsafeSlow((s.length * 3) >> 2);
  return s.length % 4 !== 1 && decodeInto(s, buf) === ASCII ? buf.toString('latin1') : undefined;
}

/**
 * Strict unpadded base64url (only A–Z a–z 0–9 - _, zero unused trailing bits) into `out`, which
 * has room for (3 × length) >> 2 bytes; the caller has refused a length of 1 mod 4.
 */
function decodeInto(s: string, out: Uint8Array): typeof ASCII | typeof NON_ASCII | typeof INVALID {
  const n = s.length;
  const full = n - (n & 3);
  // `chars` collects every char code (one ≥ 128 is outside the table), `vals` every table value
  // (-1, outside the alphabet, makes it negative), `bytes` every decoded 24-bit group.
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
