/**
 * SM2 digital signatures (GB/T 32918.2-2016 = GM/T 0003.2-2012) on `@noble/curves`' short
 * Weierstrass arithmetic. Used by both backends: node:crypto's own SM2 signing cannot set the user
 * ID (an imported key signs with an empty ID, a generated one signs plain ECDSA), so only the SM3
 * hash differs between backends (it is passed in).
 *
 * The functions are generic over the curve, so the tests can also run the standard's examples on
 * its Fp-256 test curve; the SDK's key type `SM2` uses {@link SM2P256V1} (GB/T 32918.5).
 */
import {
  type WeierstrassPoint,
  type WeierstrassPointCons,
  weierstrass,
} from '@noble/curves/abstract/weierstrass.js';
import { createHmacDrbg } from '@noble/curves/utils.js';

/** A hash function on bytes (SM3 in the SDK; the tests also use SHA-256 for Botan's vectors). */
export type HashFn = (data: Uint8Array) => Uint8Array;

/** HMAC of the concatenation of `messages` under `key` (HMAC-SM3 for the nonce DRBG). */
export type HmacFn = (key: Uint8Array, ...messages: Uint8Array[]) => Uint8Array;

/** An SM2 curve: its point constructor, order and the bytes of a ‖ b ‖ xG ‖ yG (for Z_A). */
export interface Sm2Curve {
  readonly Point: WeierstrassPointCons<bigint>;
  readonly n: bigint;
  readonly abG: Uint8Array;
}

/** The curve parameters of an SM2 curve (big-endian 32-byte values). */
export interface Sm2CurveParams {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  Gx: bigint;
  Gy: bigint;
}

/** Big-endian 32-byte encoding of a bigint in [0, 2^256). */
export function toBytes32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = x;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Big-endian bytes to a bigint. */
export function fromBytes(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < bytes.length; i++) v = (v << 8n) | BigInt(bytes[i] as number);
  return v;
}

/** Builds an SM2 curve (cofactor 1) from its parameters. */
export function makeSm2Curve(params: Sm2CurveParams): Sm2Curve {
  const Point = weierstrass({ ...params, h: 1n });
  const abG = new Uint8Array(128);
  abG.set(toBytes32(params.a), 0);
  abG.set(toBytes32(params.b), 32);
  abG.set(toBytes32(params.Gx), 64);
  abG.set(toBytes32(params.Gy), 96);
  return { Point, n: params.n, abG };
}

/**
 * sm2p256v1, the curve of GB/T 32918.5-2017 (OID 1.2.156.10197.1.301). Its base point gets an
 * 8-bit window table (built on first use, about 0.5 MB) for fast signing and verification.
 */
export const SM2P256V1: Sm2Curve = /* @__PURE__ */ makeSm2Curve({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});
SM2P256V1.Point.BASE.precompute(8);

/**
 * The default distinguishing identifier of GM/T 0009-2012: the 16 ASCII bytes `1234567812345678`.
 * Internal and never handed out (a typed array cannot be frozen), only read.
 */
export const DEFAULT_SM2_USER_ID: Uint8Array = Uint8Array.from('1234567812345678', (c) => c.charCodeAt(0));

/** The largest user ID: ENTL is the bit length in two bytes, so at most 8191 bytes. */
export const MAX_SM2_USER_ID_BYTES = 8191;

/**
 * Z_A = H(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5). `publicKey` is a
 * valid point; `userId` at most {@link MAX_SM2_USER_ID_BYTES} bytes (checked by the caller).
 */
export function sm2Za(
  curve: Sm2Curve,
  hash: HashFn,
  userId: Uint8Array,
  publicKey: WeierstrassPoint<bigint>,
): Uint8Array {
  const bits = userId.length * 8;
  const buf = new Uint8Array(2 + userId.length + 128 + 64);
  buf[0] = (bits >>> 8) & 0xff;
  buf[1] = bits & 0xff;
  buf.set(userId, 2);
  let o = 2 + userId.length;
  buf.set(curve.abG, o);
  o += 128;
  buf.set(toBytes32(publicKey.x), o);
  buf.set(toBytes32(publicKey.y), o + 32);
  return hash(buf);
}

/** e = H(Z_A ‖ M) as an integer (§6.1 steps A1–A2). */
export function sm2E(hash: HashFn, za: Uint8Array, message: Uint8Array): bigint {
  const buf = new Uint8Array(za.length + message.length);
  buf.set(za, 0);
  buf.set(message, za.length);
  return fromBytes(hash(buf));
}

