import { assertKeyType, describe, isBytes } from './internal/assert.js';
import { requirePublicKey } from './internal/keys.js';
import { readDer, readLowS } from './internal/options.js';
import { state } from './internal/state.js';
import type { JwsAlgorithm, KeyType } from './KeyType.js';
import { algorithmForKeyType } from './KeyType.js';
import type { VerifyOptions } from './verify.js';

/** A verification function bound to one public key. */
export interface Verifier {
  /** The key type. */
  readonly type: KeyType;
  /** The JWS algorithm. */
  readonly alg: JwsAlgorithm;
  /** The public key (canonical: compressed for ECDSA). */
  readonly publicKey: Uint8Array;
  /** Verifies exactly as {@link verify} does; false for any malformed signature. */
  verify(message: Uint8Array, signature: Uint8Array, options?: VerifyOptions): boolean;
}

/**
 * Makes a {@link Verifier} for one public key. The key is validated and decoded once (on Node.js a
 * `KeyObject` is prepared once), so repeated verifications skip that work.
 *
 * @param type - the key type
 * @param publicKey - 32 bytes (Ed25519) or 33/65-byte SEC1 (ECDSA)
 * @returns a frozen verifier
 * @throws TypeError for wrong types; RangeError when the key is not a valid point
 * @example
 * ```ts
 * const pair = generateKeyPair('secp256k1');
 * const v = createVerifier('secp256k1', pair.publicKey);
 * v.verify(utf8Encode('hi'), sign('secp256k1', pair.secretKey, utf8Encode('hi'))); // true
 * ```
 */
export function createVerifier(type: KeyType, publicKey: Uint8Array): Verifier {
  assertKeyType(type);
  const key = requirePublicKey(type, publicKey);
  const prepared = state.backend.prepareVerify(type, key);
  return Object.freeze({
    type,
    alg: algorithmForKeyType(type),
    publicKey: key,
    verify(message: Uint8Array, signature: Uint8Array, options?: VerifyOptions): boolean {
      if (!isBytes(message))
        throw new TypeError(`message: expected a Uint8Array, found ${describe(message)}`);
      if (!isBytes(signature))
        throw new TypeError(`signature: expected a Uint8Array, found ${describe(signature)}`);
      if (options === undefined) return prepared(message, signature, false, false);
      return prepared(message, signature, readDer(type, options, 'options'), readLowS(options, 'options'));
    },
  });
}
