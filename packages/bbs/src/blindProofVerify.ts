import { type BlindProofVerifyOptions, blindProofVerifyImpl } from './internal/blindOps.js';

export type { BlindProofVerifyOptions } from './internal/blindOps.js';

/**
 * ProofVerify of draft-irtf-cfrg-bbs-blind-signatures-02: checks a proof over a blind signature,
 * given the number of signer messages (`messageCount`) and the disclosed messages and committed
 * messages with their indexes.
 *
 * @param options - public key, proof, `messageCount`, disclosed messages and indexes, headers
 * @returns `true` (only when the proof verifies)
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_PROOF_MALFORMED`, `ERR_BBS_INDEXES_INVALID`,
 *   `ERR_BBS_LIMIT`, `ERR_BBS_PROOF_INVALID`
 * @example
 * ```ts
 * // see docs/bbs.md for the whole blind issuance and presentation flow
 * ```
 */
export function blindProofVerify(options: BlindProofVerifyOptions): true {
  return blindProofVerifyImpl(options);
}
