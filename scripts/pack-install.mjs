// Installs the SDK as a user does, from the tarballs a registry would serve, and uses it.
//
//   node scripts/pack-install.mjs [--keep] [--json <file>]
//
// 1. `pnpm pack` every package under packages/ (workspace: ranges become versions) into a folder
//    under os.tmpdir(), outside the workspace: no workspace link, no pnpm, no hoisting from here.
// 2. A scratch project installs every tarball with `npm install` and there:
//    - imports every public entry point (each `exports` key) in ESM and in CJS;
//    - runs a wallet presentation script (ESM) and a relying-party verification script (CJS):
//      SD-JWT VC with key binding, plus the rejections a relying party relies on;
//    - runs the installed `realdid` binary: --version, ledger init, did create, did resolve, and
//      the refusal of a mistyped ledger path.
// 3. A second scratch project installs @realdid/cli without its optional peers @realdid/ledger-evm
//    and @realdid/gateway: no viem and no fastify in its tree; an evm+http:// ledger and
//    `realdid gateway` ask for the missing package by name.
// 4. A third installs @realdid/realname and its dependencies alone, with install scripts enabled
//    as a user's npm would: it records the size of node_modules and checks that no package in the
//    tree has an install script or a native build, and that neither better-sqlite3 nor viem is in it.
// 5. A fourth does the same checks (not the size) for ledger, did, sd-jwt, vc, status and realname
//    installed together.
//
// Third-party dependencies come from the npm registry (`--no-audit --no-fund`). The scratch
// projects that contain @realdid/ledger-sqlite install with --ignore-scripts and then reuse the
// better-sqlite3 addon the workspace install already built (same version, same Node), or rebuild
// it: building it once per run would add minutes and a compiler to the test. Exits 1 on the first
// failure, with the command and its output.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
/** Install size target for @realdid/realname with its dependencies, in MiB of `du -sk`. */
const REALNAME_TARGET_MIB = 8;

