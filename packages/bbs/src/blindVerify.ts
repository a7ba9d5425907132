import { type BlindVerifyOptions, blindVerifyImpl } from './internal/blindOps.js';

export type { BlindVerifyOptions } from './internal/blindOps.js';

/**
 * Verify of draft-irtf-cfrg-bbs-blind-signatures-02: the prover checks a blind signature over the
 * signer's messages, its secret prover blind and its committed messages.
 *
 * @param options - public key, signature, header, messages, committed messages, secret prover blind
 * @returns `true` (only when the signature verifies)
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_SIGNATURE_MALFORMED`, `ERR_BBS_SIGNATURE_INVALID`
 * @example
 * ```ts
 * import { blindCommit, blindSign, blindVerify, generateKeyPair } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * const committedMessages = [new Uint8Array([1])];
 * const { commitmentWithProof, secretProverBlind } = blindCommit({ committedMessages });
 * const signature = blindSign({ secretKey, commitmentWithProof });
 * blindVerify({ publicKey, signature, committedMessages, secretProverBlind }); // true
 * ```
 */
export function blindVerify(options: BlindVerifyOptions): true {
  return blindVerifyImpl(options);
}
