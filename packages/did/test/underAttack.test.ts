/**
 * did:realdid under attack: each test is an exploit run with the public API on a MemoryLedger
 * (spec §3.7, §5.1, §7): an update-key thief racing the recovery key holder, a signature only one
 * backend accepts (R + T8), a small-order update key anyone can sign for, re-committed keys.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  base64urlEncode,
  generateKeyPair,
  publicKeyToMultibase,
  setBackend,
  sign,
  utf8Encode,
} from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.js';
import { createDid } from '../src/createDid.js';
import { deactivateDid } from '../src/deactivateDid.js';
import { getResolver } from '../src/getResolver.js';
import { commitmentOf, multihashOf } from '../src/internal/hash.js';
import { signingInput } from '../src/internal/state.js';
import { anchorDid, publishOperation } from '../src/publishOperation.js';
import { createResolutionCache } from '../src/ResolutionCache.js';
import { recoverDid } from '../src/recoverDid.js';
import { updateDid } from '../src/updateDid.js';
import { ListLedger, resolveOn, TestClock } from './helpers.js';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** Appends raw bytes (an attacker's entry) to the DID's topic. */
async function appendRaw(ledger: MemoryLedger, topic: string, payload: Uint8Array) {
  await ledger.append(topic, payload);
  return multihashOf(payload);
}

/** An operation re-signed with `proof` (bytes), in canonical form. */
function withRawProof(op: Record<string, unknown>, proof: Uint8Array): Uint8Array {
  const { proof: _p, ...rest } = op;
  return utf8Encode(canonicalize({ ...rest, proof: base64urlEncode(proof) }));
}

/** An Ed25519 operation re-signed by `secret` (a 32-byte seed) after `edit`. */
function resigned(op: Record<string, unknown>, secret: Uint8Array, edit: Record<string, unknown>) {
  const { proof: _p, ...rest } = op;
  const body = { ...rest, ...edit };
  return withRawProof(body, sign('Ed25519', secret, signingInput(body)));
}

async function onBackend<T>(name: 'node' | 'noble', f: () => Promise<T>): Promise<T> {
  setBackend(name);
  try {
    return await f();
  } finally {
    setBackend('auto');
  }
}

/** An anchored DID with its keys, and a thief who stole the current update key. */
async function stolenUpdateKey() {
  const ledger = new MemoryLedger();
  const created = createDid();
  await anchorDid(ledger, created);
  const owner = updateDid({
    did: created.did,
    previous: created.suffix,
    updateKey: created.keys.update!,
    patches: [
      {
        action: 'add-services',
        services: [{ id: 'site', type: 'LinkedDomains', serviceEndpoint: 'https://owner.example' }],
      },
    ],
  });
  await publishOperation(ledger, owner);
  // the thief now holds owner.nextUpdateKey
  return { ledger, created, head: owner.hash, stolen: owner.nextUpdateKey! };
}

/** The thief appends `n` updates in a chain from `head`, each adding one service of its own. */
async function thiefAppends(
  ledger: MemoryLedger,
  did: string,
  head: string,
  key: ReturnType<typeof generateKeyPair>,
  n: number,
) {
  let previous = head;
  let updateKey = key;
  for (let i = 0; i < n; i++) {
    const u = updateDid({
      did,
      previous,
      updateKey,
      patches: [
        {
          action: 'add-services',
          services: [
            {
              id: `thief-${previous.slice(-6)}`,
              type: 'LinkedDomains',
              serviceEndpoint: 'https://thief.example',
            },
          ],
        },
      ],
    });
    await publishOperation(ledger, u);
    previous = u.hash;
    updateKey = u.nextUpdateKey!;
  }
  return { head: previous, key: updateKey };
}

