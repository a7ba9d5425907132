import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
