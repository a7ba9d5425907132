import { base64urlEncode, generateKeyPair, publicKeyToMultibase, sign, verify } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';
import { createDid } from '../src/createDid.js';
import { deactivateDid } from '../src/deactivateDid.js';
import { dereference } from '../src/dereference.js';
import { getResolver } from '../src/getResolver.js';
import { anchorDid, publishOperation, publishOperations } from '../src/publishOperation.js';
import { createResolutionCache } from '../src/ResolutionCache.js';
import { resolveDid } from '../src/resolveDid.js';
import { resolveVerificationMethod } from '../src/resolveVerificationMethod.js';
import { updateDid } from '../src/updateDid.js';
import { TestClock } from './helpers.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('getResolver with did-resolver', () => {
  it('resolves short forms on each network, long forms offline, did:key', async () => {
    const main = new MemoryLedger();
    const test = await SqliteLedger.open(':memory:');
    const a = createDid();
    const b = createDid({ network: 'test' });
    await anchorDid(main, a);
    await anchorDid(test, b);
    const resolver = new Resolver(getResolver({ networks: { main, test } }));
    expect((await resolver.resolve(a.did)).didDocument?.id).toBe(a.did);
    expect((await resolver.resolve(b.did)).didDocument?.id).toBe(b.did);
    const pairwise = createDid({ keys: [{ type: 'secp256k1' }] });
    const offline = await resolver.resolve(pairwise.longFormDid);
    expect(offline.didDocument?.id).toBe(pairwise.longFormDid);
    expect(offline.didDocumentMetadata).toMatchObject({
      equivalentId: [pairwise.did],
      method: { published: false },
    });
    const kp = generateKeyPair('Ed25519');
    const dk = `did:key:${publicKeyToMultibase('Ed25519', kp.publicKey)}`;
    expect((await resolver.resolve(dk)).didDocument?.keyAgreement).toHaveLength(1);
    expect((await resolver.resolve('did:web:example.com')).didResolutionMetadata.error).toBe(
      'unsupportedDidMethod',
    );
    // with no networks, a short form is methodNotSupported but a long form still resolves
    const offlineOnly = new Resolver(getResolver());
    expect((await offlineOnly.resolve(a.did)).didResolutionMetadata.error).toBe('methodNotSupported');
    expect((await offlineOnly.resolve(a.longFormDid)).didDocument?.id).toBe(a.longFormDid);
    await test.close();
  });

  it('queries and fragments through did-resolver; dereference selects methods and services', async () => {
    const clock = new TestClock();
    const ledger = new MemoryLedger({ clock: clock.now });
    const created = createDid({
      services: [{ id: 'site', type: 'LinkedDomains', serviceEndpoint: 'https://example.com' }],
    });
    await anchorDid(ledger, created);
    const t0 = clock.iso();
    clock.advance(1000);
    const u = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, u);
    const resolver = new Resolver(getResolver({ networks: { main: ledger }, cache: false }));
    const past = await resolver.resolve(`${created.did}?versionTime=${t0}`);
    expect(past.didDocument?.verificationMethod).toHaveLength(1);
    const byId = await resolver.resolve(`${created.did}?versionId=${created.suffix}#key-1`);
    expect(byId.didDocumentMetadata.nextVersionId).toBe(u.hash);

    const vm = await dereference(resolver, `${created.did}?versionId=${created.suffix}#key-1`);
    expect(vm.contentStream).toEqual({
      id: `${created.did}#key-1`,
      type: 'Multikey',
      controller: created.did,
      publicKeyMultibase: created.operation.document.publicKeys[0]?.publicKeyMultibase,
    });
    expect((await dereference(resolver, `${created.did}#key-1`)).dereferencingMetadata.error).toBe(
      'notFound',
    );
    const svc = await dereference(resolver, `${created.did}#site`);
    expect(svc.contentStream).toEqual({
      id: `${created.did}#site`,
      type: 'LinkedDomains',
      serviceEndpoint: 'https://example.com',
    });
    expect((await dereference(resolver, created.did)).contentStream).toMatchObject({ id: created.did });
    expect((await dereference(resolver, 'did:realdid:nope#x')).dereferencingMetadata.error).toBe(
      'invalidDid',
    );
    expect((await dereference(resolver, 'nope')).dereferencingMetadata.error).toBe('invalidDidUrl');
  });
});

