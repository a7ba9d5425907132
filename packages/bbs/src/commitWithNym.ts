import {
  type CommitWithNymOptions,
  type CommitWithNymResult,
  commitWithNymUsing,
} from './internal/nymOps.js';
import { calculateRandomScalars } from './internal/random.js';

export type { CommitWithNymOptions, CommitWithNymResult } from './internal/nymOps.js';

/**
 * CommitWithNym of draft-irtf-cfrg-bbs-per-verifier-linkability-03 (on the commitment of
 * draft-irtf-cfrg-bbs-blind-signatures): the prover commits to its hidden messages and its nym
 * secret(s) with a zero-knowledge proof of knowledge of the opening. The signer learns nothing of
 * them; the commitment is perfectly hiding.
 *
 * @param options - `proverNyms` (32-byte random scalars, kept secret), `committedMessages`, `ciphersuite`
 * @returns the commitment with proof (for the signer) and the secret prover blind (kept)
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { commitWithNym, randomScalar } from '@realdid/bbs';
 * const proverNym = randomScalar();
 * const { commitmentWithProof, secretProverBlind } = commitWithNym({ proverNyms: [proverNym] });
 * ```
 */
export function commitWithNym(options: CommitWithNymOptions): CommitWithNymResult {
  return commitWithNymUsing(options, calculateRandomScalars);
}
