// @realdid/ledger: an embedded SQLite ledger of append-only topics.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteLedger } from '@realdid/ledger-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'realdid-ledger-'));
const path = join(dir, 'ledger.db');
const ledger = await SqliteLedger.open(path);
const enc = new TextEncoder();
const first = await ledger.append('example:topic', enc.encode('{"n":1}'));
const again = await ledger.append('example:topic', enc.encode('{"n":1}'));
assert.equal(again.duplicate, true);
assert.equal(again.position, first.position);
await ledger.append('example:topic', enc.encode('{"n":2}'));
await ledger.close();

const reopened = await SqliteLedger.open(path);
const entries = await reopened.read('example:topic');
assert.deepEqual(
  entries.map((e) => e.position),
  [0, 1],
);
console.log(`${entries.length} entries survive a reopen; first id ${entries[0].id}`);
await reopened.close();
rmSync(dir, { recursive: true, force: true });
