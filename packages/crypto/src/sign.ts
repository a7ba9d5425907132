import { assertBytes, assertKeyType } from './internal/assert.js';
import { assertSecretKey } from './internal/keys.js';
import { readDer } from './internal/options.js';
import { state } from './internal/state.js';
import type { KeyType } from './KeyType.js';

/** Options of {@link sign}. */
export interface SignOptions {
  /** ECDSA signature encoding: `'raw'` r‖s, 64 bytes (the default, as in JWS), or `'der'`. */
  format?: 'raw' | 'der';
}

/**
 * Signs a message. Ed25519 is pure EdDSA (RFC 8032). ECDSA hashes the message with SHA-256,
 * uses a deterministic nonce (RFC 6979) and always produces a low-S signature.
 *
 * @param type - the key type
 * @param secretKey - 32 bytes
 * @param message - the bytes to sign
 * @param options - `format` for ECDSA (`'raw'` by default)
 * @returns the signature (Ed25519: 64 bytes; ECDSA raw: 64 bytes; DER: 70–72 bytes)
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
  return state.backend.sign(type, secretKey, message, der);
}