describe('resolveVerificationMethod', () => {
  it('returns the key with its purpose checked; signatures verify with it', async () => {
    const ledger = new MemoryLedger();
    const created = createDid({
      keys: [
        { id: 'issuer', type: 'P-256', purposes: ['assertionMethod'] },
        { id: 'login', type: 'Ed25519', purposes: ['authentication'] },
      ],
    });
    await anchorDid(ledger, created);
    const resolver = new Resolver(getResolver({ networks: { main: ledger } }));
    const vm = await resolveVerificationMethod(resolver, `${created.did}#issuer`, {
      purpose: 'assertionMethod',
    });
    expect(vm.type).toBe('P-256');
    expect(vm.id).toBe(`${created.did}#issuer`);
    expect(vm.controller).toBe(created.did);
    const issuerKey = created.keys.verificationMethods[0]!.keyPair;
    const msg = new TextEncoder().encode('hello');
    expect(verify(vm.type as 'P-256', vm.publicKey, msg, sign('P-256', issuerKey.secretKey, msg))).toBe(true);

    expect(
      await codeOf(
        resolveVerificationMethod(resolver, `${created.did}#login`, { purpose: 'assertionMethod' }),
      ),
    ).toBe('ERR_DID_PURPOSE_MISMATCH');
    expect(
      await codeOf(resolveVerificationMethod(resolver, `${created.did}#nope`, { purpose: 'authentication' })),
    ).toBe('ERR_DID_VERIFICATION_METHOD_NOT_FOUND');
    expect(
      await codeOf(resolveVerificationMethod(resolver, created.did, { purpose: 'authentication' })),
    ).toBe('ERR_DID_VERIFICATION_METHOD_NOT_FOUND');
    expect(
      await codeOf(resolveVerificationMethod(resolver, 'did:realdid:x#a', { purpose: 'authentication' })),
    ).toBe('ERR_DID_INVALID');
    expect(
      await codeOf(
        resolveVerificationMethod(resolver, `did:realdid:${createDid().suffix}#key-1`, {
          purpose: 'authentication',
        }),
      ),
    ).toBe('ERR_DID_RESOLUTION_FAILED');
    // deactivated
    const d = deactivateDid({
      did: created.did,
      previous: created.suffix,
      recoveryKey: created.keys.recovery!,
    });
    await publishOperation(ledger, d);
    const fresh = new Resolver(getResolver({ networks: { main: ledger } }));
    expect(
      await codeOf(resolveVerificationMethod(fresh, `${created.did}#issuer`, { purpose: 'assertionMethod' })),
    ).toBe('ERR_DID_DEACTIVATED');
    // at a time before the deactivation the key is still there (to check an old signature)
    const vmPast = await resolveVerificationMethod(
      fresh,
      `${created.did}?versionId=${created.suffix}#issuer`,
      { purpose: 'assertionMethod' },
    );
    expect(vmPast.type).toBe('P-256');
  });

  it('did:key and did:jwk: a bare DID names its single key', async () => {
    const resolver = new Resolver(getResolver());
    const kp = generateKeyPair('secp256k1');
    const dk = `did:key:${publicKeyToMultibase('secp256k1', kp.publicKey)}`;
    const vm = await resolveVerificationMethod(resolver, dk, { purpose: 'assertionMethod' });
    expect(vm.type).toBe('secp256k1');
    expect(Buffer.from(vm.publicKey).equals(Buffer.from(kp.publicKey))).toBe(true);
    const ed = generateKeyPair('Ed25519');
    const edDid = `did:key:${publicKeyToMultibase('Ed25519', ed.publicKey)}`;
    expect((await resolveVerificationMethod(resolver, edDid, { purpose: 'keyAgreement' })).type).toBe(
      'X25519',
    );
  });

  it('misuse -> TypeError', async () => {
    const resolver = new Resolver(getResolver());
    for (const bad of [undefined, 'x', 1, {}]) {
      await expect(
        resolveVerificationMethod(bad as never, 'did:key:z', { purpose: 'authentication' }),
      ).rejects.toThrow(TypeError);
    }
    for (const bad of [undefined, 1, [], new Uint8Array(2)]) {
      await expect(
        resolveVerificationMethod(resolver, bad as never, { purpose: 'authentication' }),
      ).rejects.toThrow(TypeError);
    }
    for (const bad of [undefined, {}, { purpose: 'signing' }, { purpose: 1 }]) {
      await expect(resolveVerificationMethod(resolver, 'did:key:z', bad as never)).rejects.toThrow(TypeError);
    }
  });
});

