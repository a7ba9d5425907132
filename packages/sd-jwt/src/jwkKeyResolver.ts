import { jwkToPublicKey } from '@realdid/crypto';
import type { KeyResolver, ResolvedKey } from './types.js';

/**
 * A {@link KeyResolver} that always answers with one issuer key, given as a public JWK
 * (RFC 7517/8037: OKP Ed25519, EC P-256 or secp256k1). The JWK is checked once, here.
 *
 * @param jwk - the issuer's public JWK
 * @returns a key resolver for `verifySdJwt` / `verifySdJwtVc`
 * @throws RealDidError (from `@realdid/crypto`) when the JWK is not a valid public key
 * @example
 * ```ts
 * import { generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
 * import { jwkKeyResolver } from '@realdid/sd-jwt';
 * const kp = generateKeyPair('Ed25519');
 * const keyResolver = jwkKeyResolver(publicKeyToJwk(kp.type, kp.publicKey));
 * ```
 */
export function jwkKeyResolver(jwk: unknown): KeyResolver {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk) || jwk instanceof Uint8Array) {
    throw new TypeError('jwkKeyResolver: expected a JWK object');
  }
  const { type, publicKey } = jwkToPublicKey(jwk);
  const key: ResolvedKey = Object.freeze({ type, publicKey });
  const resolver: KeyResolver = async () => key;
  local.add(resolver);
  return resolver;
}

/** Resolvers that answer from memory (made here), which verification need not race against a timer. */
const local = new WeakSet<KeyResolver>();

/** @internal True for a resolver made by {@link jwkKeyResolver}. */
export function isLocalResolver(resolver: KeyResolver): boolean {
  return local.has(resolver);
}
