import { undisclosedCount } from './internal/core.js';
import { POINT_LEN, R, SCALAR_LEN } from './internal/curve.js';
import { bbsError } from './internal/errors.js';

/**
 * The public responses of a BBS proof (the draft's proof_to_octets layout): m^_j of each
 * undisclosed scalar in ascending index order (for a pseudonym proof: signer messages, prover
 * blind, committed messages, nym secrets) and the challenge c, each as 32 bytes. A verifier uses
 * them to check a Sigma protocol composed with the proof (see `proofGenWithNymLinked`) — only
 * after the proof itself verified, with the challenge recomputed over that protocol's commitments.
 *
 * @param proof - the proof bytes
 * @returns `{ messageResponses, challenge }`
 * The points are not decoded here (the proof's verification does that); each scalar is checked to
 * be in [1, r-1].
 *
 * @throws `ERR_BBS_PROOF_MALFORMED`
 * @example
 * ```ts
 * // const { messageResponses, challenge } = proofResponses(proof);
 * ```
 */
export function proofResponses(proof: Uint8Array): { messageResponses: Uint8Array[]; challenge: Uint8Array } {
  if (!(proof instanceof Uint8Array)) throw new TypeError('proof: expected a Uint8Array');
  const len = proof.length;
  undisclosedCount(len);
  const scalars: Uint8Array[] = [];
  for (let off = 3 * POINT_LEN; off < len; off += SCALAR_LEN) {
    const s = proof.slice(off, off + SCALAR_LEN);
    let n = 0n;
    for (const b of s) n = (n << 8n) | BigInt(b);
    if (n === 0n || n >= R)
      throw bbsError('ERR_BBS_PROOF_MALFORMED', `proof scalar ${scalars.length} is not in [1, r-1]`);
    scalars.push(s);
  }
  return { messageResponses: scalars.slice(3, -1), challenge: scalars[scalars.length - 1]! };
}