describe('recovery always wins (spec §3.7, §5.1)', () => {
  it('a recovery built on the head the owner saw applies after the thief appended 3 updates', async () => {
    const { ledger, created, head, stolen } = await stolenUpdateKey();
    const rec = recoverDid({ did: created.did, previous: head, recoveryKey: created.keys.recovery! });
    const thief = await thiefAppends(ledger, created.did, head, stolen, 3); // the thief wins the race
    await publishOperation(ledger, rec);
    await thiefAppends(ledger, created.did, thief.head, thief.key, 2); // and keeps going: ignored
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(rec.hash);
    expect(r.didDocumentMetadata.method).toMatchObject({
      updateCommitment: rec.nextUpdateCommitment,
      recoveryCommitment: rec.nextRecoveryCommitment,
    });
    expect(r.didDocument?.service).toBeUndefined();
    // the owner's next update, signed with the key the recovery committed to, applies
    const after = updateDid({
      did: created.did,
      previous: rec.hash,
      updateKey: rec.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, after);
    expect((await resolveOn(ledger, created.did)).didDocumentMetadata.versionId).toBe(after.hash);
  });

  it('a deactivation built on the head the owner saw applies after the thief appended updates', async () => {
    const { ledger, created, head, stolen } = await stolenUpdateKey();
    const de = deactivateDid({ did: created.did, previous: head, recoveryKey: created.keys.recovery! });
    const thief = await thiefAppends(ledger, created.did, head, stolen, 3);
    await publishOperation(ledger, de);
    await thiefAppends(ledger, created.did, thief.head, thief.key, 1);
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.deactivated).toBe(true);
    expect(r.didDocumentMetadata.versionId).toBe(de.hash);
  });

  it('a recovery naming the create applies whatever updates followed it', async () => {
    const { ledger, created, head, stolen } = await stolenUpdateKey();
    await thiefAppends(ledger, created.did, head, stolen, 2);
    const rec = recoverDid({
      did: created.did,
      previous: created.suffix,
      recoveryKey: created.keys.recovery!,
    });
    await publishOperation(ledger, rec);
    expect((await resolveOn(ledger, created.did)).didDocumentMetadata.versionId).toBe(rec.hash);
  });

  it('an old recovery epoch is closed: a recover or deactivate naming an operation before the last recovery is ignored', async () => {
    const { ledger, created, head } = await stolenUpdateKey();
    const rec1 = recoverDid({ did: created.did, previous: head, recoveryKey: created.keys.recovery! });
    await publishOperation(ledger, rec1);
    // signed by the new recovery key, but naming `head`, which the recovery closed
    const stale = deactivateDid({ did: created.did, previous: head, recoveryKey: rec1.keys.recovery! });
    await publishOperation(ledger, stale);
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.deactivated).toBeUndefined();
    expect(r.didDocumentMetadata.versionId).toBe(rec1.hash);
    // the same deactivation naming the recovery applies
    const ok = deactivateDid({ did: created.did, previous: rec1.hash, recoveryKey: rec1.keys.recovery! });
    await publishOperation(ledger, ok);
    expect((await resolveOn(ledger, created.did)).didDocumentMetadata.deactivated).toBe(true);
  });

  it('a thief cannot use the epoch rule for updates: an update must still follow the head', async () => {
    const { ledger, created, head, stolen } = await stolenUpdateKey();
    const t = await thiefAppends(ledger, created.did, head, stolen, 1);
    // an update naming an older operation of the epoch, signed by the current update key
    const late = updateDid({
      did: created.did,
      previous: head,
      updateKey: t.key,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, late);
    expect((await resolveOn(ledger, created.did)).didDocumentMetadata.versionId).toBe(t.head);
  });
});

