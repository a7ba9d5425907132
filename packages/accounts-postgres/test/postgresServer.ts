// A throw-away PostgreSQL server for the tests: initdb in a temporary folder, pg_ctl start on
// 127.0.0.1 (random port, trust authentication, fsync off), pg_ctl stop at the end. PostgreSQL
// refuses to run as root: as root, the server runs as the `postgres` user (runuser).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binary(name: string): string | undefined {
  for (const candidate of [
    name,
    `/usr/lib/postgresql/17/bin/${name}`,
    `/usr/lib/postgresql/16/bin/${name}`,
    `/usr/lib/postgresql/15/bin/${name}`,
  ]) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** Whether initdb and pg_ctl are installed (and, as root, a `postgres` user to run them). */
export function hasPostgres(): boolean {
  if (binary('initdb') === undefined || binary('pg_ctl') === undefined) return false;
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/** Starts PostgreSQL; `connectionString` reaches its `postgres` database as user `realdid`. */
export async function startPostgres(): Promise<{ connectionString: string; stop(): void }> {
  const initdb = binary('initdb') as string;
  const pgCtl = binary('pg_ctl') as string;
  const dir = mkdtempSync(join(tmpdir(), 'realdid-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: 'pipe',
      timeout: 120_000,
    });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run(initdb, ['-D', data, '-U', 'realdid', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  run(pgCtl, [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
    'start',
  ]);
  return {
    connectionString: `postgresql://realdid@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
