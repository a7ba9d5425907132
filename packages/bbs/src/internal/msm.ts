import { G1, type G1Point, mod } from './curve.js';

/** Window of the wNAF digits and tables used by {@link msm}. */
const W = 5;
const TABLE_SIZE = 1 << (W - 2); // odd multiples P, 3P, …, (2^(W-1) - 1)P
const WINDOW = BigInt(1 << W);
const HALF = WINDOW >> 1n;
const MASK = WINDOW - 1n;

/** Odd multiples P, 3P, 5P, … of a point: the table one wNAF digit indexes. */
export type OddMultiples = readonly G1Point[];

const tableCache = new WeakMap<G1Point, OddMultiples>();

/** The odd-multiples table of a point (kept for long-lived points: generators, P1). */
export function oddMultiples(P: G1Point, keep = false): OddMultiples {
  const hit = tableCache.get(P);
  if (hit !== undefined) return hit;
  const out: G1Point[] = [P];
  const P2 = P.double();
  for (let i = 1; i < TABLE_SIZE; i++) out.push(out[i - 1]!.add(P2));
  if (keep) tableCache.set(P, out);
  return out;
}

/** The width-W non-adjacent form of k, least significant digit first. */
function wnaf(k: bigint): Int8Array {
  const digits = new Int8Array(256 + 1);
  let i = 0;
  while (k > 0n) {
    if (k & 1n) {
      let d = k & MASK;
      if (d >= HALF) d -= WINDOW;
      digits[i] = Number(d);
      k -= d;
    }
    k >>= 1n;
    i++;
  }
  return digits;
}

/**
 * Variable-time multi-scalar multiplication sum(points[i] * scalars[i]) by interleaved wNAF
 * (Möller): one shared chain of doublings for all terms, and one table addition per non-zero
 * digit. Tables of cached generators are made once. Only for public values (verifier side).
 */
export function msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  const tables: OddMultiples[] = [];
  const digits: Int8Array[] = [];
  let top = 0;
  for (let j = 0; j < points.length; j++) {
    const s = mod(scalars[j]!);
    if (s === 0n) continue;
    const d = wnaf(s);
    let len = d.length;
    while (len > 0 && d[len - 1] === 0) len--;
    if (len > top) top = len;
    tables.push(oddMultiples(points[j]!));
    digits.push(d);
  }
  let acc = G1.ZERO;
  for (let i = top - 1; i >= 0; i--) {
    acc = acc.double();
    for (let j = 0; j < digits.length; j++) {
      const d = digits[j]![i]!;
      if (d > 0) acc = acc.add(tables[j]![(d - 1) >> 1]!);
      else if (d < 0) acc = acc.subtract(tables[j]![(-d - 1) >> 1]!);
    }
  }
  return acc;
}

/**
 * Constant-time sum(points[i] * scalars[i]) for secret scalars (signer and prover side): one
 * `multiply` per term, which walks the same fixed-window ladder whatever the scalar; cached
 * generators carry precomputed fixed-base tables, which makes those terms cheap.
 */
export function sumOfProducts(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  let acc = G1.ZERO;
  for (let i = 0; i < points.length; i++) {
    const s = mod(scalars[i]!);
    if (s !== 0n) acc = acc.add(points[i]!.multiply(s));
  }
  return acc;
}
