import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { lengthPrefixed, utf8 } from '../internal/bytes.js';

/** BLS12-381 G1, the group of BBS proofs, pseudonyms and the unlinkable trace token. */
export const G1 = bls12_381.G1.Point;
export type G1Point = InstanceType<typeof G1>;
/** The order r of G1. */
export const R = bls12_381.fields.Fr.ORDER;
/** The ElGamal generator: the standard G1 base point. */
export const G: G1Point = G1.BASE;

/** a mod r in [0, r-1]. */
export function mod(a: bigint): bigint {
  const m = a % R;
  return m < 0n ? m + R : m;
}

function toBigint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** A uniformly random scalar in [1, r-1] (64 CSPRNG bytes reduced mod r). */
export function randomScalar(): bigint {
  for (;;) {
    const s = toBigint(randomBytes(64)) % R;
    if (s !== 0n) return s;
  }
}

/** A domain-separated hash to a scalar: SHA-512 of the length-prefixed domain and parts, mod r. */
export function hashToScalar(domain: string, ...parts: readonly Uint8Array[]): bigint {
  return toBigint(sha512(lengthPrefixed(utf8(domain), ...parts))) % R;
}

/** 32 big-endian bytes of a scalar. */
export function scalarBytes(s: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = s;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A 32-byte scalar in [0, r-1], or undefined. */
export function decodeScalar(bytes: Uint8Array): bigint | undefined {
  if (bytes.length !== 32) return undefined;
  const s = toBigint(bytes);
  return s < R ? s : undefined;
}

/** A compressed, valid, non-identity point of the G1 subgroup, or undefined. */
export function decodePoint(bytes: Uint8Array): G1Point | undefined {
  if (bytes.length !== 48) return undefined;
  try {
    const p = G1.fromBytes(bytes);
    return p.is0() ? undefined : p;
  } catch {
    return undefined;
  }
}

/** Multiplies by a scalar that may be 0 (noble's `multiply` refuses 0). */
export function mul(p: G1Point, s: bigint): G1Point {
  const k = mod(s);
  return k === 0n ? G1.ZERO : p.multiply(k);
}

/** The inverse of a non-zero scalar mod r. */
export function inv(a: bigint): bigint {
  return bls12_381.fields.Fr.inv(mod(a));
}

/** Multiplies a public point by a public scalar (variable time; verifier side only). */
export function mulPublic(p: G1Point, s: bigint): G1Point {
  const k = mod(s);
  return k === 0n ? G1.ZERO : p.multiplyUnsafe(k);
}
