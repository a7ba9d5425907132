// The server as a process: start it, register and log in, stop it, start it again — the site keeps
// its DID and its accounts (state file 0600, accounts in its own SQLite database).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpLedger } from '@realdid/ledger-http';
import { MemoryStorage, Vault, Wallet } from '@realdid/realname';
import { afterAll, describe, expect, it } from 'vitest';
import { RelyingPartyClient } from '../client/relyingPartyClient.mjs';
import { SAMPLE_PEOPLE } from '../src/world.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = existsSync(join(root, '..', '..', 'packages', 'realname', 'dist', 'index.js'));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function start(dir: string, port: number): Promise<{ proc: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, [join(root, 'src', 'main.mjs')], {
    env: { ...process.env, REALDID_DIR: dir, PORT: String(port) },
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
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${base}/rp`)).ok) return { proc, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${out}`);
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await done;
}

// The spawned server runs the built packages, as a deployment would (`pnpm test` builds first).
describe.runIf(built)('examples/relying-party-server survives a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realdid-rp-restart-'));
  let proc: ChildProcess | undefined;
  afterAll(async () => {
    if (proc) await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its DID, its registry entry and its accounts', { timeout: 120_000 }, async () => {
    const port = await freePort();
    let s = await start(dir, port);
    proc = s.proc;
    const client = new RelyingPartyClient(s.base);
    const site = await client.site();
    const { registryDid } = (await client.walletConfig()) as {
      registryDid: string;
    };
    const vault = await Vault.create(new MemoryStorage(), 'pw', { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    const wallet = await Wallet.create({ vault, ledger: new HttpLedger({ url: s.base }), registryDid });
    const p = SAMPLE_PEOPLE[1]!;
    const { credentials } = await client.enrol(
      { nationalId: p.nationalId, familyName: p.familyName, givenName: p.givenName },
      await wallet.createHolderKeys(2),
    );
    await wallet.storeCredentials(credentials);
    const account = await client.register(
      await wallet.respond(await client.registrationRequest(), { origin: s.base }),
    );
    expect(statSync(join(dir, 'rp-example-state.json')).mode & 0o777).toBe(0o600);

    await stop(s.proc);
    s = await start(dir, port);
    proc = s.proc;
    expect((await client.site()).did).toBe(site.did);
    const login = await client.login(await wallet.login(await client.loginChallenge(), { origin: s.base }));
    expect(login.did).toBe(account.did);
    expect((await client.me(login.session)).claims).toEqual({ age_over_18: true });
  });
});
