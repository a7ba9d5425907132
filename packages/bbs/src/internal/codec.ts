import { bytesToNumberBE, concatBytes, i2osp } from './bytes.js';
import { G1, type G1Point, G2, G2_POINT_LEN, type G2Point, POINT_LEN, R, SCALAR_LEN } from './curve.js';
import { bbsError } from './errors.js';

/** The items `serialize` of the draft accepts: points (compressed), scalars (32 bytes), integers (8 bytes). */
export type Serializable = G1Point | bigint | number;

/** serialize(input_array) of the draft. */
export function serialize(items: readonly Serializable[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const item of items) {
    if (typeof item === 'bigint') parts.push(i2osp(item, SCALAR_LEN));
    else if (typeof item === 'number') parts.push(i2osp(item, 8));
    else parts.push(item.toBytes(true));
  }
  return concatBytes(...parts);
}

/** I2OSP(length(bytes), 8) || bytes. */
export function withLength(bytes: Uint8Array): Uint8Array {
  return concatBytes(i2osp(bytes.length, 8), bytes);
}

/**
 * octets_to_point_E1 plus the draft's checks: a valid compressed point of the prime-order
 * subgroup, not the identity. Returns undefined when any check fails.
 */
export function decodeG1(bytes: Uint8Array): G1Point | undefined {
  if (bytes.length !== POINT_LEN) return undefined;
  let p: G1Point;
  try {
    p = G1.fromBytes(bytes); // checks the encoding, the curve equation and the subgroup
  } catch {
    return undefined;
  }
  return p.is0() ? undefined : p;
}

/** octets_to_point_E2 with the same checks. */
export function decodeG2(bytes: Uint8Array): G2Point | undefined {
  if (bytes.length !== G2_POINT_LEN) return undefined;
  let p: G2Point;
  try {
    p = G2.fromBytes(bytes);
  } catch {
    return undefined;
  }
  return p.is0() ? undefined : p;
}

/** A scalar of the draft's encodings: 32 bytes, OS2IP, and 0 < s < r; undefined otherwise. */
export function decodeScalar(bytes: Uint8Array, offset: number): bigint | undefined {
  const s = bytesToNumberBE(bytes.subarray(offset, offset + SCALAR_LEN));
  return s === 0n || s >= R ? undefined : s;
}

/** octets_to_signature: (A, e), or a coded error. */
export function decodeSignature(bytes: Uint8Array): { A: G1Point; e: bigint } {
  if (bytes.length !== POINT_LEN + SCALAR_LEN) {
    throw bbsError(
      'ERR_BBS_SIGNATURE_MALFORMED',
      `expected a ${POINT_LEN + SCALAR_LEN}-byte signature, found ${bytes.length} bytes`,
    );
  }
  const A = decodeG1(bytes.subarray(0, POINT_LEN));
  if (A === undefined) {
    throw bbsError(
      'ERR_BBS_SIGNATURE_MALFORMED',
      'signature point A is not a valid non-identity point of the G1 subgroup',
    );
  }
  const e = decodeScalar(bytes, POINT_LEN);
  if (e === undefined) throw bbsError('ERR_BBS_SIGNATURE_MALFORMED', 'signature scalar e is not in [1, r-1]');
  return { A, e };
}

/** A cache of decoded, validated public keys (the subgroup check of G2 is costly). */
const keyCache = new Map<string, G2Point>();
const KEY_CACHE_SIZE = 32;

/** octets_to_pubkey: W, or a coded error. Validated keys are kept in a small LRU. */
export function decodePublicKey(bytes: Uint8Array): G2Point {
  if (bytes.length !== G2_POINT_LEN) {
    throw bbsError(
      'ERR_BBS_PUBLIC_KEY_INVALID',
      `expected a ${G2_POINT_LEN}-byte compressed G2 public key, found ${bytes.length} bytes`,
    );
  }
  const key = hex(bytes);
  const hit = keyCache.get(key);
  if (hit !== undefined) {
    keyCache.delete(key);
    keyCache.set(key, hit);
    return hit;
  }
  const W = decodeG2(bytes);
  if (W === undefined) {
    throw bbsError(
      'ERR_BBS_PUBLIC_KEY_INVALID',
      'public key is not a valid non-identity point of the G2 subgroup',
    );
  }
  keyCache.set(key, W);
  if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  return W;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
