import { concat } from '../internal/bytes.js';
import {
  decodePoint,
  decodeScalar,
  G,
  type G1Point,
  mod,
  mul,
  mulPublic,
  randomScalar,
  scalarBytes,
} from './g1.js';

/**
 * The trace token of a registration: an ElGamal encryption "in the exponent" of the handle scalar h
 * (the BBS message scalar of the signed handle) under the committee key Y,
 * `C1 = r·G, C2 = h·G + r·Y`, and the response `r^ = r~ + c·r` of its proof. 128 bytes:
 * `C1 ‖ C2 ‖ r^`.
 */
export interface TraceCiphertext {
  c1: G1Point;
  c2: G1Point;
  rHat: bigint;
}

/** Byte length of an encoded trace token. */
export const TRACE_TOKEN_LEN = 48 + 48 + 32;

/** The prover's state between the commitments and the response. */
export interface TraceProverState {
  r: bigint;
  rTilde: bigint;
  c1: G1Point;
  c2: G1Point;
  t1: G1Point;
  t2: G1Point;
}

/**
 * First move of the trace-token proof: encrypt h and commit with the BBS blinding m~ of the handle
 * message (shared with the BBS proof): `T1 = r~·G, T2 = m~·G + r~·Y`.
 */
export function traceCommit(committeeKey: G1Point, h: bigint, mTilde: bigint): TraceProverState {
  const r = randomScalar();
  const rTilde = randomScalar();
  return {
    r,
    rTilde,
    c1: G.multiply(r),
    c2: mul(G, h).add(committeeKey.multiply(r)),
    t1: G.multiply(rTilde),
    t2: G.multiply(mTilde).add(committeeKey.multiply(rTilde)),
  };
}

/** The bytes bound into the presentation header: Y, C1, C2, T1, T2. */
export function traceTranscript(
  committeeKey: G1Point,
  c1: G1Point,
  c2: G1Point,
  t1: G1Point,
  t2: G1Point,
): Uint8Array[] {
  return [committeeKey, c1, c2, t1, t2].map((p) => p.toBytes(true));
}

/** Last move: `r^ = r~ + c·r` with the BBS proof's challenge c. */
export function traceRespond(state: TraceProverState, c: bigint): TraceCiphertext {
  return { c1: state.c1, c2: state.c2, rHat: mod(state.rTilde + c * state.r) };
}

/** Encodes a token. */
export function encodeTraceToken(t: TraceCiphertext): Uint8Array {
  return concat(t.c1.toBytes(true), t.c2.toBytes(true), scalarBytes(t.rHat));
}

/** Decodes a token (points valid, in the subgroup, not the identity; r^ < r), or undefined. */
export function decodeTraceToken(bytes: Uint8Array): TraceCiphertext | undefined {
  if (bytes.length !== TRACE_TOKEN_LEN) return undefined;
  const c1 = decodePoint(bytes.subarray(0, 48));
  const c2 = decodePoint(bytes.subarray(48, 96));
  const rHat = decodeScalar(bytes.subarray(96, 128));
  if (c1 === undefined || c2 === undefined || rHat === undefined) return undefined;
  return { c1, c2, rHat };
}

/**
 * The verifier's recomputation of the commitments from the responses:
 * `T1 = r^·G − c·C1`, `T2 = m^·G + r^·Y − c·C2`, m^ being the BBS proof's response for the handle.
 */
export function traceRecompute(
  committeeKey: G1Point,
  t: TraceCiphertext,
  mHat: bigint,
  c: bigint,
): { t1: G1Point; t2: G1Point } {
  return {
    t1: mulPublic(G, t.rHat).subtract(mulPublic(t.c1, c)),
    t2: mulPublic(G, mHat).add(mulPublic(committeeKey, t.rHat)).subtract(mulPublic(t.c2, c)),
  };
}
