// Fails when a file of the repository names a path outside the repository: a user's clone has
// nothing beside it, so every test, benchmark, example and doc must read only files inside it.
//
// Usage: node scripts/check-self-contained.mjs [root]   (root defaults to the repository root)
//
// Scanned: every tracked (or new, not ignored) file under packages/, benchmarks/, examples/, docs/,
// scripts/, test-support/, .github/, .changeset/, .ci/, and the files at the root (configs,
// README). Without git (a plain folder), the folder is walked instead.
//
// Flagged, with file:line:
// - an absolute path of a build machine (`/work/...`);
// - a sibling `shared` folder (or its `vectors` subfolder) unless the path exists inside the repository;
// - a relative path (`./…`, `../…`, in a string, import, URL or Markdown link) whose `..` segments,
//   resolved from the file's folder, leave the repository root.
// A line may opt out with the marker `self-contained-ignore` and a reason (e.g. a hostile input
// that is a path on purpose); text written into another file is listed in ALLOWED below. This file
// and its test are not scanned (see EXEMPT).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCANNED_DIRS = [
  'packages/',
  'benchmarks/',
  'examples/',
  'docs/',
  'scripts/',
  'test-support/',
  '.github/',
  '.changeset/',
  '.ci/',
];
const SKIPPED_FILES = new Set(['pnpm-lock.yaml']);
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage']);
const MAX_BYTES = 4 * 1024 * 1024;
const IGNORE_MARKER = 'self-contained-ignore';

/** Files not scanned, each with why. */
const EXEMPT = new Map([
  ['scripts/check-self-contained.mjs', 'names the patterns it looks for'],
  ['docs/test/self-contained.test.ts', 'plants outside references in a temporary folder to test this check'],
]);

/** References that are not paths from their own file, each with why. */
const ALLOWED = [
  {
    file: 'scripts/new-package.mjs',
    ref: '../../tsconfig.base.json',
    why: 'the text of packages/<name>/tsconfig.json, where it names the root tsconfig',
  },
];

/** `/work/` at the start of a path (not inside a URL such as `https://host/work/`). */
const MACHINE_PATH = /(?<![\w.~-])\/work\//;
/** A path that names the collection beside the checkout. */
const SHARED_PATH = /(?:\.\.\/)+shared(?:\/[\w@%+~.-]*)*|(?<![\w.-])shared\/vectors(?:\/[\w@%+~.-]*)*/g;
/** A relative path: `./` or `../` not preceded by a path character, then path segments. */
const RELATIVE_PATH = /(?<![\w@%+~./\\-])(?:\.\.?\/)+[\w@%+~.-]*(?:\/[\w@%+~.-]*)*/g;

function inScope(file) {
  if (!file.includes('/')) return !SKIPPED_FILES.has(file);
  return SCANNED_DIRS.some((d) => file.startsWith(d));
}

function listGit(root) {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.split('\0').filter(Boolean);
}

function listWalk(root, dir = '') {
  const files = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listWalk(root, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}

/** The files the check reads, relative to root with `/` separators. */
export function listFiles(root) {
  const isGit = existsSync(join(root, '.git'));
  return (isGit ? listGit(root) : listWalk(root)).filter((f) => !EXEMPT.has(f) && inScope(f)).sort();
}

/**
 * Where `ref` (a relative path written in `file`) points, relative to the repository root, or null
 * when it leaves the root. `file` is relative to the root.
 */
export function resolveFromFile(file, ref) {
  const target = posix.normalize(posix.join(posix.dirname(file), ref));
  if (target === '..' || target.startsWith('../')) return null;
  return target;
}

/** The outside references of one file's text: `{ line, reason, text }` for each. */
export function scanText(file, text, root) {
  const found = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.includes(IGNORE_MARKER)) continue;
    const hits = new Set();
    if (MACHINE_PATH.test(line)) hits.add('absolute path of a build machine (/work/)');
    for (const m of line.matchAll(SHARED_PATH)) {
      const ref = m[0];
      const target = ref.startsWith('.') ? resolveFromFile(file, ref) : ref;
      if (target === null || root === undefined || !existsSync(join(root, target))) {
        hits.add(`path of the vectors collection outside the repository (${ref})`);
      }
    }
    for (const m of line.matchAll(RELATIVE_PATH)) {
      const ref = m[0];
      if (!ref.includes('../') && !ref.endsWith('..')) continue;
      if (ALLOWED.some((a) => a.file === file && a.ref === ref)) continue;
      if (resolveFromFile(file, ref) === null) hits.add(`relative path leaves the repository (${ref})`);
    }
    for (const reason of hits) found.push({ line: i + 1, reason, text: line.trim().slice(0, 160) });
  }
  return found;
}

function isBinary(buf) {
  return buf.subarray(0, 8192).includes(0);
}

/** Every outside reference under root: `{ file, line, reason, text }`, sorted by file and line. */
export function findOutsideReferences(root) {
  const out = [];
  for (const file of listFiles(root)) {
    const abs = join(root, file);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue; // tracked but deleted in the work tree
    }
    if (!st.isFile() || st.size > MAX_BYTES) continue;
    const buf = readFileSync(abs);
    if (isBinary(buf)) continue;
    for (const hit of scanText(file, buf.toString('utf8'), root)) out.push({ file, ...hit });
  }
  return out;
}

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const hits = findOutsideReferences(root);
  if (hits.length > 0) {
    for (const h of hits) console.error(`${h.file}:${h.line}: ${h.reason}\n    ${h.text}`);
    console.error(
      `\n${hits.length} reference(s) to paths outside ${relative(process.cwd(), root) || '.'}: copy the` +
        ' material into the repository (test vectors: packages/<pkg>/test/vectors/<source>/ with a SOURCE.md).',
    );
    process.exit(1);
  }
  console.log(`self-contained: ${listFiles(root).length} files checked, no path outside the repository.`);
}
