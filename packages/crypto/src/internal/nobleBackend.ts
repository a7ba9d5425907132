import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { KeyType } from '../KeyType.js';
import type { Backend, HashAlgorithm, PreparedSign, PreparedVerify } from './backendTypes.js';
import { ecdsaCurve, ed25519 } from './curves.js';
import { isAcceptableEd25519PublicKey, isAcceptableEd25519Signature } from './ed25519Rule.js';
import { DEFAULT_SM2_USER_ID, SM2P256V1 } from './sm2.js';
import { makeSm2Ops } from './sm2Ops.js';
import { sm3 } from './sm3.js';

/** SM2 on the portable SM3 and HMAC-SM3. */
const sm2 = makeSm2Ops(sm3, (key, ...messages) => {
  const h = nobleHmac.create(sm3, key);
  for (const m of messages) h.update(m);
  return h.digest();
});

const HASHES = { 'sha-256': sha256, 'sha-384': sha384, 'sha-512': sha512, sm3 } as const;

const ECDSA_VERIFY_HIGH_S_OK = { lowS: false, format: 'compact' } as const;
const ECDSA_VERIFY_LOW_S = { lowS: true, format: 'compact' } as const;
const ECDSA_VERIFY_DER_HIGH_S_OK = { lowS: false, format: 'der' } as const;
const ECDSA_VERIFY_DER_LOW_S = { lowS: true, format: 'der' } as const;
const ECDSA_SIGN = { lowS: true, format: 'compact', extraEntropy: false } as const;
const ECDSA_SIGN_DER = { lowS: true, format: 'der', extraEntropy: false } as const;

const ED_L = ed25519.Point.Fn.ORDER;

function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = 0; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

function leToBigInt(bytes: Uint8Array, start: number, end: number): bigint {
  let n = 0n;
  for (let i = end - 1; i >= start; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/**
 * The SDK's Ed25519 rule (see ed25519Rule.ts) on noble: the byte checks, then the cofactorless
 * equation [S]B = R + [k]A, as OpenSSL computes it. noble's own `ed25519.verify` checks the
 * cofactored equation, which accepts signatures OpenSSL refuses (R + T8), so it is not used.
 */
function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isAcceptableEd25519PublicKey(publicKey) || !isAcceptableEd25519Signature(signature)) return false;
  const Point = ed25519.Point;
  const A = Point.fromBytes(publicKey, false);
  const r = signature.subarray(0, 32);
  const R = Point.fromBytes(r, false);
  const s = leToBigInt(signature, 32, 64);
  const h = sha512.create().update(r).update(publicKey).update(message).digest();
  const k = leToBigInt(h, 0, 64) % ED_L;
  return Point.BASE.multiplyUnsafe(s).equals(R.add(A.multiplyUnsafe(k)));
}

function nobleSign(
  type: KeyType,
  secretKey: Uint8Array,
  message: Uint8Array,
  der: boolean,
  userId: Uint8Array = DEFAULT_SM2_USER_ID,
): Uint8Array {
  if (type === 'Ed25519') return ed25519.sign(message, secretKey);
  if (type === 'SM2') return sm2.sign(secretKey, message, der, userId);
  return ecdsaCurve(type).sign(message, secretKey, der ? ECDSA_SIGN_DER : ECDSA_SIGN);
}

function nobleVerify(
  type: KeyType,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  der: boolean,
  lowS: boolean,
  userId: Uint8Array = DEFAULT_SM2_USER_ID,
): boolean {
  try {
    // SM2 signatures are not malleable by s -> n - s, so lowS does not apply.
    if (type === 'SM2') return sm2.verify(publicKey, message, signature, der, userId);
    if (type === 'Ed25519') {
      return ed25519Verify(publicKey, message, signature);
    }
    if (!der && signature.length !== 64) return false;
    const opts = der
      ? lowS
        ? ECDSA_VERIFY_DER_LOW_S
        : ECDSA_VERIFY_DER_HIGH_S_OK
      : lowS
        ? ECDSA_VERIFY_LOW_S
        : ECDSA_VERIFY_HIGH_S_OK;
    return ecdsaCurve(type).verify(signature, message, publicKey, opts);
  } catch {
    return false;
  }
}

/** The portable backend on @noble/curves and @noble/hashes (every JavaScript runtime). */
export const nobleBackend: Backend = {
  name: 'noble',
  sign: nobleSign,
  verify: nobleVerify,
  prepareSign(type: KeyType, secretKey: Uint8Array, userId: Uint8Array = DEFAULT_SM2_USER_ID): PreparedSign {
    if (type === 'SM2') return sm2.prepareSign(secretKey, userId);
    return (message, der) => nobleSign(type, secretKey, message, der);
  },
  prepareVerify(
    type: KeyType,
    publicKey: Uint8Array,
    userId: Uint8Array = DEFAULT_SM2_USER_ID,
  ): PreparedVerify {
    if (type === 'SM2') {
      const v = sm2.prepareVerify(publicKey, userId);
      return (message, signature, der) => v(message, signature, der);
    }
    return (message, signature, der, lowS) => nobleVerify(type, publicKey, message, signature, der, lowS);
  },
  getPublicKey(type: KeyType, secretKey: Uint8Array): Uint8Array {
    if (type === 'Ed25519') return ed25519.getPublicKey(secretKey);
    if (type === 'SM2') return SM2P256V1.Point.BASE.multiply(bytesToBigInt(secretKey)).toBytes(true);
    return ecdsaCurve(type).getPublicKey(secretKey, true);
  },
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array {
    return HASHES[alg](data);
  },
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
    return nobleHmac(HASHES[alg], key, data);
  },
  hkdf(alg: HashAlgorithm, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    return nobleHkdf(HASHES[alg], ikm, salt, info, length);
  },
};
