import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { DER } from '@noble/curves/abstract/weierstrass.js';
import {
  decodeRawSignature,
  encodeRawSignature,
  fromBytes,
  type HashFn,
  type HmacFn,
  invert,
  SM2P256V1,
  sm2E,
  sm2SignDigest,
  sm2VerifyDigest,
  sm2Za,
  withTable,
} from './sm2.js';

/** SM2 on sm2p256v1 bound to one SM3 implementation (each backend makes its own). */
export interface Sm2Ops {
  sign(secretKey: Uint8Array, message: Uint8Array, der: boolean, userId: Uint8Array): Uint8Array;
  verify(
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    der: boolean,
    userId: Uint8Array,
  ): boolean;
  prepareSign(secretKey: Uint8Array, userId: Uint8Array): (message: Uint8Array, der: boolean) => Uint8Array;
  prepareVerify(
    publicKey: Uint8Array,
    userId: Uint8Array,
  ): (message: Uint8Array, signature: Uint8Array, der: boolean) => boolean;
}

const { Point } = SM2P256V1;

/** The largest DER signature: SEQUENCE of two INTEGERs of at most 33 bytes each. */
const MAX_DER = 72;

/** A decoded public key with its Z_A for one user ID (point null when the key is invalid). */
interface KeyEntry {
  point: WeierstrassPoint<bigint> | null;
  readonly za: Uint8Array;
  /** Verifications with this entry; at TABLE_AFTER_USES a window table is built for the key. */
  uses: number;
  /** Window of that table. */
  readonly window: number;
}

/**
 * Window of the table of a key held by a prepared verifier (about 170 KB, 4-6× faster verify once
 * built; building it costs about thirty verifications, so it too waits for TABLE_AFTER_USES uses:
 * a verifier prepared for a key seen once, such as a holder's key-binding key, stays cheap).
 */
const PREPARED_WINDOW = 6;
/** Window of the table of an often-used key in the one-shot cache (smaller: the cache holds many). */
const CACHED_WINDOW = 4;
/**
 * Uses of a cached key before its table is built. Building costs about four verifications, so a
 * stream of fresh keys (each used a few times) adds at most about half to their verification cost.
 */
const TABLE_AFTER_USES = 8;

function parsePoint(publicKey: Uint8Array): WeierstrassPoint<bigint> | null {
  if (
    !(publicKey.length === 33 && (publicKey[0] === 2 || publicKey[0] === 3)) &&
    !(publicKey.length === 65 && publicKey[0] === 4)
  ) {
    return null;
  }
  try {
    const P = Point.fromBytes(publicKey); // checks the curve equation; cofactor 1, no infinity encoding
    return P;
  } catch {
    return null;
  }
}

function decodeSignature(signature: Uint8Array, der: boolean): { r: bigint; s: bigint } | undefined {
  if (!der) return decodeRawSignature(signature);
  if (signature.length > MAX_DER) return undefined;
  try {
    return DER.toSig(signature);
  } catch {
    return undefined;
  }
}

function encodeSignature(sig: { r: bigint; s: bigint }, der: boolean): Uint8Array {
  if (!der) return encodeRawSignature(sig);
  const h = DER.hexFromSig(sig);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

/** Cache size of decoded public keys and their Z_A (per backend): at most ~4 MB with tables. */
const CACHE_SIZE = 64;

/** Makes the SM2 operations of a backend from its SM3 and HMAC-SM3. */
export function makeSm2Ops(hash: HashFn, hmacFn: HmacFn): Sm2Ops {
  const cache = new Map<string, KeyEntry>();

  function entryOf(publicKey: Uint8Array, userId: Uint8Array): KeyEntry {
    // The user ID is length-prefixed so that (key, ID) pairs cannot collide.
    const id = `${publicKey.length}:${latin1(publicKey)}${latin1(userId)}`;
    let entry = cache.get(id);
    if (entry !== undefined) {
      cache.delete(id);
      cache.set(id, entry);
      return entry;
    }
    const point = parsePoint(publicKey);
    entry = {
      point,
      za: point === null ? new Uint8Array(0) : sm2Za(SM2P256V1, hash, userId, point),
      uses: 0,
      window: CACHED_WINDOW,
    };
    if (cache.size >= CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(id, entry);
    return entry;
  }

  function verifyWith(entry: KeyEntry, message: Uint8Array, signature: Uint8Array, der: boolean): boolean {
    if (entry.point === null) return false;
    const sig = decodeSignature(signature, der);
    if (sig === undefined) return false;
    if (++entry.uses === TABLE_AFTER_USES) entry.point = withTable(entry.point, entry.window);
    return sm2VerifyDigest(SM2P256V1, entry.point, sm2E(hash, entry.za, message), sig.r, sig.s);
  }

  function signer(
    secretKey: Uint8Array,
    userId: Uint8Array,
  ): (message: Uint8Array, der: boolean) => Uint8Array {
    const d = fromBytes(secretKey);
    const za = sm2Za(SM2P256V1, hash, userId, Point.BASE.multiply(d));
    const inv1d = invert(1n + d, SM2P256V1.n);
    return (message, der) =>
      encodeSignature(sm2SignDigest(SM2P256V1, d, sm2E(hash, za, message), hmacFn, inv1d), der);
  }

  return {
    sign(secretKey, message, der, userId) {
      return signer(secretKey, userId)(message, der);
    },
    verify(publicKey, message, signature, der, userId) {
      // Wrong lengths never reach the cache (no cache key is built from a hostile, huge input).
      if (publicKey.length !== 33 && publicKey.length !== 65) return false;
      try {
        return verifyWith(entryOf(publicKey, userId), message, signature, der);
      } catch {
        return false; // fail closed on anything unforeseen
      }
    },
    prepareSign: signer,
    prepareVerify(publicKey, userId) {
      const point = parsePoint(publicKey);
      const entry: KeyEntry = {
        point,
        za: point === null ? new Uint8Array(0) : sm2Za(SM2P256V1, hash, userId, point),
        uses: 0,
        window: PREPARED_WINDOW,
      };
      return (message, signature, der) => {
        try {
          return verifyWith(entry, message, signature, der);
        } catch {
          return false;
        }
      };
    },
  };
}
