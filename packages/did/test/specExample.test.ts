import { readFileSync } from 'node:fs';
import { keyPairFromSecretKey } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { createDid } from '../src/createDid.js';
import { anchorDid, publishOperation } from '../src/publishOperation.js';
import { resolveDid } from '../src/resolveDid.js';
import { updateDid } from '../src/updateDid.js';

const spec = readFileSync(new URL('../../../docs/did-method-realdid.md', import.meta.url), 'utf8');
const example = spec.slice(spec.indexOf('## 9. Example'));
const jsonBlocks = [...example.matchAll(/```json\n(.*)\n```/g)].map((m) => m[1]);
const key = (b: number) => keyPairFromSecretKey('Ed25519', new Uint8Array(32).fill(b));

describe('the example of the specification (§9) is what the implementation computes', () => {
  it('create operation, DID, long form, update operation and its hash', async () => {
    const created = createDid({
      publicKeys: [
        {
          id: 'key-1',
          type: 'Ed25519',
          publicKey: key(1).publicKey,
          purposes: ['authentication', 'assertionMethod'],
        },
      ],
      updateKey: key(2),
      recoveryKey: key(3),
    });
    expect(new TextDecoder().decode(created.payload)).toBe(jsonBlocks[0]);
    expect(example).toContain(`DID: \`${created.did}\``);
    expect(created.longFormDid.length).toBe(530);
    const update = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: key(2),
      nextUpdateKey: key(4),
      patches: [
        {
          action: 'add-services',
          services: [{ id: 'site', type: 'LinkedDomains', serviceEndpoint: 'https://example.com' }],
        },
      ],
    });
    expect(new TextDecoder().decode(update.payload)).toBe(jsonBlocks[1]);
    expect(example).toContain(`\`${update.hash}\``);
    const ledger = new MemoryLedger();
    await anchorDid(ledger, created);
    await publishOperation(ledger, update);
    const r = await resolveDid(created.did, { networks: { main: ledger } });
    expect(r.didDocumentMetadata.versionId).toBe(update.hash);
  });
});
