import type { Ciphersuite } from '../Ciphersuite.js';
import { ascii, concatBytes, i2osp } from './bytes.js';
import { decodeG1, decodeScalar, type Serializable, serialize, withLength } from './codec.js';
import { Fr, type G1Point, type G2Point, mod, POINT_LEN, R, SCALAR_LEN } from './curve.js';
import { bbsError } from './errors.js';
import { createGenerators, p1 } from './generators.js';
import { msm, sumOfProducts } from './msm.js';
import { pairingProductIsOne } from './pairing.js';
import { hashToScalar, type Suite, suiteOf } from './suite.js';

/** An interface of a draft: the suite plus its api_id (ciphersuite_id || interface suffix). */
export interface Api {
  readonly suite: Suite;
  readonly id: string;
}

/** The api of one interface; `suffix` is "H2G_HM2S_" for the core draft. */
export function apiOf(name: Ciphersuite, suffix = 'H2G_HM2S_'): Api {
  const suite = suiteOf(name);
  return { suite, id: new TextDecoder().decode(suite.id) + suffix };
}

/** hash_to_scalar with the dst api_id || suffix. */
export function h2s(api: Api, bytes: Uint8Array, suffix = 'H2S_'): bigint {
  return hashToScalar(api.suite, bytes, ascii(api.id + suffix));
}

/** messages_to_scalars: hash_to_scalar(msg, api_id || "MAP_MSG_TO_SCALAR_AS_HASH_") per message. */
export function messagesToScalars(api: Api, messages: readonly Uint8Array[]): bigint[] {
  const dst = ascii(api.id + 'MAP_MSG_TO_SCALAR_AS_HASH_');
  return messages.map((m) => hashToScalar(api.suite, m, dst));
}

/** The generators (Q1, H_1..H_count) of an api. */
export interface Generators {
  readonly Q1: G1Point;
  readonly H: readonly G1Point[];
}

export function generatorsOf(api: Api, count: number): Generators {
  const g = createGenerators(api.suite, api.id, count + 1);
  return { Q1: g[0]!, H: g.slice(1) };
}

/** calculate_domain(PK, Q1, H_Points, header, api_id). */
export function calculateDomain(api: Api, pk: Uint8Array, gens: Generators, header: Uint8Array): bigint {
  const domOcts = concatBytes(serialize([gens.H.length, gens.Q1, ...gens.H]), ascii(api.id));
  return h2s(api, concatBytes(pk, domOcts, withLength(header)));
}

/** B = P1 + Q1 * domain + sum(H_i * msg_i), constant-time (the messages may be secret). */
function computeB(api: Api, gens: Generators, domain: bigint, scalars: readonly bigint[]): G1Point {
  return p1(api.suite).add(sumOfProducts([gens.Q1, ...gens.H], [domain, ...scalars]));
}

/** CoreSign: the 80-byte signature A || e. */
export function coreSign(
  api: Api,
  sk: bigint,
  pk: Uint8Array,
  gens: Generators,
  header: Uint8Array,
  scalars: readonly bigint[],
): Uint8Array {
  const domain = calculateDomain(api, pk, gens, header);
  const e = h2s(api, serialize([sk, ...scalars, domain]));
  const B = computeB(api, gens, domain, scalars);
  const skPlusE = Fr.add(sk, e);
  if (skPlusE === 0n) throw bbsError('ERR_BBS_KEYGEN', 'SK + e is zero; the signature cannot be made');
  const A = B.multiply(Fr.inv(skPlusE));
  return concatBytes(A.toBytes(true), i2osp(e, SCALAR_LEN));
}

/** CoreVerify: e(A, W) * e(A * e - B, BP2) == 1, with A * e - B as one multi-scalar multiplication. */
export function coreVerify(
  api: Api,
  W: G2Point,
  pk: Uint8Array,
  sig: { A: G1Point; e: bigint },
  gens: Generators,
  header: Uint8Array,
  scalars: readonly bigint[],
): boolean {
  const domain = calculateDomain(api, pk, gens, header);
  const C = msm(
    [sig.A, p1(api.suite), gens.Q1, ...gens.H],
    [sig.e, R - 1n, R - domain, ...scalars.map((m) => R - m)],
  );
  return pairingProductIsOne(sig.A, W, C);
}

/** The result of ProofInit / ProofVerifyInit. */
export interface ProofInit {
  readonly Abar: G1Point;
  readonly Bbar: G1Point;
  readonly D: G1Point;
  readonly T1: G1Point;
  readonly T2: G1Point;
  readonly domain: bigint;
}

