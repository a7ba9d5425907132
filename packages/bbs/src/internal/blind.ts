import { concatBytes, i2osp } from './bytes.js';
import { decodeG1, decodeScalar, serialize } from './codec.js';
import { type Api, calculateDomain, type Generators, h2s } from './core.js';
import { Fr, type G1Point, mod, POINT_LEN, R, SCALAR_LEN } from './curve.js';
import { bbsError } from './errors.js';
import { createGenerators, p1 } from './generators.js';
import { msm, sumOfProducts } from './msm.js';

/** The blind generators (Q2, J_1..J_count) of an interface: create_generators(count + 1, "BLIND_" || api_id). */
export function blindGeneratorsOf(api: Api, count: number): G1Point[] {
  return createGenerators(api.suite, `BLIND_${api.id}`, count + 1);
}

/** calculate_blind_challenge(C, Cbar, blind_generators): hash_to_scalar(serialize((M, Q2, J.., C, Cbar))). */
function blindChallenge(api: Api, C: G1Point, Cbar: G1Point, gens: readonly G1Point[]): bigint {
  return h2s(api, serialize([gens.length - 1, ...gens, C, Cbar]));
}

/**
 * CoreCommit: C = Q2 * secret_prover_blind + sum(J_i * msg_i) with a Schnorr proof of knowledge of
 * the opening. `random` = (secret_prover_blind, s~, m~_1..m~_M).
 */
export function coreCommit(
  api: Api,
  scalars: readonly bigint[],
  gens: readonly G1Point[],
  random: readonly bigint[],
): { commitmentWithProof: Uint8Array; secretProverBlind: bigint } {
  const [blind, sT] = random as [bigint, bigint];
  const mT = random.slice(2);
  const C = sumOfProducts(gens, [blind, ...scalars]);
  const Cbar = sumOfProducts(gens, [sT, ...mT]);
  const c = blindChallenge(api, C, Cbar, gens);
  const sHat = mod(sT + blind * c);
  const mHat = scalars.map((m, i) => mod(mT[i]! + m * c));
  return { commitmentWithProof: serialize([C, sHat, ...mHat, c]), secretProverBlind: blind };
}

/** The number of committed scalars M in a commitment_with_proof (48 + 32 * (M + 2) bytes). */
export function committedCount(bytes: Uint8Array): number {
  const rest = bytes.length - POINT_LEN - 2 * SCALAR_LEN;
  if (rest < 0 || rest % SCALAR_LEN !== 0) {
    throw bbsError(
      'ERR_BBS_COMMITMENT_MALFORMED',
      `expected a commitment of 48 + 32 * (M + 2) bytes, found ${bytes.length} bytes`,
    );
  }
  return rest / SCALAR_LEN;
}

/**
 * octets_to_commitment_with_proof plus CoreCommitVerify: the commitment point C, only when its
 * proof of correctness verifies over `gens` (Q2, J_1..J_M).
 */
export function verifyCommitment(api: Api, bytes: Uint8Array, gens: readonly G1Point[]): G1Point {
  const M = committedCount(bytes);
  if (gens.length !== M + 1) throw new Error('internal: blind generator count');
  const C = decodeG1(bytes.subarray(0, POINT_LEN));
  if (C === undefined) {
    throw bbsError(
      'ERR_BBS_COMMITMENT_MALFORMED',
      'commitment is not a valid non-identity point of the G1 subgroup',
    );
  }
  const scalars: bigint[] = [];
  for (let off = POINT_LEN; off < bytes.length; off += SCALAR_LEN) {
    const s = decodeScalar(bytes, off);
    if (s === undefined) {
      throw bbsError(
        'ERR_BBS_COMMITMENT_MALFORMED',
        `commitment proof scalar ${scalars.length} is not in [1, r-1]`,
      );
    }
    scalars.push(s);
  }
  const c = scalars[scalars.length - 1]!;
  const Cbar = msm([...gens, C], [...scalars.slice(0, -1), R - c]);
  if (blindChallenge(api, C, Cbar, gens) !== c) {
    throw bbsError(
      'ERR_BBS_COMMITMENT_INVALID',
      'the proof of correctness of the commitment does not verify',
    );
  }
  return C;
}

/**
 * FinalizeBlindSign: domain over (Q1, H_1..H_L, Q2, J_1..J_M); B = P1 + Q1 * domain +
 * sum(H_i * msg_i) + commitment; e = hash_to_scalar(serialize((SK, B))) (B already binds the
 * domain);
 * A = B / (SK + e).
 */
export function finalizeBlindSign(
  api: Api,
  sk: bigint,
  pk: Uint8Array,
  gens: Generators,
  blindGens: readonly G1Point[],
  header: Uint8Array,
  scalars: readonly bigint[],
  commitment: G1Point,
): Uint8Array {
  const domain = calculateDomain(api, pk, { Q1: gens.Q1, H: [...gens.H, ...blindGens] }, header);
  const B = p1(api.suite)
    .add(sumOfProducts([gens.Q1, ...gens.H], [domain, ...scalars]))
    .add(commitment);
  if (B.is0()) throw bbsError('ERR_BBS_COMMITMENT_INVALID', 'B is the identity; refusing to sign');
  const e = h2s(api, serialize([sk, B]));
  const skPlusE = Fr.add(sk, e);
  if (skPlusE === 0n) throw bbsError('ERR_BBS_KEYGEN', 'SK + e is zero; the signature cannot be made');
  return concatBytes(B.multiply(Fr.inv(skPlusE)).toBytes(true), i2osp(e, SCALAR_LEN));
}
