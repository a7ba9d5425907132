import type { KeyOptions } from './createSigner.js';
import { assertKeyType, assertOptions, describe, isBytes } from './internal/assert.js';
import { requirePublicKey } from './internal/keys.js';
import { readDer, readLowS } from './internal/options.js';
import { state } from './internal/state.js';
import { readUserId } from './internal/userId.js';
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
  /** Verifies exactly as {@link verify} does (SM2: with the verifier's user ID unless `options.userId` is given); false for any malformed signature. */
  verify(message: Uint8Array, signature: Uint8Array, options?: VerifyOptions): boolean;
}

/**
 * Makes a {@link Verifier} for one public key. The key is validated and decoded once (on Node.js a
 * `KeyObject` is prepared once; for SM2 the point and Z_A of the user ID are), so repeated
 * verifications skip that work.
 *
 * @param type - the key type
 * @param publicKey - 32 bytes (Ed25519) or 33/65-byte SEC1 (ECDSA, SM2)
 * @param options - `userId` and `sm2Algorithm` (SM2)
 * @returns a frozen verifier
 * @throws TypeError for wrong types; RangeError when the key is not a valid point
 * @example
 * ```ts
 * const pair = generateKeyPair('secp256k1');
 * const v = createVerifier('secp256k1', pair.publicKey);
 * v.verify(utf8Encode('hi'), sign('secp256k1', pair.secretKey, utf8Encode('hi'))); // true
 * ```
 */
export function createVerifier(type: KeyType, publicKey: Uint8Array, options?: KeyOptions): Verifier {
  assertKeyType(type);
  const key = requirePublicKey(type, publicKey);
  assertOptions(options, 'options');
  const alg = algorithmForKeyType(type, options);
  const keyUserId = readUserId(type, options, 'options');
  const backend = state.backend;
  const prepared = backend.prepareVerify(type, key, keyUserId);
  return Object.freeze({
    type,
    alg,
    publicKey: key,
    verify(message: Uint8Array, signature: Uint8Array, options?: VerifyOptions): boolean {
      if (!isBytes(message))
        throw new TypeError(`message: expected a Uint8Array, found ${describe(message)}`);
      if (!isBytes(signature))
        throw new TypeError(`signature: expected a Uint8Array, found ${describe(signature)}`);
      if (options === undefined) return prepared(message, signature, false, false);
      const der = readDer(type, options, 'options');
      const lowS = readLowS(options, 'options');
      const userId = readUserId(type, options, 'options');
      if (userId !== undefined) return backend.verify(type, key, message, signature, der, lowS, userId);
      return prepared(message, signature, der, lowS);
    },
  });
}
