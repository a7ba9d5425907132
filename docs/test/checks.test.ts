/**
 * The repository checks of `pnpm check` that are plain scripts: the link checker passes on this
 * repository and catches each kind of broken link in a tree made for the test; the package
 * metadata check passes on this repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = (name: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts', name), ...args], { cwd: root, encoding: 'utf8' });

describe('scripts/check-links.mjs', () => {
  const tree = mkdtempSync(join(tmpdir(), 'realdid-links-'));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('passes on this repository', () => {
    const r = script('check-links.mjs');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('reports a missing file, a missing heading and a link out of the tree, and ignores code and web links', () => {
    mkdirSync(join(tree, 'docs'));
    mkdirSync(join(tree, 'packages', 'a'), { recursive: true });
    writeFileSync(
      join(tree, 'docs', 'guide.md'),
      ['# Guide', '', '## Getting `started` — fast!', '', '## Getting started — fast', ''].join('\n'),
    );
    writeFileSync(
      join(tree, 'README.md'),
      [
        '# Top',
        '[ok](docs/guide.md) [ok anchor](docs/guide.md#getting-started--fast) [dup](docs/guide.md#getting-started--fast-1)',
        '[self](#top) [web](https://example.org/nowhere.md) [folder](packages/a)',
        '[gone](docs/missing.md) [bad anchor](docs/guide.md#nope) [out](../outside.md)',
        '`[in code](docs/nothing.md)`',
        '```md',
        '[in a block](docs/nothing-either.md)',
        '```',
      ].join('\n'),
    );
    writeFileSync(
      join(tree, 'packages', 'a', 'README.md'),
      '[up](../../README.md#top) [ref][r]\n\n[r]: ./none.md\n',
    );
    const r = script('check-links.mjs', '--root', tree);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n').slice(1).sort();
    expect(lines).toEqual([
      'README.md:4: ../outside.md — points outside the repository',
      'README.md:4: docs/guide.md#nope — no heading #nope in docs/guide.md',
      'README.md:4: docs/missing.md — no such file',
      'packages/a/README.md:3: ./none.md — no such file',
    ]);
  });
});

describe('scripts/check-packages.mjs', () => {
  it('passes on this repository', () => {
    const r = script('check-packages.mjs');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
