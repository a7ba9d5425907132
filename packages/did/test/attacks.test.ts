import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  base64urlDecode,
  base64urlEncode,
  generateKeyPair,
  publicKeyToMultibase,
  sign,
  utf8Encode,
} from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.js';
import { createDid } from '../src/createDid.js';
import { deactivateDid } from '../src/deactivateDid.js';
import { getResolver } from '../src/getResolver.js';
import { commitmentOf, multihashOf } from '../src/internal/hash.js';
import { applyOperation, type DidState, signingInput, stateFromCreate } from '../src/internal/state.js';
import { parseOperationBytes } from '../src/internal/validate.js';
import type { UpdateOperation } from '../src/Operation.js';
import { anchorDid, publishOperation } from '../src/publishOperation.js';
import { recoverDid } from '../src/recoverDid.js';
import { updateDid } from '../src/updateDid.js';
import { ListLedger, resolveOn } from './helpers.js';

function resignedUpdate(op: Omit<UpdateOperation, 'proof'>, secretKey: Uint8Array): Uint8Array {
  const proof = base64urlEncode(sign('Ed25519', secretKey, signingInput(op as Record<string, unknown>)));
  return utf8Encode(canonicalize({ ...op, proof }));
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

function setup() {
  const created = createDid();
  const state: DidState = stateFromCreate(created.operation, created.suffix);
  return { created, state };
}

describe('attacks on did:realdid are rejected', () => {
  it('an operation signed with an update key that was revealed and rotated away', async () => {
    const { created, state } = setup();
    const u1 = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    const s1 = applyOperation(state, created.suffix, parseOperationBytes(u1.payload));
    const replayKey = updateDid({
      did: created.did,
      previous: u1.hash,
      updateKey: created.keys.update!,
      patches: [
        {
          action: 'add-services',
          services: [{ id: 'x', type: 'X', serviceEndpoint: 'https://evil.example' }],
        },
      ],
    });
    expect(codeOf(() => applyOperation(s1, u1.hash, parseOperationBytes(replayKey.payload)))).toBe(
      'ERR_DID_COMMITMENT_MISMATCH',
    );
    const ledger = new MemoryLedger();
    await anchorDid(ledger, created);
    await publishOperation(ledger, u1);
    await publishOperation(ledger, replayKey);
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(u1.hash);
    expect(r.didDocument?.service).toBeUndefined();
  });

  it('a verification key cannot update the DID (only the committed update key can)', () => {
    const { created, state } = setup();
    const vmKey = created.keys.verificationMethods[0]!.keyPair;
    const op = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: vmKey,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(op.payload)))).toBe(
      'ERR_DID_COMMITMENT_MISMATCH',
    );
  });

  it('an update signed by the recovery key, or a recovery signed by the update key', () => {
    const { created, state } = setup();
    const up = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.recovery!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(up.payload)))).toBe(
      'ERR_DID_COMMITMENT_MISMATCH',
    );
    const rec = recoverDid({ did: created.did, previous: created.suffix, recoveryKey: created.keys.update! });
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(rec.payload)))).toBe(
      'ERR_DID_COMMITMENT_MISMATCH',
    );
    const de = deactivateDid({
      did: created.did,
      previous: created.suffix,
      recoveryKey: created.keys.update!,
    });
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(de.payload)))).toBe(
      'ERR_DID_COMMITMENT_MISMATCH',
    );
  });

  it('a second create, and anything after a deactivation, are not successors', () => {
    const { created, state } = setup();
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(created.payload)))).toBe(
      'ERR_DID_PREVIOUS_MISMATCH',
    );
    const deactivate = deactivateDid({
      did: created.did,
      previous: created.suffix,
      recoveryKey: created.keys.recovery!,
    });
    const gone = applyOperation(state, created.suffix, parseOperationBytes(deactivate.payload));
    expect(gone.deactivated).toBe(true);
    const update = updateDid({
      did: created.did,
      previous: deactivate.hash,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    expect(codeOf(() => applyOperation(gone, deactivate.hash, parseOperationBytes(update.payload)))).toBe(
      'ERR_DID_DEACTIVATED',
    );
  });

  it('a wrong previous hash', async () => {
    const { created, state } = setup();
    const wrong = multihashOf(utf8Encode('not the head'));
    const op = updateDid({
      did: created.did,
      previous: wrong,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(op.payload)))).toBe(
      'ERR_DID_PREVIOUS_MISMATCH',
    );
    const ledger = new MemoryLedger();
    await anchorDid(ledger, created);
    await publishOperation(ledger, op);
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(created.suffix);
    expect(r.didDocument?.verificationMethod).toHaveLength(1);
  });

  it('a tampered operation (signature no longer verifies)', () => {
    const { created, state } = setup();
    const op = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    const forged = {
      ...op.operation,
      patches: [
        {
          action: 'add-services',
          services: [{ id: 'evil', type: 'E', serviceEndpoint: 'https://evil.example' }],
        },
      ],
    };
    expect(
      codeOf(() =>
        applyOperation(state, created.suffix, parseOperationBytes(utf8Encode(canonicalize(forged)))),
      ),
    ).toBe('ERR_DID_SIGNATURE_INVALID');
    const sig = base64urlDecode(op.operation.proof);
    sig[0] = (sig[0] as number) ^ 1;
    const flipped = { ...op.operation, proof: base64urlEncode(sig) };
    expect(
      codeOf(() =>
        applyOperation(state, created.suffix, parseOperationBytes(utf8Encode(canonicalize(flipped)))),
      ),
    ).toBe('ERR_DID_SIGNATURE_INVALID');
  });

  it('a high-S ECDSA proof (malleated signature of a valid operation)', () => {
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const created = createDid({ updateKeyType: 'P-256' });
    const state = stateFromCreate(created.operation, created.suffix);
    const op = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    expect(() => applyOperation(state, created.suffix, parseOperationBytes(op.payload))).not.toThrow();
    const sig = base64urlDecode(op.operation.proof);
    const s = BigInt(`0x${Buffer.from(sig.slice(32)).toString('hex')}`);
    const high = Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex');
    const malleated = new Uint8Array([...sig.slice(0, 32), ...high]);
    const m = { ...op.operation, proof: base64urlEncode(malleated) };
    expect(
      codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(utf8Encode(canonicalize(m))))),
    ).toBe('ERR_DID_SIGNATURE_INVALID');
  });

  it('a forged create whose hash does not match the suffix is ignored', async () => {
    const real = createDid();
    const forged = createDid(); // the attacker's keys
    // the attacker writes their create operation into the victim's topic, before the real one
    const ledger = new MemoryLedger();
    await ledger.append(real.suffix, forged.payload);
    expect((await resolveOn(ledger, real.did)).didResolutionMetadata.error).toBe('notFound');
    await anchorDid(ledger, real);
    const r = await resolveOn(ledger, real.did);
    expect(r.didDocumentMetadata.versionId).toBe(real.suffix);
    expect(r.didDocument?.verificationMethod?.[0]?.publicKeyMultibase).toBe(
      real.operation.document.publicKeys[0]?.publicKeyMultibase,
    );
  });

  it('a non-canonical copy of a valid operation is ignored', async () => {
    const { created } = setup();
    const op = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    const spaced = utf8Encode(JSON.stringify(op.operation, null, 1));
    expect(codeOf(() => parseOperationBytes(spaced))).toBe('ERR_DID_OPERATION_INVALID');
    const r = await resolveOn(new ListLedger([created.payload, spaced]), created.did);
    expect(r.didDocumentMetadata.versionId).toBe(created.suffix);
  });

  it('a replayed old operation never applies again', async () => {
    const { created } = setup();
    const u1 = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [
        { action: 'add-services', services: [{ id: 's', type: 'S', serviceEndpoint: 'https://s.example' }] },
      ],
    });
    const u2 = updateDid({
      did: created.did,
      previous: u1.hash,
      updateKey: u1.nextUpdateKey!,
      patches: [{ action: 'remove-services', ids: ['s'] }],
    });
    // a ledger that de-duplicates reports the replay and adds nothing
    const memory = new MemoryLedger();
    await anchorDid(memory, created);
    await publishOperation(memory, u1);
    await publishOperation(memory, u2);
    expect((await publishOperation(memory, u1)).duplicate).toBe(true);
    // a ledger that does not: the replayed u1 is not a successor of u2
    const r = await resolveOn(
      new ListLedger([created.payload, u1.payload, u2.payload, u1.payload, created.payload]),
      created.did,
    );
    expect(r.didDocumentMetadata.versionId).toBe(u2.hash);
    expect(r.didDocument?.service).toBeUndefined();
    // nor is an operation of another DID
    const other = setup().created;
    const foreign = updateDid({
      did: other.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    const state = stateFromCreate(created.operation, created.suffix);
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(foreign.payload)))).toBe(
      'ERR_DID_SUFFIX_MISMATCH',
    );
  });

  it('an operation that commits to the key it reveals is rejected', () => {
    const { created, state } = setup();
    const key = created.keys.update!;
    const mk = publicKeyToMultibase('Ed25519', key.publicKey);
    const payload = resignedUpdate(
      {
        type: 'update',
        did: created.suffix,
        previous: created.suffix,
        updateKey: mk,
        nextUpdateCommitment: commitmentOf(mk),
        patches: [{ action: 'remove-keys', ids: ['key-1'] }],
      },
      key.secretKey,
    );
    expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(payload)))).toBe(
      'ERR_DID_COMMITMENT_MISMATCH',
    );
  });

  it('invalid patches invalidate the whole update', () => {
    const { created, state } = setup();
    const cases = [
      [{ action: 'remove-keys', ids: ['nope'] }],
      [
        {
          action: 'add-keys',
          publicKeys: [
            {
              id: 'key-1',
              type: 'Ed25519',
              publicKey: generateKeyPair('Ed25519').publicKey,
              purposes: ['authentication'],
            },
          ],
        },
      ],
      [
        { action: 'add-services', services: [{ id: 's', type: 'S', serviceEndpoint: 'https://s.example' }] },
        { action: 'remove-services', ids: ['t'] },
      ],
    ] as const;
    for (const patches of cases) {
      const op = updateDid({
        did: created.did,
        previous: created.suffix,
        updateKey: created.keys.update!,
        patches: patches as never,
      });
      expect(codeOf(() => applyOperation(state, created.suffix, parseOperationBytes(op.payload)))).toBe(
        'ERR_DID_OPERATION_INVALID',
      );
    }
  });

  it('a fork: the first valid successor in ledger order wins, the same on two independent resolvers', async () => {
    const path = join(tmpdir(), `realdid-fork-${process.pid}-${Date.now()}.sqlite`);
    const { created } = setup();
    const a = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [
        { action: 'add-services', services: [{ id: 'a', type: 'A', serviceEndpoint: 'https://a.example' }] },
      ],
    });
    const b = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [
        { action: 'add-services', services: [{ id: 'b', type: 'B', serviceEndpoint: 'https://b.example' }] },
      ],
    });
    // a continuation of the losing branch, validly signed by b's next key
    const b2 = updateDid({
      did: created.did,
      previous: b.hash,
      updateKey: b.nextUpdateKey!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    const writer = await SqliteLedger.open(path);
    try {
      await anchorDid(writer, created);
      await publishOperation(writer, a);
      await publishOperation(writer, b);
      await publishOperation(writer, b2);
      const ledger1 = await SqliteLedger.open(path);
      const ledger2 = await SqliteLedger.open(path);
      const r1 = new Resolver(getResolver({ networks: { main: ledger1 } }));
      const r2 = new Resolver(getResolver({ networks: { main: ledger2 }, cache: false }));
      const [d1, d2] = [await r1.resolve(created.did), await r2.resolve(created.did)];
      expect(d1.didDocumentMetadata.versionId).toBe(a.hash);
      expect(d2).toEqual(d1);
      expect(d1.didDocument?.service?.map((s) => s.id)).toEqual([`${created.did}#a`]);
      expect(d1.didDocument?.verificationMethod).toHaveLength(1);
      // the winner's chain continues with its own next key
      const a2 = updateDid({
        did: created.did,
        previous: a.hash,
        updateKey: a.nextUpdateKey!,
        patches: [{ action: 'remove-services', ids: ['a'] }],
      });
      await publishOperation(writer, a2);
      const [e1, e2] = [await r1.resolve(created.did, { noCache: true }), await r2.resolve(created.did)];
      expect(e1.didDocumentMetadata.versionId).toBe(a2.hash);
      expect(e2).toEqual(e1);
      await ledger1.close();
      await ledger2.close();
    } finally {
      await writer.close();
      for (const suffix of ['', '-wal', '-shm']) {
        try {
          unlinkSync(path + suffix);
        } catch {
          // not there
        }
      }
    }
  });

  it('a long-form DID whose payload does not hash to its suffix', async () => {
    const one = createDid();
    const two = createDid();
    const payloadOfTwo = two.longFormDid.split(':').pop();
    const spliced = `${one.did}:${payloadOfTwo}`;
    const r = await resolveOn(new MemoryLedger(), spliced);
    expect(r.didResolutionMetadata.error).toBe('invalidDid');
    expect(r.didDocument).toBeNull();
    // a non-canonical encoding of the right create operation does not hash to the suffix either
    const spaced = Buffer.from(JSON.stringify(one.operation, null, 2)).toString('base64url');
    expect((await resolveOn(new MemoryLedger(), `${one.did}:${spaced}`)).didResolutionMetadata.error).toBe(
      'invalidDid',
    );
    // nor a payload that is not a create operation
    const u = updateDid({
      did: one.did,
      previous: one.suffix,
      updateKey: one.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    expect(
      (await resolveOn(new MemoryLedger(), `${one.did}:${Buffer.from(u.payload).toString('base64url')}`))
        .didResolutionMetadata.error,
    ).toBe('invalidDid');
  });

  it('an anchored DID: an old long form shows the ledger state, not its original keys', async () => {
    const { created } = setup();
    const ledger = new MemoryLedger();
    await anchorDid(ledger, created);
    const u = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, u);
    const r = await resolveOn(ledger, created.longFormDid);
    expect(r.didDocument?.verificationMethod).toBeUndefined();
    expect(r.didDocumentMetadata.versionId).toBe(u.hash);
  });
});
