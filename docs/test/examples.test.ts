/**
 * Runs the code examples of the documentation, so that none of them rots.
 *
 * Every fenced block whose info string is exactly `ts` or `js` in README.md, docs/*.md and
 * packages/*\/README.md is written to a module under docs/test/.generated/ and imported; the
 * example fails the test when it throws (examples use `node:assert` to state what they show).
 * A block that cannot run on its own (it needs a remote service) is fenced as `ts norun` and the
 * text around it says why.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'docs', 'test', '.generated');

function markdownFiles(): string[] {
  const files = [join(root, 'README.md')];
  for (const f of readdirSync(join(root, 'docs'))) if (f.endsWith('.md')) files.push(join(root, 'docs', f));
  for (const p of readdirSync(join(root, 'packages'))) {
    try {
      readFileSync(join(root, 'packages', p, 'README.md'));
      files.push(join(root, 'packages', p, 'README.md'));
    } catch {
      // a package without a README has no examples
    }
  }
  return files;
}

interface Block {
  lang: 'ts' | 'js';
  code: string;
  line: number;
}

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(ts|js)\s*$/.exec(lines[i] ?? '');
    if (!m) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && !/^```\s*$/.test(lines[j] ?? '')) j++;
    out.push({ lang: m[1] as 'ts' | 'js', code: lines.slice(start, j).join('\n'), line: start });
    i = j;
  }
  return out;
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

for (const file of markdownFiles()) {
  const found = blocks(readFileSync(file, 'utf8'));
  if (found.length === 0) continue;
  const rel = relative(root, file);
  describe(rel, () => {
    found.forEach((b, n) => {
      it(`example ${n + 1} (line ${b.line})`, async () => {
        const name = `${rel.replace(/[^A-Za-z0-9]+/g, '_')}_${n + 1}.${b.lang === 'ts' ? 'ts' : 'mjs'}`;
        const path = join(outDir, name);
        writeFileSync(path, `${b.code}\nexport {};\n`);
        await import(/* @vite-ignore */ `./.generated/${basename(path)}`);
      });
    });
  });
}
