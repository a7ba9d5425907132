import {
  base58btcEncode,
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  publicKeyToJwk,
  publicKeyToMultibase,
  sign,
  utf8Encode,
  verify,
} from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { Resolver } from 'did-resolver';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.js';
import { createDid } from '../src/createDid.js';
import { deactivateDid } from '../src/deactivateDid.js';
import { getResolver } from '../src/getResolver.js';
import { applyOperation, signingInput, stateFromCreate } from '../src/internal/state.js';
import { parseOperationBytes } from '../src/internal/validate.js';
import type { UpdateOperation } from '../src/Operation.js';
import { anchorDid, publishOperation } from '../src/publishOperation.js';
import { recoverDid } from '../src/recoverDid.js';
import { resolveDid } from '../src/resolveDid.js';
import { resolveVerificationMethod } from '../src/resolveVerificationMethod.js';
import { updateDid } from '../src/updateDid.js';
import { resolveOn, TestClock } from './helpers.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

function createSm2Did() {
  return createDid({
    keys: [{ id: 'gm', type: 'SM2' }],
    updateKeyType: 'SM2',
    recoveryKeyType: 'SM2',
  });
}

describe('did:realdid with SM2 keys', () => {
  it('creates, updates, recovers and deactivates with SM2 keys on the memory ledger', async () => {
    const clock = new TestClock();
    const ledger = new MemoryLedger({ clock: clock.now });
    const created = createSm2Did();
    expect(created.keys.update?.type).toBe('SM2');
    expect(created.keys.recovery?.type).toBe('SM2');
    const gm = created.keys.verificationMethods[0]!.keyPair;
    expect(gm.type).toBe('SM2');
    await anchorDid(ledger, created);
    const did = created.did;
    let r = await resolveOn(ledger, did);
    const mb = publicKeyToMultibase('SM2', gm.publicKey);
    expect(mb.startsWith('zEP')).toBe(true);
    expect(r.didDocument?.verificationMethod).toEqual([
      { id: `${did}#gm`, type: 'Multikey', controller: did, publicKeyMultibase: mb },
    ]);
    expect(r.didDocument?.assertionMethod).toEqual([`${did}#gm`]);
    expect(r.didDocument?.keyAgreement).toBeUndefined();

    // the resolved key verifies an SM2 signature made with the default user ID
    const resolver = new Resolver(getResolver({ networks: { main: ledger }, cache: false }));
    const vm = await resolveVerificationMethod(resolver, `${did}#gm`, { purpose: 'assertionMethod' });
    expect(vm.type).toBe('SM2');
    const msg = utf8Encode('signed by an SM2 verification method');
    expect(verify('SM2', vm.publicKey, msg, sign('SM2', gm.secretKey, msg))).toBe(true);

    // update signed by the SM2 update key: adds an Ed25519 key (a mixed document)
    clock.advance(60_000);
    const ed = generateKeyPair('Ed25519');
    const u1 = updateDid({
      did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [
        {
          action: 'add-keys',
          publicKeys: [{ id: 'ed', type: 'Ed25519', publicKey: ed.publicKey, purposes: ['authentication'] }],
        },
      ],
    });
    expect(u1.nextUpdateKey?.type).toBe('SM2'); // the next update key keeps the type of the current one
    await publishOperation(ledger, u1);
    r = await resolveOn(ledger, did);
    expect(r.didDocumentMetadata.versionId).toBe(u1.hash);
    expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${did}#gm`, `${did}#ed`]);
    expect(r.didDocument?.authentication).toEqual([`${did}#gm`, `${did}#ed`]);

    // recovery with the SM2 recovery key; new SM2 key and SM2 next keys
    clock.advance(60_000);
    const rec = recoverDid({
      did,
      previous: u1.hash,
      recoveryKey: created.keys.recovery!,
      keys: [{ id: 'gm2', type: 'SM2', purposes: ['assertionMethod'] }],
      nextUpdateKeyType: 'SM2',
      nextRecoveryKeyType: 'SM2',
    });
    expect(rec.keys.update?.type).toBe('SM2');
    expect(rec.keys.recovery?.type).toBe('SM2');
    await publishOperation(ledger, rec);
    r = await resolveOn(ledger, did);
    expect(r.didDocumentMetadata.versionId).toBe(rec.hash);
    expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${did}#gm2`]);

    // deactivation signed by the new SM2 recovery key
    clock.advance(60_000);
    const deact = deactivateDid({ did, previous: rec.hash, recoveryKey: rec.keys.recovery! });
    await publishOperation(ledger, deact);
    r = await resolveOn(ledger, did);
    expect(r.didDocumentMetadata.deactivated).toBe(true);
    expect(r.didDocumentMetadata.versionId).toBe(deact.hash);
    await ledger.close();
  });

  it('accepts an SM2 Signer (createSigner) as the operation key', async () => {
    const ledger = new MemoryLedger();
    const updatePair = generateKeyPair('SM2');
    const created = createDid({ updateKey: updatePair, recoveryKeyType: 'SM2' });
    await anchorDid(ledger, created);
    const u1 = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: createSigner(updatePair),
      nextUpdateKeyType: 'SM2',
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, u1);
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(u1.hash);
    expect(r.didDocument?.verificationMethod).toBeUndefined();
    await ledger.close();
  });

  it('mixes Ed25519 and SM2: an Ed25519 update key over SM2 methods, an SM2 recovery key over Ed25519 ones', async () => {
    const ledger = new MemoryLedger();
    const created = createDid({
      keys: [
        { id: 'ed', type: 'Ed25519' },
        { id: 'gm', type: 'SM2', purposes: ['assertionMethod'] },
      ],
      updateKeyType: 'Ed25519',
      recoveryKeyType: 'SM2',
    });
    await anchorDid(ledger, created);
    const u1 = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      nextUpdateKeyType: 'SM2', // rotate the update key from Ed25519 to SM2
      patches: [{ action: 'remove-keys', ids: ['ed'] }],
    });
    expect(u1.nextUpdateKey?.type).toBe('SM2');
    await publishOperation(ledger, u1);
    const u2 = updateDid({
      did: created.did,
      previous: u1.hash,
      updateKey: u1.nextUpdateKey!,
      nextUpdateKeyType: 'Ed25519',
      patches: [
        {
          action: 'add-keys',
          publicKeys: [
            {
              id: 'ed2',
              type: 'Ed25519',
              publicKey: generateKeyPair('Ed25519').publicKey,
              purposes: ['authentication'],
            },
          ],
        },
      ],
    });
    await publishOperation(ledger, u2);
    let r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(u2.hash);
    expect(r.didDocument?.verificationMethod?.map((v) => v.publicKeyMultibase?.slice(0, 3))).toEqual([
      'zEP',
      'z6M',
    ]);
    const rec = recoverDid({
      did: created.did,
      previous: u2.hash,
      recoveryKey: created.keys.recovery!,
      keys: [{ id: 'only', type: 'Ed25519' }],
    });
    await publishOperation(ledger, rec);
    r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(rec.hash);
    expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${created.did}#only`]);
    await ledger.close();
  });

  describe('a tampered SM2-signed operation is refused', () => {
    function build() {
      const created = createSm2Did();
      const state = stateFromCreate(created.operation, created.suffix);
      const extra = generateKeyPair('SM2');
      const u1 = updateDid({
        did: created.did,
        previous: created.suffix,
        updateKey: created.keys.update!,
        patches: [
          {
            action: 'add-keys',
            publicKeys: [{ id: 'k2', type: 'SM2', publicKey: extra.publicKey, purposes: ['authentication'] }],
          },
        ],
      });
      return { created, state, u1 };
    }

    it('the untampered operation applies (control)', () => {
      const { created, state, u1 } = build();
      const next = applyOperation(state, created.suffix, parseOperationBytes(u1.payload));
      expect(next.content.publicKeys.map((k) => k.id)).toEqual(['gm', 'k2']);
    });

    it('a changed purpose under the same SM2 proof', () => {
      const { created, state, u1 } = build();
      const op = structuredClone(u1.operation) as UpdateOperation;
      const patch = op.patches[0] as { publicKeys: { purposes: string[] }[] };
      patch.publicKeys[0]!.purposes = ['authentication', 'assertionMethod'];
      const bytes = utf8Encode(canonicalize(op));
      expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(bytes)))).toBe(
        'ERR_DID_SIGNATURE_INVALID',
      );
    });

    it('a flipped bit in the SM2 signature', () => {
      const { created, state, u1 } = build();
      const op = structuredClone(u1.operation) as UpdateOperation;
      const sig = base64urlDecode(op.proof);
      sig[40] = (sig[40] as number) ^ 1;
      const bytes = utf8Encode(canonicalize({ ...op, proof: base64urlEncode(sig) }));
      expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(bytes)))).toBe(
        'ERR_DID_SIGNATURE_INVALID',
      );
    });

    it('an SM2 proof made with another user ID than the default', () => {
      const { created, state, u1 } = build();
      const { proof: _p, ...unsigned } = u1.operation as UpdateOperation;
      const sig = sign('SM2', created.keys.update!.secretKey, signingInput(unsigned), {
        userId: 'ALICE123@YAHOO.COM',
      });
      const bytes = utf8Encode(canonicalize({ ...unsigned, proof: base64urlEncode(sig) }));
      expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(bytes)))).toBe(
        'ERR_DID_SIGNATURE_INVALID',
      );
    });

    it('on the ledger, the tampered operation is skipped and the untampered one applies after it', async () => {
      const ledger = new MemoryLedger();
      const { created, u1 } = build();
      await anchorDid(ledger, created);
      const op = structuredClone(u1.operation) as UpdateOperation;
      const patch = op.patches[0] as { publicKeys: { id: string }[] };
      patch.publicKeys[0]!.id = 'evil';
      await ledger.append(created.suffix, utf8Encode(canonicalize(op)));
      let r = await resolveOn(ledger, created.did);
      expect(r.didDocumentMetadata.versionId).toBe(created.suffix);
      expect(r.didDocument?.verificationMethod?.map((v) => v.id)).toEqual([`${created.did}#gm`]);
      await publishOperation(ledger, u1);
      r = await resolveOn(ledger, created.did);
      expect(r.didDocumentMetadata.versionId).toBe(u1.hash);
      await ledger.close();
    });
  });

  it('property: any one-byte change of an SM2-signed update or recover payload leaves the DID at its create', async () => {
    const created = createSm2Did();
    const update = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['gm'] }],
    });
    const recover = recoverDid({
      did: created.did,
      previous: created.suffix,
      recoveryKey: created.keys.recovery!,
      keys: [{ id: 'gm-2', type: 'SM2' }],
    });
    const versionAfter = async (payload: Uint8Array) => {
      const l = new MemoryLedger();
      await anchorDid(l, created);
      await l.append(created.suffix, payload);
      return (await resolveDid(created.did, { networks: { main: l } })).didDocumentMetadata.versionId;
    };
    // the unmutated operations do apply (so the property below can fail)
    for (const op of [update, recover]) expect(await versionAfter(op.payload)).toBe(op.hash);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(update, recover),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (op, at, delta) => {
          const bytes = op.payload.slice();
          const i = at % bytes.length;
          bytes[i] = ((bytes[i] as number) + delta) % 256;
          expect(await versionAfter(bytes)).toBe(created.suffix);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses an SM2 key for keyAgreement, in builders and in resolution', () => {
    const pair = generateKeyPair('SM2');
    expect(() =>
      createDid({
        publicKeys: [{ id: 'k', type: 'SM2', publicKey: pair.publicKey, purposes: ['keyAgreement'] }],
      }),
    ).toThrow(/SM2 key cannot be used for keyAgreement/);
    expect(() => createDid({ keys: [{ type: 'SM3' as never }] })).toThrow(TypeError);
    // a create operation written by hand with an SM2 keyAgreement key is malformed
    const created = createSm2Did();
    const forged = structuredClone(created.operation);
    (forged.document.publicKeys[0] as { purposes: string[] }).purposes = ['keyAgreement'];
    expect(codeOf(() => parseOperationBytes(utf8Encode(canonicalize(forged))))).toBe(
      'ERR_DID_OPERATION_INVALID',
    );
  });

  it('resolves did:key and did:jwk with an SM2 key (signature purposes only)', async () => {
    const resolver = new Resolver(getResolver());
    const pair = generateKeyPair('SM2');
    const mb = publicKeyToMultibase('SM2', pair.publicKey);
    const did = `did:key:${mb}`;
    const r = await resolver.resolve(did);
    expect(r.didResolutionMetadata.error).toBeUndefined();
    expect(r.didDocument?.verificationMethod).toEqual([
      { id: `${did}#${mb}`, type: 'Multikey', controller: did, publicKeyMultibase: mb },
    ]);
    expect(r.didDocument?.assertionMethod).toEqual([`${did}#${mb}`]);
    expect(r.didDocument?.keyAgreement).toBeUndefined();
    const vm = await resolveVerificationMethod(resolver, did, { purpose: 'authentication' });
    expect(vm.type).toBe('SM2');
    expect(vm.publicKey).toEqual(pair.publicKey);

    // one key, one spelling: the uncompressed encoding of the same key is not a did:key
    const uncompressed = new Uint8Array(67);
    uncompressed.set([0x86, 0x24], 0); // varint of 0x1206
    const jwk = publicKeyToJwk('SM2', pair.publicKey) as { x: string; y: string };
    uncompressed[2] = 4;
    uncompressed.set(base64urlDecode(jwk.x), 3);
    uncompressed.set(base64urlDecode(jwk.y), 35);
    const bad = await resolver.resolve(`did:key:z${base58btcEncode(uncompressed)}`);
    expect(bad.didResolutionMetadata.error).toBe('invalidDid');

    const didJwk = `did:jwk:${base64urlEncode(utf8Encode(JSON.stringify(jwk)))}`;
    const j = await resolver.resolve(didJwk);
    expect(j.didResolutionMetadata.error).toBeUndefined();
    expect(j.didDocument?.assertionMethod).toEqual([`${didJwk}#0`]);
    expect(j.didDocument?.keyAgreement).toBeUndefined();
    const jvm = await resolveVerificationMethod(resolver, didJwk, { purpose: 'assertionMethod' });
    expect(jvm.type).toBe('SM2');
  });
});
