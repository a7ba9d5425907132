// VERIFIER_THREADS: registrations verified on the worker threads of a VerifierPool (@realdid/pool),
// each restoring the site's relying party over the same SQLite accounts and the same Redis. The
// server is a real process with a real redis-server; a registration goes through the pool, a
// replay of it is refused whichever thread (or server) receives it, the account it wrote is the one
// the main thread logs in, and without REDIS_URL the server refuses to start.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// the throw-away redis-server of @realdid/nonce-redis's tests
import { freePort, hasRedisServer } from '../../../packages/nonce-redis/test/redisServer.js';
import { RelyingPartyClient } from '../client/relyingPartyClient.mjs';
import { noncesFrom } from '../src/sharedState.mjs';
import { MAX_VERIFIER_THREADS, verifierThreadsFrom } from '../src/verifierPool.mjs';
import {
  codeOf,
  enrolledWallet,
  registerOverOpenId4Vp,
  runUntilExit,
  siteOnTwoServers,
  startServer,
  stopServer,
} from './serverProcess.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = join(root, '..', '..', 'packages');
// The spawned servers run the built packages, as a deployment would (`pnpm test` builds first).
const built = ['realname', 'accounts-sqlite', 'nonce-redis', 'gateway', 'pool'].every((p) =>
  existsSync(join(packages, p, 'dist', 'index.js')),
);
const redisAvailable = hasRedisServer();
if (!redisAvailable && process.env.CI !== 'true')
  console.warn(
    'examples/relying-party-server: redis-server is not installed (apt-get install redis-server); skipping the verifier-thread test',
  );
if (!built)
  console.warn(
    'examples/relying-party-server: packages not built (pnpm build); skipping the verifier-thread tests',
  );

const POOLED = /registration verified on the verifier pool/g;
/**
 * How many pooled registrations the server has logged, once it has logged `want` (its stdout may
 * arrive after the HTTP answer) or 10 s have passed.
 */
async function pooledLines(output: () => string, want: number): Promise<number> {
  const count = () => output().match(POOLED)?.length ?? 0;
  for (let i = 0; i < 100 && count() < want; i++) await new Promise((r) => setTimeout(r, 100));
  return count();
}

describe('verifierThreadsFrom (VERIFIER_THREADS)', () => {
  const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
  it('is 0 (in process) when unset, empty or 0, whatever the stores', () => {
    expect(verifierThreadsFrom({})).toBe(0);
    expect(verifierThreadsFrom({ VERIFIER_THREADS: '' })).toBe(0);
    expect(verifierThreadsFrom({ VERIFIER_THREADS: '0', ACCOUNTS: 'memory' })).toBe(0);
  });
  it('is N with REDIS_URL and the SQLite accounts', () => {
    expect(verifierThreadsFrom({ VERIFIER_THREADS: '2', ...redis })).toBe(2);
    expect(verifierThreadsFrom({ VERIFIER_THREADS: '1', ACCOUNTS: 'sqlite', ...redis })).toBe(1);
    expect(verifierThreadsFrom({ VERIFIER_THREADS: String(MAX_VERIFIER_THREADS), ...redis })).toBe(
      MAX_VERIFIER_THREADS,
    );
  });
  it('is N with the nonces in SQLite (NONCES=sqlite), no Redis needed', () => {
    expect(verifierThreadsFrom({ VERIFIER_THREADS: '2', NONCES: 'sqlite' })).toBe(2);
    expect(noncesFrom({ NONCES: 'sqlite', REDIS_URL: 'redis://127.0.0.1:6379' })).toBe('sqlite');
    expect(noncesFrom({})).toBe('memory');
    expect(noncesFrom(redis)).toBe('redis');
  });
  it('refuses NONCES it does not know, NONCES=redis without REDIS_URL, and threads over memory nonces', () => {
    expect(() => noncesFrom({ NONCES: 'postgres' })).toThrow(/NONCES: expected redis, sqlite or memory/);
    expect(() => noncesFrom({ NONCES: 'redis' })).toThrow(/NONCES=redis needs REDIS_URL/);
    expect(() => verifierThreadsFrom({ VERIFIER_THREADS: '2', NONCES: 'memory', ...redis })).toThrow(
      /needs REDIS_URL or NONCES=sqlite/,
    );
  });
  it('refuses N without REDIS_URL, with memory accounts, and values that are not a thread count', () => {
    expect(() => verifierThreadsFrom({ VERIFIER_THREADS: '2' })).toThrow(
      /VERIFIER_THREADS=2 needs REDIS_URL/,
    );
    expect(() => verifierThreadsFrom({ VERIFIER_THREADS: '2', REDIS_URL: '' })).toThrow(/needs REDIS_URL/);
    expect(() => verifierThreadsFrom({ VERIFIER_THREADS: '2', ACCOUNTS: 'memory', ...redis })).toThrow(
      /needs ACCOUNTS=sqlite/,
    );
    for (const bad of [
      '-1',
      '1.5',
      'two',
      ' 2',
      '2 ',
      '0x2',
      '1e1',
      String(MAX_VERIFIER_THREADS + 1),
      '99999',
    ])
      expect(() => verifierThreadsFrom({ VERIFIER_THREADS: bad, ...redis }), bad).toThrow(
        /VERIFIER_THREADS: expected/,
      );
  });
});

