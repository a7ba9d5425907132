import { assertKeyType, describe, isBytes } from './internal/assert.js';
import { readDer, readLowS } from './internal/options.js';
import { state } from './internal/state.js';
import type { KeyType } from './KeyType.js';

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** ECDSA signature encoding: `'raw'` r‖s (default) or `'der'`. */
  format?: 'raw' | 'der';
  /**
   * ECDSA only: reject signatures with s > n/2. Default `false`: high-S signatures are accepted,
   * as WebCrypto, OpenSSL and the W3C vectors do. Signing always produces low S.
   */
  lowS?: boolean;
}

/**
 * Verifies a signature. Returns `false` for any malformed signature or public key of the right
 * type (wrong length, not on the curve, bad DER, out-of-range scalars); throws only on misuse.
 * ECDSA public keys may be compressed (33 bytes) or uncompressed (65 bytes).
 *
 * @param type - the key type
 * @param publicKey - the public key
 * @param message - the signed bytes
 * @param signature - the signature
 * @param options - `format` and `lowS` (ECDSA)
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
  if (type !== 'Ed25519' && type !== 'P-256' && type !== 'secp256k1') assertKeyType(type);
  if (!isBytes(publicKey))
    throw new TypeError(`publicKey: expected a Uint8Array, found ${describe(publicKey)}`);
  if (!isBytes(message)) throw new TypeError(`message: expected a Uint8Array, found ${describe(message)}`);
  if (!isBytes(signature))
    throw new TypeError(`signature: expected a Uint8Array, found ${describe(signature)}`);
  if (options === undefined) return state.backend.verify(type, publicKey, message, signature, false, false);
  const der = readDer(type, options, 'options');
  const lowS = readLowS(options, 'options');
  return state.backend.verify(type, publicKey, message, signature, der, lowS);
}
