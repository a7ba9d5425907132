import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cliError } from './errors.js';

/**
 * Writes a file that holds secrets: created with mode 0600, never overwriting an existing file
 * unless `force` is set.
 */
export function writeSecretFile(cwd: string, path: string, contents: string, force = false): string {
  const full = resolve(cwd, path);
  mkdirSync(dirname(full), { recursive: true });
  try {
    writeFileSync(full, contents, { mode: 0o600, flag: force ? 'w' : 'wx' });
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') {
      throw cliError('ERR_CLI_FILE_EXISTS', `${path} exists; pass --force to overwrite it`);
    }
    throw err;
  }
  chmodSync(full, 0o600);
  return full;
}

/** Writes a public file (mode 0644). */
export function writePublicFile(cwd: string, path: string, contents: string): string {
  const full = resolve(cwd, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, contents);
  return full;
}

/** Reads a UTF-8 file, with a coded error that names the file. */
export function readTextFile(cwd: string, path: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw cliError('ERR_CLI_FILE_READ', `cannot read ${path}: ${(err as Error).message}`, err);
  }
}

/**
 * Reads a one-value text file (a presentation, a DID, a share), tolerating the trailing newline
 * (and surrounding white space) that editors and `echo` add.
 */
export function readTrimmedFile(cwd: string, path: string): string {
  return readTextFile(cwd, path).trim();
}

/** Reads and parses a JSON file. */
export function readJsonFile(cwd: string, path: string): unknown {
  const text = readTextFile(cwd, path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw cliError('ERR_CLI_FILE_READ', `${path} is not JSON: ${(err as Error).message}`, err);
  }
}

/**
 * Replaces a secret file once the change it records is committed elsewhere (for instance published
 * on the ledger). The new contents are staged next to the file as `<file>.next` (mode 0600); when
 * `commit` resolves they are renamed over the file, and when it throws they are deleted and the
 * error rethrown, leaving the file unchanged. A crash in between leaves the old file untouched and
 * the new one beside it; while that exists, no other change is staged (`ERR_CLI_FILE_EXISTS`),
 * which also keeps two commands from changing one file at once.
 *
 * @returns the full path of the replaced file and what `commit` resolved to
 */
export async function replaceSecretFileAfter<T>(
  cwd: string,
  path: string,
  contents: string,
  commit: () => Promise<T>,
): Promise<{ file: string; result: T }> {
  const full = resolve(cwd, path);
  const next = `${full}.next`;
  try {
    writeFileSync(next, contents, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') {
      // Never removed here: after an interrupted command it may hold the only copy of keys that
      // the ledger already committed to.
      throw cliError(
        'ERR_CLI_FILE_EXISTS',
        `${path}.next exists: another realdid command is changing ${path}, or one was interrupted. Resolve the DID: if its versionId matches the change in ${path}.next, move that file over ${path}; otherwise delete it`,
      );
    }
    throw err;
  }
  chmodSync(next, 0o600);
  let result: T;
  try {
    result = await commit();
  } catch (err) {
    rmSync(next, { force: true });
    throw err;
  }
  renameSync(next, full);
  return { file: full, result };
}

/** Whether a process id is alive on this host. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding `<file>.lock`, created exclusively (`O_EXCL`) and holding this process id: a
 * second realdid command on the same keys file waits for the first (up to `waitMs`, then
 * `ERR_CLI_FILE_LOCKED`), so that two issuances never hand out the same status index. A lock left by
 * a process that no longer runs (on this host) is taken over.
 *
 * @returns what `fn` resolved to
 */
export async function withFileLock<T>(
  cwd: string,
  path: string,
  fn: () => Promise<T>,
  waitMs = 120_000,
): Promise<T> {
  const lock = `${resolve(cwd, path)}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') {
        throw cliError('ERR_CLI_FILE_READ', `cannot lock ${path}: ${(err as Error).message}`, err);
      }
    }
    let holder = '';
    try {
      holder = readFileSync(lock, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const pid = Number.parseInt(holder, 10);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) {
      // Left by a command that died: take it over (only if it is still that one's).
      try {
        if (readFileSync(lock, 'utf8') === holder) rmSync(lock);
      } catch {
        // gone already
      }
      continue;
    }
    if (Date.now() - start > waitMs) {
      throw cliError(
        'ERR_CLI_FILE_LOCKED',
        `${path} is locked by another realdid command (process ${holder.trim() || '?'}); if none runs, delete ${path}.lock`,
      );
    }
    await sleep(20 + Math.floor(Math.random() * 40));
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}