/**
 * ProofInit. `random` = (r1, r2, e~, r1~, r3~, m~_j1..m~_jU); `undisclosed` are indexes into H.
 */
export function proofInit(
  api: Api,
  pk: Uint8Array,
  sig: { A: G1Point; e: bigint },
  gens: Generators,
  random: readonly bigint[],
  header: Uint8Array,
  scalars: readonly bigint[],
  undisclosed: readonly number[],
): ProofInit {
  const [r1, r2, eT, r1T, r3T] = random as [bigint, bigint, bigint, bigint, bigint];
  const domain = calculateDomain(api, pk, gens, header);
  const B = computeB(api, gens, domain, scalars);
  const D = B.multiply(r2);
  const Abar = sig.A.multiply(Fr.mul(r1, r2));
  const Bbar = D.multiply(r1).subtract(Abar.multiply(sig.e));
  const T1 = Abar.multiply(eT).add(D.multiply(r1T));
  const T2 = D.multiply(r3T).add(
    sumOfProducts(
      undisclosed.map((j) => gens.H[j]!),
      random.slice(5),
    ),
  );
  return { Abar, Bbar, D, T1, T2, domain };
}

/**
 * ProofChallengeCalculate: hash_to_scalar(serialize((R, i1, msg_i1, …, Abar, Bbar, D, T1, T2,
 * domain) with `extra` before domain) || I2OSP(length(ph), 8) || ph || trailer). `extra` and
 * `trailer` carry the pseudonym draft's values (pseudonym, Ut; the length-prefixed context id).
 */
export function proofChallenge(
  api: Api,
  init: ProofInit,
  disclosed: readonly number[],
  disclosedScalars: readonly bigint[],
  ph: Uint8Array,
  extra: readonly Serializable[] = [],
  trailer: Uint8Array = new Uint8Array(0),
): bigint {
  const arr: Serializable[] = [disclosed.length];
  for (let k = 0; k < disclosed.length; k++) arr.push(disclosed[k]!, disclosedScalars[k]!);
  arr.push(init.Abar, init.Bbar, init.D, init.T1, init.T2, ...extra, init.domain);
  return h2s(api, concatBytes(serialize(arr), withLength(ph), trailer));
}

/** ProofFinalize: (Abar, Bbar, D, e^, r1^, r3^, (m^_j1..m^_jU), c) as bytes. */
export function proofFinalize(
  init: ProofInit,
  c: bigint,
  e: bigint,
  random: readonly bigint[],
  undisclosedScalars: readonly bigint[],
): Uint8Array {
  const [r1, r2, eT, r1T, r3T] = random as [bigint, bigint, bigint, bigint, bigint];
  const r3 = Fr.inv(r2);
  const eHat = mod(eT + e * c);
  const r1Hat = mod(r1T - r1 * c);
  const r3Hat = mod(r3T - r3 * c);
  const mHat = undisclosedScalars.map((m, k) => mod(random[5 + k]! + m * c));
  return concatBytes(serialize([init.Abar, init.Bbar, init.D, eHat, r1Hat, r3Hat, ...mHat, c]));
}

/** What an extended proof adds to its challenge (the pseudonym's parts in ProofGenWithNym). */
export interface ChallengeParts {
  readonly extra: readonly Serializable[];
  readonly trailer: Uint8Array;
}

/**
 * ProofInit, ProofChallengeCalculate and ProofFinalize over scalars already laid out against
 * `gens`: the proof of every interface (core, blind, with nym) once its scalars are in place.
 * `random` holds 5 + U scalars.
 */
export function proveScalars(
  api: Api,
  pk: Uint8Array,
  sig: { A: G1Point; e: bigint },
  gens: Generators,
  random: readonly bigint[],
  header: Uint8Array,
  ph: Uint8Array,
  scalars: readonly bigint[],
  disclosed: readonly number[],
  undisclosed: readonly number[],
  parts?: ChallengeParts,
): Uint8Array {
  const init = proofInit(api, pk, sig, gens, random, header, scalars, undisclosed);
  const c = proofChallenge(
    api,
    init,
    disclosed,
    disclosed.map((i) => scalars[i]!),
    ph,
    parts?.extra,
    parts?.trailer,
  );
  return proofFinalize(
    init,
    c,
    sig.e,
    random,
    undisclosed.map((j) => scalars[j]!),
  );
}

