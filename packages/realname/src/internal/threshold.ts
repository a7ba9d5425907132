/**
 * Threshold ElGamal on ristretto255: Shamir sharing with Feldman commitments, hybrid encryption
 * (ElGamal KEM + HKDF-SHA-256 + XChaCha20-Poly1305), partial decryptions with Chaum–Pedersen DLEQ
 * proofs (Fiat–Shamir), and Lagrange combination in the exponent. Pure functions; the classes in
 * `src/trace/` add identities, signatures and the ledger audit trail.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@realdid/crypto';
import { concat, lengthPrefixed, utf8 } from './bytes.js';
import { fail } from './errors.js';
import {
  G,
  hashToScalar,
  invert,
  mod,
  mul,
  ORDER,
  type Point,
  pointFromBytes,
  randomScalar,
  scalarFromBytes,
  scalarToBytes,
} from './group.js';

/** Version byte of the trace token encoding. */
export const TOKEN_VERSION = 0x01;
const KEY_INFO = 'realdid/trace/v1/aead-key';
const AAD_LABEL = 'realdid/trace/v1/aad';
const DLEQ_DST = 'realdid/trace/v1/dleq';
const ZERO_NONCE = new Uint8Array(24);

/** Output of the dealer. */
export interface Dealt {
  /** Shares x_i = f(i) for i = 1..n. */
  shares: bigint[];
  /** Feldman commitments A_j = a_j·G, j = 0..k-1; A_0 is the committee public key. */
  commitments: Point[];
}

/** Deals a random secret into n shares with threshold k. The secret itself is not returned. */
export function deal(k: number, n: number): Dealt {
  const coeffs: bigint[] = [];
  for (let j = 0; j < k; j++) coeffs.push(randomScalar());
  const shares: bigint[] = [];
  for (let i = 1; i <= n; i++) shares.push(evalPoly(coeffs, BigInt(i)));
  const commitments = coeffs.map((a) => G.multiply(a));
  coeffs.fill(0n);
  return { shares, commitments };
}

/** Evaluates a polynomial (coefficients low to high) at x modulo the order (Horner). */
export function evalPoly(coeffs: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let j = coeffs.length - 1; j >= 0; j--) acc = mod(acc * x + coeffs[j]!);
  return acc;
}

/** The public share Y_i = Σ_j A_j·i^j implied by the Feldman commitments. */
export function publicShareFromCommitments(commitments: readonly Point[], index: number): Point {
  const x = BigInt(index);
  let acc = commitments[commitments.length - 1]!;
  for (let j = commitments.length - 2; j >= 0; j--) acc = mul(acc, x).add(commitments[j]!);
  return acc;
}

/** Feldman check: x_i·G equals the public share implied by the commitments. */
export function verifyShare(commitments: readonly Point[], index: number, share: bigint): boolean {
  if (share <= 0n || share >= ORDER) return false;
  return G.multiply(share).equals(publicShareFromCommitments(commitments, index));
}

/** Lagrange coefficient at 0 of index i over the set of indices. */
export function lagrangeAtZero(i: number, indices: readonly number[]): bigint {
  let num = 1n;
  let den = 1n;
  const bi = BigInt(i);
  for (const j of indices) {
    if (j === i) continue;
    const bj = BigInt(j);
    num = mod(num * bj);
    den = mod(den * (bj - bi));
  }
  return mod(num * invert(den));
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

function dleqChallenge(binding: Uint8Array, yi: Point, c1: Point, di: Point, a1: Point, a2: Point): bigint {
  return hashToScalar(
    DLEQ_DST,
    lengthPrefixed(
      binding,
      G.toBytes(),
      yi.toBytes(),
      c1.toBytes(),
      di.toBytes(),
      a1.toBytes(),
      a2.toBytes(),
    ),
  );
}

/** Computes D_i = x_i·C1 and its DLEQ proof, bound to `binding` (committee, request, trustee). */
export function partialDecrypt(
  share: bigint,
  c1: Point,
  binding: Uint8Array,
): { d: Point; proof: DleqProof } {
  const yi = G.multiply(share);
  const d = c1.multiply(share);
  const w = randomScalar();
  const a1 = G.multiply(w);
  const a2 = c1.multiply(w);
  const c = dleqChallenge(binding, yi, c1, d, a1, a2);
  const z = mod(w + c * share);
  return { d, proof: { c, z } };
}

/** Verifies a DLEQ proof: recomputes A1 = z·G − c·Y_i, A2 = z·C1 − c·D_i and the challenge. */
export function verifyPartial(
  yi: Point,
  c1: Point,
  d: Point,
  proof: DleqProof,
  binding: Uint8Array,
): boolean {
  if (proof.c < 0n || proof.c >= ORDER || proof.z < 0n || proof.z >= ORDER) return false;
  if (d.is0()) return false;
  const a1 = mul(G, proof.z).subtract(mul(yi, proof.c));
  const a2 = mul(c1, proof.z).subtract(mul(d, proof.c));
  return dleqChallenge(binding, yi, c1, d, a1, a2) === proof.c;
}

/** Encodes a proof as c ‖ z (64 bytes). */
export function proofToBytes(p: DleqProof): Uint8Array {
  return concat(scalarToBytes(p.c), scalarToBytes(p.z));
}

/** Decodes a 64-byte proof. */
export function proofFromBytes(b: Uint8Array): DleqProof {
  if (b.length !== 64) throw fail('ERR_TRACE_MALFORMED', `DLEQ proof: expected 64 bytes, found ${b.length}`);
  return {
    c: scalarFromBytes(b.subarray(0, 32), 'DLEQ proof c'),
    z: scalarFromBytes(b.subarray(32), 'DLEQ proof z'),
  };
}

/** Combines partials (index → D_i) by Lagrange interpolation in the exponent: K = Σ λ_i·D_i. */
export function combine(partials: ReadonlyMap<number, Point>): Point {
  const indices = [...partials.keys()];
  let acc: Point | undefined;
  for (const [i, d] of partials) {
    const term = mul(d, lagrangeAtZero(i, indices));
    acc = acc === undefined ? term : acc.add(term);
  }
  if (acc === undefined) throw new RangeError('combine: no partials');
  return acc;
}
