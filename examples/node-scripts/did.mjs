// @realdid/did: a did:realdid on the SQLite ledger — create, rotate, resolve now and in the past.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorDid, createDid, getResolver, publishOperation, Resolver, updateDid } from '@realdid/did';
import { SqliteLedger } from '@realdid/ledger-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'realdid-did-'));
const ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
const resolver = new Resolver(getResolver({ networks: { main: ledger } }));

const created = createDid({ keys: [{ id: 'key-1', type: 'P-256' }] });
await anchorDid(ledger, created);
const v1 = await resolver.resolve(created.did);
assert.equal(v1.didDocument?.verificationMethod?.[0]?.type, 'Multikey');

const update = updateDid({
  did: created.did,
  previous: created.suffix,
  updateKey: created.keys.update,
  patches: [
    {
      action: 'add-services',
      services: [{ id: 'inbox', type: 'DIDCommMessaging', serviceEndpoint: 'https://inbox.example' }],
    },
  ],
});
await publishOperation(ledger, update);
const v2 = await resolver.resolve(created.did, { noCache: true });
assert.equal(v2.didDocument?.service?.length, 1);

// The first version is still there for anyone who asks for it.
const past = await resolver.resolve(`${created.did}?versionId=${created.suffix}`, { noCache: true });
assert.equal(past.didDocument?.service, undefined);

// A bad DID is an answer, not an exception.
const bad = await resolver.resolve('did:realdid:not-base58-0OIl');
assert.equal(bad.didResolutionMetadata.error, 'invalidDid');

console.log(
  `${created.did.slice(0, 48)}…  versions: ${created.suffix.slice(0, 12)}… → ${update.hash.slice(0, 12)}…`,
);
await ledger.close();
rmSync(dir, { recursive: true, force: true });
