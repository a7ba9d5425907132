import { assertBytes } from './internal/assert.js';
import { checkKeyPair } from './internal/keys.js';
import { readDer } from './internal/options.js';
import { state } from './internal/state.js';
import type { JwsAlgorithm, KeyPair, KeyType } from './KeyType.js';
import { algorithmForKeyType } from './KeyType.js';
import type { SignOptions } from './sign.js';

/** A signing function bound to one key pair. */
export interface Signer {
  /** The key type. */
  readonly type: KeyType;
  /** The JWS algorithm. */
  readonly alg: JwsAlgorithm;
  /** The public key (a copy; compressed for ECDSA). */
  readonly publicKey: Uint8Array;
  /** Signs a message exactly as {@link sign} does. */
  sign(message: Uint8Array, options?: SignOptions): Uint8Array;
}

/**
 * Makes a {@link Signer} for a key pair. The secret key is copied (later changes to the input do
 * not affect the signer) and checked against the public key. The signer keeps the backend that
 * was active when it was made, and on Node.js holds its prepared key object.
 *
 * @param keyPair - the key pair
 * @returns a frozen signer
 * @throws TypeError / RangeError when the key pair is malformed or its keys do not match
 * @example
 * ```ts
 * const signer = createSigner(generateKeyPair('Ed25519'));
 * const sig = signer.sign(utf8Encode('hello'));
 * ```
 */
export function createSigner(keyPair: KeyPair): Signer {
  const { type, secretKey: sk, publicKey: derived } = checkKeyPair(keyPair);
  const backend = state.backend;
  const prepared = backend.prepareSign(type, sk);
  return Object.freeze({
    type,
    alg: algorithmForKeyType(type),
    publicKey: derived,
    sign(message: Uint8Array, options?: SignOptions): Uint8Array {
      assertBytes(message, 'message');
      return prepared(message, readDer(type, options, 'options'));
    },
  });
}
