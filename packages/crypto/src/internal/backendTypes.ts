import type { KeyType } from '../KeyType.js';

/** A hash algorithm name. `sm3` is SM3 of GB/T 32905-2016 (32 bytes). */
export type HashAlgorithm = 'sha-256' | 'sha-384' | 'sha-512' | 'sm3';

/** A prepared verification function bound to one public key. */
export type PreparedVerify = (
  message: Uint8Array,
  signature: Uint8Array,
  der: boolean,
  lowS: boolean,
) => boolean;

/** A prepared signing function bound to one secret key. */
export type PreparedSign = (message: Uint8Array, der: boolean) => Uint8Array;

/**
 * What a backend implements. Arguments are already validated by the public functions: key types
 * are known, secret keys are 32 valid bytes; public keys and signatures are of the right type but
 * untrusted (a backend returns false for any malformed one). `userId` is the SM2 user ID (at most
 * 8191 bytes; the GM/T 0009 default when absent) and is ignored by the other key types.
 */
export interface Backend {
  readonly name: 'node' | 'noble';
  sign(
    type: KeyType,
    secretKey: Uint8Array,
    message: Uint8Array,
    der: boolean,
    userId?: Uint8Array,
  ): Uint8Array;
  verify(
    type: KeyType,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    der: boolean,
    lowS: boolean,
    userId?: Uint8Array,
  ): boolean;
  prepareSign(type: KeyType, secretKey: Uint8Array, userId?: Uint8Array): PreparedSign;
  prepareVerify(type: KeyType, publicKey: Uint8Array, userId?: Uint8Array): PreparedVerify;
  getPublicKey(type: KeyType, secretKey: Uint8Array): Uint8Array;
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array;
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array;
  hkdf(alg: HashAlgorithm, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
}
