/** Fast paths the runtime may offer for the hot path (Node.js: Buffer and node:crypto). */
export interface NativeCodec {
  /** Strict base64url → bytes, or undefined when `s` is not canonical unpadded base64url. */
  b64uDecode(s: string): Uint8Array | undefined;
  /** base64url of a hash of the ASCII/UTF-8 string `s`. */
  digestB64u(alg: 'sha-256' | 'sha-384' | 'sha-512' | 'sm3', s: string): string;
  /** base64url of the UTF-8 encoding of `s`. */
  textB64u(s: string): string;
  /** bytes → base64url. */
  b64uEncode(bytes: Uint8Array): string;
  /**
   * base64url of `bytes[start..end)` without a view of its own: for the salts cut from one pool
   * of random bytes (the codec keeps a Buffer over the last pool it was given).
   */
  b64uEncodeRange(bytes: Uint8Array, start: number, end: number): string;
  /**
   * Strict base64url → text, when the decoded bytes are all ASCII (so UTF-8 decoding is the
   * identity); undefined otherwise (not canonical base64url, or non-ASCII bytes), and the caller
   * takes the portable path, which decodes UTF-8 strictly or raises the coded error.
   */
  b64uAsciiText(s: string): string | undefined;
  /**
   * The bytes of a string the caller knows to be ASCII (a JWS signing input): one byte a char.
   * `own`: in an ArrayBuffer of their own (for bytes handed to a caller's code), else possibly a
   * view of a scratch buffer that the next call overwrites (for bytes used at once inside this
   * package and `@realdid/crypto`, as a signing input being verified, and never kept).
   */
  asciiBytes(s: string, own: boolean): Uint8Array;
}
