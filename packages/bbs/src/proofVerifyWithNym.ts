import { type ProofVerifyWithNymOptions, proofVerifyWithNymImpl } from './internal/nymOps.js';

export type { ProofVerifyWithNymOptions } from './internal/nymOps.js';

/**
 * ProofVerifyWithNym of draft-irtf-cfrg-bbs-per-verifier-linkability-03: checks the BBS proof and
 * that `pseudonym` is the prover's pseudonym for this verifier's own `contextId`, bound to the
 * signed nym secrets. A verifier uses the pseudonym as the stable account key of the prover.
 *
 * @param options - public key, proof, pseudonym, context id, `nymCount`, `messageCount` (L),
 *   disclosed messages and committed messages with their indexes, headers
 * @returns `true` (only when everything verifies)
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_PROOF_MALFORMED`, `ERR_BBS_PSEUDONYM_MALFORMED`,
 *   `ERR_BBS_INDEXES_INVALID`, `ERR_BBS_LIMIT`, `ERR_BBS_PROOF_INVALID`
 * @example
 * ```ts
 * // see docs/bbs.md for the whole issuance and presentation flow
 * ```
 */
export function proofVerifyWithNym(options: ProofVerifyWithNymOptions): true {
  return proofVerifyWithNymImpl(options);
}
