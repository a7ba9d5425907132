/**
 * The ristretto255 prime-order group (RFC 9496) and arithmetic modulo its order, on
 * `@noble/curves`.
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { randomBytes } from '@realdid/crypto';
import { fail } from './errors.js';

/** The ristretto255 point class. */
export const Point: typeof ristretto255.Point = ristretto255.Point;
/** A ristretto255 group element. */
export type Point = InstanceType<typeof ristretto255.Point>;
/** The group order ℓ = 2^252 + 27742317777372353535851937790883648493. */
export const ORDER: bigint = Point.Fn.ORDER;
/** The generator. */
export const G: Point = Point.BASE;

/** Reduces modulo the group order into [0, ℓ). */
export function mod(a: bigint): bigint {
  const r = a % ORDER;
  return r >= 0n ? r : r + ORDER;
}

function bytesToNumberLE(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/** A uniformly random non-zero scalar (64 random bytes reduced: bias < 2^-250). */
export function randomScalar(): bigint {
  for (;;) {
    const s = mod(bytesToNumberLE(randomBytes(64)));
    if (s !== 0n) return s;
  }
}

/** Multiplicative inverse modulo the group order. */
export function invert(a: bigint): bigint {
  return Point.Fn.inv(mod(a));
}

/** s·P, accepting 0 (gives the identity). */
export function mul(p: Point, s: bigint): Point {
  const r = mod(s);
  return r === 0n ? Point.ZERO : p.multiply(r);
}

/** 32-byte little-endian encoding of a scalar. */
export function scalarToBytes(s: bigint): Uint8Array {
  return Point.Fn.toBytes(mod(s));
}

/** Decodes a canonical 32-byte little-endian scalar; coded error when malformed. */
export function scalarFromBytes(b: Uint8Array, what: string): bigint {
  if (!(b instanceof Uint8Array) || b.length !== 32) {
    throw fail('ERR_TRACE_MALFORMED', `${what}: expected a 32-byte scalar`);
  }
  const n = bytesToNumberLE(b);
  if (n >= ORDER) throw fail('ERR_TRACE_MALFORMED', `${what}: scalar is not reduced modulo the group order`);
  return n;
}

/** Decodes a canonical ristretto255 element; the identity is refused unless allowed. */
export function pointFromBytes(b: Uint8Array, what: string, allowIdentity = false): Point {
  if (!(b instanceof Uint8Array) || b.length !== 32) {
    throw fail('ERR_TRACE_MALFORMED', `${what}: expected a 32-byte ristretto255 element`);
  }
  let p: Point;
  try {
    p = Point.fromBytes(b);
  } catch (cause) {
    throw fail('ERR_TRACE_MALFORMED', `${what}: not a canonical ristretto255 encoding`, undefined, cause);
  }
  if (!allowIdentity && p.is0())
    throw fail('ERR_TRACE_MALFORMED', `${what}: the identity element is not allowed`);
  return p;
}

/** Hashes a message to a scalar (RFC 9380 expand_message_xmd with SHA-512, domain-separated). */
export function hashToScalar(dst: string, msg: Uint8Array): bigint {
  return ristretto255_hasher.hashToScalar(msg, { DST: dst });
}

/**
 * A prime-order group as the trace procedure (threshold ElGamal, Chaum–Pedersen, request blinding,
 * sealing) uses it. Two instances: ristretto255 (the SD-JWT mode's committee) and
 * `BLS12_381_G1` in `unlinkable/g1.ts` (the unlinkable mode's, the group of its trace token).
 */
export interface GroupPoint {
  add(other: GroupPoint): GroupPoint;
  subtract(other: GroupPoint): GroupPoint;
  /** Multiplication by a scalar in [1, order − 1]. */
  multiply(scalar: bigint): GroupPoint;
  equals(other: GroupPoint): boolean;
  is0(): boolean;
  /** The canonical (for G1: compressed) encoding. */
  toBytes(): Uint8Array;
}

/** The operations of one group; every trace function takes one. */
export interface TraceGroup {
  readonly name: 'ristretto255' | 'bls12-381-g1';
  readonly order: bigint;
  readonly G: GroupPoint;
  readonly ZERO: GroupPoint;
  /** Byte length of an encoded element. */
  readonly pointLength: number;
  /** The domain-separation tag of a label in this group (ristretto255 keeps the label as it was). */
  dst(label: string): string;
  mod(a: bigint): bigint;
  invert(a: bigint): bigint;
  /** s·P, accepting 0. */
  mul(p: GroupPoint, s: bigint): GroupPoint;
  randomScalar(): bigint;
  hashToScalar(dst: string, msg: Uint8Array): bigint;
  scalarToBytes(s: bigint): Uint8Array;
  /** A canonical 32-byte scalar; `ERR_TRACE_MALFORMED` otherwise. */
  scalarFromBytes(b: Uint8Array, what: string): bigint;
  /** Reduces uniform key material (≥ 48 bytes) to a non-zero scalar. */
  scalarFromOkm(okm: Uint8Array): bigint;
  /** A canonical element; `ERR_TRACE_MALFORMED` otherwise, and for the identity unless allowed. */
  pointFromBytes(b: Uint8Array, what: string, allowIdentity?: boolean): GroupPoint;
}

/** ristretto255 as a {@link TraceGroup} (scalars little-endian). */
export const RISTRETTO255: TraceGroup = {
  name: 'ristretto255',
  order: ORDER,
  G: G as unknown as GroupPoint,
  ZERO: Point.ZERO as unknown as GroupPoint,
  pointLength: 32,
  dst: (label) => label,
  mod,
  invert,
  mul: (p, s) => mul(p as unknown as Point, s) as unknown as GroupPoint,
  randomScalar,
  hashToScalar,
  scalarToBytes,
  scalarFromBytes,
  scalarFromOkm(okm) {
    const s = mod(bytesToNumberLE(okm));
    return s === 0n ? 1n : s;
  },
  pointFromBytes: (b, what, allowIdentity) => pointFromBytes(b, what, allowIdentity) as unknown as GroupPoint,
};
