import type { JwsAlgorithm } from './KeyType.js';

/**
 * Signs JWS signing input: the one signer contract of every package that produces a JWS
 * (`@realdid/sd-jwt`, `@realdid/status`). {@link createSigner}'s result is one; a remote or hardware
 * signer is another (it may be async).
 *
 * @example
 * ```ts
 * import { createSigner, generateKeyPair, type JwsSigner } from '@realdid/crypto';
 * const signer: JwsSigner = createSigner(generateKeyPair('Ed25519'));
 * signer.alg; // 'EdDSA'
 * ```
 */
export interface JwsSigner {
  /** The JWS `alg` this signer produces (`EdDSA`, `ES256`, `ES256K`). */
  readonly alg: JwsAlgorithm | string;
  /** Returns the JWS signature (raw `r||s` for ECDSA) over `input`. */
  sign(input: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
