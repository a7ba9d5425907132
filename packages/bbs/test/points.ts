import { bls12_381 } from '@noble/curves/bls12-381.js';
import { concatBytes, numberToBytesBE } from '@noble/curves/utils.js';

const { Fp, Fp2 } = bls12_381.fields;

/** The compressed encoding of the identity (point at infinity) of G1 (48 bytes) or G2 (96 bytes). */
export function identity(len: 48 | 96): Uint8Array {
  const out = new Uint8Array(len);
  out[0] = 0xc0;
  return out;
}

/** A compressed G1 point on the curve y^2 = x^3 + 4 but outside the prime-order subgroup. */
export function g1OutsideSubgroup(): Uint8Array {
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.pow(x, 3n), 4n);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      continue;
    }
    const P = new bls12_381.G1.Point(x, y, 1n);
    if (P.isTorsionFree()) continue;
    const out = numberToBytesBE(x, 48);
    out[0] = (out[0] as number) | 0x80;
    return out;
  }
}

/** A compressed G2 point on the twist y^2 = x^3 + 4(1 + i) but outside the prime-order subgroup. */
export function g2OutsideSubgroup(): Uint8Array {
  const b = Fp2.fromBigTuple([4n, 4n]);
  for (let k = 1n; ; k++) {
    const x = Fp2.fromBigTuple([k, 0n]);
    const rhs = Fp2.add(Fp2.pow(x, 3n), b);
    let y: ReturnType<typeof Fp2.sqrt>;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue;
    }
    const P = new bls12_381.G2.Point(x, y, Fp2.ONE);
    if (P.isTorsionFree()) continue;
    const out = concatBytes(numberToBytesBE(0n, 48), numberToBytesBE(k, 48));
    out[0] = (out[0] as number) | 0x80;
    return out;
  }
}

/** 48 bytes with the compression flag whose x has no point on the G1 curve. */
export function g1NotOnCurve(): Uint8Array {
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.pow(x, 3n), 4n);
    try {
      Fp.sqrt(rhs);
    } catch {
      const out = numberToBytesBE(x, 48);
      out[0] = (out[0] as number) | 0x80;
      return out;
    }
  }
}
