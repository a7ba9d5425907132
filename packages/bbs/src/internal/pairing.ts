import { bls12_381, Fp12, type G1Point, G2, type G2Point } from './curve.js';

type Precompute = ReturnType<typeof bls12_381.utils.calcPairingPrecomputes>;

let bp2Lines: Precompute | undefined;
const lineCache = new WeakMap<G2Point, Precompute>();

function lines(Q: G2Point): Precompute {
  if (Q === G2.BASE) {
    bp2Lines ??= bls12_381.utils.calcPairingPrecomputes(G2.BASE);
    return bp2Lines;
  }
  let l = lineCache.get(Q);
  if (l === undefined) {
    l = bls12_381.utils.calcPairingPrecomputes(Q);
    lineCache.set(Q, l);
  }
  return l;
}

/**
 * Tells whether e(P1, Q1) * e(P2, BP2) is the identity of GT: one Miller loop over both pairs and
 * one shared final exponentiation, with the line coefficients of BP2 (and of each decoded public
 * key) computed once. A G1 input that is the identity makes the product e(P1, Q1) alone, which is
 * the identity only when P1 or Q1 is; callers never pass an identity P1 or Q1, so it is refused.
 */
export function pairingProductIsOne(P1: G1Point, Q1: G2Point, P2: G1Point): boolean {
  if (P1.is0() || P2.is0() || Q1.is0()) return false;
  const a = P1.toAffine();
  const b = P2.toAffine();
  const f = bls12_381.millerLoopBatch([
    [lines(Q1), a.x, a.y],
    [lines(G2.BASE), b.x, b.y],
  ]);
  return Fp12.eql(Fp12.finalExponentiate(f), Fp12.ONE);
}
