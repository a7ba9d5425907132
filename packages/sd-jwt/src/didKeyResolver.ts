import type { Clock } from '@realdid/crypto';
import { didKeyToPublicKey } from '@realdid/crypto';
import { resolveVerificationMethod } from '@realdid/did';
import { sdError } from './internal/errors.js';
import type { KeyResolver, ResolvedKey } from './types.js';

/** The part of a `did-resolver` `Resolver` this package uses. */
export interface DidResolverLike {
  resolve(
    didUrl: string,
    options?: Record<string, unknown>,
  ): Promise<{
    didResolutionMetadata?: { error?: string; [k: string]: unknown };
    didDocument?: unknown;
    didDocumentMetadata?: { deactivated?: boolean; [k: string]: unknown };
  }>;
}

/** Options of {@link didKeyResolver}. */
export interface DidKeyResolverOptions {
  /**
   * A did-resolver-like resolver (for instance `@realdid/did`'s `getResolver` plugged into
   * `did-resolver`). Without one, only `did:key` issuers resolve (decoded locally).
   */
  resolver?: DidResolverLike;
  /** How long a resolved key is cached, in milliseconds (default 300 000; 0 disables). */
  cacheTtlMs?: number;
  /** Most keys kept in the cache (default 1 000). */
  maxCacheEntries?: number;
  /** Clock in milliseconds, for the cache (default `Date.now`). */
  now?: Clock;
}

function fail(message: string): never {
  throw sdError('ERR_SD_JWT_KEY_RESOLUTION', message);
}

/**
 * A {@link KeyResolver} for issuers identified by DIDs. The Issuer-signed JWT's `kid` must be a
 * DID URL (`did:…#fragment`, or `#fragment` relative to a DID `iss`); when `iss` is a DID it must
 * be the DID of the `kid`. The verification method must be listed under `assertionMethod` (checked by
 * `@realdid/did`'s `resolveVerificationMethod`). `did:key` issuers resolve locally; other methods
 * (`did:realdid`, `did:jwk`, …) through the given resolver (for instance
 * `new Resolver(getResolver({ … }))` from `@realdid/did` and `did-resolver`). Resolved keys are cached by `kid` for `cacheTtlMs`.
 *
 * @param options - the DID resolver and cache settings
 * @returns a key resolver for `verifySdJwt` / `verifySdJwtVc`
 * @throws TypeError on malformed options
 * @example
 * ```ts
 * import { didKeyResolver } from '@realdid/sd-jwt';
 * const keyResolver = didKeyResolver(); // did:key issuers only
 * ```
 */
export function didKeyResolver(options: DidKeyResolverOptions = {}): KeyResolver {
  if (
    typeof options !== 'object' ||
    options === null ||
    Array.isArray(options) ||
    options instanceof Uint8Array
  ) {
    throw new TypeError('didKeyResolver: options must be an object');
  }
  const { resolver, cacheTtlMs = 300_000, maxCacheEntries = 1_000, now = Date.now } = options;
  if (resolver !== undefined && typeof resolver?.resolve !== 'function') {
    throw new TypeError('didKeyResolver: resolver must have a resolve(did) method');
  }
  if (!Number.isFinite(cacheTtlMs) || cacheTtlMs < 0) throw new RangeError('cacheTtlMs must be ≥ 0');
  if (!Number.isInteger(maxCacheEntries) || maxCacheEntries < 1)
    throw new RangeError('maxCacheEntries must be ≥ 1');
  const cache = new Map<string, { key: ResolvedKey; expires: number }>();

  async function lookup(kid: string, did: string): Promise<ResolvedKey> {
    if (did.startsWith('did:key:')) {
      const frag = kid.slice(did.length + 1);
      const msid = did.slice('did:key:'.length);
      if (frag !== msid) fail('a did:key kid must be did:key:<mb>#<mb>');
      return didKeyToPublicKey(did);
    }
    if (resolver === undefined) fail(`no DID resolver configured for ${did.split(':', 2).join(':')}`);
    const vm = await resolveVerificationMethod(
      resolver as Parameters<typeof resolveVerificationMethod>[0],
      kid,
      { purpose: 'assertionMethod' },
    );
    if (vm.type === 'X25519') fail(`${kid.slice(0, 200)} is not a signing key`);
    return { type: vm.type, publicKey: vm.publicKey };
  }

  return async (header, payload) => {
    const rawKid = header.kid;
    const iss = payload.iss;
    const issDid = typeof iss === 'string' && iss.startsWith('did:') ? iss : undefined;
    if (typeof rawKid !== 'string' || rawKid.length === 0) fail('the Issuer-signed JWT has no kid');
    let kid: string = rawKid;
    if (kid.startsWith('#')) {
      if (issDid === undefined) fail('a relative kid needs a DID iss');
      kid = issDid + kid;
    }
    const hash = kid.indexOf('#');
    if (!kid.startsWith('did:') || hash < 0) fail('kid must be a DID URL with a fragment');
    const did = kid.slice(0, hash);
    if (issDid !== undefined && issDid !== did) fail('kid does not belong to the iss DID');
    const t = now();
    const hit = cache.get(kid);
    if (hit !== undefined && hit.expires > t) return hit.key;
    let key: ResolvedKey;
    try {
      const k = await lookup(kid, did);
      key = Object.freeze({ type: k.type, publicKey: k.publicKey });
    } catch (cause) {
      if ((cause as { code?: unknown })?.code === 'ERR_SD_JWT_KEY_RESOLUTION') throw cause;
      throw sdError('ERR_SD_JWT_KEY_RESOLUTION', `could not resolve ${kid.slice(0, 200)}`, cause);
    }
    if (cacheTtlMs > 0) {
      if (cache.size >= maxCacheEntries) cache.delete(cache.keys().next().value as string);
      cache.set(kid, { key, expires: t + cacheTtlMs });
    }
    return key;
  };
}