describe('one Ed25519 rule: node and browser resolvers see one history', () => {
  it('an update signed with R + T8 is applied by neither backend; the next honest update applies on both', async () => {
    const ledger = new MemoryLedger();
    const created = createDid();
    await anchorDid(ledger, created);
    const key = created.keys.update!;
    const forged = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: key,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    // re-sign the same content with R' = R + T8: valid under the cofactored equation only
    const body = signingInput(forged.operation as unknown as Record<string, unknown>);
    const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(key.secretKey);
    const T8 = ed25519.Point.fromBytes(
      Uint8Array.from(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', 'hex')),
    );
    const r = 987654321n;
    const R8 = ed25519.Point.BASE.multiply(r).add(T8).toBytes();
    let k = 0n;
    const h = sha512(new Uint8Array([...R8, ...pointBytes, ...body]));
    for (let i = 63; i >= 0; i--) k = (k << 8n) | BigInt(h[i] as number);
    let S = (r + (k % L) * scalar) % L;
    const sig = new Uint8Array(64);
    sig.set(R8, 0);
    for (let i = 0; i < 32; i++) {
      sig[32 + i] = Number(S & 0xffn);
      S >>= 8n;
    }
    expect(ed25519.verify(sig, body, pointBytes, { zip215: false })).toBe(true); // cofactored: valid
    await appendRaw(
      ledger,
      created.suffix,
      withRawProof(forged.operation as unknown as Record<string, unknown>, sig),
    );
    // the owner, whose node resolver did not apply it, updates again from the create
    const honest = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: key,
      patches: [
        {
          action: 'add-services',
          services: [{ id: 'site', type: 'LinkedDomains', serviceEndpoint: 'https://a.example' }],
        },
      ],
    });
    await publishOperation(ledger, honest);
    const onNode = await onBackend('node', () => resolveOn(ledger, created.did));
    const onNoble = await onBackend('noble', () => resolveOn(ledger, created.did));
    expect(onNode.didDocumentMetadata.versionId).toBe(honest.hash);
    expect(onNoble.didDocumentMetadata.versionId).toBe(honest.hash);
    expect(onNoble.didDocument).toEqual(onNode.didDocument);
  });

  it('an update key committed to the identity point opens nothing: the proof 01 00…00 ‖ 0^32 is refused on both backends', async () => {
    const identityKey = 'z6MkeXATEjyXENzBXBxgC5EHk2JE5aqd7qMGGtDpLUH1e2Sj';
    const honest = createDid();
    const create = {
      ...honest.operation,
      updateCommitment: commitmentOf(identityKey),
    };
    const payload = utf8Encode(canonicalize(create));
    const suffix = multihashOf(payload);
    const did = `did:realdid:${suffix}`;
    const ledger = new MemoryLedger();
    await ledger.append(suffix, payload);
    const proof = new Uint8Array(64);
    proof[0] = 1;
    const attack = withRawProof(
      {
        type: 'update',
        did: suffix,
        previous: suffix,
        updateKey: identityKey,
        nextUpdateCommitment: commitmentOf(
          publicKeyToMultibase('Ed25519', generateKeyPair('Ed25519').publicKey),
        ),
        patches: [
          {
            action: 'add-services',
            services: [{ id: 'evil', type: 'LinkedDomains', serviceEndpoint: 'https://evil.example' }],
          },
        ],
      },
      proof,
    );
    await appendRaw(ledger, suffix, attack);
    for (const b of ['node', 'noble'] as const) {
      const r = await onBackend(b, () => resolveOn(ledger, did));
      expect(r.didDocumentMetadata.versionId).toBe(suffix);
      expect(r.didDocument?.service).toBeUndefined();
    }
  });

  it('a small-order key is not a verification method: the long form is invalidDid', async () => {
    const honest = createDid();
    const create = {
      ...honest.operation,
      document: {
        publicKeys: [
          {
            id: 'key-1',
            type: 'Multikey',
            publicKeyMultibase: 'z6MkeXATEjyXENzBXBxgC5EHk2JE5aqd7qMGGtDpLUH1e2Sj',
            purposes: ['authentication'],
          },
        ],
        services: [],
      },
    };
    const payload = utf8Encode(canonicalize(create));
    const did = `did:realdid:${multihashOf(payload)}:${base64urlEncode(payload)}`;
    const r = await resolveOn(new MemoryLedger(), did);
    expect(r.didResolutionMetadata.error).toBe('invalidDid');
  });
});

