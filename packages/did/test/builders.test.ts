import { generateKeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { createDid } from '../src/createDid.js';
import { deactivateDid } from '../src/deactivateDid.js';
import { getResolver } from '../src/getResolver.js';
import { anchorDid, publishOperation, publishOperations } from '../src/publishOperation.js';
import { recoverDid } from '../src/recoverDid.js';
import { resolveDid } from '../src/resolveDid.js';
import { updateDid } from '../src/updateDid.js';

const WRONG: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['string', 'x'],
  ['number', 1],
  ['array', []],
  ['short Uint8Array', new Uint8Array(3)],
];

describe('builders: wrong-typed input -> TypeError/RangeError', () => {
  const created = createDid();
  const base = { did: created.did, previous: created.suffix };
  const isMisuse = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof TypeError || e instanceof RangeError;
    }
    return false;
  };
  for (const [name, v] of WRONG) {
    it(name, () => {
      if (v !== undefined) expect(isMisuse(() => createDid(v as never))).toBe(true);
      for (const field of [
        'network',
        'keys',
        'publicKeys',
        'services',
        'updateKey',
        'updateCommitment',
        'recoveryKeyType',
      ]) {
        if (v === undefined) continue;
        if (field === 'network' && v === 'x') continue; // "x" is a valid network name
        if (['keys', 'publicKeys', 'services'].includes(field) && Array.isArray(v)) continue; // an empty list is valid
        expect(
          isMisuse(() => createDid({ [field]: v } as never)),
          field,
        ).toBe(true);
      }
      expect(isMisuse(() => updateDid(v as never))).toBe(true);
      expect(
        isMisuse(() =>
          updateDid({ ...base, updateKey: v, patches: [{ action: 'remove-keys', ids: ['key-1'] }] } as never),
        ),
      ).toBe(true);
      expect(
        isMisuse(() => updateDid({ ...base, updateKey: created.keys.update!, patches: v } as never)),
      ).toBe(true);
      expect(
        isMisuse(() => updateDid({ ...base, did: v, updateKey: created.keys.update!, patches: [] } as never)),
      ).toBe(true);
      expect(
        isMisuse(() =>
          updateDid({
            ...base,
            previous: v,
            updateKey: created.keys.update!,
            patches: [{ action: 'remove-keys', ids: ['a'] }],
          } as never),
        ),
      ).toBe(true);
      expect(isMisuse(() => recoverDid(v as never))).toBe(true);
      expect(isMisuse(() => recoverDid({ ...base, recoveryKey: v } as never))).toBe(true);
      expect(isMisuse(() => deactivateDid(v as never))).toBe(true);
      expect(isMisuse(() => deactivateDid({ ...base, recoveryKey: v } as never))).toBe(true);
      if (v !== undefined)
        expect(isMisuse(() => getResolver(v as never)) || typeof getResolver(v as never) === 'object').toBe(
          true,
        );
    });
  }

  it('bad content is refused by the builder (same rules as the resolver)', () => {
    const bad: unknown[] = [
      { keys: [{ id: 'has space' }] },
      { keys: [{ id: 'a' }, { id: 'a' }] },
      { keys: [{ purposes: [] }] },
      { keys: [{ purposes: ['signing'] }] },
      { keys: [{ purposes: ['authentication', 'authentication'] }] },
      { keys: [{ type: 'Ed25519', purposes: ['keyAgreement'] }] },
      { keys: [{ type: 'RSA' }] },
      { services: [{ id: 's', type: 'T', serviceEndpoint: 'not a uri' }] },
      { services: [{ id: 's', type: '', serviceEndpoint: 'https://x.example' }] },
      { services: [{ id: 'key-1', type: 'T', serviceEndpoint: 'https://x.example' }] },
      { services: [{ id: 's', type: 'T', serviceEndpoint: { a: { b: { c: { d: { e: 1 } } } } } }] },
      { network: 'main' },
      { network: 'UP' },
      { keys: Array.from({ length: 65 }, (_, i) => ({ id: `k${i}` })) },
      { updateCommitment: 'zQmnope' },
    ];
    for (const o of bad)
      expect(() => createDid(o as never), JSON.stringify(o).slice(0, 80)).toThrow(TypeError);
  });

  it('createDid and recoverDid refuse the same malformed content (one shared check)', () => {
    const created = createDid();
    const recoveryKey = created.keys.recovery as NonNullable<typeof created.keys.recovery>;
    const bad: unknown[] = [
      { keys: [null] },
      { keys: ['x'] },
      { keys: 'x' },
      { publicKeys: 'x' },
      { services: {} },
      { keys: [{ id: 'a' }, { id: 'a' }] },
      { services: [{ id: 'key-1', type: 'T', serviceEndpoint: 'https://x.example' }] },
    ];
    for (const o of bad) {
      const label = JSON.stringify(o).slice(0, 80);
      expect(() => createDid(o as never), label).toThrow(TypeError);
      expect(
        () => recoverDid({ did: created.did, previous: created.suffix, recoveryKey, ...(o as object) }),
        label,
      ).toThrow(TypeError);
    }
  });

  it('publish helpers refuse what is not a built operation or a ledger', async () => {
    const ledger = new MemoryLedger();
    const created = createDid();
    for (const [, v] of WRONG) {
      await expect(anchorDid(v as never, created)).rejects.toThrow(TypeError);
      await expect(anchorDid(ledger, v as never)).rejects.toThrow(TypeError);
      await expect(publishOperation(ledger, v as never)).rejects.toThrow(TypeError);
      if (!Array.isArray(v)) await expect(publishOperations(ledger, v as never)).rejects.toThrow(TypeError);
    }
    const u = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await expect(anchorDid(ledger, u)).rejects.toThrow(TypeError);
  });
});

