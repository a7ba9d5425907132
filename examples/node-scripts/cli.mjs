// @realdid/cli: the realdid command, as a user runs it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('@realdid/cli/package.json')), 'dist', 'bin.js');
const cwd = mkdtempSync(join(tmpdir(), 'realdid-cli-'));
const realdid = (...args) =>
  JSON.parse(
    execFileSync(process.execPath, [bin, ...args, '--json'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );

// No ledger yet: the command refuses to invent one, until `ledger init` creates ./.realdid/ledger.db.
assert.throws(
  () => realdid('ledger', 'info'),
  (err) => JSON.parse(err.stderr).error.code === 'ERR_LEDGER_NOT_FOUND',
);
assert.equal(realdid('ledger', 'init').entries, 0);
const key = realdid('key', 'generate', '--type', 'secp256k1', '--out', 'issuer.jwk');
assert.equal(statSync(join(cwd, 'issuer.jwk')).mode & 0o777, 0o600);
const created = realdid('did', 'create', '--out', 'did-keys.json');
const resolved = realdid('did', 'resolve', created.did);
assert.equal(resolved.didDocument.id, created.did);
const info = realdid('ledger', 'info');
assert.equal(info.kind, 'sqlite');
console.log(`${key.didKey.slice(0, 30)}…; ${created.did.slice(0, 40)}… on ${info.location}`);
rmSync(cwd, { recursive: true, force: true });
