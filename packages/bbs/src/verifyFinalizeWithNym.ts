import { type VerifyFinalizeWithNymOptions, verifyFinalizeWithNymImpl } from './internal/nymOps.js';

export type { VerifyFinalizeWithNymOptions } from './internal/nymOps.js';

/**
 * VerifyFinalizeWithNym of draft-irtf-cfrg-bbs-per-verifier-linkability-03: the prover checks the
 * blind signature over the signer's messages, its prover blind, its committed messages and the nym
 * secrets (its own plus the signer's entropy), and gets the final nym secrets.
 *
 * @param options - public key, signature, header, messages, committed messages, prover nyms,
 *   signer nym entropy, secret prover blind
 * @returns the nym secrets (32-byte scalars), to keep secret
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_SIGNATURE_MALFORMED`, `ERR_BBS_SIGNATURE_INVALID`
 * @example
 * ```ts
 * import { blindSignWithNym, commitWithNym, generateKeyPair, randomScalar, verifyFinalizeWithNym } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * const proverNyms = [randomScalar()];
 * const { commitmentWithProof, secretProverBlind } = commitWithNym({ proverNyms });
 * const { signature, signerNymEntropy } = blindSignWithNym({ secretKey, commitmentWithProof, nymCount: 1 });
 * const nymSecrets = verifyFinalizeWithNym({ publicKey, signature, proverNyms, signerNymEntropy, secretProverBlind });
 * ```
 */
export function verifyFinalizeWithNym(options: VerifyFinalizeWithNymOptions): Uint8Array[] {
  return verifyFinalizeWithNymImpl(options);
}
