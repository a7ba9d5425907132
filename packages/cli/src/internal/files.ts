import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Reads and parses a JSON file. */
export function readJsonFile(cwd: string, path: string): unknown {
  const text = readTextFile(cwd, path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw cliError('ERR_CLI_FILE_READ', `${path} is not JSON: ${(err as Error).message}`, err);
  }
}
