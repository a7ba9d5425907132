import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

// The built bin exists after `pnpm --filter @realdid/cli build` (`pnpm test` builds first).
describe.skipIf(!existsSync(bin))('the built realdid bin', () => {
  const run = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

  it('prints its help and exits 0', () => {
    const r = run(['--help'], tempDir());
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: realdid');
    for (const c of ['did create', 'vc issue', 'status revoke', 'trace combine'])
      expect(r.stdout).toContain(c);
  });

  it('creates and resolves a DID on the default SQLite ledger, and exits 1 with the code of a bad DID', () => {
    const dir = tempDir();
    expect(run(['ledger', 'init'], dir).status).toBe(0);
    const c = run(['did', 'create', '--out', 'k.json', '--json'], dir);
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    const { did } = JSON.parse(c.stdout) as { did: string };
    const r = run(['did', 'resolve', did], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).didDocument.id).toBe(did);
    const bad = run(['did', 'resolve', 'did:realdid:x'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^invalidDid/);
  });
});
