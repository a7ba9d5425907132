import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one worker thread running `worker.js` next to this module. When this module runs from its
 * TypeScript source (the repository's own tests), the worker is started through `tsx` with
 * `tsconfig.source.json`, which maps `@realdid/*` to the packages' sources as the tests do; a
 * published build never takes that path.
 */
export function spawnWorker(options: WorkerOptions): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), options);
  const req = createRequire(here);
  const api = pathToFileURL(req.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const tsconfig = new URL('../../tsconfig.source.json', here);
  const entry = new URL('../worker.ts', here).href;
  const code = [
    `const { register } = await import(${JSON.stringify(api)});`,
    `register({ tsconfig: ${JSON.stringify(tsconfig.pathname)} });`,
    `await import(${JSON.stringify(entry)});`,
  ].join('\n');
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}
