/**
 * The closed set of error codes that `@realdid/crypto` puts on a {@link RealDidError}.
 *
 * - `ERR_BASE64URL` — a string is not strict, unpadded, canonical base64url.
 * - `ERR_BASE58` — a string is not base58btc.
 * - `ERR_UTF8` — bytes are not well-formed UTF-8 (or a string holds a lone surrogate).
 * - `ERR_JWK_INVALID` — a JWK is malformed, inconsistent or holds an invalid key.
 * - `ERR_MULTIBASE_INVALID` — a Multikey / multibase string is malformed or holds an invalid key.
 * - `ERR_DID_KEY_INVALID` — a `did:key` identifier is malformed or holds an invalid key.
 * - `ERR_KEY_TYPE_UNSUPPORTED` — a key type, curve, `kty` or multicodec is not supported.
 * - `ERR_ALGORITHM_UNSUPPORTED` — a JWS algorithm (including `none`) is not supported.
 * - `ERR_BACKEND_UNAVAILABLE` — the `node` backend was requested where `node:crypto` is absent.
 * - `ERR_KEY_DER_INVALID` — an SPKI or PKCS#8 DER key is malformed or holds an invalid key.
 */
export type CryptoErrorCode =
  | 'ERR_BASE64URL'
  | 'ERR_BASE58'
  | 'ERR_UTF8'
  | 'ERR_JWK_INVALID'
  | 'ERR_MULTIBASE_INVALID'
  | 'ERR_DID_KEY_INVALID'
  | 'ERR_KEY_TYPE_UNSUPPORTED'
  | 'ERR_ALGORITHM_UNSUPPORTED'
  | 'ERR_BACKEND_UNAVAILABLE'
  | 'ERR_KEY_DER_INVALID';
