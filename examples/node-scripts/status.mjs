// @realdid/status: a Token Status List on the SQLite ledger — allocate, suspend, reinstate, revoke.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigner, generateKeyPair } from '@realdid/crypto';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { createLedgerStatusFetcher, createTokenStatusChecker, TokenStatusListIssuer } from '@realdid/status';

const dir = mkdtempSync(join(tmpdir(), 'realdid-status-'));
const ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
const keys = generateKeyPair('Ed25519');
let now = Date.parse('2026-11-21T12:00:00Z');
const issuer = new TokenStatusListIssuer({
  uri: 'https://issuer.example/status/9',
  iss: 'https://issuer.example',
  signer: createSigner(keys),
  ttlSec: 60,
  now: () => now,
});
const a = issuer.allocate();
const b = issuer.allocate();
assert.notEqual(a.status_list.idx, b.status_list.idx);
const check = createTokenStatusChecker({
  fetch: createLedgerStatusFetcher(ledger),
  keyResolver: () => ({ type: 'Ed25519', publicKey: keys.publicKey }),
  maxTtlSec: 0,
  now: () => now,
});
const states = [];
for (const step of ['publish', 'suspend', 'reinstate', 'revoke']) {
  if (step === 'suspend') issuer.suspend(a.status_list.idx);
  if (step === 'reinstate') issuer.reinstate(a.status_list.idx);
  if (step === 'revoke') issuer.revoke(a.status_list.idx);
  now += 1000;
  await issuer.publish(ledger);
  states.push(await check(a, { iss: 'https://issuer.example' }));
}
assert.deepEqual(states, ['valid', 'suspended', 'valid', 'revoked']);
assert.equal(await check(b, { iss: 'https://issuer.example' }), 'valid');
console.log(`index ${a.status_list.idx}: ${states.join(' → ')}; index ${b.status_list.idx} stays valid`);
await ledger.close();
rmSync(dir, { recursive: true, force: true });
