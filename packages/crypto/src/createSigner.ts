import { assertBytes, assertOptions } from './internal/assert.js';
import { checkKeyPair } from './internal/keys.js';
import { readDer } from './internal/options.js';
import { state } from './internal/state.js';
import { readUserId } from './internal/userId.js';
import type { JwsAlgorithm, KeyPair, KeyType, Sm2JwsAlgorithm } from './KeyType.js';
import { algorithmForKeyType } from './KeyType.js';
import type { SignOptions } from './sign.js';

/** Options of {@link createSigner} and {@link createVerifier}. */
export interface KeyOptions {
  /** SM2 only: the user ID of this key (bytes or a UTF-8 string); default `1234567812345678`. */
  userId?: Uint8Array | string;
  /** SM2 only: the JWS name reported as `alg`, `'SM2'` (default) or `'SM2SM3'`. */
  sm2Algorithm?: Sm2JwsAlgorithm;
}

/** A signing function bound to one key pair. */
export interface Signer {
  /** The key type. */
  readonly type: KeyType;
  /** The JWS algorithm. */
  readonly alg: JwsAlgorithm;
  /** The public key (a copy; compressed for ECDSA). */
  readonly publicKey: Uint8Array;
  /** Signs a message exactly as {@link sign} does (for SM2, with the signer's user ID unless `options.userId` is given). */
  sign(message: Uint8Array, options?: SignOptions): Uint8Array;
}

/**
 * Makes a {@link Signer} for a key pair. The secret key is copied (later changes to the input do
 * not affect the signer) and checked against the public key. The signer keeps the backend that
 * was active when it was made, and on Node.js holds its prepared key object. For SM2, Z_A of the
 * key's user ID is computed once.
 *
 * @param keyPair - the key pair
 * @param options - `userId` and `sm2Algorithm` (SM2)
 * @returns a frozen signer
 * @throws TypeError / RangeError when the key pair is malformed or its keys do not match
 * @example
 * ```ts
 * const signer = createSigner(generateKeyPair('Ed25519'));
 * const sig = signer.sign(utf8Encode('hello'));
 * ```
 */
export function createSigner(keyPair: KeyPair, options?: KeyOptions): Signer {
  const { type, secretKey: sk, publicKey: derived } = checkKeyPair(keyPair);
  assertOptions(options, 'options');
  const alg = algorithmForKeyType(type, options);
  const keyUserId = readUserId(type, options, 'options');
  const backend = state.backend;
  const prepared = backend.prepareSign(type, sk, keyUserId);
  return Object.freeze({
    type,
    alg,
    publicKey: derived,
    sign(message: Uint8Array, signOptions?: SignOptions): Uint8Array {
      assertBytes(message, 'message');
      const der = readDer(type, signOptions, 'options');
      const userId = readUserId(type, signOptions, 'options');
      if (userId !== undefined) return backend.sign(type, sk, message, der, userId);
      return prepared(message, der);
    },
  });
}
