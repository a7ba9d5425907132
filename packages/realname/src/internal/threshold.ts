/**
 * Threshold ElGamal, group-generic: Shamir sharing with Feldman commitments, partial decryptions
 * with Chaum–Pedersen DLEQ proofs (Fiat–Shamir), and Lagrange combination in the exponent, over a
 * {@link TraceGroup} (ristretto255 for the SD-JWT mode's committee, BLS12-381 G1 for the unlinkable
 * mode's). The ristretto255 hybrid token (ElGamal KEM + HKDF-SHA-256 + XChaCha20-Poly1305) is here
 * too. Pure functions; the classes in `src/trace/` add identities, signatures and the ledger audit
 * trail.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@realdid/crypto';
import { concat, lengthPrefixed, utf8 } from './bytes.js';
import { fail } from './errors.js';
import {
  G,
  type GroupPoint,
  type Point,
  pointFromBytes,
  RISTRETTO255,
  randomScalar,
  type TraceGroup,
} from './group.js';

/** Version byte of the trace token encoding. */
export const TOKEN_VERSION = 0x01;
const KEY_INFO = 'realdid/trace/v1/aead-key';
const AAD_LABEL = 'realdid/trace/v1/aad';
const DLEQ_DST = 'realdid/trace/v1/dleq';
const ZERO_NONCE = new Uint8Array(24);

/** Output of the dealer. */
export interface Dealt<P = GroupPoint> {
  /** Shares x_i = f(i) for i = 1..n. */
  shares: bigint[];
  /** Feldman commitments A_j = a_j·G, j = 0..k-1; A_0 is the committee public key. */
  commitments: P[];
}

/** Deals a random secret into n shares with threshold k. The secret itself is not returned. */
export function deal(k: number, n: number): Dealt<Point>;
export function deal(k: number, n: number, group: TraceGroup): Dealt;
export function deal(k: number, n: number, group: TraceGroup = RISTRETTO255): Dealt {
  const coeffs: bigint[] = [];
  for (let j = 0; j < k; j++) coeffs.push(group.randomScalar());
  const shares: bigint[] = [];
  for (let i = 1; i <= n; i++) shares.push(evalPoly(coeffs, BigInt(i), group));
  const commitments = coeffs.map((a) => group.G.multiply(a));
  coeffs.fill(0n);
  return { shares, commitments };
}

/** Evaluates a polynomial (coefficients low to high) at x modulo the order (Horner). */
export function evalPoly(coeffs: readonly bigint[], x: bigint, group: TraceGroup = RISTRETTO255): bigint {
  let acc = 0n;
  for (let j = coeffs.length - 1; j >= 0; j--) acc = group.mod(acc * x + coeffs[j]!);
  return acc;
}

/** The public share Y_i = Σ_j A_j·i^j implied by the Feldman commitments. */
export function publicShareFromCommitments<P extends GroupPoint>(
  commitments: readonly P[],
  index: number,
  group: TraceGroup = RISTRETTO255,
): P {
  const x = BigInt(index);
  let acc: GroupPoint = commitments[commitments.length - 1]!;
  for (let j = commitments.length - 2; j >= 0; j--) acc = group.mul(acc, x).add(commitments[j]!);
  return acc as P;
}

/** Feldman check: x_i·G equals the public share implied by the commitments. */
export function verifyShare(
  commitments: readonly GroupPoint[],
  index: number,
  share: bigint,
  group: TraceGroup = RISTRETTO255,
): boolean {
  if (share <= 0n || share >= group.order) return false;
  return group.G.multiply(share).equals(publicShareFromCommitments(commitments, index, group));
}

/** Lagrange coefficient at 0 of index i over the set of indices. */
export function lagrangeAtZero(
  i: number,
  indices: readonly number[],
  group: TraceGroup = RISTRETTO255,
): bigint {
  let num = 1n;
  let den = 1n;
  const bi = BigInt(i);
  for (const j of indices) {
    if (j === i) continue;
    const bj = BigInt(j);
    num = group.mod(num * bj);
    den = group.mod(den * (bj - bi));
  }
  return group.mod(num * group.invert(den));
}

function aad(committeeId: string, context: Uint8Array): Uint8Array {
  return lengthPrefixed(utf8(AAD_LABEL), utf8(committeeId), context);
}

function kemKey(shared: Point, c1: Point, publicKey: Point, committeeId: string): Uint8Array {
  return hkdf(
    'sha-256',
    shared.toBytes(),
    concat(c1.toBytes(), publicKey.toBytes()),
    lengthPrefixed(utf8(KEY_INFO), utf8(committeeId)),
    32,
  );
}

/**
 * Encrypts a handle to the committee key. Token bytes: version ‖ C1 (32) ‖ AEAD ciphertext.
 * The AEAD key is fresh for every token (derived from r·Y), so a fixed nonce is safe.
 */
export function encrypt(
  publicKey: Point,
  committeeId: string,
  handle: Uint8Array,
  context: Uint8Array,
): Uint8Array {
  const r = randomScalar();
  const c1 = G.multiply(r);
  const key = kemKey(publicKey.multiply(r), c1, publicKey, committeeId);
  const ct = xchacha20poly1305(key, ZERO_NONCE, aad(committeeId, context)).encrypt(handle);
  key.fill(0);
  return concat(Uint8Array.of(TOKEN_VERSION), c1.toBytes(), ct);
}

