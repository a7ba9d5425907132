/**
 * The codes of the errors that `@realdid/status` raises for rejected untrusted input (a status
 * list, a status claim, a fetched document) and for credentials whose status is not valid.
 *
 * - `ERR_STATUS_REVOKED` — the credential's status is INVALID (Token Status List value 1) or its
 *   `revocation` bit is set.
 * - `ERR_STATUS_SUSPENDED` — the credential's status is SUSPENDED (value 2) or its `suspension`
 *   bit is set.
 * - `ERR_STATUS_UNKNOWN` — an application-specific status value (3 and up) that the checker was
 *   not told to accept.
 * - `ERR_STATUS_CLAIM_INVALID` — the credential's status reference is malformed.
 * - `ERR_STATUS_INDEX_OUT_OF_RANGE` — the referenced index is beyond the end of the list.
 * - `ERR_STATUS_LIST_FETCH` — the list could not be retrieved.
 * - `ERR_STATUS_LIST_MALFORMED` — the list document does not have the expected structure.
 * - `ERR_STATUS_LIST_TYPE` — wrong `typ` header or credential type.
 * - `ERR_STATUS_LIST_ALG` — a signature algorithm outside the allow-list.
 * - `ERR_STATUS_LIST_KEY` — the key that signed the list could not be resolved.
 * - `ERR_STATUS_LIST_SIGNATURE` — the list's signature or proof does not verify.
 * - `ERR_STATUS_LIST_SUBJECT_MISMATCH` — the list is not the one the credential points to.
 * - `ERR_STATUS_LIST_ISSUER_MISMATCH` — the list's issuer is not the expected one.
 * - `ERR_STATUS_LIST_EXPIRED` — the list is past its `exp` / `validUntil`.
 * - `ERR_STATUS_LIST_NOT_YET_VALID` — the list's `iat` / `validFrom` is in the future.
 * - `ERR_STATUS_LIST_NO_VALID_CANDIDATE` — none of the newest entries examined on a list's ledger
 *   topic (at most `maxCandidates`) is a valid publication of the list.
 * - `ERR_STATUS_LIST_ROLLBACK` — a fetched list is older than one already seen.
 * - `ERR_STATUS_LIST_TOO_LARGE` — the list exceeds a configured size limit (compressed or
 *   decompressed; this is what a decompression bomb yields).
 * - `ERR_STATUS_LIST_COMPRESSION` — the compressed list is corrupt.
 * - `ERR_STATUS_LIST_LENGTH` — a Bitstring Status List shorter than the minimum length.
 * - `ERR_STATUS_PURPOSE_MISMATCH` — the list's `statusPurpose` is not the entry's.
 * - `ERR_STATUS_LIST_FULL` — the issuer has no unused index left in a list.
 */
export type StatusErrorCode =
  | 'ERR_STATUS_REVOKED'
  | 'ERR_STATUS_SUSPENDED'
  | 'ERR_STATUS_UNKNOWN'
  | 'ERR_STATUS_CLAIM_INVALID'
  | 'ERR_STATUS_INDEX_OUT_OF_RANGE'
  | 'ERR_STATUS_LIST_FETCH'
  | 'ERR_STATUS_LIST_MALFORMED'
  | 'ERR_STATUS_LIST_TYPE'
  | 'ERR_STATUS_LIST_ALG'
  | 'ERR_STATUS_LIST_KEY'
  | 'ERR_STATUS_LIST_SIGNATURE'
  | 'ERR_STATUS_LIST_SUBJECT_MISMATCH'
  | 'ERR_STATUS_LIST_ISSUER_MISMATCH'
  | 'ERR_STATUS_LIST_EXPIRED'
  | 'ERR_STATUS_LIST_NOT_YET_VALID'
  | 'ERR_STATUS_LIST_NO_VALID_CANDIDATE'
  | 'ERR_STATUS_LIST_ROLLBACK'
  | 'ERR_STATUS_LIST_TOO_LARGE'
  | 'ERR_STATUS_LIST_COMPRESSION'
  | 'ERR_STATUS_LIST_LENGTH'
  | 'ERR_STATUS_PURPOSE_MISMATCH'
  | 'ERR_STATUS_LIST_FULL';
