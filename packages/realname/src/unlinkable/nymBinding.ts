import { nymCommitmentGenerators, nymMessageToScalar } from '@realdid/bbs';
import { concat, utf8 } from '../internal/bytes.js';
import {
  decodePoint,
  decodeScalar,
  G1,
  type G1Point,
  hashToScalar,
  mod,
  mul,
  mulPublic,
  randomScalar,
  scalarBytes,
} from './g1.js';

/**
 * Binding of the nym secret to the enrolment, for life.
 *
 * At enrolment the wallet sends the Pedersen commitment `E = n·J2 + ρ·Q2` to its prover nym `n`
 * (`Q2`, `J1`, `J2` the generators of the draft's CommitWithNym for one committed message and one
 * nym; `ρ` a blinding derived, like `n`, from the wallet's master secret) with a Schnorr proof of
 * knowledge of its opening bound to the person's record id. The authority keeps `E` in its own
 * store.
 *
 * At every issuance the wallet sends, with the draft's `commitment_with_proof` to
 * `C = s·Q2 + m·J1 + n·J2`, a proof of knowledge of `(s, m, n, ρ)` with
 * `C = s·Q2 + m·J1 + n·J2` and `E = n·J2 + ρ·Q2`: the same `n` in both (one response for it).
 * The authority signs only a commitment whose nym is the enrolled one.
 */

/** The number of scalars committed at issuance: the holder secret and one prover nym. */
export const COMMITTED_COUNT = 2;
/** Length of the draft's commitment_with_proof for {@link COMMITTED_COUNT} scalars. */
export const COMMITMENT_LEN = 48 + 32 * (COMMITTED_COUNT + 2);
/** Length of the enrolment binding: E ‖ c ‖ n^ ‖ ρ^. */
export const ENROLMENT_LEN = 48 + 3 * 32;
/** Length of the issuance nym proof: c ‖ s^ ‖ m^ ‖ n^ ‖ ρ^. */
export const NYM_PROOF_LEN = 5 * 32;
/** Length of an issuance request: commitment_with_proof ‖ nym proof. */
export const ISSUANCE_REQUEST_LEN = COMMITMENT_LEN + NYM_PROOF_LEN;

const ENROL_DST = 'realdid/unlinkable/v1/nym-enrolment';
const EQUAL_DST = 'realdid/unlinkable/v1/nym-equality';

let gens: { Q2: G1Point; J1: G1Point; J2: G1Point } | undefined;
function generators(): { Q2: G1Point; J1: G1Point; J2: G1Point } {
  if (gens === undefined) {
    const [Q2, J1, J2] = nymCommitmentGenerators(COMMITTED_COUNT).map((b) => G1.fromBytes(b));
    gens = { Q2: Q2!, J1: J1!, J2: J2! };
  }
  return gens;
}

const bytesOf = (...points: G1Point[]) => points.map((p) => p.toBytes(true));

