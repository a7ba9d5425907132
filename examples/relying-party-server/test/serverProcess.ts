// The example server as a child process, for the tests that restart it or run two of it, and a
// wallet enrolled through it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpLedger } from '@realdid/ledger-http';
import { submitAuthorizationResponse } from '@realdid/openid4vc';
import { MemoryStorage, Vault, Wallet } from '@realdid/realname';
// the throw-away redis-server of @realdid/nonce-redis's tests
import { freePort, startRedis } from '../../../packages/nonce-redis/test/redisServer.js';
import { RelyingPartyClient } from '../client/relyingPartyClient.mjs';
import { SAMPLE_PEOPLE } from '../src/world.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts `src/main.mjs` with `env` on `port` and waits (up to 60 s) until it answers `/rp` and has
 * said it is listening; throws with its output when it exits or never comes up.
 */
export async function startServer(
  env: Record<string, string>,
  port: number,
): Promise<{ proc: ChildProcess; base: string; output: () => string }> {
  const proc = spawn(process.execPath, [join(root, 'src', 'main.mjs')], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${base}/rp`)).ok && /listening on/.test(out))
        return { proc, base, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGTERM');
  throw new Error(`server did not start: ${out}`);
}

/** Stops a server started by {@link startServer} (SIGTERM) and waits for it to exit. */
export async function stopServer(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await done;
}

/**
 * Runs `src/main.mjs` with `env` for a server that must refuse to start: resolves with its exit
 * code and output once it exits; kills it and throws if it is still running after 30 s.
 */
export async function runUntilExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, [join(root, 'src', 'main.mjs')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((r) => proc.once('close', (c) => r(c)));
  clearTimeout(timer);
  if (code === null) throw new Error(`server did not exit: ${out}`);
  return { code, output: out };
}

/**
 * A wallet in a memory vault, reading the ledger the server at `base` serves, enrolled through the
 * example's enrolment endpoint for `SAMPLE_PEOPLE[person]` with two credentials.
 */
export async function enrolledWallet(base: string, person: number): Promise<Wallet> {
  const client = new RelyingPartyClient(base);
  const { registryDid } = (await client.walletConfig()) as { registryDid: string };
  const vault = await Vault.create(new MemoryStorage(), 'pw', { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
  const wallet = await Wallet.create({ vault, ledger: new HttpLedger({ url: base }), registryDid });
  const p = SAMPLE_PEOPLE[person]!;
  const { credentials } = await client.enrol(
    { nationalId: p.nationalId, familyName: p.familyName, givenName: p.givenName },
    await wallet.createHolderKeys(2),
  );
  await wallet.storeCredentials(credentials);
  return wallet;
}

/** `'accepted'` when the call succeeds, else the code of its error. */
export const codeOf = (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => 'accepted',
    (e: { code?: string }) => e.code,
  );

/**
 * One site served by two server processes: a fresh REALDID_DIR (named after `prefix`), and —
 * at `start()` — a redis-server and two ports, with the environment both servers share (the
 * folder, the SQLite accounts, the Redis, both origins). `procs` collects the servers to stop;
 * `cleanup()` (for `afterAll`) stops them, the Redis, and removes the folder.
 */
export function siteOnTwoServers(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const procs: ChildProcess[] = [];
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  return {
    dir,
    procs,
    async start(): Promise<{ portA: number; portB: number; env: Record<string, string> }> {
      redis = await startRedis();
      const [portA, portB] = [await freePort(), await freePort()];
      const env = {
        REALDID_DIR: dir,
        ACCOUNTS: 'sqlite',
        REDIS_URL: redis.url,
        ORIGINS: `http://127.0.0.1:${portA},http://127.0.0.1:${portB}`,
      };
      return { portA, portB, env };
    },
    async cleanup(): Promise<void> {
      for (const p of procs) await stopServer(p);
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers `wallet` at the site at `base` over OpenID4VP: asks for an authorization request,
 * answers it and posts the encrypted answer (direct_post.jwt). Returns the wallet's answer, the
 * `response_code` the site redirected to, and `replay()`, which posts the very same form again and
 * resolves with the HTTP status and error code the site gives.
 */
export async function registerOverOpenId4Vp(wallet: Wallet, site: RelyingPartyClient, base: string) {
  const { params } = await site.authorizationRequest();
  const answered = await wallet.answerAuthorizationRequest(params, { origin: base });
  let posted = '';
  const recording: typeof fetch = async (url, init) => {
    posted = String(init?.body);
    return fetch(url, init);
  };
  const { redirect_uri } = await submitAuthorizationResponse(answered.request, answered.response, {
    fetch: recording,
  });
  const code = new URL(String(redirect_uri)).hash.replace('#response_code=', '');
  const replay = async (): Promise<{ status: number; code: string }> => {
    const res = await fetch(String(answered.request.responseUri), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: posted,
    });
    return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
  };
  return { answered, code, replay };
}