describe.runIf(built)('examples/relying-party-server: VERIFIER_THREADS without its shared stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realdid-rp-threads-refused-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start with the nonces in memory: a message, a non-zero exit, nothing created', {
    timeout: 60_000,
  }, async () => {
    const port = String(await freePort());
    const noRedis = await runUntilExit({
      REALDID_DIR: dir,
      PORT: port,
      VERIFIER_THREADS: '2',
      REDIS_URL: '',
    });
    expect(noRedis.code).not.toBe(0);
    expect(noRedis.output).toMatch(/relying party not started: VERIFIER_THREADS=2 needs REDIS_URL/);
    expect(noRedis.output).not.toMatch(/listening on/);
    const memory = await runUntilExit({
      REALDID_DIR: dir,
      PORT: port,
      VERIFIER_THREADS: '1',
      ACCOUNTS: 'memory',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(memory.code).not.toBe(0);
    expect(memory.output).toMatch(/VERIFIER_THREADS=1 needs ACCOUNTS=sqlite/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.runIf(built && (redisAvailable || process.env.CI === 'true'))(
  'examples/relying-party-server: VERIFIER_THREADS=2 over one SQLite account file and one Redis',
  () => {
    const site = siteOnTwoServers('realdid-rp-threads-');
    const procs = site.procs;
    afterAll(() => site.cleanup());

    it('registers on the pool, refuses every replay once spent, logs in, and stops cleanly', {
      timeout: 180_000,
    }, async () => {
      const { portA, portB, env } = await site.start();
      // A creates the site and verifies registrations on two threads; B is the same site, in process.
      const a = await startServer({ ...env, VERIFIER_THREADS: '2' }, portA);
      procs.push(a.proc);
      expect(a.output()).toMatch(/nonces in Redis; verifier threads: 2\b/);
      const b = await startServer({ ...env, VERIFIER_THREADS: '0' }, portB);
      procs.push(b.proc);
      expect(b.output()).toMatch(/verifier threads: 0 \(in process\)/);
      const siteA = new RelyingPartyClient(a.base);
      const siteB = new RelyingPartyClient(b.base);
      expect(await siteB.site()).toEqual(await siteA.site());

      const wallet = await enrolledWallet(a.base, 0);

      // Registration through A: verified on one of its threads, with the response of the in-process server.
      const registration = await wallet.respond(await siteA.registrationRequest(), { origin: a.base });
      const account = (await siteA.register(registration)) as { did: string; claims: unknown };
      expect(account.claims).toEqual({ age_over_18: true });
      expect(await pooledLines(a.output, 1)).toBe(1);
      // Replayed to A (its threads) and to B (a main thread elsewhere): spent.
      expect(await codeOf(siteA.register(registration))).toBe('ERR_NONCE_REPLAYED');
      expect(await codeOf(siteA.register(registration))).toBe('ERR_NONCE_REPLAYED');
      expect(await codeOf(siteB.register(registration))).toBe('ERR_NONCE_REPLAYED');

      // A request B issued, answered once and sent to A four times at once (spread over both
      // threads): exactly one is accepted.
      const again = await wallet.respond(await siteB.registrationRequest(), { origin: b.base });
      const outcomes = await Promise.all([0, 1, 2, 3].map(() => codeOf(siteA.register(again))));
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'ERR_NONCE_REPLAYED')).toHaveLength(3);
      expect(await pooledLines(a.output, 2)).toBe(2);
      // A tampered response is refused by the pool with the code the in-process server gives.
      const otherDid = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
      const tamperedA = await wallet.respond(await siteA.registrationRequest(), { origin: a.base });
      const tamperedB = await wallet.respond(await siteB.registrationRequest(), { origin: b.base });
      const refusedA = await codeOf(siteA.register({ ...tamperedA, did: otherDid }));
      const refusedB = await codeOf(siteB.register({ ...tamperedB, did: otherDid }));
      expect(refusedA).toMatch(/^ERR_/);
      expect(refusedA).toBe(refusedB);

      // Hostile bodies: the pool answers as the in-process server does (a coded 400), and keeps
      // serving. A value too deeply nested to copy to a thread is refused at the pool's door.
      const post = async (base: string, body: string) => {
        const res = await fetch(`${base}/rp/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
      };
      for (const body of [
        '{"response":null}',
        '{"response":[]}',
        '{"response":{"type":"realdid-registration-response","did":"did:x","presentation":"a~b","proof":"x"}}',
        JSON.stringify({ response: { ...registration, proof: 42 } }),
        JSON.stringify({ response: { __proto__: { polluted: true } } }),
      ])
        expect(await post(a.base, body), body.slice(0, 60)).toEqual(await post(b.base, body));
      const deep = `{"response":${'['.repeat(60_000)}${']'.repeat(60_000)}}`;
      const [deepA, deepB] = [await post(a.base, deep), await post(b.base, deep)];
      expect([deepA.status, deepB.status]).toEqual([400, 400]);
      expect(deepA.code).toMatch(/^ERR_/);

      // Registration over OpenID4VP through A: verified on a thread too; its replay is refused.
      const { code, replay } = await registerOverOpenId4Vp(wallet, siteA, a.base);
      expect(await siteA.registrationResult(code)).toEqual({
        did: account.did,
        claims: { age_over_18: true },
      });
      expect(await pooledLines(a.output, 3)).toBe(3);
      expect(await replay()).toEqual({ status: 400, code: 'ERR_NONCE_REPLAYED' });
      expect(await pooledLines(a.output, 3)).toBe(3);

      // The account a worker wrote is the one the main thread of A (and B) logs in.
      const login = await wallet.login(await siteA.loginChallenge(), { origin: a.base });
      const session = (await siteA.login(login)) as { did: string; session: string };
      expect(session.did).toBe(account.did);
      expect((await siteA.me(session.session)).claims).toEqual({ age_over_18: true });
      const loginB = await wallet.login(await siteB.loginChallenge(), { origin: b.base });
      expect(((await siteB.login(loginB)) as { did: string }).did).toBe(account.did);

      // SIGTERM: the server closes, the pool finishes and stops its threads, the process exits 0.
      await stopServer(a.proc);
      expect(a.proc.exitCode).toBe(0);
    });
  },
);

describe.runIf(built)(
  'examples/relying-party-server: VERIFIER_THREADS=2 with the nonces in SQLite (no Redis)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'realdid-rp-threads-sqlite-'));
    let proc: ChildProcess | undefined;
    afterAll(async () => {
      await stopServer(proc);
      rmSync(dir, { recursive: true, force: true });
    });

    it('registers on the pool, spends each nonce once across threads, logs in on the main thread', {
      timeout: 120_000,
    }, async () => {
      const port = await freePort();
      const server = await startServer(
        { REALDID_DIR: dir, NONCES: 'sqlite', REDIS_URL: '', VERIFIER_THREADS: '2' },
        port,
      );
      proc = server.proc;
      expect(server.output()).toMatch(/nonces in .*rp-example-nonces\.db; verifier threads: 2\b/);
      const site = new RelyingPartyClient(server.base);
      const wallet = await enrolledWallet(server.base, 1);
      const registration = await wallet.respond(await site.registrationRequest(), { origin: server.base });
      const account = (await site.register(registration)) as { did: string; claims: unknown };
      expect(account.claims).toEqual({ age_over_18: true });
      expect(await pooledLines(server.output, 1)).toBe(1);
      expect(await codeOf(site.register(registration))).toBe('ERR_NONCE_REPLAYED');
      // One answer sent four times at once, spread over both threads: accepted exactly once.
      const again = await wallet.respond(await site.registrationRequest(), { origin: server.base });
      const outcomes = await Promise.all([0, 1, 2, 3].map(() => codeOf(site.register(again))));
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'ERR_NONCE_REPLAYED')).toHaveLength(3);
      // The account a thread wrote logs in on the main thread, whose login nonce is in the same file.
      const session = (await site.login(
        await wallet.login(await site.loginChallenge(), { origin: server.base }),
      )) as {
        did: string;
      };
      expect(session.did).toBe(account.did);
      await stopServer(proc);
      expect(proc.exitCode).toBe(0);
    });
  },
);
