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
