import { base64urlDecode, createSigner, keyPairFromSecretKey } from '@realdid/crypto';
import { createDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { presentSdJwt } from '@realdid/sd-jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Business,
  MemoryAccountStore,
  MemoryNonceStore,
  RealNameAuthority,
  RegistryAuthority,
  RelyingParty,
  type RelyingPartyState,
  readRegistry,
  verifyDelegation,
} from '../src/index.js';
import { alice, bob, buildWorld, enrolledWallet, originFor, type World } from './helpers.js';

describe('restoring roles: exportState / restore', () => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(new MemoryLedger());
  });

  const rpOptions = (extra: Record<string, unknown> = {}) => ({
    ledger: w.ledger,
    registryDid: w.registry.did,
    traceCommittee: w.committee.committeeId,
    now: () => new Date(w.now.t),
    statusMaxAgeSeconds: 0,
    ...extra,
  });

  it('a restarted relying party (export -> JSON -> restore) is the same site: the old account logs in again', async () => {
    const accounts = new MemoryAccountStore();
    const site = await RelyingParty.create(rpOptions({ accounts }));
    await w.registry.registerRelyingParty({
      rp: site.did,
      origins: [originFor(site.did)],
      name: 'Forum',
      allowedClaims: ['age_over_18'],
    });
    const wallet = await enrolledWallet(w, alice);
    const account = await site.verifyRegistration(
      await wallet.respond(await site.createRequest(['age_over_18']), { origin: originFor(site.did) }),
    );
    // the state survives a JSON round trip (it is what a service writes to its secret store)
    const state = JSON.parse(JSON.stringify(site.exportState())) as RelyingPartyState;
    expect(state).toMatchObject({ v: 1, role: 'relying-party', did: site.did });
    const restarted = RelyingParty.restore(state, rpOptions({ accounts }));
    expect(restarted.did).toBe(site.did);
    const login = await wallet.login(await restarted.createLoginChallenge(), {
      origin: originFor(restarted.did),
    });
    expect(login.did).toBe(account.did);
    expect(await restarted.verifyLogin(login)).toEqual(account);
    // requests signed by the restored RP verify at the wallet: a new registration works too
    const bobWallet = await enrolledWallet(w, bob);
    const bobAccount = await restarted.verifyRegistration(
      await bobWallet.respond(await restarted.createRequest(['age_over_18']), {
        origin: originFor(restarted.did),
      }),
    );
    expect((await restarted.listAccounts()).map((a) => a.did).sort()).toEqual(
      [account.did, bobAccount.did].sort(),
    );
  });

  it('a new RP (fresh create) with the same store is another site: the wallet logs in under another pairwise DID, unknown there', async () => {
    const accounts = new MemoryAccountStore();
    const site = await RelyingParty.create(rpOptions({ accounts }));
    await w.registry.registerRelyingParty({
      rp: site.did,
      origins: [originFor(site.did)],
      name: 'Shop',
      allowedClaims: ['age_over_18'],
    });
    const wallet = await enrolledWallet(w, alice);
    await site.verifyRegistration(
      await wallet.respond(await site.createRequest(['age_over_18']), { origin: originFor(site.did) }),
    );
    const other = await RelyingParty.create(rpOptions({ accounts }));
    await w.registry.registerRelyingParty({
      rp: other.did,
      origins: [originFor(other.did)],
      name: 'Shop',
      allowedClaims: ['age_over_18'],
    });
    await expect(
      wallet.login(await other.createLoginChallenge(), { origin: originFor(other.did) }),
    ).rejects.toMatchObject({
      code: 'ERR_WALLET_UNKNOWN_SITE',
    });
  });

  it('two servers restored from one state, sharing a NonceStore and an AccountStore, act as one site', async () => {
    const accounts = new MemoryAccountStore();
    const nonceStore = new MemoryNonceStore({ now: () => w.now.t });
    const first = await RelyingParty.create(rpOptions({ accounts, nonceStore }));
    await w.registry.registerRelyingParty({
      rp: first.did,
      origins: [originFor(first.did)],
      name: 'Bank',
      allowedClaims: ['age_over_18'],
    });
    const state = first.exportState();
    const a = RelyingParty.restore(state, rpOptions({ accounts, nonceStore }));
    const b = RelyingParty.restore(state, rpOptions({ accounts, nonceStore }));
    expect(a.did).toBe(b.did);
    const wallet = await enrolledWallet(w, alice);
    // registration: request from A, verified on B
    const account = await b.verifyRegistration(
      await wallet.respond(await a.createRequest(['age_over_18']), { origin: originFor(a.did) }),
    );
    // login: challenge from B, verified on A
    const challenge = await b.createLoginChallenge();
    const login = await wallet.login(challenge, { origin: originFor(b.did) });
    expect((await a.verifyLogin(login)).did).toBe(account.did);
    // the nonce consumed on A is refused on B
    await expect(b.verifyLogin(login)).rejects.toMatchObject({ code: 'ERR_NONCE_REPLAYED' });
    // and the other way round
    const login2 = await wallet.login(await a.createLoginChallenge(), { origin: originFor(a.did) });
    expect((await b.verifyLogin(login2)).did).toBe(account.did);
    await expect(a.verifyLogin(login2)).rejects.toMatchObject({ code: 'ERR_NONCE_REPLAYED' });
  });

  it('without a shared nonce store, a challenge of A is unknown to B (the store is what makes them one site)', async () => {
    const accounts = new MemoryAccountStore();
    const site = await RelyingParty.create(rpOptions({ accounts }));
    await w.registry.registerRelyingParty({
      rp: site.did,
      origins: [originFor(site.did)],
      name: 'Mail',
      allowedClaims: ['age_over_18'],
    });
    const wallet = await enrolledWallet(w, alice);
    await site.verifyRegistration(
      await wallet.respond(await site.createRequest(['age_over_18']), { origin: originFor(site.did) }),
    );
    const b = RelyingParty.restore(site.exportState(), rpOptions({ accounts }));
    const login = await wallet.login(await site.createLoginChallenge(), { origin: originFor(site.did) });
    await expect(b.verifyLogin(login)).rejects.toMatchObject({ code: 'ERR_NONCE_UNKNOWN' });
  });

  it('a restored registry authority can still register relying parties and issuers; the registry reads the same', async () => {
    const ledger = new MemoryLedger();
    const registry = await RegistryAuthority.create({ ledger });
    await registry.registerRelyingParty({
      rp: 'did:realdid:a',
      origins: [originFor('did:realdid:a')],
      name: 'A',
      allowedClaims: ['age_over_18'],
    });
    const restored = RegistryAuthority.restore(JSON.parse(JSON.stringify(registry.exportState())), {
      ledger,
    });
    expect(restored.did).toBe(registry.did);
    await restored.registerRelyingParty({
      rp: 'did:realdid:b',
      origins: [originFor('did:realdid:b')],
      name: 'B',
      allowedClaims: ['region'],
    });
    await restored.registerIssuer({ issuer: 'did:realdid:i', vcts: ['x'], name: 'I' });
    const state = await readRegistry(ledger, registry.did);
    expect(state.rejected).toEqual([]);
    expect([...state.relyingParties.values()]).toEqual([
      {
        rp: 'did:realdid:a',
        name: 'A',
        allowedClaims: ['age_over_18'],
        origins: [originFor('did:realdid:a')],
      },
      { rp: 'did:realdid:b', name: 'B', allowedClaims: ['region'], origins: [originFor('did:realdid:b')] },
    ]);
    expect(state.issuers.get('did:realdid:i')).toEqual({ issuer: 'did:realdid:i', name: 'I', vcts: ['x'] });
  });

  it('a restored registry registers an RP that wallets then accept (end to end)', async () => {
    const restoredRegistry = RegistryAuthority.restore(w.registry.exportState(), { ledger: w.ledger });
    const site = await RelyingParty.create(rpOptions());
    await restoredRegistry.registerRelyingParty({
      rp: site.did,
      origins: [originFor(site.did)],
      name: 'Late',
      allowedClaims: ['age_over_18'],
    });
    const wallet = await enrolledWallet(w, alice);
    const account = await site.verifyRegistration(
      await wallet.respond(await site.createRequest(['age_over_18']), { origin: originFor(site.did) }),
    );
    expect(account.claims).toEqual({ age_over_18: true });
  });

  it('a restored business still issues delegations that verify against its licence', async () => {
    const ledger = new MemoryLedger();
    const registry = await RegistryAuthority.create({ ledger });
    const shop = await Business.create({ ledger });
    const license = await registry.issueBusinessLicense({
      businessDid: shop.did,
      name: 'Shop Ltd',
      licenseNumber: '91110000MA01ABCDE',
    });
    const restored = Business.restore(JSON.parse(JSON.stringify(shop.exportState())), { ledger });
    expect(restored.did).toBe(shop.did);
    const employee = createDid();
    const kid = `${employee.longFormDid}#${employee.keys.verificationMethods[0]!.id}`;
    const delegation = await restored.issueDelegation({ employeeKid: kid, scope: ['file-tax'] });
    const nonce = 'nonce-restored-0123456789';
    const aud = 'did:realdid:verifier';
    const vp = await presentSdJwt(
      delegation,
      {},
      {
        keyBinding: {
          signer: createSigner(employee.keys.verificationMethods[0]!.keyPair),
          aud,
          nonce,
        },
      },
    );
    const r = await verifyDelegation({
      delegation: vp,
      license,
      ledger,
      registryDid: registry.did,
      aud,
      nonce,
      requiredScope: ['file-tax'],
    });
    expect(r).toMatchObject({ business: shop.did, businessName: 'Shop Ltd', scope: ['file-tax'] });
  });

  describe('strict state validation', () => {
    let state: RelyingPartyState;
    beforeAll(async () => {
      state = (await RelyingParty.create(rpOptions())).exportState();
    });
    const clone = () => JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    const vmOf = (s: Record<string, unknown>) => s.verificationMethod as Record<string, unknown>;

    it('misuse -> TypeError: a state that is not an object, options that are not options', () => {
      for (const bad of [undefined, null, 'state', 42, [], new Uint8Array(32)]) {
        expect(() => RelyingParty.restore(bad as never, rpOptions())).toThrow(TypeError);
        expect(() => RegistryAuthority.restore(bad as never, { ledger: w.ledger })).toThrow(TypeError);
        expect(() => Business.restore(bad as never, { ledger: w.ledger })).toThrow(TypeError);
      }
      for (const bad of [undefined, null, 'x', 1, []]) {
        expect(() => RelyingParty.restore(state, bad as never)).toThrow(TypeError);
        expect(() => RegistryAuthority.restore(state as never, bad as never)).toThrow(TypeError);
        expect(() => Business.restore(state as never, bad as never)).toThrow(TypeError);
      }
      expect(() => RelyingParty.restore(state, { ...rpOptions(), ledger: {} as never })).toThrow(TypeError);
      expect(() => RelyingParty.restore(state, { ...rpOptions(), registryDid: 7 as never })).toThrow(
        TypeError,
      );
      expect(() => RelyingParty.restore(state, { ...rpOptions(), accounts: {} as never })).toThrow(TypeError);
      expect(() => RelyingParty.restore(state, { ...rpOptions(), nonceStore: 'x' as never })).toThrow(
        TypeError,
      );
    });

    it('malformed state -> ERR_STATE_INVALID', () => {
      const cases: Array<(s: Record<string, unknown>) => void> = [
        (s) => {
          s.v = 2;
        },
        (s) => {
          s.role = 'business';
        },
        (s) => {
          s.did = 42;
        },
        (s) => {
          s.did = 'did:example:123';
        },
        (s) => {
          s.extra = 'x';
        },
        (s) => {
          delete s.updateKey;
        },
        (s) => {
          s.verificationMethod = 'key';
        },
        (s) => {
          vmOf(s).id = 'has space';
        },
        (s) => {
          vmOf(s).purposes = [];
        },
        (s) => {
          vmOf(s).purposes = ['everything'];
        },
        (s) => {
          vmOf(s).type = 'RSA';
        },
        (s) => {
          vmOf(s).secretKey = 'AAAA';
        },
        (s) => {
          vmOf(s).secretKey = '!!not base64url!!';
        },
        (s) => {
          (s.recoveryKey as Record<string, unknown>).secretKey = 1;
        },
        // well-formed keys that are not this DID's
        (s) => {
          vmOf(s).secretKey = (s.updateKey as Record<string, unknown>).secretKey;
        },
        (s) => {
          const u = s.updateKey;
          s.updateKey = s.recoveryKey;
          s.recoveryKey = u;
        },
        (s) => {
          vmOf(s).id = 'key-2';
        },
        (s) => {
          s.did = `${String(s.did).slice(0, -2)}xx`;
        },
      ];
      for (const mutate of cases) {
        const s = clone();
        mutate(s);
        let err: unknown;
        try {
          RelyingParty.restore(s as never, rpOptions());
        } catch (e) {
          err = e;
        }
        expect(err, String(mutate)).toMatchObject({ code: 'ERR_STATE_INVALID' });
      }
    });

    it("another role's state is refused", async () => {
      const reg = (await RegistryAuthority.create({ ledger: w.ledger })).exportState();
      expect(() => RelyingParty.restore(reg as never, rpOptions())).toThrow(
        expect.objectContaining({ code: 'ERR_STATE_INVALID' }),
      );
      expect(() => Business.restore(state as never, { ledger: w.ledger })).toThrow(
        expect.objectContaining({ code: 'ERR_STATE_INVALID' }),
      );
      expect(() => RegistryAuthority.restore(state as never, { ledger: w.ledger })).toThrow(
        expect.objectContaining({ code: 'ERR_STATE_INVALID' }),
      );
    });

    it('the exported state is a copy: mutating it does not change the role', () => {
      const site = RelyingParty.restore(clone() as never, rpOptions());
      const s = site.exportState();
      s.verificationMethod.purposes.length = 0;
      s.did = 'x';
      expect(site.exportState()).toEqual(state);
    });
  });

  it("the authority's state now carries its DID's update and recovery keys (the keys of its DID); older states still restore", async () => {
    const state = w.authority.exportState();
    expect(state.updateKey?.type).toBe('Ed25519');
    expect(state.recoveryKey?.type).toBe('Ed25519');
    const pub = (k: { type: string; secretKey: string }) =>
      keyPairFromSecretKey('Ed25519', base64urlDecode(k.secretKey));
    const signing = keyPairFromSecretKey('Ed25519', base64urlDecode(state.signingKey));
    const recomputed = createDid({
      publicKeys: [
        {
          id: state.vmId,
          purposes: ['authentication', 'assertionMethod', 'capabilityInvocation', 'capabilityDelegation'],
          type: 'Ed25519',
          publicKey: signing.publicKey,
        },
      ],
      updateKey: pub(state.updateKey!),
      recoveryKey: pub(state.recoveryKey!),
    });
    expect(recomputed.did).toBe(w.authority.did);
    const authorityOptions = {
      ledger: w.ledger,
      identityVerifier: { verify: async () => alice },
      committee: w.committee,
    };
    const restored = RealNameAuthority.restore(JSON.parse(JSON.stringify(state)), authorityOptions);
    expect(restored.exportState()).toEqual(state);
    const { updateKey: _u, recoveryKey: _r, ...older } = state;
    expect(RealNameAuthority.restore(older, authorityOptions).exportState()).toEqual(older);
    expect(() =>
      RealNameAuthority.restore(
        { ...state, updateKey: { type: 'Ed25519', secretKey: 'AA' } },
        authorityOptions,
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_STATE_INVALID' }));
  });

  it('RegistryAuthority.create and Business.create check their options', async () => {
    for (const bad of [undefined, null, 'x', 1, [], {}, { ledger: {} }, { ledger: w.ledger, now: 5 }]) {
      await expect(RegistryAuthority.create(bad as never)).rejects.toThrow(TypeError);
      await expect(Business.create(bad as never)).rejects.toThrow(TypeError);
    }
  });
});
