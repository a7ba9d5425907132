/**
 * The repository reads and names only paths inside itself (a user's clone has nothing beside it),
 * checked by scripts/check-self-contained.mjs; and the check itself catches planted references.
 * The planted texts below name outside paths on purpose: this file is exempt from the check.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findOutsideReferences, resolveFromFile } from '../../scripts/check-self-contained.mjs';

/** The name of the sibling folder the planted references point at (spelled once, here). */
const SHARED = 'shared';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'check-self-contained.mjs');

interface Hit {
  file: string;
  line: number;
  reason: string;
  text: string;
}

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A temporary folder holding the given files (path relative to it -> text). */
function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'realdid-self-contained-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const at = (hits: Hit[]) => hits.map((h) => `${h.file}:${h.line}`);

describe('the repository is self-contained', () => {
  it('no file names a path outside the repository', () => {
    expect(findOutsideReferences(root)).toEqual([]);
  });

  it('the check of `pnpm check` exits 0 on the repository', () => {
    const r = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('check-self-contained catches planted references', () => {
  const BAD = {
    'packages/x/test/helpers.ts': [
      "import { readFileSync } from 'node:fs';",
      `export const V = new URL('../../../../${SHARED}/vectors/', import.meta.url);`,
      '',
    ].join('\n'),
    'docs/guide.md': [
      '# Guide',
      '',
      `See /work/${SHARED}/vectors/INDEX.json.`,
      'And [the notes](../../notes.md).',
    ].join('\n'),
    'benchmarks/src/a.bench.mjs': "const d = '../../../data/x.json';\n",
    'package.json': '{ "scripts": { "t": "node ../tools/run.mjs" } }\n',
  };

  it('lists each outside reference as file:line with its reason', () => {
    const hits = findOutsideReferences(plant(BAD)) as Hit[];
    expect(at(hits)).toEqual([
      'benchmarks/src/a.bench.mjs:1',
      'docs/guide.md:3',
      'docs/guide.md:3',
      'docs/guide.md:4',
      'package.json:1',
      'packages/x/test/helpers.ts:2',
      'packages/x/test/helpers.ts:2',
    ]);
    const reasons = hits.map((h) => h.reason).join('\n');
    expect(reasons).toContain('build machine');
    expect(reasons).toContain('vectors collection');
    expect(reasons).toContain(`relative path leaves the repository (../../../../${SHARED}/vectors/)`);
  });

  it('the command exits non-zero and prints file:line', () => {
    const r = spawnSync(process.execPath, [script, plant(BAD)], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('packages/x/test/helpers.ts:2:');
    expect(r.stderr).toContain('docs/guide.md:3:');
  });

  it('does not flag paths that stay inside, URLs, other folders, node_modules or opted-out lines', () => {
    const dir = plant({
      // four levels up from packages/x/test/deep/ is the root, then back down: inside
      'packages/x/test/deep/a.ts': "import '../../../../packages/y/src/index.ts';\n",
      'packages/x/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }\n',
      'docs/a.md': '[api](./api/index.html) [home](../README.md) https://example.com/a/../../../../b\n',
      // an in-repo folder named shared is a real path
      'packages/x/src/a.ts': `const s = new URL('../${SHARED}/a.json', import.meta.url);\n`,
      'packages/x/shared/a.json': '{}\n',
      'packages/x/node_modules/m/index.js': "require('../../../../../../../etc');\n",
      'other/b.ts': "const o = '../../../elsewhere';\n",
      'test-support/c.ts':
        "const hostile = '../../../../etc/passwd'; // self-contained-ignore: hostile input\n",
      'README.md': 'Run `node scripts/x.mjs` from the root; see docs/a.md.\n',
    });
    expect(findOutsideReferences(dir)).toEqual([]);
  });

  it('a missing in-repo target of ../shared is flagged', () => {
    const dir = plant({
      'packages/x/src/a.ts': `const s = new URL('../${SHARED}/a.json', import.meta.url);\n`,
    });
    expect(at(findOutsideReferences(dir) as Hit[])).toEqual(['packages/x/src/a.ts:1']);
  });

  it('in a git work tree, tracked and new files are checked, ignored ones are not', () => {
    const dir = plant({
      '.gitignore': 'ignored/\n',
      'scripts/tracked.mjs': "const a = '../../up.json';\n",
      'scripts/new.mjs': "const b = '../../up.json';\n",
      'scripts/ignored/c.mjs': "const c = '../../../up.json';\n",
    });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', 'scripts/tracked.mjs', '.gitignore'], { cwd: dir });
    expect(at(findOutsideReferences(dir) as Hit[])).toEqual(['scripts/new.mjs:1', 'scripts/tracked.mjs:1']);
  });

  it('resolves ../ chains from the folder of the file', () => {
    expect(resolveFromFile('packages/vc/test/helpers.ts', './vectors/a.json')).toBe(
      'packages/vc/test/vectors/a.json',
    );
    expect(resolveFromFile('packages/vc/test/helpers.ts', '../../../README.md')).toBe('README.md');
    expect(resolveFromFile('packages/vc/test/helpers.ts', '../../../../x')).toBeNull();
    expect(resolveFromFile('README.md', '..')).toBeNull();
    expect(resolveFromFile('a/b/c.ts', '../x/../../../y')).toBeNull();
  });
});
