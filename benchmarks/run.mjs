// Runs every benchmark suite in src/*.bench.mjs in turn (each in its own process, so one suite's
// JIT state and garbage do not bleed into the next), or only the ones named on the command line:
//   pnpm bench            # all suites
//   pnpm bench crypto     # benchmarks/src/crypto.bench.mjs only
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(join(here, 'src'))
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.mjs', '')))
  .sort();
if (suites.length === 0) {
  console.error(`no benchmark suite matches ${wanted.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const suite of suites) {
  console.log(`\n=== ${suite} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'src', suite)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
