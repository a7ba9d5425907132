import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `fixtures/<name>.ts` in a process of its own (`node --import tsx`) with `env` added to the
 * environment, and resolves with the JSON line it prints (rejects with its stderr if it fails).
 */
export function runFixture<T>(name: string, env: Record<string, string>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url))],
      {
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as T)
        : reject(new Error(`${name} ${JSON.stringify(env.WHO ?? '')} failed: ${err}`)),
    );
  });
}