function bigintOf(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** The wallet's secrets behind the binding: the prover nym n and the commitment blinding ρ. */
export interface NymOpening {
  nym: bigint;
  rho: bigint;
}

/** E = n·J2 + ρ·Q2. */
export function nymCommitment(o: NymOpening): G1Point {
  const { Q2, J2 } = generators();
  return mul(J2, o.nym).add(mul(Q2, o.rho));
}

function enrolChallenge(recordId: string, E: G1Point, T: G1Point): bigint {
  const { Q2, J2 } = generators();
  return hashToScalar(ENROL_DST, utf8(recordId), ...bytesOf(Q2, J2, E, T));
}

/** The wallet's enrolment binding for `recordId`: E and a proof of knowledge of its opening. */
export function proveEnrolment(o: NymOpening, recordId: string): Uint8Array {
  const { Q2, J2 } = generators();
  const E = nymCommitment(o);
  const nT = randomScalar();
  const rT = randomScalar();
  const c = enrolChallenge(recordId, E, J2.multiply(nT).add(Q2.multiply(rT)));
  return concat(
    E.toBytes(true),
    scalarBytes(c),
    scalarBytes(mod(nT + c * o.nym)),
    scalarBytes(mod(rT + c * o.rho)),
  );
}

/** The commitment E of a valid enrolment binding for `recordId`, or undefined. */
export function verifyEnrolment(bytes: Uint8Array, recordId: string): G1Point | undefined {
  if (bytes.length !== ENROLMENT_LEN) return undefined;
  const E = decodePoint(bytes.subarray(0, 48));
  const c = decodeScalar(bytes.subarray(48, 80));
  const nHat = decodeScalar(bytes.subarray(80, 112));
  const rHat = decodeScalar(bytes.subarray(112, 144));
  if (E === undefined || c === undefined || nHat === undefined || rHat === undefined) return undefined;
  const { Q2, J2 } = generators();
  const T = mulPublic(J2, nHat).add(mulPublic(Q2, rHat)).subtract(mulPublic(E, c));
  return enrolChallenge(recordId, E, T) === c ? E : undefined;
}

function equalChallenge(C: G1Point, E: G1Point, TC: G1Point, TE: G1Point): bigint {
  const { Q2, J1, J2 } = generators();
  return hashToScalar(EQUAL_DST, ...bytesOf(Q2, J1, J2, C, E, TC, TE));
}

/**
 * The issuance request: the draft's `commitment_with_proof` followed by the proof that its nym is
 * the one in E.
 *
 * @param commitmentWithProof - from `commitWithNym` over `[holderSecret]` and `[nym]`
 * @param secretProverBlind - its blind s
 * @param holderSecret - the committed message (its scalar is MapMessageToScalarAsHash of it)
 */
export function proveIssuance(
  o: NymOpening,
  commitmentWithProof: Uint8Array,
  secretProverBlind: Uint8Array,
  holderSecret: Uint8Array,
): Uint8Array {
  if (commitmentWithProof.length !== COMMITMENT_LEN) throw new RangeError('commitmentWithProof: bad length');
  const { Q2, J1, J2 } = generators();
  const C = G1.fromBytes(commitmentWithProof.subarray(0, 48));
  const E = nymCommitment(o);
  const s = bigintOf(secretProverBlind);
  const m = bigintOf(nymMessageToScalar(holderSecret));
  const [sT, mT, nT, rT] = [randomScalar(), randomScalar(), randomScalar(), randomScalar()];
  const TC = Q2.multiply(sT).add(J1.multiply(mT)).add(J2.multiply(nT));
  const TE = J2.multiply(nT).add(Q2.multiply(rT));
  const c = equalChallenge(C, E, TC, TE);
  return concat(
    commitmentWithProof,
    scalarBytes(c),
    scalarBytes(mod(sT + c * s)),
    scalarBytes(mod(mT + c * m)),
    scalarBytes(mod(nT + c * o.nym)),
    scalarBytes(mod(rT + c * o.rho)),
  );
}

/**
 * Checks that the nym committed in an issuance request is the one enrolled as E.
 *
 * @returns the draft's commitment_with_proof (for `blindSignWithNym`, which checks its own proof),
 *   or undefined when the request is malformed or the nym is not the enrolled one
 */
export function verifyIssuance(request: Uint8Array, E: G1Point): Uint8Array | undefined {
  if (request.length !== ISSUANCE_REQUEST_LEN) return undefined;
  const C = decodePoint(request.subarray(0, 48));
  const scalars: bigint[] = [];
  for (let off = COMMITMENT_LEN; off < ISSUANCE_REQUEST_LEN; off += 32) {
    const s = decodeScalar(request.subarray(off, off + 32));
    if (s === undefined) return undefined;
    scalars.push(s);
  }
  if (C === undefined) return undefined;
  const [c, sHat, mHat, nHat, rHat] = scalars as [bigint, bigint, bigint, bigint, bigint];
  const { Q2, J1, J2 } = generators();
  const TC = mulPublic(Q2, sHat).add(mulPublic(J1, mHat)).add(mulPublic(J2, nHat)).subtract(mulPublic(C, c));
  const TE = mulPublic(J2, nHat).add(mulPublic(Q2, rHat)).subtract(mulPublic(E, c));
  if (equalChallenge(C, E, TC, TE) !== c) return undefined;
  return request.slice(0, COMMITMENT_LEN);
}
