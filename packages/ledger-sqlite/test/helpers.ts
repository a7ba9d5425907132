import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fresh temporary folder; remove it with the returned function. */
export function tempDir(prefix = 'realdid-ledger-sqlite-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** How to start test/fixtures/sqlite-writer.ts in a child Node process (through tsx). */
export function writerCommand(env: Record<string, string>): {
  command: string;
  args: string[];
  env: Record<string, string>;
} {
  return {
    command: process.execPath,
    args: ['--import', 'tsx', fileURLToPath(new URL('./fixtures/sqlite-writer.ts', import.meta.url))],
    env: { TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)), ...env },
  };
}
