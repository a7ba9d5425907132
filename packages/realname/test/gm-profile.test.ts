/**
 * The `gm` deployment profile: options validated, states keep their profile, and a gm site refuses
 * what the international profile produces (Ed25519 credentials, EdDSA proofs, SHA-256 digests) —
 * and the other way round.
 */
import { base64urlDecode, createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { presentSdJwt } from '@realdid/sd-jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEIRD_VALUES } from '../../../test-support/hostile.js';
import {
  LOGIN_TYP,
  MemoryStorage,
  RealNameAuthority,
  RegistryAuthority,
  RelyingParty,
  Vault,
  Wallet,
} from '../src/index.js';
import { signJws } from '../src/internal/jws.js';
import { derivePairwiseDid } from '../src/internal/pairwise.js';
import { suiteOf } from '../src/internal/profile.js';
import { createDeployment } from '../src/testing.js';
import { alice, bob, buildWorld, enrolledWallet, fastVault, originFor, type World } from './helpers.js';

const GM = suiteOf('gm');

describe('the gm profile', () => {
  let gm: World;
  let intl: World;
  beforeAll(async () => {
    gm = await buildWorld(new MemoryLedger(), 'gm');
    intl = await buildWorld(new MemoryLedger(), 'international');
  });

  it('a profile other than "international" or "gm" is a TypeError, at once, for every role', async () => {
    const ledger = new MemoryLedger();
    const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
    const bad = [...WEIRD_VALUES.filter((v) => v !== undefined), 'GM', 'sm2', 'International', ' gm'];
    for (const profile of bad) {
      const p = profile as never;
      await expect(createDeployment({ ledger, people: [], profile: p })).rejects.toThrow(TypeError);
      await expect(RegistryAuthority.create({ ledger, profile: p })).rejects.toThrow(TypeError);
      await expect(
        RelyingParty.create({ ledger, registryDid: gm.registry.did, traceCommittee: 'c', profile: p }),
      ).rejects.toThrow(TypeError);
      await expect(
        RealNameAuthority.create({
          ledger,
          identityVerifier: { verify: async () => alice },
          committee: gm.committee,
          profile: p,
        }),
      ).rejects.toThrow(TypeError);
      await expect(
        Wallet.create({ vault, ledger, registryDid: gm.registry.did, profile: p }),
      ).rejects.toThrow(TypeError);
    }
    expect(await ledger.info()).toMatchObject({ entries: 0 }); // nothing was anchored by a refused call
  });

  it('gm roles have SM2 DIDs: every key of the authority, registry and sites is an sm2-pub Multikey', async () => {
    const { resolveDid } = await import('@realdid/did');
    for (const did of [gm.authority.did, gm.registry.did, gm.video.did, gm.hospital.did]) {
      const r = await resolveDid(did, { networks: { main: gm.ledger }, noCache: true });
      const keys = r.didDocument?.verificationMethod ?? [];
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) expect(k.publicKeyMultibase?.startsWith('zEP')).toBe(true);
    }
    expect([gm.registry.profile, gm.video.profile, gm.authority.profile]).toEqual(['gm', 'gm', 'gm']);
  });

  it('the gm authority refuses holder keys that are not SM2', async () => {
    await expect(
      gm.authority.enrol({
        evidence: { nationalId: bob.nationalId, familyName: bob.familyName, givenName: bob.givenName },
        holderKeys: [publicKeyToJwk('Ed25519', generateKeyPair('Ed25519').publicKey)],
      }),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_INVALID' });
  });

  it('a gm site refuses an international credential (EdDSA, sha-256), even from an issuer its registry lists', async () => {
    // an international authority registered in the gm registry: its credentials are Ed25519
    const { InMemoryIdentityRegistryTestDouble } = await import('../src/index.js');
    const edAuthority = await RealNameAuthority.create({
      ledger: gm.ledger,
      identityVerifier: new InMemoryIdentityRegistryTestDouble([bob]),
      committee: gm.committee,
      now: () => gm.now.t,
    });
    await gm.registry.registerIssuer({
      issuer: edAuthority.did,
      vcts: ['urn:realdid:vct:realname:1'],
      name: 'International authority',
      traceCommittee: gm.committee.committeeId,
    });
    const holder = generateKeyPair('SM2');
    const [cred] = await edAuthority.enrol({
      evidence: { nationalId: bob.nationalId, familyName: bob.familyName, givenName: bob.givenName },
      holderKeys: [publicKeyToJwk('SM2', holder.publicKey)],
    });
    const req = await gm.video.createRequest(['age_over_18']);
    const presentation = await presentSdJwt(
      cred!,
      { age_over_18: true },
      {
        keyBinding: {
          signer: createSigner(holder),
          aud: gm.video.did,
          nonce: req.nonce,
          iat: Math.floor(gm.now.t / 1000),
        },
      },
    );
    const pw = derivePairwiseDid(new Uint8Array(32).fill(5), gm.video.did, GM);
    const { base64urlEncode, sha256 } = await import('@realdid/crypto');
    const proof = signJws(
      {
        iss: pw.did,
        aud: gm.video.did,
        nonce: req.nonce,
        sd_hash: base64urlEncode(sha256(new TextEncoder().encode(presentation))),
      },
      pw.key,
      pw.kid,
      'realdid-did-proof+jwt',
    );
    await expect(
      gm.video.verifyRegistration({
        type: 'realdid-registration-response',
        did: pw.did,
        presentation,
        proof,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_PRESENTATION_INVALID',
      cause: { code: 'ERR_SD_JWT_ALG_NOT_ALLOWED' }, // EdDSA is not an algorithm of the gm profile
    });
  });

  it('a gm site refuses an EdDSA proof from an Ed25519 pairwise DID, and an international site an SM2 one', async () => {
    const intlWallet = await enrolledWallet(intl, alice, 1);
    const gmWallet = await enrolledWallet(gm, alice, 1);
    // the international wallet answers the gm site's challenge flow only with EdDSA: refused
    const gmChallenge = await gm.video.createLoginChallenge();
    const edPw = derivePairwiseDid(new Uint8Array(32).fill(7), gm.video.did);
    const edProof = signJws(
      { iss: edPw.did, aud: gm.video.did, nonce: gmChallenge.nonce },
      edPw.key,
      edPw.kid,
      LOGIN_TYP,
    );
    await expect(
      gm.video.verifyLogin({ type: 'realdid-login-response', did: edPw.did, proof: edProof }),
    ).rejects.toMatchObject({ code: 'ERR_LOGIN_INVALID' });
    // the gm wallet's proofs are SM2 and its pairwise DIDs did:key SM2; an international site refuses them
    const challenge = await intl.video.createLoginChallenge();
    const smPw = derivePairwiseDid(new Uint8Array(32).fill(7), intl.video.did, GM);
    expect(smPw.did.startsWith('did:key:zEP')).toBe(true);
    const smProof = signJws(
      { iss: smPw.did, aud: intl.video.did, nonce: challenge.nonce },
      smPw.key,
      smPw.kid,
      LOGIN_TYP,
    );
    await expect(
      intl.video.verifyLogin({ type: 'realdid-login-response', did: smPw.did, proof: smProof }),
    ).rejects.toMatchObject({ code: 'ERR_LOGIN_INVALID' });
    // the wallets themselves work in their own deployment
    const res = await gmWallet.respond(await gm.video.createRequest(['age_over_18']), {
      origin: originFor(gm.video.did),
    });
    expect(res.did).toBe(gmWallet.pairwiseDid(gm.video.did));
    expect((await gm.video.verifyRegistration(res)).claims).toEqual({ age_over_18: true });
    expect(intlWallet.profile).toBe('international');
    expect(gmWallet.profile).toBe('gm');
  });

  it('pairwise SM2 DIDs: the same master and site give the same DID, another site an unrelated one', () => {
    const master = new Uint8Array(32).fill(42);
    const a = derivePairwiseDid(master, 'did:realdid:zQmA', GM);
    expect(derivePairwiseDid(master, 'did:realdid:zQmA', GM).did).toBe(a.did);
    expect(derivePairwiseDid(master, 'did:realdid:zQmB', GM).did).not.toBe(a.did);
    expect(a.key.type).toBe('SM2');
    expect(derivePairwiseDid(master, 'did:realdid:zQmA').did).not.toBe(a.did); // the Ed25519 one
  });

  it('states keep their profile: the authority round-trips as gm; a gm vault does not open as international', async () => {
    const state = JSON.parse(JSON.stringify(gm.authority.exportState()));
    expect(state.profile).toBe('gm');
    const options = {
      ledger: gm.ledger,
      identityVerifier: { verify: async () => alice },
      committee: gm.committee,
    };
    const restored = RealNameAuthority.restore(state, options);
    expect(restored.profile).toBe('gm');
    expect(restored.did).toBe(gm.authority.did);
    expect(() => RealNameAuthority.restore(state, { ...options, profile: 'international' })).toThrow(
      expect.objectContaining({ code: 'ERR_STATE_INVALID' }),
    );
    // an international state claiming gm: its Ed25519 key is not an SM2 key of its DID
    const forged = { ...JSON.parse(JSON.stringify(intl.authority.exportState())), profile: 'gm' };
    expect(() => RealNameAuthority.restore(forged, options)).toThrow(
      expect.objectContaining({ code: 'ERR_STATE_INVALID' }),
    );
    // a relying party's state of the other profile
    expect(() =>
      RelyingParty.restore(gm.video.exportState(), {
        ledger: gm.ledger,
        registryDid: gm.registry.did,
        traceCommittee: gm.committee.committeeId,
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_STATE_INVALID' }));
    const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
    await Wallet.create({ vault, ledger: gm.ledger, registryDid: gm.registry.did, profile: 'gm' });
    await expect(
      Wallet.open({ vault, ledger: gm.ledger, registryDid: gm.registry.did, profile: 'international' }),
    ).rejects.toMatchObject({ code: 'ERR_STATE_INVALID' });
    expect((await Wallet.open({ vault, ledger: gm.ledger, registryDid: gm.registry.did })).profile).toBe(
      'gm',
    );
    expect(base64urlDecode(state.signingKey)).toHaveLength(32);
  });
});
