// Checks every relative link in the Markdown a reader follows: README.md, CONTRIBUTING.md,
// docs/**/*.md (not the generated docs/api), packages/*/README.md and examples/**/README.md.
// A link must name a file or folder that exists in the repository, and a `#anchor` must name a
// heading of the target Markdown file (GitHub's slugs) or an explicit <a id/name>. Links inside
// code blocks and inline code are not links. Web links (http:, https:, mailto:) are not checked:
// this runs offline. Run by `pnpm check`; exits 1 with one line per broken link.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootArg = process.argv.indexOf('--root');
// --root <dir> checks another tree (the tests use it on a folder of their own).
const root =
  rootArg === -1
    ? resolve(dirname(fileURLToPath(import.meta.url)), '..')
    : resolve(process.argv[rootArg + 1]);
const SKIP_DIRS = new Set(['node_modules', 'dist', 'api', '.generated', '.git', 'artifacts']);

function walk(dir, accept, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name), accept, out);
    } else if (accept(entry.name)) out.push(join(dir, entry.name));
  }
  return out;
}

function markdownFiles() {
  const files = ['README.md', 'CONTRIBUTING.md'].map((f) => join(root, f)).filter((f) => existsSync(f));
  if (existsSync(join(root, 'docs'))) files.push(...walk(join(root, 'docs'), (n) => n.endsWith('.md')));
  for (const p of existsSync(join(root, 'packages')) ? readdirSync(join(root, 'packages')) : []) {
    const f = join(root, 'packages', p, 'README.md');
    if (existsSync(f)) files.push(f);
  }
  if (existsSync(join(root, 'examples')))
    files.push(...walk(join(root, 'examples'), (n) => n === 'README.md'));
  return files;
}

/** The text outside fenced code blocks and inline code, line by line (line numbers kept). */
function proseLines(markdown) {
  let fence;
  return markdown.split('\n').map((line) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length) fence = undefined;
      return '';
    }
    if (m) {
      fence = m[1];
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, '');
  });
}

/** GitHub's heading slug (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function slug(heading) {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links keep their text
    .replace(/<[^>]+>/g, '')
    .replace(/[*_~`]/g, (c) => (c === '_' ? '_' : ''))
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
  if (anchorCache.has(file)) return anchorCache.get(file);
  const anchors = new Set();
  const seen = new Map();
  let fence;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      continue;
    }
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slug(h[1].replace(/`/g, ''));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const a of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(a[1]);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

const problems = [];
let checked = 0;
for (const file of markdownFiles()) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const lines = proseLines(text);
  const definitions = [];
  lines.forEach((line, i) => {
    const m = /^[ \t]*\[[^\]]+\]:[ \t]*(\S+)/.exec(line);
    if (m) definitions.push({ target: m[1], line: i + 1 });
  });
  const inline = [];
  lines.forEach((line, i) => {
    // [text](target "title") and ![alt](target); nested brackets in the text are rare enough
    for (const m of line.matchAll(/!?\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      inline.push({ target: m[1], line: i + 1 });
    }
  });
  for (const { target, line } of [...inline, ...definitions]) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:, …
    checked++;
    const hashAt = target.indexOf('#');
    const pathPart = decodeURIComponent(hashAt === -1 ? target : target.slice(0, hashAt));
    const anchor = hashAt === -1 ? undefined : decodeURIComponent(target.slice(hashAt + 1));
    const where = `${rel}:${line}: ${target}`;
    const resolved = pathPart === '' ? file : resolve(dirname(file), pathPart);
    if (!resolved.startsWith(root)) {
      problems.push(`${where} — points outside the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${where} — no such file`);
      continue;
    }
    if (anchor !== undefined && anchor !== '') {
      if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
        problems.push(`${where} — an anchor into something that is not a Markdown file`);
      } else if (!anchorsOf(resolved).has(anchor)) {
        problems.push(`${where} — no heading #${anchor} in ${relative(root, resolved)}`);
      }
    }
  }
}
if (problems.length > 0) {
  console.error(`${problems.length} broken link(s):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`links: ${checked} relative links checked, all resolve`);
