import { randomBytes } from '@noble/hashes/utils.js';
import type { Ciphersuite } from './Ciphersuite.js';
import { assertBytes, assertOptions, ciphersuiteOption } from './internal/assert.js';
import { ascii, concatBytes, i2osp } from './internal/bytes.js';
import { apiOf } from './internal/core.js';
import { SCALAR_LEN } from './internal/curve.js';
import { bbsError } from './internal/errors.js';
import { hashToScalar } from './internal/suite.js';
import { skToPk } from './skToPk.js';

/** Options of {@link keyGen}. */
export interface KeyGenOptions {
  /** At least 32 bytes of secret, uniformly random key material. */
  keyMaterial: Uint8Array;
  /** Public context bound into the key (at most 65535 bytes); empty when absent. */
  keyInfo?: Uint8Array;
  /** Domain separation tag; the ciphersuite's `api_id || "KEYGEN_DST_"` when absent. */
  keyDst?: Uint8Array;
  /** `BLS12-381-SHAKE-256` (default) or `BLS12-381-SHA-256`. */
  ciphersuite?: Ciphersuite;
}

/**
 * KeyGen of draft-irtf-cfrg-bbs-signatures: derives a secret key (a scalar in [1, r-1], 32 bytes
 * big-endian) from key material, deterministically.
 *
 * @param options - key material, optional key info and DST, ciphersuite
 * @returns the 32-byte secret key
 * @throws TypeError / RangeError on misuse (key material under 32 bytes, key info over 65535 bytes);
 *   `ERR_BBS_KEYGEN` if the derivation gives zero (probability 2^-255)
 * @example
 * ```ts
 * import { keyGen, skToPk } from '@realdid/bbs';
 * const secretKey = keyGen({ keyMaterial: crypto.getRandomValues(new Uint8Array(32)) });
 * const publicKey = skToPk(secretKey); // 96 bytes
 * ```
 */
export function keyGen(options: KeyGenOptions): Uint8Array {
  assertOptions(options, 'keyGen');
  const ciphersuite = ciphersuiteOption(options.ciphersuite);
  assertBytes(options.keyMaterial, 'keyMaterial');
  if (options.keyMaterial.length < 32) {
    throw new RangeError(`keyMaterial: expected at least 32 bytes, found ${options.keyMaterial.length}`);
  }
  const keyInfo = options.keyInfo ?? new Uint8Array(0);
  assertBytes(keyInfo, 'keyInfo');
  if (keyInfo.length > 65535) throw new RangeError('keyInfo: expected at most 65535 bytes');
  const api = apiOf(ciphersuite);
  const keyDst = options.keyDst ?? ascii(api.id + 'KEYGEN_DST_');
  assertBytes(keyDst, 'keyDst');
  if (keyDst.length === 0 || keyDst.length > 255) throw new RangeError('keyDst: expected 1 to 255 bytes');
  const sk = hashToScalar(
    api.suite,
    concatBytes(options.keyMaterial, i2osp(keyInfo.length, 2), keyInfo),
    keyDst,
  );
  if (sk === 0n)
    throw bbsError('ERR_BBS_KEYGEN', 'key derivation gave the zero scalar; use other key material');
  return i2osp(sk, SCALAR_LEN);
}

/** A BBS key pair. */
export interface BbsKeyPair {
  /** 32 bytes. */
  secretKey: Uint8Array;
  /** 96 bytes: a compressed G2 point. */
  publicKey: Uint8Array;
}

/**
 * Makes a fresh key pair: {@link keyGen} over 32 bytes from the platform CSPRNG, then {@link skToPk}.
 *
 * @param options - the ciphersuite (default `BLS12-381-SHAKE-256`)
 * @returns the secret and public key
 * @example
 * ```ts
 * import { generateKeyPair } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * ```
 */
export function generateKeyPair(options: { ciphersuite?: Ciphersuite } = {}): BbsKeyPair {
  assertOptions(options, 'generateKeyPair');
  const ciphersuite = ciphersuiteOption(options.ciphersuite);
  const secretKey = keyGen({ keyMaterial: randomBytes(32), ciphersuite });
  return { secretKey, publicKey: skToPk(secretKey) };
}