describe('small-order keys in did:key and did:jwk', () => {
  it('resolve to invalidDid', async () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const jwk = base64urlEncode(
      utf8Encode(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: base64urlEncode(identity) })),
    );
    for (const did of ['did:key:z6MkeXATEjyXENzBXBxgC5EHk2JE5aqd7qMGGtDpLUH1e2Sj', `did:jwk:${jwk}`]) {
      expect((await resolveOn(new MemoryLedger(), did)).didResolutionMetadata.error).toBe('invalidDid');
    }
  });
});

describe('a revealed key is never committed again (spec §3.7)', () => {
  it('a recovery that commits its next update key to the recovery key it reveals is ignored', async () => {
    const ledger = new MemoryLedger();
    const created = createDid();
    await anchorDid(ledger, created);
    const rk = created.keys.recovery!;
    const rec = recoverDid({ did: created.did, previous: created.suffix, recoveryKey: rk });
    const bad = resigned(rec.operation as unknown as Record<string, unknown>, rk.secretKey, {
      nextUpdateCommitment: commitmentOf(publicKeyToMultibase(rk.type, rk.publicKey)),
    });
    await appendRaw(ledger, created.suffix, bad);
    expect((await resolveOn(ledger, created.did)).didDocumentMetadata.versionId).toBe(created.suffix);
    expect(() =>
      recoverDid({
        did: created.did,
        previous: created.suffix,
        recoveryKey: rk,
        nextUpdateCommitment: commitmentOf(publicKeyToMultibase(rk.type, rk.publicKey)),
      }),
    ).toThrow(TypeError);
  });

  it('an update that commits to a key revealed two operations earlier is ignored', async () => {
    const ledger = new MemoryLedger();
    const created = createDid();
    await anchorDid(ledger, created);
    const u1 = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, u1);
    const k1 = created.keys.update!;
    const u2 = updateDid({
      did: created.did,
      previous: u1.hash,
      updateKey: u1.nextUpdateKey!,
      nextUpdateCommitment: commitmentOf(publicKeyToMultibase('Ed25519', k1.publicKey)),
      patches: [
        {
          action: 'add-services',
          services: [{ id: 's', type: 'LinkedDomains', serviceEndpoint: 'https://s.example' }],
        },
      ],
    });
    await publishOperation(ledger, u2);
    expect((await resolveOn(ledger, created.did)).didDocumentMetadata.versionId).toBe(u1.hash);
  });

  it('an update whose next update commitment is the recovery commitment is ignored', async () => {
    const ledger = new MemoryLedger();
    const created = createDid();
    await anchorDid(ledger, created);
    const u1 = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      nextUpdateCommitment: created.recoveryCommitment,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, u1);
    expect((await resolveOn(ledger, created.did)).didDocumentMetadata.versionId).toBe(created.suffix);
  });

  it('a create whose update commitment equals its recovery commitment is not a valid create', async () => {
    const honest = createDid();
    const create = { ...honest.operation, updateCommitment: honest.operation.recoveryCommitment };
    const payload = utf8Encode(canonicalize(create));
    const did = `did:realdid:${multihashOf(payload)}:${base64urlEncode(payload)}`;
    expect((await resolveOn(new MemoryLedger(), did)).didResolutionMetadata.error).toBe('invalidDid');
  });
});

