// Runs every script of this example with the built packages, as a user would.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.mjs'));

describe('examples/node-scripts', () => {
  it('has scripts', () => {
    expect(scripts.length).toBeGreaterThan(0);
  });
  it.each(scripts)('%s runs and exits 0', { timeout: 180_000 }, (script) => {
    const r = spawnSync(process.execPath, [join(dir, script)], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
