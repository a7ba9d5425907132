import type { Ciphersuite } from './Ciphersuite.js';
import { ciphersuiteOption } from './internal/assert.js';
import { blindGeneratorsOf } from './internal/blind.js';
import { nymApi } from './internal/nym.js';

/**
 * The generators of a `commitWithNym` commitment (pseudonym interface): `Q2` (of the prover blind)
 * then `J_1..J_count` (of the committed messages, then the prover nyms), as compressed G1 points.
 * The commitment is `C = Q2·secret_prover_blind + Σ J_i·scalar_i`, scalar_i being
 * MapMessageToScalarAsHash of each committed message (`nymMessageToScalar`) followed by the
 * prover nyms as they are. A caller proves a further statement about a committed value (e.g. that
 * a nym equals one committed earlier) with a Sigma protocol over these points.
 *
 * @param count - the number of committed scalars (committed messages + prover nyms), 1 to 1000
 * @param ciphersuite - default `BLS12-381-SHAKE-256`
 * @returns `count + 1` compressed 48-byte points
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { nymCommitmentGenerators } from '@realdid/bbs';
 * const [Q2, J1, J2] = nymCommitmentGenerators(2);
 * ```
 */
export function nymCommitmentGenerators(count: number, ciphersuite?: Ciphersuite): Uint8Array[] {
  if (typeof count !== 'number') throw new TypeError('count: expected a number');
  if (!Number.isSafeInteger(count) || count < 1 || count > 1000) {
    throw new RangeError('count: expected an integer from 1 to 1000');
  }
  const api = nymApi(ciphersuiteOption(ciphersuite));
  return blindGeneratorsOf(api, count).map((p) => p.toBytes(true));
}