describe('resolution cache', () => {
  it('returns the same frozen object on a hit; noCache reads the ledger; TTL and LRU bound it', async () => {
    let now = 0;
    const cache = createResolutionCache({ maxEntries: 2, ttlMs: 1000, now: () => now });
    const ledger = new MemoryLedger();
    const created = createDid();
    await anchorDid(ledger, created);
    const opts = { networks: { main: ledger }, cache };
    const first = await resolveDid(created.did, opts);
    const second = await resolveDid(created.did, opts);
    expect(second).toBe(first);
    expect(Object.isFrozen(first.didDocument?.verificationMethod)).toBe(true);
    expect(() => {
      (first.didDocument as { id: string }).id = 'x';
    }).toThrow(TypeError);

    const u = updateDid({
      did: created.did,
      previous: created.suffix,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    await publishOperation(ledger, u);
    expect((await resolveDid(created.did, opts)).didDocumentMetadata.versionId).toBe(created.suffix); // cached
    const fresh = await resolveDid(created.did, { ...opts, noCache: true });
    expect(fresh.didDocumentMetadata.versionId).toBe(u.hash);
    expect((await resolveDid(created.did, opts)).didDocumentMetadata.versionId).toBe(u.hash); // refreshed by the noCache call

    now += 1001;
    expect(cache.get(`${created.did}\n\n\napplication/did+json`)).toBeUndefined();

    const others = [createDid(), createDid(), createDid()];
    for (const o of others) await resolveDid(o.longFormDid, opts);
    expect(cache.size).toBe(2);
    cache.delete(others[2]!.did);
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
    // errors are not cached
    await resolveDid(`did:realdid:${createDid().suffix}`, opts);
    expect(cache.size).toBe(0);
  });

  it('did-resolver options {noCache} and {cache:false} bypass the getResolver cache', async () => {
    const ledger = new MemoryLedger();
    const created = createDid();
    await anchorDid(ledger, created);
    const resolver = new Resolver(getResolver({ networks: { main: ledger } }));
    const a = await resolver.resolve(created.did);
    expect(await resolver.resolve(created.did)).toBe(a);
    expect(await resolver.resolve(created.did, { noCache: true })).not.toBe(a);
    expect(await resolver.resolve(created.did, { cache: false })).not.toBe(a);
  });

  it('createResolutionCache misuse', () => {
    expect(() => createResolutionCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => createResolutionCache({ ttlMs: -1 })).toThrow(RangeError);
    expect(() => createResolutionCache({ maxEntries: 1.5 })).toThrow(RangeError);
  });
});

describe('publishOperations', () => {
  it('anchors many DIDs in one batch', async () => {
    const ledger = await SqliteLedger.open(':memory:');
    const dids = Array.from({ length: 20 }, () => createDid());
    const receipts = await publishOperations(ledger, dids);
    expect(receipts.map((r) => r.id)).toEqual(dids.map((d) => d.suffix));
    for (const d of dids)
      expect((await resolveDid(d.did, { networks: { main: ledger } })).didDocument?.id).toBe(d.did);
    await ledger.close();
  });
});

describe('resolveVerificationMethod: coded errors on what the verification method holds', () => {
  const did = 'did:example:123';
  /** A resolver (a plug-in) answering one document whose key-1 is `vm`. */
  const resolverWith = (vm: Record<string, unknown>) => ({
    resolve: async () =>
      ({
        didResolutionMetadata: {},
        didDocument: {
          id: did,
          verificationMethod: [{ id: `${did}#key-1`, ...vm }],
          assertionMethod: ['#key-1'],
        },
        didDocumentMetadata: {},
      }) as never,
  });
  const codeFor = (vm: Record<string, unknown>) =>
    codeOf(resolveVerificationMethod(resolverWith(vm), `${did}#key-1`, { purpose: 'assertionMethod' }));
  const ed = generateKeyPair('Ed25519');
  const x = base64urlEncode(ed.publicKey);

  it('returns the key when the method holds a good one (the cases below differ only in the key)', async () => {
    const vm = await resolveVerificationMethod(
      resolverWith({ controller: did, publicKeyMultibase: publicKeyToMultibase('Ed25519', ed.publicKey) }),
      `${did}#key-1`,
      { purpose: 'assertionMethod' },
    );
    expect(vm.type).toBe('Ed25519');
    expect(vm.id).toBe(`${did}#key-1`);
  });

  it('ERR_DID_KEY_UNSUPPORTED: no key, a private JWK, an unknown JWK type, a bad Multikey', async () => {
    expect(await codeFor({ controller: did })).toBe('ERR_DID_KEY_UNSUPPORTED');
    expect(await codeFor({ controller: did, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x, d: x } })).toBe(
      'ERR_DID_KEY_UNSUPPORTED',
    );
    expect(await codeFor({ controller: did, publicKeyJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } })).toBe(
      'ERR_DID_KEY_UNSUPPORTED',
    );
    expect(await codeFor({ controller: did, publicKeyMultibase: 'zNotAKey' })).toBe(
      'ERR_DID_KEY_UNSUPPORTED',
    );
  });

  it('ERR_DID_RESOLUTION_FAILED: a controller that is not a string', async () => {
    expect(
      await codeFor({ controller: 7, publicKeyMultibase: publicKeyToMultibase('Ed25519', ed.publicKey) }),
    ).toBe('ERR_DID_RESOLUTION_FAILED');
  });
});
