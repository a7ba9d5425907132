import { isRealDidError, RealDidError } from '@realdid/crypto';
import { jwkKeyResolver, verifySdJwtVc } from '@realdid/sd-jwt';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues } from '../../../test-support/hostile.js';
import { VerifierPool } from '../src/index.js';
import { expectCode, ISS, NOW, setup } from './helpers.js';

const PLUGINS = new URL('./fixtures/plugins.mjs', import.meta.url);

/** The outcome of a verification as comparable data: the result's claims, or the error's kind and code. */
async function outcome(p: Promise<{ claims: unknown; vct: string }>): Promise<unknown> {
  try {
    const r = await p;
    return { ok: true, claims: r.claims, vct: r.vct };
  } catch (err) {
    if (isRealDidError(err)) return { ok: false, code: err.code };
    return { ok: false, kind: (err as Error).name };
  }
}

describe('VerifierPool with issuer keys', () => {
  const s = setup();
  let pool: VerifierPool;
  beforeAll(async () => {
    pool = new VerifierPool({ size: 2, issuerKeys: { [ISS]: s.issuerJwk } });
    await pool.ready();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('gives the result of the in-process verifier', async () => {
    const vp = await s.present();
    const inProcess = await verifySdJwtVc(vp, {
      ...s.verifyOptions,
      keyResolver: jwkKeyResolver(s.issuerJwk),
    });
    const pooled = await pool.verifySdJwtVc(vp, s.verifyOptions);
    expect(pooled.claims).toEqual(inProcess.claims);
    expect(pooled.vct).toBe('urn:example:pid');
    expect(pooled.iss).toBe(ISS);
    expect(pooled.claims.age_over_18).toBe(true);
    expect(pooled.claims.birthdate).toBeUndefined();
    expect(pooled.issuerKey.publicKey).toEqual(s.issuer.publicKey);
  });

  it('throws the verifier codes: signature, nonce, audience, expiry, unknown issuer', async () => {
    const vp = await s.present();
    const [h, p, sig, ...rest] = vp.split(/[.~]/);
    expect(h && p && sig && rest.length > 0).toBeTruthy();
    const tampered = vp.replace(`.${sig}~`, `.${sig?.startsWith('A') ? 'B' : 'A'}${sig?.slice(1)}~`);
    await expectCode(pool.verifySdJwtVc(tampered, s.verifyOptions), 'ERR_SD_JWT_SIGNATURE');
    await expectCode(
      pool.verifySdJwtVc(vp, {
        ...s.verifyOptions,
        keyBinding: { aud: 'https://rp.example', nonce: 'other' },
      }),
      'ERR_SD_JWT_KB_NONCE',
    );
    await expectCode(
      pool.verifySdJwtVc(vp, {
        ...s.verifyOptions,
        keyBinding: { aud: 'https://evil.example', nonce: 'nonce-0123456789' },
      }),
      'ERR_SD_JWT_KB_AUD',
    );
    const expiring = await s.present({ exp: NOW + 60 });
    await expectCode(
      pool.verifySdJwtVc(expiring, { ...s.verifyOptions, now: () => (NOW + 3600) * 1000 }),
      'ERR_SD_JWT_EXPIRED',
    );
    await expectCode(
      pool.verifySdJwtVc(await s.present({ iss: 'https://other.example' }), s.verifyOptions),
      'ERR_SD_JWT_KEY_RESOLUTION',
    );
    await expectCode(pool.verifySdJwtVc('not an sd-jwt', s.verifyOptions), 'ERR_SD_JWT_FORMAT');
  });

  it('passes requireStatusCheck through and never checks status it was not given a checker for', async () => {
    const vp = await s.present({ status: 7 });
    const inProcess = await outcome(
      verifySdJwtVc(vp, {
        ...s.verifyOptions,
        keyResolver: jwkKeyResolver(s.issuerJwk),
        requireStatusCheck: false,
      } as never),
    );
    const pooled = await outcome(pool.verifySdJwtVc(vp, { ...s.verifyOptions, requireStatusCheck: false }));
    expect(pooled).toEqual(inProcess);
    expect(pooled).toMatchObject({ ok: true });
  });

  it('agrees with the in-process verifier on mutated presentations (property)', async () => {
    const vp = await s.present({ exp: NOW + 60 });
    // The pool's issuerKeys answer only for the configured `iss`; so does this in-process resolver.
    const inner = jwkKeyResolver(s.issuerJwk);
    const keyResolver: typeof inner = async (h, p) => {
      if (p.iss !== ISS) throw new RealDidError('ERR_SD_JWT_KEY_RESOLUTION', 'unknown issuer');
      return inner(h, p);
    };
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: vp.length - 1 }),
        fc.constantFrom('A', '~', '.', 'z', '', '_'),
        fc.boolean(),
        async (at, ch, late) => {
          const input = vp.slice(0, at) + ch + vp.slice(at + 1);
          const now = () => (late ? NOW + 3600 : NOW) * 1000;
          const a = await outcome(verifySdJwtVc(input, { ...s.verifyOptions, now, keyResolver }));
          const b = await outcome(pool.verifySdJwtVc(input, { ...s.verifyOptions, now }));
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses plug-in functions in the call options and hostile options with TypeError or RangeError', async () => {
    const vp = await s.present();
    for (const name of ['keyResolver', 'holderKeyResolver', 'checkStatus']) {
      await expect(
        pool.verifySdJwtVc(vp, { ...s.verifyOptions, [name]: async () => 'valid' } as never),
      ).rejects.toThrow(TypeError);
    }
    for (const bad of allHostileValues()) {
      let err: unknown;
      try {
        await pool.verifySdJwtVc(vp, bad as never);
      } catch (e) {
        err = e;
      }
      expect(err instanceof TypeError || err instanceof RangeError || isRealDidError(err), String(err)).toBe(
        true,
      );
      err = undefined;
      try {
        await pool.verifySdJwtVc(bad as never, s.verifyOptions);
      } catch (e) {
        err = e;
      }
      expect(err instanceof TypeError || err instanceof RangeError || isRealDidError(err), String(err)).toBe(
        true,
      );
    }
  });
});

describe('VerifierPool options', () => {
  it('refuses wrong-typed pool options at once', () => {
    const jwk = setup().issuerJwk;
    const refused = (make: () => VerifierPool): void => {
      let pool: VerifierPool | undefined;
      try {
        pool = make();
      } catch (err) {
        expect(err instanceof TypeError || err instanceof RangeError, String(err)).toBe(true);
        return;
      }
      void pool.close();
      throw new Error('expected the options to be refused');
    };
    for (const bad of allHostileValues()) {
      refused(() => new VerifierPool(bad as never));
      if (bad === undefined) continue;
      refused(() => new VerifierPool({ issuerKeys: { [ISS]: jwk }, size: bad } as never));
      refused(() => new VerifierPool({ issuerKeys: { [ISS]: jwk }, maxQueue: bad } as never));
      refused(() => new VerifierPool({ issuerKeys: bad } as never));
      refused(() => new VerifierPool({ issuerKeys: { [ISS]: bad } } as never));
    }
    expect(() => new VerifierPool({} as never)).toThrow(TypeError);
    expect(() => new VerifierPool({ issuerKeys: { a: {} }, size: 0 })).toThrow(RangeError);
    expect(() => new VerifierPool({ issuerKeys: { a: {} }, whenFull: 'drop' as never })).toThrow(TypeError);
    expect(() => new VerifierPool({ plugins: { module: '' } })).toThrow(TypeError);
  });
});

describe('VerifierPool with a plug-in module', () => {
  const s = setup();

  it('checks status in the worker; a revoked credential fails with the verifier code', async () => {
    const pool = new VerifierPool({
      size: 1,
      plugins: { module: PLUGINS, options: { jwk: s.issuerJwk, revoked: [3] } },
    });
    try {
      await expectCode(
        pool.verifySdJwtVc(await s.present({ status: 3 }), s.verifyOptions),
        'ERR_SD_JWT_REVOKED',
      );
      const ok = await pool.verifySdJwtVc(await s.present({ status: 4 }), s.verifyOptions);
      expect(ok.status?.status_list.idx).toBe(4);
    } finally {
      await pool.close();
    }
  });

  it('keeps status answers per worker for statusCacheTtlMs, and asks every time without it', async () => {
    const options = { jwk: s.issuerJwk, flipAfterFirst: true };
    const cached = new VerifierPool({
      size: 1,
      statusCacheTtlMs: 600_000,
      plugins: { module: PLUGINS, options },
    });
    const uncached = new VerifierPool({ size: 1, plugins: { module: PLUGINS, options } });
    try {
      const a = await s.present({ status: 9 });
      const b = await s.present({ status: 9 });
      await cached.verifySdJwtVc(a, s.verifyOptions);
      await cached.verifySdJwtVc(b, s.verifyOptions);
      await uncached.verifySdJwtVc(a, s.verifyOptions);
      await expectCode(uncached.verifySdJwtVc(b, s.verifyOptions), 'ERR_SD_JWT_REVOKED');
    } finally {
      await Promise.all([cached.close(), uncached.close()]);
    }
  });

  it('fails a stuck call with ERR_POOL_TIMEOUT and still closes', async () => {
    const pool = new VerifierPool({
      size: 1,
      timeoutMs: 300,
      plugins: { module: PLUGINS, options: { jwk: s.issuerJwk } },
    });
    await pool.ready();
    const hung = await s.present({ iss: 'https://hang.example' });
    await expectCode(
      pool.verifySdJwtVc(hung, { ...s.verifyOptions, timeoutMs: Number.POSITIVE_INFINITY }),
      'ERR_POOL_TIMEOUT',
    );
    await pool.close();
    expect(pool.stats().workers).toBe(0);
  });

  it('replaces a worker that dies; its call fails with ERR_POOL_WORKER, the next succeeds', async () => {
    const pool = new VerifierPool({ size: 1, plugins: { module: PLUGINS, options: { jwk: s.issuerJwk } } });
    try {
      await expectCode(
        pool.verifySdJwtVc(await s.present({ iss: 'https://crash.example' }), s.verifyOptions),
        'ERR_POOL_WORKER',
      );
      const r = await pool.verifySdJwtVc(await s.present(), s.verifyOptions);
      expect(r.verified).toBe(true);
    } finally {
      await pool.close();
    }
    expect(pool.stats().workers).toBe(0);
  });

  it('reports a plug-in module that cannot give plug-ins with ERR_POOL_PLUGIN', async () => {
    for (const mode of ['bad', 'throw']) {
      const pool = new VerifierPool({ size: 1, plugins: { module: PLUGINS, options: { mode } } });
      await expectCode(pool.ready(), 'ERR_POOL_PLUGIN');
      await expectCode(pool.verifySdJwtVc(await s.present(), s.verifyOptions), 'ERR_POOL_PLUGIN');
      await pool.close();
      expect(pool.stats().workers).toBe(0);
    }
  });
});

describe('VerifierPool back-pressure and shutdown', () => {
  const s = setup();

  it('refuses with ERR_POOL_BUSY beyond the bounded queue, and verifies what it accepted', async () => {
    const pool = new VerifierPool({
      size: 1,
      tasksPerWorker: 1,
      maxQueue: 2,
      issuerKeys: { [ISS]: s.issuerJwk },
    });
    try {
      await pool.ready();
      const vps = await Promise.all(Array.from({ length: 8 }, () => s.present()));
      const results = await Promise.all(vps.map((vp) => outcome(pool.verifySdJwtVc(vp, s.verifyOptions))));
      const busy = results.filter((r) => (r as { code?: string }).code === 'ERR_POOL_BUSY').length;
      const ok = results.filter((r) => (r as { ok: boolean }).ok).length;
      expect(busy).toBeGreaterThan(0);
      expect(ok + busy).toBe(8);
      expect(ok).toBeGreaterThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it("with whenFull: 'wait' every call waits for room and none is refused", async () => {
    const pool = new VerifierPool({
      size: 1,
      tasksPerWorker: 1,
      maxQueue: 2,
      whenFull: 'wait',
      issuerKeys: { [ISS]: s.issuerJwk },
    });
    try {
      const vps = await Promise.all(Array.from({ length: 8 }, () => s.present()));
      const calls = vps.map((vp) => pool.verifySdJwtVc(vp, s.verifyOptions));
      const st = pool.stats();
      expect(st.queued).toBeLessThanOrEqual(2);
      expect(st.waiting).toBe(6);
      const results = await Promise.all(calls);
      expect(results.every((r) => r.verified)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('close() finishes accepted calls, refuses new ones with ERR_POOL_CLOSED and stops every thread', async () => {
    const pool = new VerifierPool({ size: 2, issuerKeys: { [ISS]: s.issuerJwk } });
    const vps = await Promise.all(Array.from({ length: 6 }, () => s.present()));
    const calls = vps.map((vp) => pool.verifySdJwtVc(vp, s.verifyOptions));
    expect(pool.stats().workers).toBe(2);
    const closed = pool.close();
    await expectCode(pool.verifySdJwtVc(vps[0] as string, s.verifyOptions), 'ERR_POOL_CLOSED');
    const results = await Promise.all(calls);
    expect(results.every((r) => r.verified)).toBe(true);
    await closed;
    expect(pool.stats()).toEqual({ workers: 0, inFlight: 0, queued: 0, waiting: 0 });
    expect(pool.close()).toBe(closed);
  });
});
