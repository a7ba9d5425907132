import { type BlindProofGenOptions, blindProofGenUsing } from './internal/blindOps.js';
import { calculateRandomScalars } from './internal/random.js';

export type { BlindProofGenOptions } from './internal/blindOps.js';

/**
 * ProofGen of draft-irtf-cfrg-bbs-blind-signatures-02: a BBS proof over a blind signature that may
 * disclose any of the signer's messages and of the committed messages; the prover blind is never
 * disclosed.
 *
 * @param options - public key, signature, messages and committed messages with the indexes to
 *   disclose of each, secret prover blind, headers
 * @returns the proof
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_SIGNATURE_MALFORMED`; TypeError / RangeError on misuse
 * @example
 * ```ts
 * // see docs/bbs.md for the whole blind issuance and presentation flow
 * ```
 */
export function blindProofGen(options: BlindProofGenOptions): Uint8Array {
  return blindProofGenUsing(options, calculateRandomScalars);
}