/** Parsed trace token. */
export interface ParsedToken {
  c1: Point;
  ciphertext: Uint8Array;
}

/** Parses token bytes; coded error when malformed. */
export function parseToken(token: Uint8Array): ParsedToken {
  if (token.length < 1 + 32 + 16 + 1 || token.length > 1 + 32 + 16 + 1024) {
    throw fail('ERR_TRACE_MALFORMED', `trace token: unexpected length ${token.length}`);
  }
  if (token[0] !== TOKEN_VERSION)
    throw fail('ERR_TRACE_MALFORMED', `trace token: unknown version ${token[0]}`);
  return { c1: pointFromBytes(token.subarray(1, 33), 'trace token C1'), ciphertext: token.slice(33) };
}

/** Decrypts with the combined shared point K = x·C1; coded error when the AEAD check fails. */
export function decryptWithShared(
  shared: Point,
  parsed: ParsedToken,
  publicKey: Point,
  committeeId: string,
  context: Uint8Array,
): Uint8Array {
  const key = kemKey(shared, parsed.c1, publicKey, committeeId);
  try {
    return xchacha20poly1305(key, ZERO_NONCE, aad(committeeId, context)).decrypt(parsed.ciphertext);
  } catch (cause) {
    throw fail(
      'ERR_TRACE_DECRYPT_FAILED',
      'trace token did not decrypt: wrong context, wrong committee or tampered token',
      undefined,
      cause,
    );
  } finally {
    key.fill(0);
  }
}

/** A Chaum–Pedersen proof (c, z) that log_G(Y_i) = log_C1(D_i). */
export interface DleqProof {
  c: bigint;
  z: bigint;
}

function dleqChallenge(group: TraceGroup, binding: Uint8Array, points: readonly GroupPoint[]): bigint {
  return hashToScalarIn(group, DLEQ_DST, lengthPrefixed(binding, ...points.map((p) => p.toBytes())));
}

function hashToScalarIn(group: TraceGroup, label: string, msg: Uint8Array): bigint {
  return group.hashToScalar(group.dst(label), msg);
}

/** Computes D_i = x_i·C1 and its DLEQ proof, bound to `binding` (committee, request, trustee). */
export function partialDecrypt<P extends GroupPoint>(
  share: bigint,
  c1: P,
  binding: Uint8Array,
  group: TraceGroup = RISTRETTO255,
): { d: P; proof: DleqProof } {
  const yi = group.G.multiply(share);
  const d = c1.multiply(share);
  const w = group.randomScalar();
  const a1 = group.G.multiply(w);
  const a2 = c1.multiply(w);
  const c = dleqChallenge(group, binding, [group.G, yi, c1, d, a1, a2]);
  const z = group.mod(w + c * share);
  return { d: d as P, proof: { c, z } };
}

/** Verifies a DLEQ proof: recomputes A1 = z·G − c·Y_i, A2 = z·C1 − c·D_i and the challenge. */
export function verifyPartial(
  yi: GroupPoint,
  c1: GroupPoint,
  d: GroupPoint,
  proof: DleqProof,
  binding: Uint8Array,
  group: TraceGroup = RISTRETTO255,
): boolean {
  if (proof.c < 0n || proof.c >= group.order || proof.z < 0n || proof.z >= group.order) return false;
  if (d.is0()) return false;
  const a1 = group.mul(group.G, proof.z).subtract(group.mul(yi, proof.c));
  const a2 = group.mul(c1, proof.z).subtract(group.mul(d, proof.c));
  return dleqChallenge(group, binding, [group.G, yi, c1, d, a1, a2]) === proof.c;
}

/** Encodes a proof as c ‖ z (64 bytes). */
export function proofToBytes(p: DleqProof, group: TraceGroup = RISTRETTO255): Uint8Array {
  return concat(group.scalarToBytes(p.c), group.scalarToBytes(p.z));
}

/** Decodes a 64-byte proof. */
export function proofFromBytes(b: Uint8Array, group: TraceGroup = RISTRETTO255): DleqProof {
  if (b.length !== 64) throw fail('ERR_TRACE_MALFORMED', `DLEQ proof: expected 64 bytes, found ${b.length}`);
  return {
    c: group.scalarFromBytes(b.subarray(0, 32), 'DLEQ proof c'),
    z: group.scalarFromBytes(b.subarray(32), 'DLEQ proof z'),
  };
}

/** Combines partials (index → D_i) by Lagrange interpolation in the exponent: K = Σ λ_i·D_i. */
export function combine<P extends GroupPoint>(
  partials: ReadonlyMap<number, P>,
  group: TraceGroup = RISTRETTO255,
): P {
  const indices = [...partials.keys()];
  let acc: GroupPoint | undefined;
  for (const [i, d] of partials) {
    const term = group.mul(d, lagrangeAtZero(i, indices, group));
    acc = acc === undefined ? term : acc.add(term);
  }
  if (acc === undefined) throw new RangeError('combine: no partials');
  return acc as P;
}
