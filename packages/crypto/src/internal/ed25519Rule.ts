/**
 * The one Ed25519 verification rule of the SDK, shared by both backends (docs/crypto.md,
 * "Ed25519 verification rule"). A signature (R, S) on message M under public key A is accepted
 * only when all of these hold:
 *
 * 1. A and R are canonical encodings: y < p, and the sign bit is clear when x = 0;
 * 2. neither A nor R is a point of small order (one of the 8 points of the torsion subgroup);
 * 3. S < L (the order of the base point);
 * 4. the cofactorless equation [S]B = R + [k]A holds, k = SHA-512(R ‖ A ‖ M) mod L.
 *
 * Rules 1–3 are cheap byte comparisons run before any curve arithmetic. This file holds them; the
 * node backend runs them before OpenSSL (whose equation is cofactorless), the noble backend before
 * its own cofactorless equation.
 */

/** Canonical encodings of the 8 points of small order (the only small-order encodings rule 1 lets through). */
const SMALL_ORDER_HEX = [
  '0100000000000000000000000000000000000000000000000000000000000000', // identity (order 1)
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // (0, -1), order 2
  '0000000000000000000000000000000000000000000000000000000000000000', // (sqrt(-1), 0), order 4
  '0000000000000000000000000000000000000000000000000000000000000080', // (-sqrt(-1), 0), order 4
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
];

function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The canonical encodings of the small-order points (exported for tests). */
export const SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = Object.freeze(SMALL_ORDER_HEX.map(fromHex));

/** p = 2^255 - 19, little-endian. */
const P_LE = fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
/** L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L_LE = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/** a < b for two 32-byte little-endian numbers (the top bit of `a[31]` masked off when `mask`). */
function lessThanLE(a: Uint8Array, offset: number, b: Uint8Array, mask: boolean): boolean {
  for (let i = 31; i >= 0; i--) {
    let x = a[offset + i] as number;
    if (mask && i === 31) x &= 0x7f;
    const y = b[i] as number;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * Rule 1 for the 32 bytes at `offset`: y < p, and not x = 0 with the sign bit set (x = 0 only for
 * y = 1 and y = p - 1). Does not check that the point is on the curve (decoding does).
 */
export function isCanonicalPointEncoding(bytes: Uint8Array, offset = 0): boolean {
  if (!lessThanLE(bytes, offset, P_LE, true)) return false;
  if (((bytes[offset + 31] as number) & 0x80) === 0) return true;
  // sign bit set: reject y = 1 and y = p - 1
  let isOne = bytes[offset] === 1;
  let isPm1 = bytes[offset] === 0xec;
  for (let i = 1; i < 32 && (isOne || isPm1); i++) {
    const v = i === 31 ? (bytes[offset + i] as number) & 0x7f : (bytes[offset + i] as number);
    isOne &&= v === 0;
    isPm1 &&= v === (i === 31 ? 0x7f : 0xff);
  }
  return !isOne && !isPm1;
}

/** Rule 2 for a canonical encoding at `offset`: whether it is one of the 8 small-order points. */
export function isSmallOrderEncoding(bytes: Uint8Array, offset = 0): boolean {
  outer: for (const e of SMALL_ORDER_ENCODINGS) {
    for (let i = 0; i < 32; i++) if (bytes[offset + i] !== e[i]) continue outer;
    return true;
  }
  return false;
}

/** Rules 1 and 2 for a public key: 32 bytes, canonical, not of small order. */
export function isAcceptableEd25519PublicKey(publicKey: Uint8Array): boolean {
  return publicKey.length === 32 && isCanonicalPointEncoding(publicKey) && !isSmallOrderEncoding(publicKey);
}

/** Rules 1–3 for a signature: 64 bytes, R canonical and not of small order, S < L. */
export function isAcceptableEd25519Signature(signature: Uint8Array): boolean {
  return (
    signature.length === 64 &&
    isCanonicalPointEncoding(signature, 0) &&
    !isSmallOrderEncoding(signature, 0) &&
    lessThanLE(signature, 32, L_LE, false)
  );
}
