import { anchorDid, createDid, getResolver, publishOperation, resolveDid, updateDid } from '@realdid/did';
import { Resolver } from 'did-resolver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployRegistry, EvmLedger, MemoryCasStore } from '../src/index.js';
import { Anvil, accounts } from './helpers/anvil.js';

let node: Anvil;
beforeAll(async () => {
  node = await Anvil.start();
});
afterAll(async () => {
  await node?.stop();
});

for (const mode of ['direct', 'batched'] as const) {
  describe(`did:realdid end to end on anvil (${mode})`, () => {
    it('creates and updates a DID with one client; a second client resolves every version', async () => {
      const { address } = await deployRegistry(node.wallet(0));
      const cas = new MemoryCasStore();
      const common = {
        url: node.url,
        address,
        pollingIntervalMs: 20,
        ...(mode === 'batched' ? { cas } : {}),
      };
      const writer = await EvmLedger.connect({
        ...common,
        account: accounts[0],
        ...(mode === 'batched' ? { mode } : {}),
      });
      const reader = await EvmLedger.connect(common); // no account: read-only

      const created = createDid({
        network: 'evm',
        services: [{ id: 'site', type: 'LinkedDomains', serviceEndpoint: 'https://example.com' }],
      });
      expect(created.did.startsWith('did:realdid:evm:')).toBe(true);
      const notYet = await resolveDid(created.did, { networks: { evm: reader } });
      expect(notYet.didResolutionMetadata.error).toBe('notFound');

      const r0 = await anchorDid(writer, created);
      expect(r0.id).toBe(created.suffix);
      const v0 = await resolveDid(created.did, { networks: { evm: reader } });
      expect(v0.didResolutionMetadata.error).toBeUndefined();
      expect(v0.didDocument?.id).toBe(created.did);
      expect(v0.didDocumentMetadata.created).toBe(r0.time);
      expect(v0.didDocument?.service?.map((s) => s.id)).toEqual([`${created.did}#site`]);

      const u1 = updateDid({
        did: created.did,
        previous: created.suffix,
        updateKey: created.keys.update as NonNullable<typeof created.keys.update>,
        patches: [{ action: 'remove-services', ids: ['site'] }],
      });
      const r1 = await publishOperation(writer, u1);
      expect(r1.position).toBe(1);

      // through the did-resolver package, from the second client
      const resolver = new Resolver(getResolver({ networks: { evm: reader } }));
      const v1 = await resolver.resolve(created.did);
      expect(v1.didResolutionMetadata.error).toBeUndefined();
      expect(v1.didDocument?.service ?? []).toEqual([]);
      expect(v1.didDocumentMetadata.versionId).toBe(u1.hash);
      expect(v1.didDocumentMetadata.updated).toBe(r1.time);
      const past = await resolver.resolve(`${created.did}?versionId=${created.suffix}`);
      expect(past.didDocument?.service?.map((s) => s.id)).toEqual([`${created.did}#site`]);

      // the entries carry their anchors, which verify against the chain
      const entries = await reader.read(created.suffix);
      expect(entries).toHaveLength(2);
      for (const e of entries) {
        expect((e.anchor as { type: string }).type).toBe(mode === 'direct' ? 'evm-log' : 'merkle-batch');
        await reader.verifyEntry(e);
      }
      await writer.close();
      await reader.close();
    });
  });
}
