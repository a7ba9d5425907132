/**
 * The closed set of error codes a `RealDidError` thrown by `@realdid/sd-jwt` can carry.
 *
 * Structure and encoding:
 * - `ERR_SD_JWT_FORMAT` — not an SD-JWT: wrong number or order of `~`/`.` parts, empty parts,
 *   a JSON serialization of the wrong shape, a KB-JWT where none may be, a `crit` header (no
 *   critical extension is supported).
 * - `ERR_SD_JWT_BASE64URL` — a part is not canonical unpadded base64url.
 * - `ERR_SD_JWT_JSON` — a part is not UTF-8 JSON, or not the JSON type expected (object, array).
 * - `ERR_SD_JWT_LIMIT` — over a configured limit (total bytes, number of disclosures, nesting depth).
 *
 * Issuer-signed JWT:
 * - `ERR_SD_JWT_ALG_NOT_ALLOWED` — `alg` missing, `none`, or not in the allow-list.
 * - `ERR_SD_JWT_TYP` — `typ` missing or not the one expected (`dc+sd-jwt`, `kb+jwt`, …).
 * - `ERR_SD_JWT_KEY_RESOLUTION` — the issuer key could not be resolved (unknown kid, DID not
 *   found, method not authorised for `assertionMethod`, key type does not match `alg`).
 * - `ERR_SD_JWT_SIGNATURE` — the issuer signature does not verify.
 * - `ERR_SD_JWT_SD_ALG` — `_sd_alg` not a supported hash (sha-256, sha-384, sha-512).
 *
 * Disclosures and digests (RFC 9901 §7.1):
 * - `ERR_SD_JWT_DISCLOSURE_MALFORMED` — not a JSON array of 2 or 3 elements with a string salt
 *   (and a string claim name), or an array-element disclosure where a property one is needed, or
 *   the reverse.
 * - `ERR_SD_JWT_DUPLICATE_DIGEST` — a digest appears more than once in the payload (directly or
 *   through disclosures).
 * - `ERR_SD_JWT_DISCLOSURE_UNREFERENCED` — a disclosure whose digest is referenced nowhere.
 * - `ERR_SD_JWT_DISCLOSURE_REUSED` — the same disclosure given more than once.
 * - `ERR_SD_JWT_SD_MISPLACED` — `_sd` not an array of strings, `...` outside a one-key array
 *   element object, `_sd_alg` below the top level.
 * - `ERR_SD_JWT_RESERVED_CLAIM_NAME` — a disclosure names a claim `_sd` or `...`.
 * - `ERR_SD_JWT_CLAIM_EXISTS` — a disclosed claim name already exists at its level.
 *
 * Validity:
 * - `ERR_SD_JWT_EXPIRED`, `ERR_SD_JWT_NOT_YET_VALID` (nbf), `ERR_SD_JWT_IAT_IN_FUTURE`,
 *   `ERR_SD_JWT_CLAIM_INVALID` (a registered claim of the wrong type, a required one missing).
 *
 * Key binding (RFC 9901 §4.3, §7.3):
 * - `ERR_SD_JWT_KB_REQUIRED` — key binding required but no KB-JWT.
 * - `ERR_SD_JWT_CNF` — no usable holder key in `cnf` (or private key material in `cnf.jwk`).
 * - `ERR_SD_JWT_KB_SIGNATURE` — the KB-JWT signature does not verify with the `cnf` key.
 * - `ERR_SD_JWT_KB_IAT` — KB-JWT `iat` missing or out of the accepted window.
 * - `ERR_SD_JWT_KB_EXPIRED`, `ERR_SD_JWT_KB_NOT_YET_VALID` — the KB-JWT's own `exp` is past or its
 *   `nbf` ahead (RFC 9901 §7.3: valid per RFC 7519; a wrong type is `ERR_SD_JWT_CLAIM_INVALID`).
 * - `ERR_SD_JWT_KB_AUD`, `ERR_SD_JWT_KB_NONCE` — not the expected audience or nonce.
 * - `ERR_SD_JWT_SD_HASH` — `sd_hash` missing or not the digest of the presented SD-JWT.
 *
 * SD-JWT VC and status:
 * - `ERR_SD_JWT_VC_CLAIM` — `vct`/`iss`/`status`/`cnf` missing or malformed, or made selectively
 *   disclosable.
 * - `ERR_SD_JWT_REVOKED` — the status check says the credential is revoked (invalid).
 * - `ERR_SD_JWT_SUSPENDED` — the status check says the credential is suspended.
 * - `ERR_SD_JWT_STATUS_CHECK` — the status check could not be done (the hook failed or answered
 *   something else).
 * - `ERR_SD_JWT_STATUS_UNCHECKED` — the credential has a `status` claim but no `checkStatus` was
 *   given and `requireStatusCheck: false` was not passed (fail closed).
 */
export type SdJwtErrorCode =
  | 'ERR_SD_JWT_FORMAT'
  | 'ERR_SD_JWT_BASE64URL'
  | 'ERR_SD_JWT_JSON'
  | 'ERR_SD_JWT_LIMIT'
  | 'ERR_SD_JWT_ALG_NOT_ALLOWED'
  | 'ERR_SD_JWT_TYP'
  | 'ERR_SD_JWT_KEY_RESOLUTION'
  | 'ERR_SD_JWT_SIGNATURE'
  | 'ERR_SD_JWT_SD_ALG'
  | 'ERR_SD_JWT_DISCLOSURE_MALFORMED'
  | 'ERR_SD_JWT_DUPLICATE_DIGEST'
  | 'ERR_SD_JWT_DISCLOSURE_UNREFERENCED'
  | 'ERR_SD_JWT_DISCLOSURE_REUSED'
  | 'ERR_SD_JWT_SD_MISPLACED'
  | 'ERR_SD_JWT_RESERVED_CLAIM_NAME'
  | 'ERR_SD_JWT_CLAIM_EXISTS'
  | 'ERR_SD_JWT_EXPIRED'
  | 'ERR_SD_JWT_NOT_YET_VALID'
  | 'ERR_SD_JWT_IAT_IN_FUTURE'
  | 'ERR_SD_JWT_CLAIM_INVALID'
  | 'ERR_SD_JWT_KB_REQUIRED'
  | 'ERR_SD_JWT_CNF'
  | 'ERR_SD_JWT_KB_SIGNATURE'
  | 'ERR_SD_JWT_KB_IAT'
  | 'ERR_SD_JWT_KB_EXPIRED'
  | 'ERR_SD_JWT_KB_NOT_YET_VALID'
  | 'ERR_SD_JWT_KB_AUD'
  | 'ERR_SD_JWT_KB_NONCE'
  | 'ERR_SD_JWT_SD_HASH'
  | 'ERR_SD_JWT_VC_CLAIM'
  | 'ERR_SD_JWT_REVOKED'
  | 'ERR_SD_JWT_SUSPENDED'
  | 'ERR_SD_JWT_STATUS_CHECK'
  | 'ERR_SD_JWT_STATUS_UNCHECKED';
