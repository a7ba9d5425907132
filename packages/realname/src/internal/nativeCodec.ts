/**
 * The codec of the registration hot path: base64url(SHA-256(UTF-8(text))) for a DID proof's
 * `sd_hash`, strict base64url decoding and the bytes of an ASCII string for the proof's JWS. On
 * Node.js with `@realdid/crypto`'s node backend they use node:crypto's one-shot `hash` and
 * node:buffer (found through `process.getBuiltinModule`, so no bundler ever sees an import of a
 * Node.js module); anywhere else (a browser, or `setBackend('noble')`) the portable functions of
 * `@realdid/crypto`. Both paths give the same result for every input, and refuse the same inputs
 * with the same error (a refused input always takes the portable path, which throws).
 */
import { base64urlDecode, base64urlEncode, getBackend, sha256 } from '@realdid/crypto';
import { utf8 } from './bytes.js';

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'base64url') => string;
interface NodeBuffer extends Uint8Array {}
interface BufferClass {
  from(s: string, encoding: 'base64url' | 'latin1'): NodeBuffer;
}

/** A Node.js built-in module when this runs on Node.js, else undefined. */
function builtin(id: string): Record<string, unknown> | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.(id);
    return typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const nodeHash = builtin('node:crypto')?.hash as OneShotHash | undefined;
const NodeBufferClass = builtin('node:buffer')?.Buffer as BufferClass | undefined;
const oneShot = typeof nodeHash === 'function' ? nodeHash : undefined;
const nodeBuffer = typeof NodeBufferClass?.from === 'function' ? NodeBufferClass : undefined;

/** Whether the Node.js paths are in use (the node backend of `@realdid/crypto`). */
function native(): boolean {
  return getBackend() === 'node';
}

/**
 * @param text - any string (hashed as its UTF-8 encoding; a lone surrogate as U+FFFD, by both paths)
 * @param portable - use the portable path whatever the platform (for tests)
 * @returns base64url (no padding) of SHA-256 of the UTF-8 encoding of `text`
 */
export function sha256TextB64u(text: string, portable = false): string {
  if (!portable && oneShot !== undefined && native()) return oneShot('sha256', text, 'base64url');
  return base64urlEncode(sha256(utf8(text)));
}

const B64U_CHARS = /^[A-Za-z0-9_-]*$/;
const B64U_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
  B64U_VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(i)] = i;

/** Canonical unpadded base64url: the alphabet only, a length not 1 mod 4, zero unused trailing bits. */
function isStrictB64u(s: string): boolean {
  const n = s.length;
  const rest = n & 3;
  if (rest === 1 || !B64U_CHARS.test(s)) return false;
  if (rest === 0) return true;
  const v = B64U_VALUE[s.charCodeAt(n - 1)] as number;
  return (rest === 2 ? v & 15 : v & 3) === 0;
}

/**
 * Strict base64url decoding, as `@realdid/crypto`'s `base64urlDecode` (which it calls for any
 * input it does not accept, to throw the same `ERR_BASE64URL` error or TypeError).
 *
 * @param s - the base64url string
 * @param portable - use the portable path whatever the platform (for tests)
 * @returns the bytes (a view: never handed outside the package)
 */
export function b64uDecode(s: string, portable = false): Uint8Array {
  if (
    !portable &&
    nodeBuffer !== undefined &&
    typeof s === 'string' &&
    s.length > 0 &&
    native() &&
    isStrictB64u(s)
  ) {
    const b = nodeBuffer.from(s, 'base64url');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  return base64urlDecode(s);
}

/**
 * The bytes of a string known to be ASCII (base64url parts joined by '.': a JWS signing input),
 * as UTF-8 encoding gives them.
 *
 * @param s - an ASCII string
 * @param portable - use the portable path whatever the platform (for tests)
 * @returns its bytes (a view: never handed outside the package)
 */
export function asciiBytes(s: string, portable = false): Uint8Array {
  if (!portable && nodeBuffer !== undefined && native()) {
    const b = nodeBuffer.from(s, 'latin1');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  return utf8(s);
}
