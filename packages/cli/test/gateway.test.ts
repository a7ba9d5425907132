import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGateway } from '../src/internal/loadGateway.js';
import { cli, tempDir } from './helpers.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts `realdid gateway` (the CLI's own bin, from source) as a child process. */
function startCli(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../src/bin.ts', import.meta.url)), ...args],
    {
      // The package folder, where `--import tsx` resolves.
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${err.slice(0, 800)}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /^realdid gateway listening at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`realdid gateway exited (${code}): ${err.slice(0, 800)}`));
    });
  });
  return { child, url, exit, stderr: () => err };
}

describe('realdid gateway', () => {
  it('serves a SQLite ledger made by the CLI: resolves its DID over /1.0/identifiers, stops on SIGTERM', async () => {
    const dir = tempDir();
    const ledger = `sqlite:${join(dir, 'ledger.db')}`;
    const created = await cli(
      ['did', 'create', '--ledger', ledger, '--create', '--out', 'k.json', '--json'],
      dir,
    );
    expect(created.stderr).toBe('');
    const { did } = created.json<{ did: string }>();

    const g = startCli(['gateway', '--ledger', ledger, '--port', '0']);
    const url = await g.url;
    const res = await fetch(`${url}/1.0/identifiers/${encodeURIComponent(did)}`, {
      headers: { accept: 'application/did-resolution' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { didDocument: { id: string } };
    expect(body.didDocument.id).toBe(did);
    const unknown = await fetch(`${url}/1.0/identifiers/${encodeURIComponent(`${did.slice(0, -4)}aaaa`)}`);
    expect([400, 404]).toContain(unknown.status);

    g.child.kill('SIGTERM');
    expect(await g.exit).toBe(0);
  });

  it('is listed by realdid --help, with its options under realdid gateway --help', async () => {
    const dir = tempDir();
    expect((await cli(['--help'], dir)).stdout).toMatch(/^ {2}gateway +Serves the ledger over HTTP/m);
    const help = await cli(['gateway', '--help'], dir);
    expect(help.code).toBe(0);
    for (const flag of ['--port', '--host', '--network', '--writers', '--ledger'])
      expect(help.stdout).toContain(flag);
  });

  it('refuses a bad --port and an unreadable --writers file with coded errors', async () => {
    const dir = tempDir();
    const port = await cli(['gateway', '--ledger', 'memory:', '--port', '70000'], dir);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/^ERR_CLI_USAGE: --port/);
    const writers = await cli(['gateway', '--ledger', 'memory:', '--writers', 'nope.json'], dir);
    expect(writers.code).toBe(1);
    expect(writers.stderr).toMatch(/^ERR_CLI_FILE_READ: cannot read nope\.json/);
  });

  it('without @realdid/gateway installed: ERR_CLI_MISSING_PACKAGE naming it', async () => {
    const missing = Object.assign(new Error("Cannot find package '@realdid/gateway' imported from x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const err = await loadGateway(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CLI_MISSING_PACKAGE' });
    expect((err as Error).message).toContain('npm install @realdid/gateway');
    // Any other failure of the package is not mistaken for its absence.
    const broken = Object.assign(new Error("Cannot find package 'fastify' imported from x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(loadGateway(() => Promise.reject(broken))).rejects.toBe(broken);
  });
});
