import { assertKeyType, describe, isBytes } from './internal/assert.js';
import { readDer, readLowS } from './internal/options.js';
import { state } from './internal/state.js';
import { readUserId } from './internal/userId.js';
import type { KeyType } from './KeyType.js';

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** ECDSA / SM2 signature encoding: `'raw'` r‖s (default) or `'der'`. */
  format?: 'raw' | 'der';
  /**
   * ECDSA only: reject signatures with s > n/2. Default `false`: high-S signatures are accepted,
   * as WebCrypto, OpenSSL and the W3C vectors do. Signing always produces low S. No effect on SM2,
   * whose signatures are not malleable that way.
   */
  lowS?: boolean;
  /** SM2 only: the signer's user ID (bytes or a UTF-8 string); default `1234567812345678`. */
  userId?: Uint8Array | string;
}

/**
 * Verifies a signature. Returns `false` for any malformed signature or public key of the right
 * type (wrong length, not on the curve, bad DER, out-of-range scalars); throws only on misuse.
 * ECDSA and SM2 public keys may be compressed (33 bytes) or uncompressed (65 bytes). SM2 checks
 * r, s in [1, n-1], the point on sm2p256v1, and the equation of GB/T 32918.2 §7.1 over
 * SM3(Z_A ‖ message), Z_A made from `options.userId` (default `1234567812345678`).
 *
 * @param type - the key type
 * @param publicKey - the public key
 * @param message - the signed bytes
 * @param signature - the signature
 * @param options - `format` (ECDSA, SM2), `lowS` (ECDSA), `userId` (SM2)
 * @returns true when the signature is valid
 * @throws TypeError when an argument is not a Uint8Array or options are malformed;
 *   RealDidError `ERR_KEY_TYPE_UNSUPPORTED` for an unknown key type
 * @example
 * ```ts
 * const pair = generateKeyPair('P-256');
 * const msg = utf8Encode('hello');
 * verify('P-256', pair.publicKey, msg, sign('P-256', pair.secretKey, msg)); // true
 * ```
 */
export function verify(
  type: KeyType,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  options?: VerifyOptions,
): boolean {
  if (type !== 'Ed25519' && type !== 'P-256' && type !== 'secp256k1' && type !== 'SM2') assertKeyType(type);
  if (!isBytes(publicKey))
    throw new TypeError(`publicKey: expected a Uint8Array, found ${describe(publicKey)}`);
  if (!isBytes(message)) throw new TypeError(`message: expected a Uint8Array, found ${describe(message)}`);
  if (!isBytes(signature))
    throw new TypeError(`signature: expected a Uint8Array, found ${describe(signature)}`);
  if (options === undefined) return state.backend.verify(type, publicKey, message, signature, false, false);
  const der = readDer(type, options, 'options');
  const lowS = readLowS(options, 'options');
  const userId = readUserId(type, options, 'options');
  return state.backend.verify(type, publicKey, message, signature, der, lowS, userId);
}