const log = (s) => console.log(`pack-install: ${s}`);
function fail(message) {
  console.error(`pack-install: FAILED: ${message}`);
  process.exit(1);
}
function run(cmd, argv, cwd, { allowFail = false, env = {} } = {}) {
  const r = spawnSync(cmd, argv, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  if (!allowFail && (r.status !== 0 || r.error)) {
    fail(
      `${cmd} ${argv.join(' ')} (in ${cwd}) exited ${r.status}${r.error ? ` (${r.error.message})` : ''}\n${r.stdout}\n${r.stderr}`,
    );
  }
  return r;
}
function check(ok, message) {
  if (!ok) fail(message);
}

// ------------------------------------------------------------------ packages and their tarballs

const packages = readdirSync(join(root, 'packages'))
  .filter((d) => existsSync(join(root, 'packages', d, 'package.json')))
  .map((d) => {
    const dir = join(root, 'packages', d);
    return { dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
  })
  .filter((p) => !p.pkg.private);
const byName = new Map(packages.map((p) => [p.pkg.name, p]));

if (packages.some((p) => !existsSync(join(p.dir, 'dist')))) {
  log('building the packages (pnpm build)');
  run('pnpm', ['build'], root);
}

const work = mkdtempSync(join(tmpdir(), 'realdid-pack-'));
check(
  relative(root, realpathSync(work)).startsWith('..'),
  `the scratch folder ${work} must be outside the workspace`,
);
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const tarballOf = new Map();
for (const { dir, pkg } of packages) {
  const before = new Set(readdirSync(tarballs));
  run('pnpm', ['pack', '--pack-destination', tarballs], dir);
  const made = readdirSync(tarballs).filter((f) => !before.has(f));
  check(made.length === 1, `pnpm pack of ${pkg.name} made ${made.length} tarballs`);
  const file = join(tarballs, made[0]);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', file, 'package/package.json'], { encoding: 'utf8' }),
  );
  check(
    !JSON.stringify(manifest).includes('workspace:'),
    `${pkg.name}: the packed package.json has workspace: ranges`,
  );
  const listed = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n');
  check(listed.includes('package/README.md'), `${pkg.name}: the tarball has no README.md`);
  check(
    !listed.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/')),
    `${pkg.name}: the tarball ships src/ or test/`,
  );
  tarballOf.set(pkg.name, file);
}
log(`packed ${packages.length} packages into ${tarballs}`);

/** The @realdid packages `names` need (dependencies, not peers or dev), themselves included. */
function closure(names) {
  const out = new Set();
  const todo = [...names];
  while (todo.length > 0) {
    const n = todo.pop();
    if (out.has(n)) continue;
    out.add(n);
    for (const d of Object.keys(byName.get(n).pkg.dependencies ?? {})) if (byName.has(d)) todo.push(d);
  }
  return [...out].sort();
}

function scratch(name, names, { ignoreScripts }) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `realdid-scratch-${name}`, version: '0.0.0', private: true }, null, 2)}\n`,
  );
  const flags = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
  if (ignoreScripts) flags.push('--ignore-scripts');
  log(`${name}: npm install ${names.join(' ')}${ignoreScripts ? ' (--ignore-scripts)' : ''}`);
  run('npm', [...flags, ...names.map((n) => tarballOf.get(n))], dir);
  check(!existsSync(join(dir, 'pnpm-lock.yaml')), `${name}: not an npm install`);
  for (const n of names) {
    const installed = join(dir, 'node_modules', ...n.split('/'));
    check(existsSync(join(installed, 'package.json')), `${name}: ${n} is not installed`);
    check(!lstatSync(installed).isSymbolicLink(), `${name}: ${n} is a link, not an installed copy`);
  }
  return dir;
}

/** Gives an --ignore-scripts install the better-sqlite3 addon (see the header). */
function provideSqliteAddon(dir) {
  const target = join(dir, 'node_modules', 'better-sqlite3');
  if (!existsSync(target)) return;
  const version = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).version;
  const pnpmStore = join(root, 'node_modules', '.pnpm');
  const candidate = existsSync(pnpmStore)
    ? readdirSync(pnpmStore)
        .filter((d) => d === `better-sqlite3@${version}`)
        .map((d) =>
          join(pnpmStore, d, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
        )
        .find((f) => existsSync(f))
    : undefined;
  if (candidate) {
    mkdirSync(join(target, 'build', 'Release'), { recursive: true });
    copyFileSync(candidate, join(target, 'build', 'Release', 'better_sqlite3.node'));
  } else {
    log(`building better-sqlite3@${version} (no built copy of that version in the workspace)`);
    run('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], dir);
  }
}

/** Every package in an npm tree (npm ls --all --json), as name@version strings. */
function tree(dir) {
  const r = run('npm', ['ls', '--all', '--json'], dir, { allowFail: true });
  const out = new Set();
  const walk = (node) => {
    for (const [n, child] of Object.entries(node.dependencies ?? {})) {
      out.add(`${n}@${child.version}`);
      walk(child);
    }
  };
  walk(JSON.parse(r.stdout));
  return out;
}
const hasPackage = (set, name) => [...set].some((s) => s.startsWith(`${name}@`));

/** Every package under a node_modules folder that has an install script or a native build. */
function withInstallScripts(nodeModules) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const sub = join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        walk(sub);
        continue;
      }
      const manifest = join(sub, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
        const s = pkg.scripts ?? {};
        if (
          s.preinstall ||
          s.install ||
          s.postinstall ||
          pkg.gypfile ||
          existsSync(join(sub, 'binding.gyp'))
        ) {
          found.push(`${pkg.name}@${pkg.version}`);
        }
      }
      if (existsSync(join(sub, 'node_modules'))) walk(join(sub, 'node_modules'));
    }
  };
  walk(nodeModules);
  return found;
}

const results = { packages: packages.length, entryPoints: 0 };

// ------------------------------------------------------------------ 1. everything, used as a user

const all = scratch(
  'all',
  packages.map((p) => p.pkg.name),
  { ignoreScripts: true },
);
provideSqliteAddon(all);

writeFileSync(
  join(all, 'entry-points.mjs'),
  `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const names = ${JSON.stringify(packages.map((p) => p.pkg.name))};
