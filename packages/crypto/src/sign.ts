import { assertBytes, assertKeyType } from './internal/assert.js';
import { assertSecretKey } from './internal/keys.js';
import { readDer } from './internal/options.js';
import { state } from './internal/state.js';
import { readUserId } from './internal/userId.js';
import type { KeyType } from './KeyType.js';

/** Options of {@link sign}. */
export interface SignOptions {
  /** ECDSA / SM2 signature encoding: `'raw'` r‖s, 64 bytes (the default, as in JWS), or `'der'`. */
  format?: 'raw' | 'der';
  /**
   * SM2 only: the signer's user ID that enters Z_A, as bytes or a UTF-8 string (at most 8191
   * bytes). Default: `1234567812345678` (GM/T 0009-2012). The verifier must use the same ID.
   */
  userId?: Uint8Array | string;
}

/**
 * Signs a message. Ed25519 is pure EdDSA (RFC 8032). ECDSA hashes the message with SHA-256,
 * uses a deterministic nonce (RFC 6979) and always produces a low-S signature. SM2 signs
 * SM3(Z_A ‖ message) per GB/T 32918.2, Z_A made from `options.userId` (default
 * `1234567812345678`), with a deterministic nonce (RFC 6979's HMAC-DRBG on HMAC-SM3).
 *
 * @param type - the key type
 * @param secretKey - 32 bytes
 * @param message - the bytes to sign
 * @param options - `format` for ECDSA and SM2 (`'raw'` by default); `userId` for SM2
 * @returns the signature (Ed25519: 64 bytes; ECDSA / SM2 raw: 64 bytes; DER: at most 72 bytes)
 * @throws TypeError / RangeError on misuse (wrong types, wrong lengths, invalid secret key)
 * @example
 * ```ts
 * const { secretKey } = generateKeyPair('Ed25519');
 * const sig = sign('Ed25519', secretKey, utf8Encode('hello'));
 * ```
 */
export function sign(
  type: KeyType,
  secretKey: Uint8Array,
  message: Uint8Array,
  options?: SignOptions,
): Uint8Array {
  assertKeyType(type);
  assertSecretKey(type, secretKey);
  assertBytes(message, 'message');
  const der = readDer(type, options, 'options');
  const userId = readUserId(type, options, 'options');
  return state.backend.sign(type, secretKey, message, der, userId);
}