describe('builders', () => {
  it('do not keep or mutate their inputs; operations are frozen', () => {
    const services = [{ id: 's', type: 'T', serviceEndpoint: { uri: 'https://x.example', accept: ['a'] } }];
    const copy = structuredClone(services);
    const created = createDid({ services });
    expect(services).toEqual(copy);
    services[0]!.serviceEndpoint.accept.push('b');
    expect(created.operation.document.services[0]?.serviceEndpoint).toEqual({
      uri: 'https://x.example',
      accept: ['a'],
    });
    expect(Object.isFrozen(created.operation.document.services[0])).toBe(true);
  });

  it('caller-held keys and commitments (an offline recovery key)', async () => {
    const offlineRecovery = generateKeyPair('secp256k1');
    const helper = createDid({ recoveryKey: offlineRecovery });
    const created = createDid({
      publicKeys: [
        {
          id: 'hw',
          type: 'P-256',
          publicKey: generateKeyPair('P-256').publicKey,
          purposes: ['authentication'],
        },
      ],
      recoveryCommitment: helper.recoveryCommitment,
    });
    expect(created.keys.recovery).toBeUndefined();
    expect(created.keys.verificationMethods).toEqual([]);
    const ledger = new MemoryLedger();
    await anchorDid(ledger, created);
    const d = deactivateDid({ did: created.did, previous: created.suffix, recoveryKey: offlineRecovery });
    await publishOperation(ledger, d);
    expect(
      (await resolveDid(created.did, { networks: { main: ledger } })).didDocumentMetadata.deactivated,
    ).toBe(true);
  });

  it('key types: each of Ed25519, P-256, secp256k1 as update and recovery key', async () => {
    for (const t of ['Ed25519', 'P-256', 'secp256k1'] as const) {
      const ledger = new MemoryLedger();
      const created = createDid({ updateKeyType: t, recoveryKeyType: t, keys: [{ type: t }] });
      await anchorDid(ledger, created);
      const u = updateDid({
        did: created.did,
        previous: created.suffix,
        updateKey: created.keys.update!,
        patches: [{ action: 'remove-keys', ids: ['key-1'] }],
      });
      expect(u.nextUpdateKey?.type).toBe(t);
      await publishOperation(ledger, u);
      const r = recoverDid({ did: created.did, previous: u.hash, recoveryKey: created.keys.recovery! });
      await publishOperation(ledger, r);
      const res = await resolveDid(created.did, { networks: { main: ledger } });
      expect(res.didDocumentMetadata.versionId, t).toBe(r.hash);
    }
  });

  it('a create operation too large for a long form is a RangeError', () => {
    const services = Array.from({ length: 60 }, (_, i) => ({
      id: `s${i}`,
      type: 'T',
      serviceEndpoint: `https://example.com/${'x'.repeat(200)}`,
    }));
    expect(() => createDid({ services })).toThrow(RangeError);
  });
});
