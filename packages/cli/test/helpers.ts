import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/index.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'realdid-cli-'));
}

export async function cli(argv: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    progress: () => {},
    cwd,
    env: {},
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
