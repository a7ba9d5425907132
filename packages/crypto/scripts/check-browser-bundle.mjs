// Bundles dist/index.js for the browser and fails if the bundle references node:crypto or any
// other Node.js built-in. Run after `pnpm build`: `node scripts/check-browser-bundle.mjs`.
import { build } from 'esbuild';

const result = await build({
  entryPoints: [new URL('../dist/index.js', import.meta.url).pathname],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  minify: true,
  write: false,
  logLevel: 'silent',
});
const code = result.outputFiles[0].text;
const hits = code.match(/node:[a-z_]+|require\(["']crypto["']\)|from["']crypto["']/g) ?? [];
console.log(`browser bundle: ${code.length} bytes minified; Node.js built-in references: ${hits.length}`);
if (hits.length > 0) {
  console.error(`unexpected: ${[...new Set(hits)].join(', ')}`);
  process.exit(1);
}