describe('the resolver cache after a recovery or deactivation this process publishes', () => {
  it('publishOperation({ cache }) drops the cached document: the stolen key is not served for 30 s', async () => {
    const { ledger, created, head, stolen } = await stolenUpdateKey();
    const cache = createResolutionCache();
    const resolver = new Resolver(getResolver({ networks: { main: ledger }, cache }));
    await thiefAppends(ledger, created.did, head, stolen, 1);
    const before = await resolver.resolve(created.did);
    expect(before.didDocument?.service?.some((s) => String(s.serviceEndpoint).includes('thief'))).toBe(true);
    const de = deactivateDid({ did: created.did, previous: head, recoveryKey: created.keys.recovery! });
    await publishOperation(ledger, de, { cache });
    const after = await resolver.resolve(created.did);
    expect(after.didDocumentMetadata.deactivated).toBe(true);
    // without the option the cached result would still be served (the documented window)
    const other = createResolutionCache();
    const { ledger: l2, created: c2, head: h2 } = await stolenUpdateKey();
    const r3 = new Resolver(getResolver({ networks: { main: l2 }, cache: other }));
    await r3.resolve(c2.did);
    await publishOperation(l2, recoverDid({ did: c2.did, previous: h2, recoveryKey: c2.keys.recovery! }));
    expect((await r3.resolve(c2.did)).didDocumentMetadata.versionId).toBe(h2);
  });
});

describe('versionTime and long forms (spec §5.1 step 6)', () => {
  it('a third party anchoring a long form does not erase what versionTime answered before', async () => {
    const clock = new TestClock();
    const ledger = new MemoryLedger({ clock: clock.now });
    const created = createDid();
    const t0 = clock.t;
    const at = new Date(t0 + 60_000).toISOString();
    const before = await resolveOn(ledger, `${created.longFormDid}?versionTime=${at}`);
    expect(before.didDocumentMetadata.versionId).toBe(created.suffix);
    clock.advance(3_600_000);
    // anyone holding the long form can anchor it: its payload is the create operation
    await ledger.append(created.suffix, created.payload);
    const after = await resolveOn(ledger, `${created.longFormDid}?versionTime=${at}`);
    expect(after.didResolutionMetadata.error).toBeUndefined();
    expect(after.didDocumentMetadata.versionId).toBe(created.suffix);
    expect(after.didDocument).toEqual(before.didDocument);
    // the short form did not exist before it was anchored
    const short = await resolveOn(ledger, `${created.did}?versionTime=${at}`);
    expect(short.didResolutionMetadata.error).toBe('notFound');
  });

  it('ledger times that go backwards: each version takes the running maximum of the times before it', async () => {
    const created = createDid();
    const u1 = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    const u2 = updateDid({
      did: created.did,
      previous: u1.hash,
      updateKey: u1.nextUpdateKey!,
      patches: [
        {
          action: 'add-services',
          services: [{ id: 's', type: 'LinkedDomains', serviceEndpoint: 'https://s.example' }],
        },
      ],
    });
    const times = ['2026-01-01T10:00:00.000Z', '2026-01-01T10:05:00.000Z', '2026-01-01T10:03:00.000Z'];
    const payloads = [created.payload, u1.payload, u2.payload];
    const ledger = Object.assign(new ListLedger(payloads), {
      read: async (topic: string) =>
        payloads.map((payload, position) => ({
          topic,
          position,
          id: multihashOf(payload),
          time: times[position] as string,
          payload,
        })),
    });
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(u2.hash);
    expect(r.didDocumentMetadata.updated).toBe(times[1]);
    // at 10:04 the DID was at the create (u1 came at 10:05), not at u2 (whose 10:03 is before u1's time)
    const at = await resolveOn(ledger, `${created.did}?versionTime=2026-01-01T10:04:00Z`);
    expect(at.didDocumentMetadata.versionId).toBe(created.suffix);
    expect(at.didDocumentMetadata.nextVersionId).toBe(u1.hash);
  });
});

describe('publish options', () => {
  it('a cache that is not a ResolutionCache is a TypeError, before anything is appended', async () => {
    const ledger = new MemoryLedger();
    const created = createDid();
    for (const bad of [null, 'cache', 1, { cache: 'x' }, { cache: {} }, { cache: null }]) {
      await expect(anchorDid(ledger, created, bad as never)).rejects.toThrow(TypeError);
    }
    expect(await ledger.size(created.suffix)).toBe(0);
    await expect(anchorDid(ledger, created, {})).resolves.toMatchObject({ position: 0 });
  });
});
