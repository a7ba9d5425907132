import { i2osp } from './internal/bytes.js';
import { decodeProof } from './internal/core.js';
import { SCALAR_LEN } from './internal/curve.js';

/**
 * The public responses of a BBS proof (the draft's proof_to_octets layout): m^_j of each
 * undisclosed scalar in ascending index order (for a pseudonym proof: signer messages, prover
 * blind, committed messages, nym secrets) and the challenge c, each as 32 bytes. A verifier uses
 * them to check a Sigma protocol composed with the proof (see `proofGenWithNymLinked`) — only
 * after the proof itself verified, with the challenge recomputed over that protocol's commitments.
 *
 * @param proof - the proof bytes
 * @returns `{ messageResponses, challenge }`
 * @throws `ERR_BBS_PROOF_MALFORMED`
 * @example
 * ```ts
 * // const { messageResponses, challenge } = proofResponses(proof);
 * ```
 */
export function proofResponses(proof: Uint8Array): { messageResponses: Uint8Array[]; challenge: Uint8Array } {
  if (!(proof instanceof Uint8Array)) throw new TypeError('proof: expected a Uint8Array');
  const p = decodeProof(proof);
  return {
    messageResponses: p.mHat.map((s) => i2osp(s, SCALAR_LEN)),
    challenge: i2osp(p.c, SCALAR_LEN),
  };
}
