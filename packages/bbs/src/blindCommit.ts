import { type BlindCommitOptions, blindCommitUsing } from './internal/blindOps.js';
import { calculateRandomScalars } from './internal/random.js';

export type { BlindCommitOptions } from './internal/blindOps.js';

/**
 * Commit of draft-irtf-cfrg-bbs-blind-signatures-02: a perfectly hiding commitment to the
 * prover's messages, with a zero-knowledge proof that the prover knows its opening.
 *
 * @param options - `committedMessages`, `ciphersuite`
 * @returns the commitment with proof (for the signer) and the secret prover blind (kept secret)
 * @example
 * ```ts
 * import { blindCommit } from '@realdid/bbs';
 * const { commitmentWithProof, secretProverBlind } = blindCommit({
 *   committedMessages: [new TextEncoder().encode('holder secret')],
 * });
 * ```
 */
export function blindCommit(options: BlindCommitOptions = {}): {
  commitmentWithProof: Uint8Array;
  secretProverBlind: Uint8Array;
} {
  return blindCommitUsing(options, calculateRandomScalars);
}