/** Tells whether d is an SM2 secret scalar: 1 <= d <= n - 2 (1 + d must be invertible mod n). */
export function isSm2Scalar(curve: Sm2Curve, d: bigint): boolean {
  return d >= 1n && d <= curve.n - 2n;
}

function mod(a: bigint, n: bigint): bigint {
  const r = a % n;
  return r < 0n ? r + n : r;
}

/** a^-1 mod n (n prime, a not 0 mod n), by the extended Euclidean algorithm. */
export function invert(a: bigint, n: bigint): bigint {
  let [oldR, r] = [mod(a, n), n];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, n);
}

/**
 * One signing attempt with nonce k (§6.1 steps A3–A7). Returns undefined when k is out of range or
 * the attempt must be repeated (r = 0, r + k = n, or s = 0). `inv1d` is (1 + d)^-1 mod n, when the
 * caller has it already.
 */
export function sm2SignWithK(
  curve: Sm2Curve,
  d: bigint,
  e: bigint,
  k: bigint,
  inv1d: bigint = invert(1n + d, curve.n),
): { r: bigint; s: bigint } | undefined {
  const { n, Point } = curve;
  if (k < 1n || k >= n) return undefined;
  const x1 = Point.BASE.multiply(k).x; // constant-time, blinded
  const r = mod(e + x1, n);
  if (r === 0n || r + k === n) return undefined;
  const s = mod(inv1d * (k - r * d), n);
  if (s === 0n) return undefined;
  return { r, s };
}

/**
 * Signs digest e with secret d, with a deterministic nonce: RFC 6979 §3.2's HMAC-DRBG, here with
 * HMAC-SM3 (`hmacFn`), seeded with d and e mod n. No randomness is needed; equal inputs give
 * equal signatures, and two different digests never share a nonce.
 */
export function sm2SignDigest(
  curve: Sm2Curve,
  d: bigint,
  e: bigint,
  hmacFn: HmacFn,
  inv1d: bigint = invert(1n + d, curve.n),
): { r: bigint; s: bigint } {
  const { n } = curve;
  const seed = new Uint8Array(64);
  seed.set(toBytes32(d), 0);
  seed.set(toBytes32(mod(e, n)), 32);
  const drbg = createHmacDrbg<{ r: bigint; s: bigint }>(32, 32, hmacFn);
  const sig = drbg(seed, (kBytes) => sm2SignWithK(curve, d, e, fromBytes(kBytes), inv1d));
  seed.fill(0);
  return sig;
}

/** Points that carry a window table (see {@link withTable}). */
const precomputed = new WeakSet<object>();

/** Gives a public point a window table of `window` bits (built now) for repeated verification. */
export function withTable(P: WeierstrassPoint<bigint>, window: number): WeierstrassPoint<bigint> {
  P.precompute(window, false);
  precomputed.add(P);
  return P;
}

/** Verifies (r, s) on digest e under public point P (§7.1 steps B1–B7). */
export function sm2VerifyDigest(
  curve: Sm2Curve,
  P: WeierstrassPoint<bigint>,
  e: bigint,
  r: bigint,
  s: bigint,
): boolean {
  const { n, Point } = curve;
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = mod(r + s, n);
  if (t === 0n) return false;
  // [s]G + [t]P: with the window tables of G and (for prepared or often-used keys) of P, two table
  // walks beat one joint Strauss-Shamir walk; without a table for P, the joint walk is faster.
  const X = precomputed.has(P)
    ? Point.BASE.multiplyUnsafe(s).add(P.multiplyUnsafe(t))
    : Point.BASE.mulAddUnsafe(s, P, t);
  if (X.is0()) return false;
  return mod(e + X.x, n) === r;
}

/** Decodes a raw r ‖ s signature (64 bytes); undefined for another length. */
export function decodeRawSignature(signature: Uint8Array): { r: bigint; s: bigint } | undefined {
  if (signature.length !== 64) return undefined;
  return { r: fromBytes(signature.subarray(0, 32)), s: fromBytes(signature.subarray(32, 64)) };
}

/** Encodes r ‖ s as 64 raw bytes. */
export function encodeRawSignature(sig: { r: bigint; s: bigint }): Uint8Array {
  const out = new Uint8Array(64);
  out.set(toBytes32(sig.r), 0);
  out.set(toBytes32(sig.s), 32);
  return out;
}
