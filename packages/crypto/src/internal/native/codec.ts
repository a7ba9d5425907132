// Node.js only: reached through internal/native/node.ts, which `#native` resolves to under the
// `node` condition; a browser bundle never contains it.
import { Buffer } from 'node:buffer';
import { getHashes, hash as oneShotHash } from 'node:crypto';
import { ASCII, base64urlDecodeInto } from '../base64urlDecodeInto.js';
import type { NativeCodec } from '../codecTypes.js';

/** node:crypto's names; SM3 only when this OpenSSL has it (builds without the SM algorithms exist). */
const NODE_HASH: Record<string, string | undefined> = {
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
  sm3: getHashes().includes('sm3') ? 'sm3' : undefined,
};

/** UTF-8 of a string that is not ASCII, in an ArrayBuffer of its own (lone surrogates as U+FFFD, as TextEncoder gives them). */
const encoder = new TextEncoder();

/** The scratch buffer of b64uAsciiText and textB64u: grown on demand up to SCRATCH_MAX, larger inputs get their own. */
let scratch: Buffer = Buffer.allocUnsafeSlow(2048);
const SCRATCH_MAX = 1 << 16;

/** The scratch buffer of asciiBytes(s, false), apart from the other so neither overwrites the other. */
let inputScratch: Buffer = Buffer.allocUnsafeSlow(2048);

/** The last array given to b64uEncodeRange and a Buffer over the same memory. */
let rangeBytes: Uint8Array | undefined;
let rangeBuffer: Buffer = Buffer.alloc(0);

function b64uAsciiTextLarge(s: string): string | undefined {
  const buf = Buffer.allocUnsafeSlow((s.length * 3) >> 2);
  return s.length % 4 !== 1 && base64urlDecodeInto(s, buf) === ASCII ? buf.toString('latin1') : undefined;
}

export const nativeCodec: NativeCodec = {
  b64uAsciiText(s) {
    const size = (s.length * 3) >> 2;
    if (size > scratch.length) {
      if (size > SCRATCH_MAX) return b64uAsciiTextLarge(s);
      scratch = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratch.length));
    }
    // Nothing else runs between the decoding into the scratch buffer and its copy into a string.
    return s.length % 4 !== 1 && base64urlDecodeInto(s, scratch) === ASCII
      ? scratch.toString('latin1', 0, size)
      : undefined;
  },
  asciiBytes(s, own) {
    // A char above U+007F: its UTF-8 bytes, as the portable path gives them (a one-byte-per-char
    // write would keep only its low byte, so 'ša.b' and 'aa.b' would have the same bytes).
    if (Buffer.byteLength(s, 'utf8') !== s.length) return encoder.encode(s);
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
    const name = NODE_HASH[alg];
    return name === undefined ? undefined : oneShotHash(name, s, 'base64url');
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
    // Again when the array's length changed (a view of a resizable ArrayBuffer tracks its size).
    if (bytes !== rangeBytes || bytes.length !== rangeBuffer.length) {
      rangeBytes = bytes;
      rangeBuffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return rangeBuffer.toString('base64url', start, end);
  },
};
