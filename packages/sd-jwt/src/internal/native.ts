import { base64urlDecode, base64urlEncode, getBackend, hash, utf8Encode } from '@realdid/crypto';
import type { SdHashAlgorithm } from '../types.js';
// In the built package, tsup rewrites this import to `#native`, which package.json `imports`
// resolves to ./native/node under the `node` condition and to ./native/browser otherwise, so a
// browser bundle never contains Buffer or node:crypto.
import { nativeCodec } from './native/node.js';

/**
 * The codec of the hot path. The native one (Node.js) is used only while `@realdid/crypto` runs on
 * its node backend, so `setBackend('noble')` gives a fully portable run.
 */
function useNative(): boolean {
  return nativeCodec !== undefined && getBackend() === 'node';
}

/** Strict base64url decode; throws crypto's `ERR_BASE64URL` on bad input. */
export function fastB64uDecode(s: string): Uint8Array {
  if (useNative()) {
    const out = nativeCodec!.b64uDecode(s);
    if (out !== undefined) return out;
  }
  return base64urlDecode(s); // also the strict error path
}

/**
 * Strict base64url → ASCII text on the native codec; undefined when there is none, or when the
 * input is not canonical base64url or decodes to non-ASCII bytes (then take the portable path).
 */
export function fastB64uAsciiText(s: string): string | undefined {
  return useNative() ? nativeCodec!.b64uAsciiText(s) : undefined;
}

/**
 * The bytes of a string known to be ASCII (a JWS signing input made of base64url and '.').
 * `own`: the bytes go to a caller's code (a signer), so they get an ArrayBuffer of their own.
 */
export function fastAsciiBytes(s: string, own: boolean): Uint8Array {
  if (useNative()) return nativeCodec!.asciiBytes(s, own);
  return utf8Encode(s);
}

/** base64url(hash(UTF-8(s))). */
export function fastDigestB64u(alg: SdHashAlgorithm, s: string): string {
  if (useNative()) return nativeCodec!.digestB64u(alg, s);
  return base64urlEncode(hash(alg, utf8Encode(s)));
}

/** base64url(UTF-8(s)). */
export function fastTextB64u(s: string): string {
  if (useNative()) return nativeCodec!.textB64u(s);
  return base64urlEncode(utf8Encode(s));
}

/** base64url encode. */
export function fastB64uEncode(bytes: Uint8Array): string {
  if (useNative()) return nativeCodec!.b64uEncode(bytes);
  return base64urlEncode(bytes);
}

/** base64url of `bytes[start..end)`. */
export function fastB64uEncodeRange(bytes: Uint8Array, start: number, end: number): string {
  if (useNative()) return nativeCodec!.b64uEncodeRange(bytes, start, end);
  return base64urlEncode(bytes.subarray(start, end));
}
