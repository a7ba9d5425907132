import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { afterEach, describe, expect, it } from 'vitest';
import { createDid } from '../src/createDid.js';
import { deactivateDid } from '../src/deactivateDid.js';
import { anchorDid, publishOperation } from '../src/publishOperation.js';
import { recoverDid } from '../src/recoverDid.js';
import { updateDid } from '../src/updateDid.js';
import { LEDGERS, resolveOn, TestClock } from './helpers.js';

for (const [name, make] of LEDGERS) {
  describe(`did:realdid lifecycle on ${name}`, () => {
    let ledger: LedgerClient;
    afterEach(async () => ledger?.close());

    it('resolves a new DID (short form after anchoring, long form before and after)', async () => {
      const clock = new TestClock();
      ledger = await make(clock);
      const created = createDid({
        keys: [{ id: 'sig', type: 'P-256' }],
        services: [{ id: 'site', type: 'LinkedDomains', serviceEndpoint: 'https://example.com' }],
      });
      expect((await resolveOn(ledger, created.did)).didResolutionMetadata.error).toBe('notFound');
      const offline = await resolveOn(ledger, created.longFormDid);
      expect(offline.didResolutionMetadata.error).toBeUndefined();
      expect(offline.didDocumentMetadata.method).toMatchObject({ published: false });
      expect(offline.didDocumentMetadata.created).toBeUndefined();
      expect(offline.didDocument?.id).toBe(created.longFormDid);

      const receipt = await anchorDid(ledger, created);
      expect(receipt.id).toBe(created.suffix); // the ledger's content address is the operation hash
      const r = await resolveOn(ledger, created.did);
      expect(r.didResolutionMetadata).toEqual({ contentType: 'application/did+json' });
      const did = created.did;
      const mb = publicKeyToMultibase('P-256', created.keys.verificationMethods[0]!.keyPair.publicKey);
      expect(r.didDocument).toEqual({
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: did,
        verificationMethod: [{ id: `${did}#sig`, type: 'Multikey', controller: did, publicKeyMultibase: mb }],
        authentication: [`${did}#sig`],
        assertionMethod: [`${did}#sig`],
        capabilityInvocation: [`${did}#sig`],
        capabilityDelegation: [`${did}#sig`],
        service: [{ id: `${did}#site`, type: 'LinkedDomains', serviceEndpoint: 'https://example.com' }],
      });
      expect(r.didDocumentMetadata).toEqual({
        created: clock.iso(),
        versionId: created.suffix,
        canonicalId: did,
        method: {
          published: true,
          updateCommitment: created.updateCommitment,
          recoveryCommitment: created.recoveryCommitment,
        },
      });
      const long = await resolveOn(ledger, created.longFormDid);
      expect(long.didDocumentMetadata).toMatchObject({
        canonicalId: did,
        equivalentId: [did],
        method: { published: true },
      });
      expect(
        Object.isFrozen(r) &&
          Object.isFrozen(r.didDocument) &&
          Object.isFrozen(r.didDocument?.verificationMethod?.[0]),
      ).toBe(true);
    });

    it('adds and removes keys and services, rotates the update key, recovers, deactivates; past versions stay resolvable', async () => {
      const clock = new TestClock();
      ledger = await make(clock);
      const created = createDid();
      const t0 = clock.iso();
      await anchorDid(ledger, created);

      // update 1: add a secp256k1 key and an X25519 key agreement key, a service
      clock.advance(60_000);
      const k2 = generateKeyPair('secp256k1');
      const x = publicKeyToMultibase('Ed25519', generateKeyPair('Ed25519').publicKey); // an Ed25519 key to test keyAgreement refusal below
      const u1 = updateDid({
        did: created.did,
        previous: created.suffix,
        updateKey: created.keys.update!,
        patches: [
          {
            action: 'add-keys',
            publicKeys: [
              {
                id: 'k2',
                type: 'secp256k1',
                publicKey: k2.publicKey,
                purposes: ['assertionMethod', 'keyAgreement'],
              },
            ],
          },
          {
            action: 'add-services',
            services: [
              { id: 'hub', type: 'Hub', serviceEndpoint: ['https://a.example', 'https://b.example'] },
            ],
          },
        ],
      });
      await publishOperation(ledger, u1);
      const t1 = clock.iso();
      let r = await resolveOn(ledger, created.did);
      expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([
        `${created.did}#key-1`,
        `${created.did}#k2`,
      ]);
      expect(r.didDocument?.keyAgreement).toEqual([`${created.did}#k2`]);
      expect(r.didDocument?.assertionMethod).toEqual([`${created.did}#key-1`, `${created.did}#k2`]);
      expect(r.didDocumentMetadata).toMatchObject({ created: t0, updated: t1, versionId: u1.hash });
      expect(r.didDocumentMetadata.method.updateCommitment).toBe(u1.nextUpdateCommitment);

      // update 2: remove key-1 and the hub, signed by the rotated (next) update key
      clock.advance(60_000);
      const u2 = updateDid({
        did: created.did,
        previous: u1.hash,
        updateKey: u1.nextUpdateKey!,
        patches: [
          { action: 'remove-keys', ids: ['key-1'] },
          { action: 'remove-services', ids: ['hub'] },
        ],
      });
      await publishOperation(ledger, u2);
      const t2 = clock.iso();
      r = await resolveOn(ledger, created.did);
      expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${created.did}#k2`]);
      expect(r.didDocument?.authentication).toBeUndefined();
      expect(r.didDocument?.service).toBeUndefined();

      // the old update key, revealed in u1, no longer opens anything
      clock.advance(60_000);
      const stale = updateDid({
        did: created.did,
        previous: u2.hash,
        updateKey: created.keys.update!,
        patches: [
          {
            action: 'add-keys',
            publicKeys: [{ id: 'evil', publicKeyMultibase: x, purposes: ['authentication'] }],
          },
        ],
      });
      await publishOperation(ledger, stale);
      r = await resolveOn(ledger, created.did);
      expect(r.didDocumentMetadata.versionId).toBe(u2.hash);
      expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${created.did}#k2`]);

      // recovery replaces everything
      clock.advance(60_000);
      const rec = recoverDid({
        did: created.did,
        previous: u2.hash,
        recoveryKey: created.keys.recovery!,
        keys: [{ id: 'fresh', type: 'Ed25519' }],
        services: [{ id: 'new', type: 'LinkedDomains', serviceEndpoint: 'https://new.example' }],
      });
      await publishOperation(ledger, rec);
      const t3 = clock.iso();
      r = await resolveOn(ledger, created.did);
      expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${created.did}#fresh`]);
      expect(r.didDocument?.service?.map((s) => s.id)).toEqual([`${created.did}#new`]);
      expect(r.didDocumentMetadata.method).toEqual({
        published: true,
        updateCommitment: rec.nextUpdateCommitment,
        recoveryCommitment: rec.nextRecoveryCommitment,
      });
      // after recovery, the update key chain restarts at the new update key; the pre-recovery one is dead
      clock.advance(60_000);
      const dead = updateDid({
        did: created.did,
        previous: rec.hash,
        updateKey: u2.nextUpdateKey!,
        patches: [{ action: 'remove-keys', ids: ['fresh'] }],
      });
      await publishOperation(ledger, dead);
      expect((await resolveOn(ledger, created.did)).didDocumentMetadata.versionId).toBe(rec.hash);
      const u3 = updateDid({
        did: created.did,
        previous: rec.hash,
        updateKey: rec.keys.update!,
        patches: [{ action: 'remove-services', ids: ['new'] }],
      });
      await publishOperation(ledger, u3);
      const t4 = clock.iso();
      r = await resolveOn(ledger, created.did);
      expect(r.didDocumentMetadata.versionId).toBe(u3.hash);
      expect(r.didDocument?.service).toBeUndefined();

      // deactivation is final
      clock.advance(60_000);
      const deact = deactivateDid({ did: created.did, previous: u3.hash, recoveryKey: rec.keys.recovery! });
      await publishOperation(ledger, deact);
      const t5 = clock.iso();
      clock.advance(60_000);
      const after = updateDid({
        did: created.did,
        previous: deact.hash,
        updateKey: u3.nextUpdateKey!,
        patches: [{ action: 'remove-keys', ids: ['fresh'] }],
      });
      await publishOperation(ledger, after);
      r = await resolveOn(ledger, created.did);
      expect(r.didResolutionMetadata.error).toBeUndefined();
      expect(r.didDocument).toEqual({
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: created.did,
      });
      expect(r.didDocumentMetadata).toMatchObject({
        deactivated: true,
        versionId: deact.hash,
        updated: t5,
        method: { published: true },
      });
      expect(r.didDocumentMetadata.method.updateCommitment).toBeUndefined();

      // past versions by versionId
      const v1 = await resolveOn(ledger, `${created.did}?versionId=${u1.hash}`);
      expect(v1.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([
        `${created.did}#key-1`,
        `${created.did}#k2`,
      ]);
      expect(v1.didDocumentMetadata).toMatchObject({
        versionId: u1.hash,
        nextVersionId: u2.hash,
        updated: t1,
        nextUpdate: t2,
      });
      const v0 = await resolveOn(ledger, created.did, { versionId: created.suffix });
      expect(v0.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${created.did}#key-1`]);
      expect(v0.didDocumentMetadata.updated).toBeUndefined();
      expect(v0.didDocumentMetadata.nextVersionId).toBe(u1.hash);
      expect(
        (await resolveOn(ledger, created.did, { versionId: stale.hash })).didResolutionMetadata.error,
      ).toBe('notFound');

      // past versions by versionTime
      const at = async (t: string) =>
        (await resolveOn(ledger, `${created.did}?versionTime=${t}`)).didDocumentMetadata.versionId;
      expect(await at(t0)).toBe(created.suffix);
      expect(await at(new Date(Date.parse(t1) - 1).toISOString())).toBe(created.suffix);
      expect(await at(t1)).toBe(u1.hash);
      expect(await at(new Date(Date.parse(t3) - 1).toISOString())).toBe(u2.hash);
      expect(await at(t3)).toBe(rec.hash);
      expect(await at(t4)).toBe(u3.hash);
      expect(await at('2030-01-01T00:00:00Z')).toBe(deact.hash);
      const before = await resolveOn(ledger, `${created.did}?versionTime=2025-12-31T23:59:59Z`);
      expect(before.didResolutionMetadata.error).toBe('notFound');
      const withOffset = await resolveOn(ledger, created.did, { versionTime: '2026-01-01T01:01:00+01:00' });
      expect(withOffset.didDocumentMetadata.versionId).toBe(u1.hash);
    });

    it('resolves a DID on a named network only through that network', async () => {
      ledger = await make();
      const created = createDid({ network: 'test' });
      expect(created.did).toMatch(/^did:realdid:test:zQm/);
      await anchorDid(ledger, created);
      const ok = await resolveOn(ledger, created.did, { networks: { test: ledger } });
      expect(ok.didDocument?.id).toBe(created.did);
      expect((await resolveOn(ledger, created.did)).didResolutionMetadata.error).toBe('methodNotSupported');
      // the same suffix on the main network names a different (non-existent) DID
      const main = `did:realdid:${created.suffix}`;
      expect((await resolveOn(ledger, main)).didResolutionMetadata.error).toBe('notFound');
      // a long form moved to another network does not hash-check
      const moved = created.longFormDid.replace(':test:', ':other:');
      expect((await resolveOn(ledger, moved)).didResolutionMetadata.error).toBe('invalidDid');
    });
  });
}
