import { type BlindSignOptions, blindSignImpl } from './internal/blindOps.js';
import { skToPk } from './skToPk.js';

export type { BlindSignOptions } from './internal/blindOps.js';

/**
 * BlindSign of draft-irtf-cfrg-bbs-blind-signatures-02: checks the prover's proof of correct
 * commitment, then signs the signer's messages together with the committed (unseen) ones.
 *
 * @param options - secret key, the prover's `commitmentWithProof` (optional), header, messages
 * @returns the 80-byte signature
 * @throws `ERR_BBS_COMMITMENT_MALFORMED`, `ERR_BBS_COMMITMENT_INVALID`, `ERR_BBS_LIMIT`;
 *   TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { blindCommit, blindSign, generateKeyPair } from '@realdid/bbs';
 * const { secretKey } = generateKeyPair();
 * const { commitmentWithProof } = blindCommit({ committedMessages: [new Uint8Array([1])] });
 * const signature = blindSign({ secretKey, commitmentWithProof, messages: [new Uint8Array([2])] });
 * ```
 */
export function blindSign(options: BlindSignOptions): Uint8Array {
  return blindSignImpl(options, skToPk);
}
