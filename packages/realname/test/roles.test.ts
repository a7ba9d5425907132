import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  InMemoryIdentityRegistryTestDouble,
  MemoryStorage,
  RealNameAuthority,
  RelyingParty,
  Vault,
  Wallet,
} from '../src/index.js';
import { FileStorage } from '../src/node.js';
import { alice, bob, buildWorld, enrolledWallet, fastVault, originFor, type World } from './helpers.js';

describe('roles: persistence, negative inputs, wrong types', () => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(new MemoryLedger());
  });

  it('a wallet kept in a FileStorage vault reopens with the same pairwise DIDs; the files hold no plaintext', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realdid-wallet-'));
    try {
      const storage = new FileStorage(join(dir, 'v'));
      const vault = await Vault.create(storage, 'wallet password', fastVault);
      const wallet = await Wallet.create({
        vault,
        ledger: w.ledger,
        registryDid: w.registry.did,
        now: () => new Date(w.now.t),
      });
      await wallet.storeCredentials(
        await w.authority.enrol({
          evidence: {
            nationalId: alice.nationalId,
            familyName: alice.familyName,
            givenName: alice.givenName,
          },
          holderKeys: await wallet.createHolderKeys(2),
        }),
      );
      const res = await wallet.respond(await w.video.createRequest(['age_over_18']), {
        origin: originFor(w.video.did),
      });
      await w.video.verifyRegistration(res);
      const again = await Wallet.open({
        vault: await Vault.open(new FileStorage(join(dir, 'v')), 'wallet password'),
        ledger: w.ledger,
        registryDid: w.registry.did,
        now: () => new Date(w.now.t),
      });
      expect(again.pairwiseDid(w.video.did)).toBe(res.did);
      expect(again.unusedCredentials).toBe(1);
      const login = await again.login(await w.video.createLoginChallenge(), {
        origin: originFor(w.video.did),
      });
      expect((await w.video.verifyLogin(login)).did).toBe(res.did);
      for (const f of await readdir(join(dir, 'v'))) {
        const text = new TextDecoder('latin1').decode(await readFile(join(dir, 'v', f)));
        for (const secret of [alice.nationalId, alice.birthdate, 'age_over_18', 'eyJhbGciOi', 'did:realdid'])
          expect(text).not.toContain(secret);
      }
      await expect(
        Wallet.create({ vault, ledger: w.ledger, registryDid: w.registry.did }),
      ).rejects.toMatchObject({
        code: 'ERR_VAULT_EXISTS',
      });
      await expect(
        Wallet.open({
          vault: await Vault.create(new MemoryStorage(), 'x', fastVault),
          ledger: w.ledger,
          registryDid: w.registry.did,
        }),
      ).rejects.toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the authority exports and restores its state: same DID, handles, status list and used indexes', async () => {
    const wallet = await enrolledWallet(w, bob, 1);
    const state = JSON.parse(JSON.stringify(w.authority.exportState()));
    const restored = RealNameAuthority.restore(state, {
      ledger: w.ledger,
      identityVerifier: new InMemoryIdentityRegistryTestDouble([bob]),
      committee: w.committee,
      now: () => new Date(w.now.t),
    });
    expect(restored.did).toBe(w.authority.did);
    expect(restored.exportState()).toEqual(state);
    // a credential from the restored authority verifies at a site (same DID key), and the
    // status index it gets is not one already used
    const wallet2 = await enrolledWallet({ ...w, authority: restored }, bob, 1);
    const site = await RelyingParty.create({
      ledger: w.ledger,
      registryDid: w.registry.did,
      traceCommittee: w.committee.committeeId,
      now: () => new Date(w.now.t),
      statusMaxAgeSeconds: 0,
    });
    await w.registry.registerRelyingParty({
      rp: site.did,
      origins: [originFor(site.did)],
      name: 'restored',
      allowedClaims: ['age_over_18'],
    });
    expect(
      (
        await site.verifyRegistration(
          await wallet2.respond(await site.createRequest(['age_over_18']), { origin: originFor(site.did) }),
        )
      ).claims,
    ).toEqual({
      age_over_18: true,
    });
    const before = new Set(state.people.flatMap((p: { statusIndexes: number[] }) => p.statusIndexes));
    const after = restored.exportState().people.flatMap((p) => p.statusIndexes);
    expect(after.filter((i) => !before.has(i))).toHaveLength(1);
    // revocation through the restored authority reaches credentials issued before the restart
    await restored.revoke(bob.recordId);
    await restored.publishEpoch();
    const res = await wallet.respond(await site.createRequest(['age_over_18']), {
      origin: originFor(site.did),
    });
    await expect(site.verifyRegistration(res)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_REVOKED' });
    expect(() => RealNameAuthority.restore({} as never, {} as never)).toThrow(TypeError);
  });

  it('the holder can decline; the decline is logged and spends nothing', async () => {
    const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
    let answer = false;
    const wallet = await Wallet.create({
      vault,
      ledger: w.ledger,
      registryDid: w.registry.did,
      now: () => new Date(w.now.t),
      consent: ({ claims }) => answer && claims.length > 0,
    });
    await wallet.storeCredentials(
      await w.authority.enrol({
        evidence: { nationalId: alice.nationalId, familyName: alice.familyName, givenName: alice.givenName },
        holderKeys: await wallet.createHolderKeys(1),
      }),
    );
    await expect(
      wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_DECLINED',
    });
    expect(wallet.unusedCredentials).toBe(1);
    expect((await wallet.exportConsentLog()).at(-1)).toMatchObject({ action: 'refused', reason: 'declined' });
    answer = true;
    await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    expect(wallet.unusedCredentials).toBe(0);
  });

  it('pairwise DIDs differ per site and per wallet', async () => {
    const a = await enrolledWallet(w, alice, 1);
    const b = await enrolledWallet(w, alice, 1);
    expect(a.pairwiseDid(w.video.did)).not.toBe(a.pairwiseDid(w.hospital.did));
    expect(a.pairwiseDid(w.video.did)).not.toBe(b.pairwiseDid(w.video.did));
    expect(a.pairwiseDid(w.video.did)).toBe(a.pairwiseDid(w.video.did));
  });

  it('a wallet with no credential left, an unregistered RP, an unknown person', async () => {
    const wallet = await enrolledWallet(w, alice, 1);
    await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    expect(wallet.needsRefill(1)).toBe(true);
    await expect(
      wallet.respond(await w.hospital.createRequest(['age_over_18']), { origin: originFor(w.hospital.did) }),
    ).rejects.toMatchObject({
      code: 'ERR_WALLET_NO_CREDENTIAL',
    });
    const stranger = await RelyingParty.create({
      ledger: w.ledger,
      registryDid: w.registry.did,
      traceCommittee: w.committee.committeeId,
    });
    await expect(
      wallet.respond(await stranger.createRequest(['age_over_18']), { origin: originFor(stranger.did) }),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_NOT_ALLOWED',
    });
    await expect(
      w.authority.enrol({
        evidence: { nationalId: '000', familyName: 'x', givenName: 'y' },
        holderKeys: await wallet.createHolderKeys(1),
      }),
    ).rejects.toMatchObject({ code: 'ERR_IDENTITY_NOT_VERIFIED' });
    await expect(
      w.authority.enrol({
        evidence: { nationalId: alice.nationalId, familyName: alice.familyName, givenName: alice.givenName },
        holderKeys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }],
      }),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_INVALID' });
  });

  it('mutated registration and login responses are rejected with a coded error', async () => {
    const wallet = await enrolledWallet(w, alice, 3);
    const site = await RelyingParty.create({
      ledger: w.ledger,
      registryDid: w.registry.did,
      traceCommittee: w.committee.committeeId,
      now: () => new Date(w.now.t),
    });
    await w.registry.registerRelyingParty({
      rp: site.did,
      origins: [originFor(site.did)],
      name: 's',
      allowedClaims: ['age_over_18'],
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('did', 'presentation', 'proof'),
        fc.nat(),
        fc.constantFrom('A', 'B', '_', '~', '.'),
        async (field, pos, ch) => {
          const res = await wallet.respond(await site.createRequest(['age_over_18']), {
            origin: originFor(site.did),
          });
          const s = res[field];
          const i = pos % s.length;
          if (s[i] === ch) return;
          const mutated = { ...res, [field]: s.slice(0, i) + ch + s.slice(i + 1) };
          const err = await site.verifyRegistration(mutated).catch((e: unknown) => e);
          expect(err).toMatchObject({ name: 'RealDidError' });
          expect(String((err as { code: string }).code)).toMatch(/^ERR_(PRESENTATION|NONCE)_/);
        },
      ),
      { numRuns: 12 },
    );
    for (const bad of [undefined, 'x', 1, [], {}, { type: 'realdid-registration-response' }]) {
      await expect(w.video.verifyRegistration(bad as never)).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_INVALID',
      });
      await expect(w.video.verifyLogin(bad as never)).rejects.toMatchObject({ code: 'ERR_LOGIN_INVALID' });
      await expect(wallet.respond(bad as never, { origin: originFor(w.video.did) })).rejects.toMatchObject({
        code: 'ERR_REQUEST_INVALID',
      });
      await expect(wallet.login(bad as never, { origin: originFor(w.video.did) })).rejects.toMatchObject({
        code: 'ERR_REQUEST_INVALID',
      });
    }
  });

  it('wrong-typed inputs to constructors and methods', async () => {
    for (const bad of [undefined, 'x', 1, [], new Uint8Array(2)]) {
      await expect(Wallet.create(bad as never)).rejects.toThrow(TypeError);
      await expect(RelyingParty.create(bad as never)).rejects.toThrow(TypeError);
      await expect(RealNameAuthority.create(bad as never)).rejects.toThrow(TypeError);
      await expect(w.video.createRequest(bad as never)).rejects.toThrow(TypeError);
      await expect(w.authority.enrol(bad as never)).rejects.toThrow(TypeError);
      if (!Array.isArray(bad))
        expect(() => new InMemoryIdentityRegistryTestDouble(bad as never)).toThrow(TypeError);
    }
    await expect(w.video.createRequest(['shoe_size' as never])).rejects.toThrow(RangeError);
    await expect(
      w.registry.registerRelyingParty({
        rp: w.video.did,
        origins: [originFor(w.video.did)],
        name: 'x',
        allowedClaims: ['shoe_size' as never],
      }),
    ).rejects.toThrow(RangeError);
    const wallet = await enrolledWallet(w, alice, 1);
    await expect(wallet.createHolderKeys(0)).rejects.toThrow(RangeError);
    expect(() => wallet.pairwiseDid(1 as never)).toThrow(TypeError);
  });
});
