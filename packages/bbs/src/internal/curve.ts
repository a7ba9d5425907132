import { bls12_381 } from '@noble/curves/bls12-381.js';

/** The BLS12-381 pieces every BBS operation uses. */
export const G1 = bls12_381.G1.Point;
export const G2 = bls12_381.G2.Point;
export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;
export const Fr = bls12_381.fields.Fr;
export const Fp = bls12_381.fields.Fp;
export const Fp12 = bls12_381.fields.Fp12;
/** The order r of G1, G2 and GT. */
export const R = Fr.ORDER;
/** Lengths of the draft's encodings: compressed G1 and G2 points, scalars. */
export const POINT_LEN = 48;
export const G2_POINT_LEN = 96;
export const SCALAR_LEN = 32;
/** expand_len: ceil((ceil(log2(r)) + k) / 8) with k = 128. */
export const EXPAND_LEN = 48;
export { bls12_381 };

/** a mod r, always in [0, r-1]. */
export function mod(a: bigint): bigint {
  const m = a % R;
  return m < 0n ? m + R : m;
}
