/**
 * The closed set of error codes a `RealDidError` thrown by `@realdid/bbs` can carry. Each names
 * the rule of the draft that the input broke; messages say what was expected and what was found.
 *
 * Encodings (untrusted bytes that cannot be decoded as the draft requires):
 * - `ERR_BBS_PUBLIC_KEY_INVALID` — not a 96-byte compressed G2 point, the identity, or a point
 *   outside the prime-order subgroup (octets_to_pubkey).
 * - `ERR_BBS_SIGNATURE_MALFORMED` — not 80 bytes, `A` not a valid non-identity G1 subgroup point,
 *   or `e` not in [1, r-1] (octets_to_signature).
 * - `ERR_BBS_PROOF_MALFORMED` — wrong length, a point that is invalid or the identity, or a
 *   scalar outside [1, r-1] (octets_to_proof).
 * - `ERR_BBS_COMMITMENT_MALFORMED` — a blind-issuance commitment with proof that cannot be decoded.
 * - `ERR_BBS_PSEUDONYM_MALFORMED` — a pseudonym that is not a valid non-identity G1 subgroup point.
 * - `ERR_BBS_INDEXES_INVALID` — disclosed indexes not strictly ascending, out of range, or not
 *   matching the number of disclosed messages.
 * - `ERR_BBS_LIMIT` — more messages than the configured `maxMessages` (or than the hash allows).
 *
 * Verification (well-formed input that does not verify):
 * - `ERR_BBS_SIGNATURE_INVALID` — the pairing check of Verify fails.
 * - `ERR_BBS_PROOF_INVALID` — the challenge or the pairing check of ProofVerify fails (also when a
 *   pseudonym is not the one bound to the proof and context).
 * - `ERR_BBS_COMMITMENT_INVALID` — the proof of correct commitment does not verify.
 *
 * Generation:
 * - `ERR_BBS_KEYGEN` — key derivation produced the zero scalar (probability 2^-255).
 */
export type BbsErrorCode =
  | 'ERR_BBS_PUBLIC_KEY_INVALID'
  | 'ERR_BBS_SIGNATURE_MALFORMED'
  | 'ERR_BBS_PROOF_MALFORMED'
  | 'ERR_BBS_COMMITMENT_MALFORMED'
  | 'ERR_BBS_PSEUDONYM_MALFORMED'
  | 'ERR_BBS_INDEXES_INVALID'
  | 'ERR_BBS_LIMIT'
  | 'ERR_BBS_SIGNATURE_INVALID'
  | 'ERR_BBS_PROOF_INVALID'
  | 'ERR_BBS_COMMITMENT_INVALID'
  | 'ERR_BBS_KEYGEN';
