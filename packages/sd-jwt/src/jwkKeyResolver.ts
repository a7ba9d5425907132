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
  local.set(resolver, key);
  return resolver;
}

/**
 * Resolvers that answer from memory (made here) and their one key: verification takes the key
 * without calling the resolver and waiting for its promise, and never races it against a timer.
 */
const local = new WeakMap<KeyResolver, ResolvedKey>();

/** @internal The key of a resolver made by {@link jwkKeyResolver}, undefined for any other resolver. */
export function localResolverKey(resolver: KeyResolver): ResolvedKey | undefined {
  return local.get(resolver);
}
