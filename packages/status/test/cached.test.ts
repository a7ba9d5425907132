import { createSigner, generateKeyPair } from '@realdid/crypto';
import { createTokenStatusChecker, createTokenStatusResolver, TokenStatusListIssuer } from '@realdid/status';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allHostileValues } from '../../../test-support/hostile.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');

/** What a call gave: its value, or the code (or name) of what it threw or rejected with. */
async function outcome(f: () => unknown): Promise<unknown> {
  try {
    return { value: await f() };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? (e as Error).name };
  }
}

describe('cached: the answer of a cached list, at once', () => {
  async function setup(validitySec?: number) {
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://a.example/s/cached';
    const issuer = new TokenStatusListIssuer({
      uri,
      signer: createSigner(kp),
      now: () => T0,
      size: 1024,
      iss: 'did:example:issuer',
      ...(validitySec === undefined ? {} : { validitySec }),
    });
    const claims = Array.from({ length: 8 }, () => issuer.allocate());
    issuer.revoke(claims[1]!.status_list.idx);
    issuer.suspend(claims[2]!.status_list.idx);
    const token = await issuer.sign();
    let fetches = 0;
    const clock = { t: T0 };
    const options = {
      fetch: async () => {
        fetches++;
        return token;
      },
      keyResolver: () => ({ type: 'Ed25519' as const, publicKey: kp.publicKey }),
      now: () => clock.t,
      maxTtlSec: 60,
    };
    return { claims, clock, options, fetches: () => fetches, uri };
  }

  it('is undefined until the list is loaded, then what the resolver and the checker say, without a fetch', async () => {
    const { claims, options, fetches } = await setup();
    const resolve = createTokenStatusResolver({ ...options, matchIssuer: false });
    const check = createTokenStatusChecker({ ...options, matchIssuer: false });
    expect(resolve.cached?.(claims[0])).toBeUndefined();
    expect(check.cached?.(claims[0])).toBeUndefined();
    await resolve(claims[0]);
    await check(claims[0]);
    const before = fetches();
    for (const c of claims) {
      expect(resolve.cached?.(c)).toEqual(await resolve(c));
      expect(check.cached?.(c)).toEqual(await check(c));
    }
    expect(fetches()).toBe(before);
  });

  it('throws what the resolver rejects with, on any claim and context (the cache keyed only by checked input)', async () => {
    const { claims, options, uri } = await setup();
    const resolve = createTokenStatusResolver(options);
    const iss = 'did:example:issuer';
    await resolve(claims[0], { iss }).catch(() => undefined);
    const claim = fc.oneof(
      fc.constantFrom<unknown>(...claims),
      fc.record({
        status_list: fc.record({
          idx: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.double()),
          uri: fc.constantFrom(uri, `${uri}x`, ''),
        }),
      }),
    );
    const contexts: unknown[] = [undefined, { iss }, { iss: 'did:example:other' }, { iss: 7 }, null, 'x', {}];
    const same = async (c: unknown, ctx: unknown) => {
      const now = await outcome(() => resolve.cached?.(c, ctx as never));
      const later = await outcome(() => resolve(c, ctx as never));
      // undefined only where the resolver has to load (here: a list of another issuer or URI,
      // which it then fails to fetch or verify); otherwise the resolver's answer or error
      if ('value' in (now as object) && (now as { value?: unknown }).value === undefined) {
        expect(later).toHaveProperty('error');
        return;
      }
      expect(now).toEqual(later);
    };
    await fc.assert(
      fc.asyncProperty(claim, fc.nat({ max: contexts.length - 1 }), (c, i) => same(c, contexts[i])),
      { numRuns: 300 },
    );
    // hostile values, outside fast-check (which would touch them itself)
    for (const v of allHostileValues()) for (const ctx of contexts) await same(v, ctx);
    for (const ctx of allHostileValues()) await same(claims[0], ctx);
  });

  it('an expired list: undefined once the cache entry is stale, the expiry error when the token has expired', async () => {
    const { claims, clock, options } = await setup(30);
    const resolve = createTokenStatusResolver({ ...options, matchIssuer: false, clockSkewSeconds: 0 });
    await resolve(claims[0]);
    clock.t = T0 + 29_000;
    expect(resolve.cached?.(claims[0])?.state).toBe('valid');
    clock.t = T0 + 61_000; // past both the token's exp and the cache lifetime
    expect(resolve.cached?.(claims[0])).toBeUndefined();
    await expect(resolve(claims[0])).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_EXPIRED' });
  });
});
