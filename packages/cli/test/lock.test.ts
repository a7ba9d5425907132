// Item 8: two concurrent `realdid vc issue --status-list` on one keys file, as two real processes,
// must never hand out one status index twice: the keys file is locked while an issuance runs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base64urlDecode } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function runBin(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

const popcount = (bytes: Uint8Array) => {
  let n = 0;
  for (const b of bytes) for (let v = b; v; v >>= 1) n += v & 1;
  return n;
};

// The built bin exists after `pnpm --filter @realdid/cli build` (`pnpm test` builds first).
describe.skipIf(!existsSync(bin))('item 8: the keys file is locked during issuance', () => {
  it('item 8: two concurrent issuances on one keys file never share a status index', async () => {
    const dir = tempDir();
    const ledger = ['--ledger', 'sqlite:./l.db'];
    expect((await cli(['ledger', 'init', ...ledger], dir)).code).toBe(0);
    expect((await cli(['did', 'create', '--out', 'issuer.json', ...ledger], dir)).code).toBe(0);
    writeFileSync(join(dir, 'subject.json'), JSON.stringify({ given_name: 'Ada' }));
    const issue = (out: string) =>
      runBin(
        [
          'vc',
          'issue',
          '--issuer-keys',
          'issuer.json',
          '--subject',
          'subject.json',
          '--status-list',
          'main',
          '--count',
          '2000',
          '--json',
          '--out',
          out,
          ...ledger,
        ],
        dir,
      );
    const [a, b] = await Promise.all([issue('a.txt'), issue('b.txt')]);
    // stderr is a pipe, not a terminal: no progress lines (only errors would appear here)
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
    const ia = JSON.parse(a.stdout).statusIndexes as number[];
    const ib = JSON.parse(b.stdout).statusIndexes as number[];
    expect(ia).toHaveLength(2000);
    expect(ib).toHaveLength(2000);
    expect(new Set([...ia, ...ib]).size).toBe(4000); // no index handed out twice
    // and the keys file records all 4000 as in use
    const keys = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8'));
    const state = Object.values(keys.statusLists as Record<string, { used: string }>)[0]!;
    expect(popcount(base64urlDecode(state.used))).toBe(4000);
    expect(existsSync(join(dir, 'issuer.json.lock'))).toBe(false);
  }, 120_000);

  it('a lock held by a running command makes another wait; a lock of a dead process is taken over', async () => {
    const dir = tempDir();
    const ledger = ['--ledger', 'sqlite:./l.db'];
    expect((await cli(['ledger', 'init', ...ledger], dir)).code).toBe(0);
    expect((await cli(['did', 'create', '--out', 'issuer.json', ...ledger], dir)).code).toBe(0);
    writeFileSync(join(dir, 'subject.json'), JSON.stringify({ given_name: 'Ada' }));
    // a pid that is not running: far above any pid_max
    writeFileSync(join(dir, 'issuer.json.lock'), '2147483646\n');
    const r = await runBin(
      [
        'vc',
        'issue',
        '--issuer-keys',
        'issuer.json',
        '--subject',
        'subject.json',
        '--status-list',
        'main',
        ...ledger,
      ],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'issuer.json.lock'))).toBe(false);
  }, 60_000);
});
