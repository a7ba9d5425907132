// Node.js only: the package's `imports` map resolves `#native` here under the `node` condition.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { NativeCodec } from './types.js';

const NODE_HASH = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' } as const;

export const nativeCodec: NativeCodec | undefined = {
  b64uDecode(s) {
    const buf = Buffer.from(s, 'base64url');
    // Buffer's decoder is lenient (skips bad characters, accepts padding and non-zero trailing
    // bits); re-encoding and comparing keeps decoding strict: one encoding per byte string.
    if (buf.toString('base64url') !== s) return undefined;
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  },
  digestB64u(alg, s) {
    return createHash(NODE_HASH[alg]).update(s, 'utf8').digest('base64url');
  },
  textB64u(s) {
    return Buffer.from(s, 'utf8').toString('base64url');
  },
  b64uEncode(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  },
};
