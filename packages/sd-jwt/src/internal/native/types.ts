/** Fast paths the runtime may offer for the hot path (Node.js: Buffer and node:crypto). */
export interface NativeCodec {
  /** Strict base64url → bytes, or undefined when `s` is not canonical unpadded base64url. */
  b64uDecode(s: string): Uint8Array | undefined;
  /** base64url of a hash of the ASCII/UTF-8 string `s`. */
  digestB64u(alg: 'sha-256' | 'sha-384' | 'sha-512', s: string): string;
  /** base64url of the UTF-8 encoding of `s`. */
  textB64u(s: string): string;
  /** bytes → base64url. */
  b64uEncode(bytes: Uint8Array): string;
}
