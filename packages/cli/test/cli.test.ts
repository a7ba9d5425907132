import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { jwkToKeyPair, publicKeyToDidKey } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

describe('realdid CLI basics', () => {
  it('prints usage and exits 2 without a command', async () => {
    const r = await cli([], tempDir());
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('usage: realdid');
  });

  it('--version prints the version of the package (CLI_VERSION kept in step with package.json)', async () => {
    const r = await cli(['--version'], tempDir());
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('rejects an unknown command with a coded error on stderr', async () => {
    const r = await cli(['frobnicate'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ERR_CLI_USAGE/);
    expect(r.stdout).toBe('');
  });

  it('rejects unknown options', async () => {
    const r = await cli(['ledger', 'info', '--bogus'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ERR_CLI_USAGE/);
  });

  it('reports an unexpected failure as ERR_CLI_INTERNAL with exit 1', async () => {
    const { runCli } = await import('../src/index.js');
    let stderr = '';
    const code = await runCli(['ledger', 'info', '--ledger', 'memory:'], {
      stdout: () => {
        throw new Error('stdout is closed');
      },
      stderr: (s) => {
        stderr += s;
      },
      progress: () => {},
      cwd: tempDir(),
      env: {},
    });
    expect(code).toBe(1);
    expect(stderr).toBe('ERR_CLI_INTERNAL: stdout is closed\n');
  });

  it('shows per-command help', async () => {
    const r = await cli(['key', 'generate', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--out');
  });

  it.each(['Ed25519', 'P-256', 'secp256k1'])(
    'key generate %s writes the secret only to a 0600 file',
    async (type) => {
      const dir = tempDir();
      const r = await cli(['key', 'generate', '--type', type, '--out', 'k.json', '--json'], dir);
      expect(r.code).toBe(0);
      const out = r.json<{ didKey: string; secretFile: string; privateKeyJwk?: unknown }>();
      expect(out.privateKeyJwk).toBeUndefined();
      expect(r.stdout).not.toContain('"d"');
      const file = join(dir, 'k.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const kp = jwkToKeyPair(JSON.parse(readFileSync(file, 'utf8')));
      expect(publicKeyToDidKey(kp.type, kp.publicKey)).toBe(out.didKey);
    },
  );

  it('key generate refuses to overwrite, and refuses to run without --out', async () => {
    const dir = tempDir();
    expect((await cli(['key', 'generate', '--out', 'k.json'], dir)).code).toBe(0);
    const again = await cli(['key', 'generate', '--out', 'k.json'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ERR_CLI_FILE_EXISTS/);
    const none = await cli(['key', 'generate'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^ERR_CLI_USAGE/);
    const bad = await cli(['key', 'generate', '--type', 'RSA', '--out', 'x.json'], dir);
    expect(bad.stderr).toMatch(/^ERR_CLI_USAGE/);
  });

  it('ledger info on the default SQLite ledger and on memory:', async () => {
    const dir = tempDir();
    expect((await cli(['ledger', 'init'], dir)).code).toBe(0);
    const r = await cli(['ledger', 'info', '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.json().kind).toBe('sqlite');
    expect(statSync(join(dir, '.realdid', 'ledger.db')).isFile()).toBe(true);
    const m = await cli(['ledger', 'info', '--ledger', 'memory:', '--json'], dir);
    expect(m.json().kind).toBe('memory');
    const bad = await cli(['ledger', 'info', '--ledger', 'ftp://user:secret@host/x'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ERR_CLI_LEDGER_URI/);
    expect(bad.stderr).not.toContain('secret');
  });
});

describe('realdid --help of every subcommand', () => {
  it('lists every subcommand and shows each one’s options', async () => {
    const { COMMANDS } = await import('../src/commands/index.js');
    const dir = tempDir();
    const top = await cli(['--help'], dir);
    for (const c of COMMANDS) {
      expect(top.stdout).toContain(c.path.join(' '));
      const r = await cli([...c.path, '--help'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`usage: realdid ${c.path.join(' ')}`);
      for (const name of Object.keys(c.options)) expect(r.stdout).toContain(`--${name}`);
    }
  });
});

describe('runCli misuse', () => {
  const io = { stdout: () => {}, stderr: () => {}, progress: () => {}, cwd: '.', env: {} };
  it.each([undefined, 'did', 42, [1], new Uint8Array(2)])('argv %s is a TypeError', async (argv) => {
    const { runCli } = await import('../src/index.js');
    await expect(runCli(argv as never, io)).rejects.toThrow(TypeError);
  });
  it.each([undefined, 'io', 42, [], { ...io, cwd: 1 }, { ...io, stdout: 'x' }])(
    'io %s is a TypeError',
    async (bad) => {
      const { runCli } = await import('../src/index.js');
      await expect(runCli(['--version'], bad as never)).rejects.toThrow(TypeError);
    },
  );
});
