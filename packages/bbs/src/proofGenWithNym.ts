import { type ProofGenWithNymOptions, proofGenWithNymUsing } from './internal/nymOps.js';
import { calculateRandomScalars } from './internal/random.js';

export type { ProofGenWithNymOptions } from './internal/nymOps.js';

/**
 * ProofGenWithNym of draft-irtf-cfrg-bbs-per-verifier-linkability-03: a BBS proof that also proves
 * that the pseudonym for `contextId` was computed from the nym secrets signed in the credential.
 * The nym secrets and the prover blind are never disclosed.
 *
 * @param options - public key, signature, nym secrets, context id, messages and committed
 *   messages with the indexes to disclose of each, secret prover blind, headers
 * @returns the proof and the 48-byte pseudonym
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_SIGNATURE_MALFORMED`, `ERR_BBS_LIMIT`;
 *   TypeError / RangeError on misuse
 * @example
 * ```ts
 * // see docs/bbs.md for the whole issuance and presentation flow
 * ```
 */
export function proofGenWithNym(options: ProofGenWithNymOptions): {
  proof: Uint8Array;
  pseudonym: Uint8Array;
} {
  return proofGenWithNymUsing(options, calculateRandomScalars);
}
