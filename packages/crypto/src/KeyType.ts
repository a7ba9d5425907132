import { assertKeyType, describe } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';

/** The signature key types of RealDID. */
export type KeyType = 'Ed25519' | 'P-256' | 'secp256k1';

/** The JWS `alg` value of each key type: `EdDSA`, `ES256`, `ES256K`. */
export type JwsAlgorithm = 'EdDSA' | 'ES256' | 'ES256K';

/**
 * A key pair. `publicKey`: 32 bytes for Ed25519; 33-byte compressed SEC1 for P-256 and
 * secp256k1 (65-byte uncompressed keys are accepted on input). `secretKey`: 32 bytes.
 */
export interface KeyPair {
  /** The key type. */
  type: KeyType;
  /** The public key bytes. */
  publicKey: Uint8Array;
  /** The 32-byte secret key (Ed25519 seed, or the ECDSA scalar big-endian). */
  secretKey: Uint8Array;
}

/** All supported key types, in a stable order. */
export const KEY_TYPES: readonly KeyType[] = Object.freeze(['Ed25519', 'P-256', 'secp256k1'] as const);

/**
 * Returns the JWS algorithm for a key type.
 *
 * @param type - the key type
 * @returns `EdDSA`, `ES256` or `ES256K`
 * @throws TypeError when `type` is not a string; RealDidError `ERR_KEY_TYPE_UNSUPPORTED` when unknown
 * @example
 * ```ts
 * algorithmForKeyType('P-256'); // 'ES256'
 * ```
 */
export function algorithmForKeyType(type: KeyType): JwsAlgorithm {
  assertKeyType(type);
  return type === 'Ed25519' ? 'EdDSA' : type === 'P-256' ? 'ES256' : 'ES256K';
}

/**
 * Returns the key type for a JWS algorithm taken from a header. Only `EdDSA`, `ES256` and
 * `ES256K` are accepted; `none` and everything else are rejected.
 *
 * @param alg - the JWS `alg` value
 * @returns the key type
 * @throws TypeError when `alg` is not a string; RealDidError `ERR_ALGORITHM_UNSUPPORTED` otherwise
 * @example
 * ```ts
 * keyTypeForAlgorithm('EdDSA'); // 'Ed25519'
 * ```
 */
export function keyTypeForAlgorithm(alg: string): KeyType {
  if (typeof alg !== 'string') throw new TypeError(`alg: expected a string, found ${describe(alg)}`);
  if (alg === 'EdDSA') return 'Ed25519';
  if (alg === 'ES256') return 'P-256';
  if (alg === 'ES256K') return 'secp256k1';
  throw cryptoError(
    'ERR_ALGORITHM_UNSUPPORTED',
    `alg: expected "EdDSA", "ES256" or "ES256K", found ${JSON.stringify(alg.slice(0, 40))}`,
  );
}
