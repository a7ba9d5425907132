import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { lengthPrefixed, utf8 } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import type { GroupPoint, TraceGroup } from '../internal/group.js';

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

/** BLS12-381 G1 as a trace group (scalars big-endian, points compressed). */
export const BLS12_381_G1: TraceGroup = {
  name: 'bls12-381-g1',
  order: R,
  G: G as unknown as GroupPoint,
  ZERO: G1.ZERO as unknown as GroupPoint,
  pointLength: 48,
  dst: (label) => `${label}/bls12-381-g1`,
  mod,
  invert: inv,
  mul: (p, s) => mul(p as unknown as G1Point, s) as unknown as GroupPoint,
  randomScalar,
  hashToScalar: (dst, msg) => hashToScalar(dst, msg),
  scalarToBytes: scalarBytes,
  scalarFromBytes(b, what) {
    const s = b instanceof Uint8Array ? decodeScalar(b) : undefined;
    if (s === undefined)
      throw fail('ERR_TRACE_MALFORMED', `${what}: expected a 32-byte scalar below the group order`);
    return s;
  },
  scalarFromOkm(okm) {
    const s = toBigint(okm) % R;
    return s === 0n ? 1n : s;
  },
  pointFromBytes(b, what, allowIdentity = false) {
    if (!(b instanceof Uint8Array) || b.length !== 48)
      throw fail('ERR_TRACE_MALFORMED', `${what}: expected a 48-byte compressed G1 point`);
    let p: G1Point;
    try {
      p = G1.fromBytes(b);
    } catch (cause) {
      throw fail('ERR_TRACE_MALFORMED', `${what}: not a point of the G1 subgroup`, undefined, cause);
    }
    if (!allowIdentity && p.is0())
      throw fail('ERR_TRACE_MALFORMED', `${what}: the identity element is not allowed`);
    return p as unknown as GroupPoint;
  },
};
