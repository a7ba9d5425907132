// The server as a process: start it, register and log in, stop it, start it again — the site keeps
// its DID and its accounts (state file 0600, accounts in its own SQLite database).
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// a free port on 127.0.0.1, as @realdid/nonce-redis's tests find one
import { freePort } from '../../../packages/nonce-redis/test/redisServer.js';
import { RelyingPartyClient } from '../client/relyingPartyClient.mjs';
import { enrolledWallet, startServer, stopServer } from './serverProcess.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = existsSync(join(root, '..', '..', 'packages', 'realname', 'dist', 'index.js'));

// The spawned server runs the built packages, as a deployment would (`pnpm test` builds first).
describe.runIf(built)('examples/relying-party-server survives a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realdid-rp-restart-'));
  let proc: ChildProcess | undefined;
  afterAll(async () => {
    if (proc) await stopServer(proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its DID, its registry entry and its accounts', { timeout: 120_000 }, async () => {
    const port = await freePort();
    let s = await startServer({ REALDID_DIR: dir }, port);
    proc = s.proc;
    const client = new RelyingPartyClient(s.base);
    const site = await client.site();
    const wallet = await enrolledWallet(s.base, 1);
    const account = await client.register(
      await wallet.respond(await client.registrationRequest(), { origin: s.base }),
    );
    expect(statSync(join(dir, 'rp-example-state.json')).mode & 0o777).toBe(0o600);

    await stopServer(s.proc);
    s = await startServer({ REALDID_DIR: dir }, port);
    proc = s.proc;
    expect((await client.site()).did).toBe(site.did);
    const login = await client.login(await wallet.login(await client.loginChallenge(), { origin: s.base }));
    expect(login.did).toBe(account.did);
    expect((await client.me(login.session)).claims).toEqual({ age_over_18: true });
  });
});
