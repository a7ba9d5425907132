// Node.js only: the package's `imports` map resolves `#native` here under the `node` condition.
import { Buffer, isAscii } from 'node:buffer';
import { hash as oneShotHash } from 'node:crypto';
import type { NativeCodec } from './types.js';

const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64U_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64U_VALUE[B64U.charCodeAt(i)] = i;

const NODE_HASH = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512', sm3: 'sm3' } as const;

export const nativeCodec: NativeCodec | undefined = {
  b64uDecode(s) {
    const buf = strictDecode(s);
    return buf === undefined ? undefined : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  },
  b64uAsciiText(s) {
    const buf = strictDecode(s);
    return buf !== undefined && isAscii(buf) ? buf.toString('latin1') : undefined;
  },
  asciiBytes(s, own) {
    if (own) {
      // allocUnsafeSlow: an ArrayBuffer of exactly these bytes, outside the pool; every byte is
      // written just below, so nothing uninitialized is ever exposed.
      const buf = Buffer.allocUnsafeSlow(s.length);
      buf.write(s, 0, 'latin1');
      return new Uint8Array(buf.buffer, 0, s.length);
    }
    const buf = Buffer.from(s, 'latin1');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  },
  digestB64u(alg, s) {
    // One-shot hash (no Hash object); a string is hashed as UTF-8, as createHash().update(s) does.
    return oneShotHash(NODE_HASH[alg], s, 'base64url');
  },
  textB64u(s) {
    return Buffer.from(s, 'utf8').toString('base64url');
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

/** Canonical unpadded base64url → Buffer, or undefined. */
function strictDecode(s: string): Buffer | undefined {
  // Buffer's decoder is lenient: it accepts '+' and '/', skips characters outside the alphabet
  // (padding, whitespace) and ignores non-zero trailing bits. Each of those is refused here
  // without re-encoding: a skipped character makes the output shorter than 3n/4 bytes.
  const n = s.length;
  if (n % 4 === 1 || s.indexOf('+') !== -1 || s.indexOf('/') !== -1) return undefined;
  const buf = Buffer.from(s, 'base64url');
  if (buf.length !== (n * 3) >> 2) return undefined;
  const rest = n % 4;
  if (rest !== 0) {
    const v = B64U_VALUE[s.charCodeAt(n - 1)] ?? -1;
    if (v < 0 || (rest === 2 ? v & 15 : v & 3) !== 0) return undefined;
  }
  return buf;
}
