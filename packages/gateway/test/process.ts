import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts test/fixtures/gateway-server.ts in a child process; resolves with its URL. */
export function startGatewayProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./fixtures/gateway-server.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not start: ${err.slice(0, 800)}`));
    }, 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /listening (\S+)\n/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}): ${err.slice(0, 800)}`));
    });
  });
}
