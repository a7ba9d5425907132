import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { KeyType } from '../KeyType.js';
import type { Backend, HashAlgorithm, PreparedSign, PreparedVerify } from './backendTypes.js';
import { ecdsaCurve, ed25519 } from './curves.js';

const HASHES = { 'sha-256': sha256, 'sha-384': sha384, 'sha-512': sha512 } as const;

/** RFC 8032 verification (not ZIP-215): the same acceptance rules as OpenSSL. */
const ED_VERIFY_OPTS = { zip215: false } as const;
const ECDSA_VERIFY_HIGH_S_OK = { lowS: false, format: 'compact' } as const;
const ECDSA_VERIFY_LOW_S = { lowS: true, format: 'compact' } as const;
const ECDSA_VERIFY_DER_HIGH_S_OK = { lowS: false, format: 'der' } as const;
const ECDSA_VERIFY_DER_LOW_S = { lowS: true, format: 'der' } as const;
const ECDSA_SIGN = { lowS: true, format: 'compact', extraEntropy: false } as const;
const ECDSA_SIGN_DER = { lowS: true, format: 'der', extraEntropy: false } as const;

function nobleSign(type: KeyType, secretKey: Uint8Array, message: Uint8Array, der: boolean): Uint8Array {
  if (type === 'Ed25519') return ed25519.sign(message, secretKey);
  return ecdsaCurve(type).sign(message, secretKey, der ? ECDSA_SIGN_DER : ECDSA_SIGN);
}

function nobleVerify(
  type: KeyType,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  der: boolean,
  lowS: boolean,
): boolean {
  try {
    if (type === 'Ed25519') {
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      return ed25519.verify(signature, message, publicKey, ED_VERIFY_OPTS);
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
  prepareSign(type: KeyType, secretKey: Uint8Array): PreparedSign {
    return (message, der) => nobleSign(type, secretKey, message, der);
  },
  prepareVerify(type: KeyType, publicKey: Uint8Array): PreparedVerify {
    return (message, signature, der, lowS) => nobleVerify(type, publicKey, message, signature, der, lowS);
  },
  getPublicKey(type: KeyType, secretKey: Uint8Array): Uint8Array {
    if (type === 'Ed25519') return ed25519.getPublicKey(secretKey);
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
