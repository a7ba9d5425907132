// Checks the metadata of every package under packages/: the repository, homepage, bugs, author
// and publishConfig that scripts/package-metadata.mjs prescribes, keywords, a description, a
// README and a LICENSE-compatible license, and no placeholder domain anywhere in package.json.
// Run by `pnpm check`; exits 1 with one line per problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { COMMON_KEYWORDS, expectedMetadata } from './package-metadata.mjs';

const PLACEHOLDER = /example\.(invalid|com|org|net)|localhost|your-org|TODO/i;
const problems = [];
const names = readdirSync('packages').filter((n) => existsSync(`packages/${n}/package.json`));
for (const name of names) {
  const file = `packages/${name}/package.json`;
  const text = readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  if (pkg.name !== `@realdid/${name}`) problems.push(`${file}: name must be @realdid/${name}`);
  for (const [field, want] of Object.entries(expectedMetadata(name))) {
    if (!isDeepStrictEqual(pkg[field], want)) {
      problems.push(`${file}: ${field} must be ${JSON.stringify(want)}, found ${JSON.stringify(pkg[field])}`);
    }
  }
  if (typeof pkg.description !== 'string' || pkg.description.length < 10)
    problems.push(`${file}: needs a description`);
  if (!Array.isArray(pkg.keywords) || !COMMON_KEYWORDS.every((k) => pkg.keywords.includes(k)))
    problems.push(`${file}: keywords must include ${COMMON_KEYWORDS.join(', ')}`);
  if (pkg.license !== 'Apache-2.0') problems.push(`${file}: license must be Apache-2.0`);
  if (pkg.private) problems.push(`${file}: a package under packages/ is published, not private`);
  if (!existsSync(`packages/${name}/README.md`)) problems.push(`packages/${name}: needs a README.md`);
  if (PLACEHOLDER.test(text))
    problems.push(`${file}: contains a placeholder (${text.match(PLACEHOLDER)[0]})`);
  // The API reference (typedoc, packages mode) documents src/index.ts of each package unless the
  // package's typedoc.json names its entry points: then it must name one per `exports` subpath.
  const subpaths = Object.keys(pkg.exports ?? {}).filter((k) => k !== '.' && k !== './package.json');
  const typedocFile = `packages/${name}/typedoc.json`;
  const entryPoints = existsSync(typedocFile)
    ? JSON.parse(readFileSync(typedocFile, 'utf8')).entryPoints
    : ['src/index.ts'];
  for (const e of ['src/index.ts', ...subpaths.map((k) => `src/${k.slice(2)}.ts`)]) {
    if (!existsSync(`packages/${name}/${e}`))
      problems.push(`packages/${name}: exports needs ${e}, which does not exist`);
    if (!entryPoints.includes(e))
      problems.push(`${typedocFile}: entryPoints must include ${e} (an exports subpath)`);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`package metadata: ${names.length} packages ok`);
