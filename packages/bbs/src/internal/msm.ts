import { pippenger } from '@noble/curves/abstract/curve.js';
import { G1, type G1Point, mod } from './curve.js';

/**
 * Variable-time multi-scalar multiplication sum(points[i] * scalars[i]) for public values only
 * (verifier side). Scalars are reduced mod r first.
 */
export function msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  return pippenger(G1, [...points], scalars.map(mod));
}

/**
 * Constant-time sum(points[i] * scalars[i]) for secret scalars (signer and prover side): one
 * `multiply` per term, which walks the same fixed-window ladder whatever the scalar; cached
 * generators carry precomputed tables, which makes those terms cheap.
 */
export function sumOfProducts(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  let acc = G1.ZERO;
  for (let i = 0; i < points.length; i++) {
    const s = mod(scalars[i]!);
    if (s !== 0n) acc = acc.add(points[i]!.multiply(s));
  }
  return acc;
}
