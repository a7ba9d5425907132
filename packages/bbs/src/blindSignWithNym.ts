import { type BlindSignWithNymOptions, blindSignWithNymUsing } from './internal/nymOps.js';
import { calculateRandomScalars } from './internal/random.js';
import { skToPk } from './skToPk.js';

export type { BlindSignWithNymOptions } from './internal/nymOps.js';

/**
 * BlindSignWithNym of draft-irtf-cfrg-bbs-per-verifier-linkability-03: checks the prover's proof
 * of correct commitment, then signs the signer's messages and the committed values, adding its own
 * entropy to the last nym secret so that no two signatures share a nym secret.
 *
 * @param options - secret key, the prover's commitment and `nymCount`, header, messages
 * @returns the 80-byte signature and the signer's nym entropy (both go back to the prover)
 * @throws `ERR_BBS_COMMITMENT_MALFORMED`, `ERR_BBS_COMMITMENT_INVALID`, `ERR_BBS_LIMIT`;
 *   TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { blindSignWithNym, commitWithNym, generateKeyPair, randomScalar } from '@realdid/bbs';
 * const { secretKey } = generateKeyPair();
 * const { commitmentWithProof } = commitWithNym({ proverNyms: [randomScalar()] });
 * const { signature, signerNymEntropy } = blindSignWithNym({ secretKey, commitmentWithProof, nymCount: 1 });
 * ```
 */
export function blindSignWithNym(options: BlindSignWithNymOptions): {
  signature: Uint8Array;
  signerNymEntropy: Uint8Array;
} {
  return blindSignWithNymUsing(options, skToPk, calculateRandomScalars);
}
