import type { Ciphersuite } from '../Ciphersuite.js';
import { blindGeneratorsOf } from './blind.js';
import { ascii, bytesToNumberBE, concatBytes, i2osp } from './bytes.js';
import { decodeG1, withLength } from './codec.js';
import { type Api, apiOf, type Generators, generatorsOf, messagesToScalars } from './core.js';
import { Fr, G1, type G1Point, POINT_LEN, SCALAR_LEN } from './curve.js';
import { bbsError } from './errors.js';
import { hashToScalar } from './suite.js';

/** The pseudonym interface: api_id = ciphersuite_id || "H2G_HM2S_PSEUDONYM_". */
export function nymApi(name: Ciphersuite): Api {
  return apiOf(name, 'H2G_HM2S_PSEUDONYM_');
}

/** A 32-byte scalar in [1, r-1] supplied by the caller (their own secret): RangeError otherwise. */
export function ownScalar(value: unknown, name: string): bigint {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name}: expected a Uint8Array`);
  if (value.length !== SCALAR_LEN) throw new RangeError(`${name}: expected 32 bytes, found ${value.length}`);
  const s = bytesToNumberBE(value);
  if (s === 0n || s >= Fr.ORDER) throw new RangeError(`${name}: expected a scalar in [1, r-1]`);
  return s;
}

/** header || I2OSP(length_nym_vector, 8). */
export function combinedHeader(header: Uint8Array, nymCount: number): Uint8Array {
  return concatBytes(header, i2osp(nymCount, 8));
}

/**
 * The signed vector of the pseudonym interface: messages (H_1..H_L), then the prover blind (Q2),
 * the committed messages and the nym secrets (J_1..J_{M+N}).
 */
export function nymLayout(api: Api, L: number, M: number, N: number): Generators {
  const gens = generatorsOf(api, L);
  return { Q1: gens.Q1, H: [...gens.H, ...blindGeneratorsOf(api, M + N)] };
}

/** OP = hash_to_curve_g1(context_id, api_id) and z = hash_to_scalar(context_id, api_id || "VECT_NYM_SECRETS"). */
export function contextPoint(api: Api, contextId: Uint8Array): { OP: G1Point; z: bigint } {
  return {
    OP: api.suite.hashToCurve(contextId, ascii(api.id)),
    z: hashToScalar(api.suite, contextId, ascii(`${api.id}VECT_NYM_SECRETS`)),
  };
}

/** sum(v[i] * z^i) in the scalar field (Horner). */
export function polyEval(v: readonly bigint[], z: bigint): bigint {
  let acc = 0n;
  for (let i = v.length - 1; i >= 0; i--) acc = Fr.add(Fr.mul(acc, z), v[i]!);
  return acc;
}

/** The challenge extras of the pseudonym draft: (pseudonym, U) before domain, the context id after ph. */
export function nymChallengeParts(
  pseudonym: G1Point,
  U: G1Point,
  contextId: Uint8Array,
): { extra: G1Point[]; trailer: Uint8Array } {
  return { extra: [pseudonym, U], trailer: withLength(contextId) };
}

/**
 * A pseudonym from untrusted bytes: a valid G1 subgroup point other than the identity and the base
 * point BP1 (the pseudonym draft defines a pseudonym as a point different from both).
 */
export function decodePseudonym(bytes: Uint8Array): G1Point {
  const P = bytes.length === POINT_LEN ? decodeG1(bytes) : undefined;
  if (P === undefined || P.equals(G1.BASE)) {
    throw bbsError(
      'ERR_BBS_PSEUDONYM_MALFORMED',
      'pseudonym is not a 48-byte compressed point of the G1 subgroup other than the identity and BP1',
    );
  }
  return P;
}

export { messagesToScalars };