let count = 0;
for (const name of names) {
  const pkg = JSON.parse(readFileSync(new URL(\`./node_modules/\${name}/package.json\`, import.meta.url), 'utf8'));
  for (const key of Object.keys(pkg.exports)) {
    if (key === './package.json') continue;
    const spec = name + key.slice(1);
    const esm = await import(spec);
    const cjs = require(spec);
    const esmKeys = Object.keys(esm).filter((k) => k !== 'default').sort();
    const cjsKeys = Object.keys(cjs).filter((k) => k !== 'default' && k !== '__esModule').sort();
    if (esmKeys.length === 0) throw new Error(\`\${spec}: the ESM entry exports nothing\`);
    if (JSON.stringify(esmKeys) !== JSON.stringify(cjsKeys))
      throw new Error(\`\${spec}: ESM and CJS export different names: \${esmKeys} / \${cjsKeys}\`);
    count++;
  }
}
console.log(count);
`,
);
results.entryPoints = Number(run('node', ['entry-points.mjs'], all).stdout.trim());
log(`all: ${results.entryPoints} entry points import in ESM and CJS with the same names`);

// The wallet: receives a credential, looks at it, presents two claims bound to the site's nonce.
writeFileSync(
  join(all, 'wallet.mjs'),
  `import { writeFileSync } from 'node:fs';
import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { decodeSdJwt, issueSdJwtVc, presentSdJwt } from '@realdid/sd-jwt';

// Set-up: an authority issues the wallet a credential bound to the wallet's key.
const authority = generateKeyPair('Ed25519');
const walletKey = generateKeyPair('P-256');
const credential = await issueSdJwtVc({
  signer: createSigner(authority),
  vct: 'urn:realdid:realname:1',
  iss: 'https://authority.test',
  exp: Math.floor(Date.now() / 1000) + 3600,
  cnf: { jwk: publicKeyToJwk('P-256', walletKey.publicKey) },
  claims: { given_name: 'Ada', birthdate: '1990-12-10', age_over_18: true, region: 'R1' },
  disclosureFrame: { _sd: ['given_name', 'birthdate', 'age_over_18', 'region'] },
});
// The wallet: what does it hold? Then reveal only what the site asks for, key-bound.
const held = decodeSdJwt(credential);
if (held.claims.given_name !== 'Ada' || held.disclosures.length !== 4) throw new Error('credential');
const request = { aud: 'https://video.test', nonce: 'n-7Qk2x' };
const vp = await presentSdJwt(credential, { age_over_18: true, region: true }, {
  keyBinding: { signer: createSigner(walletKey), ...request },
});
writeFileSync('vp.txt', vp);
writeFileSync('issuer.jwk', JSON.stringify(publicKeyToJwk('Ed25519', authority.publicKey)));
console.log('presented', vp.split('~').length - 2, 'disclosures');
`,
);
log(`all: ${run('node', ['wallet.mjs'], all).stdout.trim()}`);

// The relying party, in CommonJS: verifies, and refuses a replay to another site.
writeFileSync(
  join(all, 'rp.cjs'),
  `const { readFileSync } = require('node:fs');
const { isRealDidError } = require('@realdid/crypto');
const { jwkKeyResolver, verifySdJwtVc } = require('@realdid/sd-jwt');

async function main() {
  const vp = readFileSync('vp.txt', 'utf8');
  const keyResolver = jwkKeyResolver(JSON.parse(readFileSync('issuer.jwk', 'utf8')));
  const keyBinding = { aud: 'https://video.test', nonce: 'n-7Qk2x' };
  const result = await verifySdJwtVc(vp, { keyResolver, keyBinding });
  if (result.claims.age_over_18 !== true || result.claims.region !== 'R1') throw new Error('claims');
  if ('birthdate' in result.claims || 'given_name' in result.claims) throw new Error('leak');
  if (result.holderKey?.type !== 'P-256') throw new Error('holder key');
  for (const [what, options] of [
    ['another site', { keyResolver, keyBinding: { ...keyBinding, aud: 'https://other.test' } }],
    ['another nonce', { keyResolver, keyBinding: { ...keyBinding, nonce: 'n-other' } }],
  ]) {
    const err = await verifySdJwtVc(vp, options).then(() => undefined, (e) => e);
    if (!isRealDidError(err)) throw new Error(\`\${what}: accepted\`);
  }
  console.log('verified', Object.keys(result.claims).filter((k) => !['iss', 'vct', 'exp', 'iat', 'cnf'].includes(k)).sort().join(','));
}
main().catch((err) => { console.error(err); process.exit(1); });
`,
);
log(`all: ${run('node', ['rp.cjs'], all).stdout.trim()}`);

// The realdid binary of the installed package.
const cliVersion = byName.get('@realdid/cli').pkg.version;
const realdid = (argv, dir, opts) => run('npx', ['--no-install', 'realdid', ...argv], dir, opts);
const version = realdid(['--version'], all).stdout.trim();
check(version === cliVersion, `realdid --version printed ${version}, expected ${cliVersion}`);
check(realdid(['ledger', 'init', '--json'], all).stdout.includes('"sqlite"'), 'realdid ledger init');
const created = JSON.parse(realdid(['did', 'create', '--out', 'alice.json', '--json'], all).stdout);
const resolved = JSON.parse(realdid(['did', 'resolve', created.did], all).stdout);
check(resolved.didDocument?.id === created.did, 'realdid did resolve returned another document');
const typo = realdid(['ledger', 'info', '--ledger', 'sqlite:./ledgr.db'], all, { allowFail: true });
check(
  typo.status === 1 && typo.stderr.startsWith('ERR_LEDGER_NOT_FOUND') && !existsSync(join(all, 'ledgr.db')),
  `a mistyped ledger path: exit ${typo.status}, ${typo.stderr}`,
);
const evmHere = realdid(
  ['ledger', 'info', '--ledger', `evm+http://127.0.0.1:9?contract=0x${'11'.repeat(20)}`],
  all,
  { allowFail: true },
);
check(
  evmHere.status === 1 && !evmHere.stderr.includes('ERR_CLI_MISSING_PACKAGE'),
  `with @realdid/ledger-evm installed an evm+http:// ledger must load it: ${evmHere.stderr}`,
);
log(
  `all: realdid ${version}: ledger init, did create + resolve (${created.did.slice(0, 28)}…), typo refused`,
);
results.cliVersion = version;

// ------------------------------------------------------------------ 2. the CLI without the EVM ledger

const cliNames = closure(['@realdid/cli']);
check(!cliNames.includes('@realdid/ledger-evm'), '@realdid/cli depends on @realdid/ledger-evm');
const cliOnly = scratch('cli', cliNames, { ignoreScripts: true });
provideSqliteAddon(cliOnly);
const cliTree = tree(cliOnly);
check(
  !hasPackage(cliTree, 'viem'),
  `@realdid/cli pulls viem: ${[...cliTree].filter((s) => s.startsWith('viem@'))}`,
);
const evmMissing = realdid(
  ['ledger', 'info', '--ledger', `evm+http://127.0.0.1:9?contract=0x${'11'.repeat(20)}`],
  cliOnly,
  { allowFail: true },
);
check(
  evmMissing.status === 1 &&
    evmMissing.stderr.startsWith('ERR_CLI_MISSING_PACKAGE') &&
    evmMissing.stderr.includes('npm install @realdid/ledger-evm'),
  `an evm+http:// ledger without @realdid/ledger-evm: exit ${evmMissing.status}, ${evmMissing.stderr}`,
);
check(!cliNames.includes('@realdid/gateway'), '@realdid/cli depends on @realdid/gateway');
check(
  !hasPackage(cliTree, 'fastify'),
  `@realdid/cli pulls fastify: ${[...cliTree].filter((s) => s.startsWith('fastify@'))}`,
);
const gatewayMissing = realdid(['gateway', '--ledger', 'memory:', '--port', '0'], cliOnly, {
  allowFail: true,
});
check(
  gatewayMissing.status === 1 &&
    gatewayMissing.stderr.startsWith('ERR_CLI_MISSING_PACKAGE') &&
    gatewayMissing.stderr.includes('npm install @realdid/gateway'),
  `realdid gateway without @realdid/gateway: exit ${gatewayMissing.status}, ${gatewayMissing.stderr}`,
);
check(realdid(['ledger', 'init'], cliOnly).status === 0, 'realdid ledger init without ledger-evm');
log(
  `cli: ${cliTree.size} packages, no viem, no fastify; evm+http:// asks for @realdid/ledger-evm, gateway for @realdid/gateway`,
);
results.cliPackages = cliTree.size;

// ------------------------------------------------------------------ 3. @realdid/realname alone

const realnameNames = closure(['@realdid/realname']);
const realname = scratch('realname', realnameNames, { ignoreScripts: false });
const realnameTree = tree(realname);
for (const banned of ['better-sqlite3', 'viem', '@realdid/ledger-sqlite', '@realdid/ledger-evm']) {
  check(!hasPackage(realnameTree, banned), `@realdid/realname pulls ${banned}`);
}
const scripted = withInstallScripts(join(realname, 'node_modules'));
check(scripted.length === 0, `packages with install scripts or a native build: ${scripted.join(', ')}`);
const kib = Number(
  execFileSync('du', ['-sk', join(realname, 'node_modules')], { encoding: 'utf8' }).split(/\s/)[0],
);
let ours = 0;
for (const n of realnameNames) {
  ours += Number(
    execFileSync('du', ['-sk', join(realname, 'node_modules', ...n.split('/'))], { encoding: 'utf8' }).split(
      /\s/,
    )[0],
  );
}
results.realname = {
  packages: realnameTree.size,
  installScripts: scripted.length,
  sizeMiB: Math.round((kib / 1024) * 10) / 10,
  ourPackagesMiB: Math.round((ours / 1024) * 10) / 10,
  targetMiB: REALNAME_TARGET_MIB,
};
log(
  `realname: ${realnameTree.size} packages, no install script, no better-sqlite3, no viem; node_modules ${results.realname.sizeMiB} MiB (du -sk; @realdid/* ${results.realname.ourPackagesMiB} MiB), target < ${REALNAME_TARGET_MIB} MiB`,
);
check(
  kib < REALNAME_TARGET_MIB * 1024,
  `@realdid/realname installs ${results.realname.sizeMiB} MiB, over the ${REALNAME_TARGET_MIB} MiB target`,
);

// Without the optional peer @realdid/openid4vc the native flow works and an OpenID4VC method is a
// coded refusal, not a crash at import.
writeFileSync(
  join(realname, 'oid4vc-missing.mjs'),
  `import { MemoryLedger } from '@realdid/ledger';
import { createDeployment } from '@realdid/realname/testing';
const d = await createDeployment({ ledger: new MemoryLedger(), people: [], sites: [{ name: 'S', allowedClaims: ['age_over_18'] }] });
const rp = d.sites.get('S').rp;
await rp.createRequest(['age_over_18']);
try {
  await rp.createAuthorizationRequest(['age_over_18'], { responseUri: 'https://s.example/cb' });
  console.log('no refusal');
} catch (e) {
  console.log(e.code);
}
`,
);
const missing = run('node', ['oid4vc-missing.mjs'], realname).stdout.trim();
check(
  missing === 'ERR_PACKAGE_MISSING',
  `without @realdid/openid4vc: expected ERR_PACKAGE_MISSING, got ${missing}`,
);
log(
  'realname: native requests work without @realdid/openid4vc; its OpenID4VC methods answer ERR_PACKAGE_MISSING',
);

// ------------------------------------------------------------------ 4. the portable core together

const coreRoots = [
  '@realdid/ledger',
  '@realdid/did',
  '@realdid/sd-jwt',
  '@realdid/vc',
  '@realdid/status',
  '@realdid/realname',
];
const core = scratch('core', closure(coreRoots), { ignoreScripts: false });
const coreTree = tree(core);
for (const banned of ['better-sqlite3', 'viem', '@realdid/ledger-sqlite', '@realdid/ledger-evm']) {
  check(!hasPackage(coreTree, banned), `${coreRoots.join(', ')} pull ${banned}`);
}
const coreScripted = withInstallScripts(join(core, 'node_modules'));
check(
  coreScripted.length === 0,
  `core packages with install scripts or a native build: ${coreScripted.join(', ')}`,
);
results.core = { packages: coreTree.size, installScripts: 0 };
log(
  `core (${coreRoots.join(', ')}): ${coreTree.size} packages, no install script, no better-sqlite3, no viem`,
);

if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
if (keep) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
log(`ok (${sep === '/' ? 'posix' : 'windows'})`);
