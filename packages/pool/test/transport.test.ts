import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { base64urlEncode, createSigner, publicKeyToJwk, utf8Encode } from '@realdid/crypto';
import { jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues, anyString } from '../../../test-support/hostile.js';
import { VerifierPool } from '../src/index.js';
import { AUD, expectCode, ISS, NONCE, NOW, outcomeOf, setup } from './helpers.js';

const PLUGINS = new URL('./fixtures/plugins.mjs', import.meta.url);

describe('VerifierPool results and errors against the in-process verifier', () => {
  const s = setup();
  let pool: VerifierPool;
  const keyResolver = jwkKeyResolver(s.issuerJwk);
  const inProcess = (p: unknown, o: Record<string, unknown> = s.verifyOptions) =>
    verifySdJwtVc(p as string, { ...o, keyResolver } as never);
  beforeAll(async () => {
    pool = new VerifierPool({ size: 2, tasksPerWorker: 8, issuerKeys: { [ISS]: s.issuerJwk } });
    await pool.ready();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('gives the whole verified result, deep-equal to the in-process one, for every serialization', async () => {
    for (const status of [undefined, 11]) {
      const compact = await s.present(status === undefined ? {} : { status });
      const options = { ...s.verifyOptions, requireStatusCheck: false };
      const a = await inProcess(compact, options);
      const b = await pool.verifySdJwtVc(compact, options);
      expect(b).toEqual(a);
      expect(b.issuerKey.publicKey).toBeInstanceOf(Uint8Array);
      expect(b.cnf).toBe(b.claims.cnf);
    }
  });

  it('sends a result JSON cannot carry (-0, a number beyond double range) by structured clone, exactly', async () => {
    const holder = (await import('@realdid/crypto')).generateKeyPair('Ed25519');
    const header = base64urlEncode(utf8Encode(JSON.stringify({ alg: 'EdDSA', typ: 'dc+sd-jwt' })));
    const cnf = JSON.stringify({ jwk: publicKeyToJwk('Ed25519', holder.publicKey) });
    const payloadText = `{"iss":"${ISS}","vct":"urn:example:pid","iat":${NOW - 10},"cnf":${cnf},"zero":-0,"big":1e400,"small":-1e400}`;
    const payload = base64urlEncode(utf8Encode(payloadText));
    const sig = createSigner(s.issuer).sign(utf8Encode(`${header}.${payload}`));
    const vc = `${header}.${payload}.${base64urlEncode(sig)}~`;
    const vp = await presentSdJwt(
      vc,
      {},
      { keyBinding: { signer: createSigner(holder), aud: AUD, nonce: NONCE, iat: NOW } },
    );
    const a = await inProcess(vp);
    const b = await pool.verifySdJwtVc(vp, s.verifyOptions);
    expect(Object.is(b.claims.zero, -0)).toBe(true);
    expect(b.claims.big).toBe(Number.POSITIVE_INFINITY);
    expect(b.claims.small).toBe(Number.NEGATIVE_INFINITY);
    expect(b).toEqual(a);
  });

  it('refuses hostile presentations with the in-process verifier’s codes', async () => {
    const differing: number[] = [];
    const hostile = allHostileValues();
    for (const [i, bad] of hostile.entries()) {
      const a = await outcomeOf(() => inProcess(bad));
      const b = await outcomeOf(() => pool.verifySdJwtVc(bad as never, s.verifyOptions));
      if (a === b) continue;
      // An object no thread can receive (a getter or proxy trap that throws when it is copied, a
      // nesting too deep to copy) is refused at the pool's door as misuse (TypeError), before any
      // verification; in process the verifier reads only its own members and refuses it with a
      // code (or the trap's own error). Never accepted by either.
      expect(b, `hostile value #${i}`).toBe('misuse');
      expect(a, `hostile value #${i}`).not.toBe('ok');
      differing.push(i);
    }
    // Only the objects whose copying throws differ: every trap, one getter, 10,000 levels deep.
    expect(differing.length).toBeLessThanOrEqual(3);
    await fc.assert(
      fc.asyncProperty(anyString, async (text) => {
        const a = await outcomeOf(() => inProcess(text));
        const b = await outcomeOf(() => pool.verifySdJwtVc(text, s.verifyOptions));
        expect(b).toBe(a);
      }),
      { numRuns: 40 },
    );
  });
});

describe('VerifierPool failures in flight', () => {
  const s = setup();

  it('a worker crashing mid-batch fails every call of that batch with ERR_POOL_WORKER; the pool recovers', async () => {
    const pool = new VerifierPool({
      size: 1,
      tasksPerWorker: 16,
      plugins: { module: PLUGINS, options: { jwk: s.issuerJwk } },
    });
    try {
      await pool.ready();
      const good = await Promise.all(Array.from({ length: 5 }, () => s.present()));
      const crash = await s.present({ iss: 'https://crash.example' });
      // Submitted in one turn: they go to the worker in one message.
      const calls = [...good.slice(0, 2), crash, ...good.slice(2)].map((vp) =>
        outcomeOf(() => pool.verifySdJwtVc(vp, s.verifyOptions)),
      );
      const results = await Promise.all(calls);
      expect(results[2]).toBe('ERR_POOL_WORKER');
      for (const r of results) expect(['ok', 'ERR_POOL_WORKER']).toContain(r);
      expect(results.filter((r) => r === 'ERR_POOL_WORKER').length).toBeGreaterThan(1);
      const after = await Promise.all(good.map((vp) => pool.verifySdJwtVc(vp, s.verifyOptions)));
      expect(after.every((r) => r.verified)).toBe(true);
      expect(pool.stats()).toEqual({ workers: 1, inFlight: 0, queued: 0, waiting: 0 });
    } finally {
      await pool.close();
    }
  });

  it('close() with a call stuck in flight and others waiting: they time out, close resolves', async () => {
    const pool = new VerifierPool({
      size: 1,
      tasksPerWorker: 1,
      maxQueue: 1,
      whenFull: 'wait',
      timeoutMs: 400,
      plugins: { module: PLUGINS, options: { jwk: s.issuerJwk } },
    });
    await pool.ready();
    const hung = await s.present({ iss: 'https://hang.example' });
    const noTimer = { ...s.verifyOptions, timeoutMs: Number.POSITIVE_INFINITY };
    const calls = [hung, hung, hung].map((vp) => outcomeOf(() => pool.verifySdJwtVc(vp, noTimer)));
    await new Promise((r) => setTimeout(r, 20));
    expect(pool.stats()).toMatchObject({ inFlight: 1, queued: 1, waiting: 1 });
    const closed = pool.close();
    await expectCode(pool.verifySdJwtVc(hung, s.verifyOptions), 'ERR_POOL_CLOSED');
    expect(await Promise.all(calls)).toEqual(['ERR_POOL_TIMEOUT', 'ERR_POOL_TIMEOUT', 'ERR_POOL_TIMEOUT']);
    await closed;
    expect(pool.stats()).toEqual({ workers: 0, inFlight: 0, queued: 0, waiting: 0 });
  });

  it('a late answer after a timeout is dropped, and the next calls are answered', async () => {
    const pool = new VerifierPool({
      size: 1,
      timeoutMs: 300,
      plugins: { module: PLUGINS, options: { jwk: s.issuerJwk } },
    });
    try {
      await pool.ready();
      const hung = pool.verifySdJwtVc(await s.present({ iss: 'https://hang.example' }), {
        ...s.verifyOptions,
        timeoutMs: Number.POSITIVE_INFINITY,
      });
      await expectCode(hung, 'ERR_POOL_TIMEOUT');
      const r = await pool.verifySdJwtVc(await s.present(), s.verifyOptions);
      expect(r.verified).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('VerifierPool memory', () => {
  const s = setup();
  let hangPresentation: string;
  beforeAll(async () => {
    hangPresentation = await s.present({ iss: 'https://hang.example' });
  });

  it('an answered call keeps neither its options nor its result alive while an earlier call is pending', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const pool = new VerifierPool({
      size: 1,
      timeoutMs: 4000,
      plugins: { module: PLUGINS, options: { jwk: s.issuerJwk } },
    });
    try {
      await pool.ready();
      // Stays unanswered until the pool's bound: every call after it waits behind it for its
      // deadline to pass, answered or not.
      const hung = outcomeOf(() =>
        pool.verifySdJwtVc(hangPresentation, { ...s.verifyOptions, timeoutMs: Number.POSITIVE_INFINITY }),
      );
      const collected: string[] = [];
      const registry = new FinalizationRegistry<string>((name) => collected.push(name));
      await (async () => {
        const keyBinding = { aud: AUD, nonce: NONCE };
        const r = await pool.verifySdJwtVc(await s.present(), { ...s.verifyOptions, keyBinding });
        expect(r.verified).toBe(true);
        registry.register(r, 'result');
        registry.register(keyBinding, 'options');
      })();
      for (let i = 0; i < 10 && collected.length < 2; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
      // Still pending: what was answered behind it is released all the same.
      expect(pool.stats().inFlight).toBe(1);
      expect(collected.sort()).toEqual(['options', 'result']);
      expect(await hung).toBe('ERR_POOL_TIMEOUT');
    } finally {
      await pool.close();
    }
  });
});