/** A decoded proof. */
export interface DecodedProof {
  readonly Abar: G1Point;
  readonly Bbar: G1Point;
  readonly D: G1Point;
  readonly eHat: bigint;
  readonly r1Hat: bigint;
  readonly r3Hat: bigint;
  readonly mHat: readonly bigint[];
  readonly c: bigint;
}

/** The length of a proof with no undisclosed message. */
export const PROOF_LEN_FLOOR = 3 * POINT_LEN + 4 * SCALAR_LEN;

/** U, the number of undisclosed scalars a proof of `length` bytes answers for; `ERR_BBS_PROOF_MALFORMED` for any other length. */
export function undisclosedCount(length: number): number {
  if (length < PROOF_LEN_FLOOR || (length - PROOF_LEN_FLOOR) % SCALAR_LEN !== 0) {
    throw bbsError(
      'ERR_BBS_PROOF_MALFORMED',
      `expected a proof of ${PROOF_LEN_FLOOR} + 32 * U bytes, found ${length} bytes`,
    );
  }
  return (length - PROOF_LEN_FLOOR) / SCALAR_LEN;
}

/**
 * octets_to_proof: three G1 points (valid, in the subgroup, not the identity) and 4 + U scalars
 * in [1, r-1]; `extraScalars` more scalars precede the final challenge in extended proofs.
 */
export function decodeProof(bytes: Uint8Array): DecodedProof {
  undisclosedCount(bytes.length);
  const names = ['Abar', 'Bbar', 'D'] as const;
  const points: G1Point[] = [];
  for (let k = 0; k < 3; k++) {
    const p = decodeG1(bytes.subarray(k * POINT_LEN, (k + 1) * POINT_LEN));
    if (p === undefined) {
      throw bbsError(
        'ERR_BBS_PROOF_MALFORMED',
        `proof point ${names[k]} is not a valid non-identity point of the G1 subgroup`,
      );
    }
    points.push(p);
  }
  const scalars: bigint[] = [];
  for (let off = 3 * POINT_LEN; off < bytes.length; off += SCALAR_LEN) {
    const s = decodeScalar(bytes, off);
    if (s === undefined) {
      throw bbsError('ERR_BBS_PROOF_MALFORMED', `proof scalar ${scalars.length} is not in [1, r-1]`);
    }
    scalars.push(s);
  }
  return {
    Abar: points[0]!,
    Bbar: points[1]!,
    D: points[2]!,
    eHat: scalars[0]!,
    r1Hat: scalars[1]!,
    r3Hat: scalars[2]!,
    mHat: scalars.slice(3, -1),
    c: scalars[scalars.length - 1]!,
  };
}

/**
 * ProofVerifyInit: T1 = Bbar * c + Abar * e^ + D * r1^ and T2 = Bv * c + D * r3^ + sum(H_j * m^_j)
 * with Bv = P1 + Q1 * domain + sum(H_i * msg_i), each as one multi-scalar multiplication.
 */
export function proofVerifyInit(
  api: Api,
  pk: Uint8Array,
  proof: DecodedProof,
  gens: Generators,
  header: Uint8Array,
  disclosed: readonly number[],
  disclosedScalars: readonly bigint[],
  undisclosed: readonly number[],
): ProofInit {
  const domain = calculateDomain(api, pk, gens, header);
  const { c } = proof;
  const T1 = msm([proof.Bbar, proof.Abar, proof.D], [c, proof.eHat, proof.r1Hat]);
  const points: G1Point[] = [p1(api.suite), gens.Q1, proof.D];
  const scalars: bigint[] = [c, domain * c, proof.r3Hat];
  for (let k = 0; k < disclosed.length; k++) {
    points.push(gens.H[disclosed[k]!]!);
    scalars.push(disclosedScalars[k]! * c);
  }
  for (let k = 0; k < undisclosed.length; k++) {
    points.push(gens.H[undisclosed[k]!]!);
    scalars.push(proof.mHat[k]!);
  }
  const T2 = msm(points, scalars);
  return { Abar: proof.Abar, Bbar: proof.Bbar, D: proof.D, T1, T2, domain };
}

/** The final pairing check of ProofVerify: e(Abar, W) * e(-Bbar, BP2) == 1. */
export function proofPairingCheck(W: G2Point, proof: DecodedProof): boolean {
  return pairingProductIsOne(proof.Abar, W, proof.Bbar.negate());
}
