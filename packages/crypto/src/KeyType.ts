import { assertKeyType, describe } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';

/**
 * The signature key types of RealDID. `SM2` is the SM2 signature of GB/T 32918.2 on the curve
 * sm2p256v1, over SM3 with the Z_A hash of a user ID (docs/crypto.md, "SM2 and SM3").
 */
export type KeyType = 'Ed25519' | 'P-256' | 'secp256k1' | 'SM2';

/**
 * The JWS algorithm names of an SM2 signature: `SM2` (the default, the name Chinese JWT
 * deployments use) or `SM2SM3`. Neither is registered with IANA; see docs/crypto.md.
 */
export type Sm2JwsAlgorithm = 'SM2' | 'SM2SM3';

/** The JWS `alg` value of each key type: `EdDSA`, `ES256`, `ES256K`, and `SM2` (or `SM2SM3`). */
export type JwsAlgorithm = 'EdDSA' | 'ES256' | 'ES256K' | Sm2JwsAlgorithm;

/** Options of {@link algorithmForKeyType} and {@link keyTypeForAlgorithm}. */
export interface JwsAlgorithmOptions {
  /** The JWS `alg` name of SM2 signatures: `'SM2'` (default) or `'SM2SM3'`. Only that name is accepted. */
  sm2Algorithm?: Sm2JwsAlgorithm;
}

function readSm2Algorithm(options: JwsAlgorithmOptions | undefined): Sm2JwsAlgorithm {
  if (options === undefined) return 'SM2';
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options: expected an options object, found ${describe(options)}`);
  }
  const v = options.sm2Algorithm;
  if (v === undefined || v === 'SM2' || v === 'SM2SM3') return v ?? 'SM2';
  throw new TypeError(`options.sm2Algorithm: expected "SM2" or "SM2SM3", found ${describe(v)}`);
}

/**
 * A key pair. `publicKey`: 32 bytes for Ed25519; 33-byte compressed SEC1 for P-256, secp256k1
 * and SM2 (65-byte uncompressed keys are accepted on input). `secretKey`: 32 bytes.
 */
export interface KeyPair {
  /** The key type. */
  type: KeyType;
  /** The public key bytes. */
  publicKey: Uint8Array;
  /** The 32-byte secret key (Ed25519 seed, or the ECDSA / SM2 scalar big-endian). */
  secretKey: Uint8Array;
}

/** All supported key types, in a stable order. */
export const KEY_TYPES: readonly KeyType[] = Object.freeze(['Ed25519', 'P-256', 'secp256k1', 'SM2'] as const);

/**
 * Returns the JWS algorithm for a key type.
 *
 * @param type - the key type
 * @param options - `sm2Algorithm`: the name for SM2 (`'SM2'` by default, or `'SM2SM3'`)
 * @returns `EdDSA`, `ES256`, `ES256K`, or the SM2 name
 * @throws TypeError when `type` is not a string; RealDidError `ERR_KEY_TYPE_UNSUPPORTED` when unknown
 * @example
 * ```ts
 * algorithmForKeyType('P-256'); // 'ES256'
 * algorithmForKeyType('SM2', { sm2Algorithm: 'SM2SM3' }); // 'SM2SM3'
 * ```
 */
export function algorithmForKeyType(type: KeyType, options?: JwsAlgorithmOptions): JwsAlgorithm {
  assertKeyType(type);
  const sm2 = readSm2Algorithm(options);
  if (type === 'SM2') return sm2;
  return type === 'Ed25519' ? 'EdDSA' : type === 'P-256' ? 'ES256' : 'ES256K';
}

/**
 * Returns the key type for a JWS algorithm taken from a header. Only `EdDSA`, `ES256`, `ES256K`
 * and the configured SM2 name (`SM2` by default) are accepted; `none` and everything else are
 * rejected.
 *
 * @param alg - the JWS `alg` value
 * @param options - `sm2Algorithm`: the one SM2 name to accept (`'SM2'` by default, or `'SM2SM3'`)
 * @returns the key type
 * @throws TypeError when `alg` is not a string; RealDidError `ERR_ALGORITHM_UNSUPPORTED` otherwise
 * @example
 * ```ts
 * keyTypeForAlgorithm('EdDSA'); // 'Ed25519'
 * ```
 */
export function keyTypeForAlgorithm(alg: string, options?: JwsAlgorithmOptions): KeyType {
  if (typeof alg !== 'string') throw new TypeError(`alg: expected a string, found ${describe(alg)}`);
  const sm2 = readSm2Algorithm(options);
  if (alg === 'EdDSA') return 'Ed25519';
  if (alg === 'ES256') return 'P-256';
  if (alg === 'ES256K') return 'secp256k1';
  if (alg === sm2) return 'SM2';
  throw cryptoError(
    'ERR_ALGORITHM_UNSUPPORTED',
    `alg: expected "EdDSA", "ES256", "ES256K" or "${sm2}", found ${JSON.stringify(alg.slice(0, 40))}`,
  );
}
