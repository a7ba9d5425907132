import type { HashAlgorithm } from './backendTypes.js';

/**
 * What the runtime offers the codec beyond portable JavaScript (Node.js: node:buffer and
 * node:crypto's one-shot hash). Used only while the node backend is active, so
 * `setBackend('noble')` gives a fully portable run.
 */
export interface NativeCodec {
  /** Strict base64url → text when every decoded byte is ASCII; undefined otherwise (or not canonical). */
  b64uAsciiText(s: string): string | undefined;
  /** The bytes of an ASCII string; `own`: an ArrayBuffer of their own, else a scratch view. */
  asciiBytes(s: string, own: boolean): Uint8Array;
  /** base64url(hash(UTF-8(s))), or undefined when this runtime lacks the hash. */
  digestB64u(alg: HashAlgorithm, s: string): string | undefined;
  /** base64url(UTF-8(s)). */
  textB64u(s: string): string;
  /** bytes → base64url. */
  b64uEncode(bytes: Uint8Array): string;
  /** base64url of `bytes[start..end)` (the codec keeps a Buffer over the last array it was given). */
  b64uEncodeRange(bytes: Uint8Array, start: number, end: number): string;
}
