import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDid } from '../src/createDid.js';
import { dereference } from '../src/dereference.js';
import { anchorDid } from '../src/publishOperation.js';
import { recoverDid } from '../src/recoverDid.js';
import { resolveDid } from '../src/resolveDid.js';
import { updateDid } from '../src/updateDid.js';

describe('mutations of signed operations never apply', () => {
  const created = createDid({ keys: [{ type: 'P-256' }], updateKeyType: 'secp256k1' });
  const update = updateDid({
    did: created.did,
    previous: created.suffix,
    updateKey: created.keys.update!,
    patches: [
      { action: 'add-services', services: [{ id: 'x', type: 'X', serviceEndpoint: 'https://x.example' }] },
    ],
  });
  const recover = recoverDid({
    did: created.did,
    previous: created.suffix,
    recoveryKey: created.keys.recovery!,
  });

  it('property: any one-byte change of an update or recover payload leaves the DID at its create', async () => {
    const ledger = new MemoryLedger();
    await anchorDid(ledger, created);
    const networks = { main: ledger };
    // the unmutated operations do apply (so the property below can fail)
    for (const op of [update, recover]) {
      const l = new MemoryLedger();
      await anchorDid(l, created);
      await l.append(op.topic, op.payload);
      expect((await resolveDid(created.did, { networks: { main: l } })).didDocumentMetadata.versionId).toBe(
        op.hash,
      );
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(update, recover),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (op, at, delta) => {
          const bytes = op.payload.slice();
          const i = at % bytes.length;
          bytes[i] = ((bytes[i] as number) + delta) % 256;
          const l = new MemoryLedger();
          await anchorDid(l, created);
          await l.append(op.topic, bytes);
          const r = await resolveDid(created.did, { networks: { main: l } });
          expect(r.didDocumentMetadata.versionId).toBe(created.suffix);
        },
      ),
      { numRuns: 300 },
    );
    expect((await resolveDid(created.did, { networks })).didDocumentMetadata.versionId).toBe(created.suffix);
  });

  it('dereference misuse -> TypeError; bad DID URLs never throw', async () => {
    for (const bad of [undefined, null, 'x', 1, {}]) {
      await expect(dereference(bad as never, created.longFormDid)).rejects.toThrow(TypeError);
    }
    const resolver = { resolve: (d: string) => resolveDid(d) };
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (s) => {
        const r = await dereference(resolver, s);
        expect(r.contentStream === null || r.dereferencingMetadata.error === undefined).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
