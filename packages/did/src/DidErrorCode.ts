/**
 * The closed set of error codes that `@realdid/did` puts on a `RealDidError`.
 *
 * - `ERR_DID_INVALID` — a DID or DID URL does not conform to its method's syntax.
 * - `ERR_DID_OPERATION_INVALID` — an operation is malformed, not canonical, or breaks a rule of
 *   the document content (ids, purposes, limits, patches).
 * - `ERR_DID_SIGNATURE_INVALID` — an operation's proof does not verify under the revealed key.
 * - `ERR_DID_COMMITMENT_MISMATCH` — the revealed key is not the committed one, or a revealed key is
 *   committed again.
 * - `ERR_DID_PREVIOUS_MISMATCH` — an operation does not follow the current head of its DID
 *   (wrong hash link, replay, or a losing fork).
 * - `ERR_DID_SUFFIX_MISMATCH` — a create operation does not hash to the DID suffix, or an
 *   operation names another DID.
 * - `ERR_DID_DEACTIVATED` — the DID is deactivated.
 * - `ERR_DID_RESOLUTION_LIMIT` — a resolution exhausted its budget (entries, bytes or `timeoutMs`);
 *   reported as the `code` of an `internalError` in the resolution metadata.
 * - `ERR_DID_RESOLUTION_FAILED` — resolution returned an error (its code is in the message).
 * - `ERR_DID_VERIFICATION_METHOD_NOT_FOUND` — no verification method with that id.
 * - `ERR_DID_PURPOSE_MISMATCH` — the verification method is not authorised for the purpose.
 * - `ERR_DID_KEY_UNSUPPORTED` — a verification method holds a key of an unsupported type.
 */
export type DidErrorCode =
  | 'ERR_DID_INVALID'
  | 'ERR_DID_OPERATION_INVALID'
  | 'ERR_DID_SIGNATURE_INVALID'
  | 'ERR_DID_COMMITMENT_MISMATCH'
  | 'ERR_DID_PREVIOUS_MISMATCH'
  | 'ERR_DID_SUFFIX_MISMATCH'
  | 'ERR_DID_DEACTIVATED'
  | 'ERR_DID_RESOLUTION_LIMIT'
  | 'ERR_DID_RESOLUTION_FAILED'
  | 'ERR_DID_VERIFICATION_METHOD_NOT_FOUND'
  | 'ERR_DID_PURPOSE_MISMATCH'
  | 'ERR_DID_KEY_UNSUPPORTED';
