import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  publicKeyToJwk,
  sha256,
} from '@realdid/crypto';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { decodeSdJwt, presentSdJwt } from '@realdid/sd-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  DID_PROOF_TYP,
  type RegistrationResponse,
  RelyingParty,
  readTraceAudit,
  type Wallet,
} from '../src/index.js';
import { signJws } from '../src/internal/jws.js';
import { derivePairwiseDid, type PairwiseDid } from '../src/internal/pairwise.js';
import { suiteOf } from '../src/internal/profile.js';
import { alice, bob, buildWorld, enrolledWallet, originFor, type World } from './helpers.js';

/**
 * A registration response built by hand, as a wallet would: the presentation and a proof of control
 * of the pairwise DID `pw` for the site `aud` and its `nonce`, covering the presentation.
 */
function registrationResponse(
  pw: PairwiseDid,
  aud: string,
  nonce: string,
  presentation: string,
): RegistrationResponse {
  const proof = signJws(
    { iss: pw.did, aud, nonce, sd_hash: base64urlEncode(sha256(new TextEncoder().encode(presentation))) },
    pw.key,
    pw.kid,
    DID_PROOF_TYP,
  );
  return { type: 'realdid-registration-response', did: pw.did, presentation, proof };
}

/** Every string / number / boolean reachable from a value, decoding JWTs, SD-JWTs, disclosures, DIDs. */
function collect(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 40) return;
  if (typeof value === 'number' || typeof value === 'boolean') {
    out.add(String(value));
  } else if (typeof value === 'string') {
    if (out.has(value)) return;
    out.add(value);
    for (const sep of ['~', '.', '#', ':', '/']) {
      if (value.includes(sep))
        for (const part of value.split(sep)) if (part.length > 0) collect(part, out, depth + 1);
    }
    if (/^[A-Za-z0-9_-]{8,}$/.test(value)) {
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(base64urlDecode(value));
        collect(JSON.parse(text), out, depth + 1);
      } catch {
        // not base64url JSON: an opaque value, kept as is
      }
    }
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      collect(v, out, depth + 1);
    }
  }
}

// The same story in both deployment profiles: international (Ed25519, EdDSA, SHA-256) and gm (SM2
// keys and signatures, SM3 digests) — docs/realname.md, "The gm profile".
describe.each(['international', 'gm'] as const)(
  'the whole story on a SqliteLedger (%s profile)',
  (profile) => {
    const suite = suiteOf(profile);
    let dir: string;
    let ledger: SqliteLedger;
    let w: World;
    let aliceWallet: Wallet;
    let bobWallet: Wallet;
    const received = new Map<string, RegistrationResponse[]>(); // per site+person
    const accounts = new Map<string, Account>();

    const tick = () => {
      w.now.t += 7_000;
    };

    async function register(
      site: RelyingParty,
      wallet: Wallet,
      who: string,
      claims: Parameters<RelyingParty['createRequest']>[0],
    ) {
      tick();
      const res = await wallet.respond(await site.createRequest(claims), { origin: originFor(site.did) });
      const account = await site.verifyRegistration(res);
      received.set(`${site.did}|${who}`, [res]);
      accounts.set(`${site.did}|${who}`, account);
      return { res, account };
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'realdid-story-'));
      ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
      w = await buildWorld(ledger, profile);
      aliceWallet = await enrolledWallet(w, alice, 4);
      bobWallet = await enrolledWallet(w, bob, 4);
    });

    afterAll(async () => {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('enrols: a batch of credentials, every personal claim selectively disclosable, trace token signed in', () => {
      expect(aliceWallet.unusedCredentials).toBe(4);
      expect(aliceWallet.needsRefill()).toBe(false);
    });

    it("uses the profile's algorithms in every layer", async () => {
      tick();
      const site = w.video;
      const res = await bobWallet.respond(await site.createRequest(['age_over_18']), {
        origin: originFor(site.did),
      });
      const vc = decodeSdJwt(res.presentation);
      expect(vc.header.alg).toBe(suite.alg); // the authority's credential signature
      expect(vc.sdAlg).toBe(suite.sdAlg); // its disclosure digests
      const kb = res.presentation.split('~').at(-1) as string;
      expect(JSON.parse(new TextDecoder().decode(base64urlDecode(kb.split('.')[0]!))).alg).toBe(suite.alg);
      expect(JSON.parse(new TextDecoder().decode(base64urlDecode(res.proof.split('.')[0]!))).alg).toBe(
        suite.alg,
      );
      // pairwise did:key of the profile's key type (SM2: the sm2-pub multicodec, zEP…)
      expect(res.did.startsWith(profile === 'gm' ? 'did:key:zEP' : 'did:key:z6Mk')).toBe(true);
      const request = await site.createRequest(['age_over_18']);
      expect(request.proof.alg).toBe(suite.alg); // the site's signed request
      // the status list on the ledger, and the registry entries, are signed with the profile's key
      const { statusListTopic } = await import('@realdid/status');
      const lists = await ledger.read(statusListTopic(w.authority.statusListUri));
      const header = new TextDecoder().decode(lists.at(-1)!.payload).split('.')[0]!;
      expect(JSON.parse(new TextDecoder().decode(base64urlDecode(header))).alg).toBe(suite.alg);
      const { registryTopic } = await import('../src/index.js');
      for (const e of await ledger.read(registryTopic(w.registry.did)))
        expect(JSON.parse(new TextDecoder().decode(e.payload)).proof.alg).toBe(suite.alg);
      expect(await site.verifyRegistration(res)).toMatchObject({ claims: { age_over_18: true } });
      expect(w.authority.profile).toBe(profile);
    });

    it('registers at two sites with different claims; each RP learns exactly what it asked', async () => {
      const v = await register(w.video, aliceWallet, 'alice', ['age_over_18']);
      expect(v.account.claims).toEqual({ age_over_18: true });
      const h = await register(w.hospital, aliceWallet, 'alice', ['family_name', 'given_name', 'birthdate']);
      expect(h.account.claims).toEqual({ family_name: '王', given_name: '小明', birthdate: '1990-01-01' });
      await register(w.video, bobWallet, 'bob', ['age_over_18']);
      await register(w.hospital, bobWallet, 'bob', ['family_name', 'given_name', 'birthdate']);
      // the presentation itself carries exactly the requested disclosures
      const dv = decodeSdJwt(v.res.presentation);
      expect(dv.disclosures.map((d) => d.name).sort()).toEqual(['age_over_18']);
      const dh = decodeSdJwt(h.res.presentation);
      expect(dh.disclosures.map((d) => d.name).sort()).toEqual(['birthdate', 'family_name', 'given_name']);
      for (const personal of ['national_id', 'region', 'nationality', 'birthdate', 'family_name']) {
        expect(v.res.presentation).not.toContain(personal);
        expect(JSON.stringify(v.account)).not.toContain(personal);
      }
      // one credential per site: different credentials (jti), different pairwise DIDs
      expect(v.account.trace.context).not.toBe(h.account.trace.context);
      expect(v.account.did).not.toBe(h.account.did);
      expect(aliceWallet.unusedCredentials).toBe(2);
      // re-registering at the same site uses that site's credential again, never a fresh one
      tick();
      const again = await aliceWallet.respond(await w.video.createRequest(['age_over_18']), {
        origin: originFor(w.video.did),
      });
      expect((await w.video.verifyRegistration(again)).trace.context).toBe(v.account.trace.context);
      expect(aliceWallet.unusedCredentials).toBe(2);
    });

    it('logs in by challenge-response with the pairwise DID only', async () => {
      tick();
      const challenge = await w.hospital.createLoginChallenge();
      const login = await aliceWallet.login(challenge, { origin: originFor(w.hospital.did) });
      expect((await w.hospital.verifyLogin(login)).did).toBe(aliceWallet.pairwiseDid(w.hospital.did));
      expect(JSON.stringify(login)).not.toContain('~'); // no credential shown again
      // replay of the login response
      await expect(w.hospital.verifyLogin(login)).rejects.toMatchObject({ code: 'ERR_NONCE_REPLAYED' });
      // sending it to another site
      await expect(w.video.verifyLogin(login)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_AUDIENCE' });
      // a wallet without an account there
      const shop = await RelyingParty.create({
        ledger,
        registryDid: w.registry.did,
        traceCommittee: w.committee.committeeId,
        now: () => new Date(w.now.t),
        profile,
      });
      await w.registry.registerRelyingParty({
        rp: shop.did,
        origins: [originFor(shop.did)],
        name: 'Shop',
        allowedClaims: ['age_over_18'],
      });
      await expect(
        aliceWallet.login(await shop.createLoginChallenge(), { origin: originFor(shop.did) }),
      ).rejects.toMatchObject({
        code: 'ERR_WALLET_UNKNOWN_SITE',
      });
      // a response signed by another pairwise DID for the same account
      const c2 = await w.hospital.createLoginChallenge();
      const bobLogin = await bobWallet.login(c2, { origin: originFor(w.hospital.did) });
      await expect(w.hospital.verifyLogin({ ...bobLogin, did: login.did })).rejects.toMatchObject({
        code: 'ERR_LOGIN_INVALID',
      });
    });

    it('unlinkability: what two sites hold about one person shares only cohort-wide values', async () => {
      const stored = new Map([
        [w.video.did, await w.video.listAccounts()],
        [w.hospital.did, await w.hospital.listAccounts()],
      ]);
      const side = (site: RelyingParty, who: string) => {
        const out = new Set<string>();
        collect(received.get(`${site.did}|${who}`), out);
        collect(accounts.get(`${site.did}|${who}`), out);
        collect(
          stored.get(site.did)!.find((a) => a.did === accounts.get(`${site.did}|${who}`)!.did),
          out,
        );
        return out;
      };
      const aV = side(w.video, 'alice');
      const aH = side(w.hospital, 'alice');
      const bV = side(w.video, 'bob');
      const bH = side(w.hospital, 'bob');
      const shared = [...aV].filter((x) => aH.has(x));
      const linking = shared.filter((x) => !bV.has(x) && !bH.has(x));
      if (process.env.REALDID_SHOW_SHARED) console.log(JSON.stringify(shared));
      expect(linking).toEqual([]);
      // the shared values are the global ones: issuer DID, vct, algorithms, status list URI, committee, booleans, day dates
      expect(shared).toContain(w.authority.did);
      expect(shared).toContain('urn:realdid:vct:realname:1');
      expect(shared).toContain(suite.alg);
      for (const personal of [alice.nationalId, alice.familyName, alice.givenName, alice.birthdate]) {
        expect(shared).not.toContain(personal);
      }
      const accountV = accounts.get(`${w.video.did}|alice`)!;
      const accountH = accounts.get(`${w.hospital.did}|alice`)!;
      for (const perPerson of [accountV.did, accountV.trace.token, accountV.trace.context]) {
        expect(aH.has(perPerson)).toBe(false);
      }
      expect(aV.has(accountH.trace.token)).toBe(false);
      // a sanity check that the collector sees into the data: the video site did see alice's pairwise DID key material
      expect(aV.size).toBeGreaterThan(50);
    });

    it('replay of a registration response, or sending it to another site, fails', async () => {
      tick();
      const req = await w.video.createRequest(['age_over_18']);
      const res = await bobWallet.respond(req, { origin: originFor(w.video.did) });
      await w.video.verifyRegistration(res);
      await expect(w.video.verifyRegistration(res)).rejects.toMatchObject({ code: 'ERR_NONCE_REPLAYED' });
      await expect(w.hospital.verifyRegistration(res)).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_AUDIENCE',
      });
      // an expired request
      const late = await w.video.createRequest(['age_over_18']);
      w.now.t += 301_000;
      await expect(bobWallet.respond(late, { origin: originFor(w.video.did) })).rejects.toMatchObject({
        code: 'ERR_REQUEST_EXPIRED',
      });
    });

    it('over-asking is refused by the wallet, with a coded error and a consent-log line', async () => {
      const req = await w.video.createRequest(['age_over_18', 'national_id']);
      await expect(aliceWallet.respond(req, { origin: originFor(w.video.did) })).rejects.toMatchObject({
        code: 'ERR_REQUEST_NOT_ALLOWED',
        claims: ['national_id'],
      });
      const log = await aliceWallet.exportConsentLog();
      expect(log.at(-1)).toMatchObject({ action: 'refused', rp: w.video.did, rpName: 'Video site' });
      expect(log.filter((l) => l.action === 'registration').map((l) => l.claims)).toContainEqual([
        'age_over_18',
      ]);
      // a forged request (signature not by the RP) is rejected
      const good = await w.video.createRequest(['age_over_18']);
      await expect(
        aliceWallet.respond(
          { ...good, claims: ['age_over_18', 'birthdate'] },
          { origin: originFor(w.video.did) },
        ),
      ).rejects.toMatchObject({
        code: 'ERR_REQUEST_INVALID',
      });
    });

    it('a hand-made response that discloses more, or less, than asked is rejected by the RP', async () => {
      // Mallory enrols with her own holder key and builds responses herself
      const holder = generateKeyPair(suite.keyType);
      const [cred] = await w.authority.enrol({
        evidence: { nationalId: bob.nationalId, familyName: bob.familyName, givenName: bob.givenName },
        holderKeys: [publicKeyToJwk(suite.keyType, holder.publicKey)],
      });
      const master = new Uint8Array(32).fill(9);
      const build = async (frame: Record<string, boolean>, nonceOverride?: string) => {
        const req = await w.video.createRequest(['age_over_18']);
        const presentation = await presentSdJwt(cred!, frame, {
          keyBinding: {
            signer: createSigner(holder),
            aud: w.video.did,
            nonce: nonceOverride ?? req.nonce,
            iat: Math.floor(w.now.t / 1000),
          },
        });
        return registrationResponse(
          derivePairwiseDid(master, w.video.did, suite),
          w.video.did,
          req.nonce,
          presentation,
        );
      };
      await expect(
        w.video.verifyRegistration(await build({ age_over_18: true, national_id: true })),
      ).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_CLAIMS',
      });
      await expect(w.video.verifyRegistration(await build({}))).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_CLAIMS',
      });
      await expect(
        w.video.verifyRegistration(await build({ age_over_18: true }, 'another-nonce-aaaaaaaaaaaa')),
      ).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_INVALID',
      });
      const ok = await build({ age_over_18: true });
      // proof by another DID than the one named
      const other = derivePairwiseDid(new Uint8Array(32).fill(1), w.video.did, suite);
      await expect(w.video.verifyRegistration({ ...ok, did: other.did })).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_INVALID',
      });
      // presentation swapped after the DID proof was made
      const ok2 = await build({ age_over_18: true });
      await expect(
        w.video.verifyRegistration({ ...ok2, presentation: ok.presentation }),
      ).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_INVALID',
      });
      expect((await w.video.verifyRegistration(await build({ age_over_18: true }))).claims).toEqual({
        age_over_18: true,
      });
    });

    it('an issuer the registry does not list is rejected', async () => {
      const { RealNameAuthority, InMemoryIdentityRegistryTestDouble } = await import('../src/index.js');
      const rogue = await RealNameAuthority.create({
        ledger,
        identityVerifier: new InMemoryIdentityRegistryTestDouble([bob]),
        committee: w.committee,
        now: () => new Date(w.now.t),
        profile,
      });
      const holder = generateKeyPair(suite.keyType);
      const [cred] = await rogue.enrol({
        evidence: { nationalId: bob.nationalId, familyName: bob.familyName, givenName: bob.givenName },
        holderKeys: [publicKeyToJwk(suite.keyType, holder.publicKey)],
      });
      const req = await w.video.createRequest(['age_over_18']);
      const presentation = await presentSdJwt(
        cred!,
        { age_over_18: true },
        {
          keyBinding: {
            signer: createSigner(holder),
            aud: w.video.did,
            nonce: req.nonce,
            iat: Math.floor(w.now.t / 1000),
          },
        },
      );
      const pw = derivePairwiseDid(new Uint8Array(32).fill(3), w.video.did, suite);
      await expect(
        w.video.verifyRegistration(registrationResponse(pw, w.video.did, req.nonce, presentation)),
      ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_ISSUER' });
    });

    it('lawful tracing: k of n trustees open the hospital account, every step on the audit topic', async () => {
      const account = accounts.get(`${w.hospital.did}|alice`)!;
      const { token, context } = await w.hospital.traceTokenOf(account.did);
      const police = generateKeyPair('Ed25519');
      const request = await w.committee.request({
        token,
        context,
        reason: 'warrant:2026-11-21/42',
        requester: police,
        ledger,
      });
      const partials = [];
      for (const t of [w.trustees[4]!, w.trustees[1]!, w.trustees[2]!])
        partials.push(await t.partialDecrypt(request));
      await expect(
        w.committee.combine({ request, partials: partials.slice(0, 2), opener: police, ledger }),
      ).rejects.toMatchObject({ code: 'ERR_TRACE_NOT_ENOUGH_PARTIALS' });
      const opened = await w.committee.combine({ request, partials, opener: police, ledger });
      expect(w.authority.recordForHandle(opened.handle)).toBe(alice.recordId);
      // the video account of the same person opens to the same person (the handle is per person)
      const v = await w.video.traceTokenOf(accounts.get(`${w.video.did}|alice`)!.did);
      const r2 = await w.committee.request({
        ...v,
        reason: 'warrant:2026-11-21/43',
        requester: police,
        ledger,
      });
      const p2 = await Promise.all(w.trustees.slice(0, 3).map((t) => t.partialDecrypt(r2)));
      expect(
        w.authority.recordForHandle(
          (await w.committee.combine({ request: r2, partials: p2, opener: police, ledger })).handle,
        ),
      ).toBe(alice.recordId);
      // a fishing request is refused and logged
      const fishing = await w.committee.request({
        token,
        context,
        reason: 'curious',
        requester: police,
        ledger,
      });
      await expect(w.trustees[0]!.partialDecrypt(fishing)).rejects.toMatchObject({
        code: 'ERR_TRACE_REQUEST_REFUSED',
      });
      const audit = await readTraceAudit(ledger, w.committee);
      expect(audit.filter((a) => a.entry.type === 'trace-opening')).toHaveLength(2);
      expect(audit.filter((a) => a.entry.type === 'trace-request')).toHaveLength(3);
      expect(audit.filter((a) => a.entry.type === 'trace-refusal')).toHaveLength(1);
    });

    it('revocation: after the authority flips the status bit, the person cannot register anywhere', async () => {
      expect(await w.authority.revoke(alice.recordId)).toBeGreaterThan(0);
      await w.authority.publishEpoch();
      tick();
      const shop = await RelyingParty.create({
        ledger,
        registryDid: w.registry.did,
        traceCommittee: w.committee.committeeId,
        now: () => new Date(w.now.t),
        statusMaxAgeSeconds: 0,
        profile,
      });
      await w.registry.registerRelyingParty({
        rp: shop.did,
        origins: [originFor(shop.did)],
        name: 'Shop 2',
        allowedClaims: ['age_over_18'],
      });
      const res = await aliceWallet.respond(await shop.createRequest(['age_over_18']), {
        origin: originFor(shop.did),
      });
      await expect(shop.verifyRegistration(res)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_REVOKED' });
      // bob is unaffected
      const ok = await bobWallet.respond(await shop.createRequest(['age_over_18']), {
        origin: originFor(shop.did),
      });
      expect((await shop.verifyRegistration(ok)).claims).toEqual({ age_over_18: true });
      expect(bobWallet.needsRefill(2)).toBe(true);
    });

    it('everything public survives a restart of the ledger file; no personal data on the ledger', async () => {
      const info = await ledger.info();
      expect(info.entries).toBeGreaterThan(10);
      const path = join(dir, 'ledger.db');
      const again = await SqliteLedger.open(path);
      try {
        const audit = await readTraceAudit(again, w.committee);
        expect(audit.length).toBeGreaterThan(5);
        const { readRegistry } = await import('../src/index.js');
        const reg = await readRegistry(again, w.registry.did);
        expect(reg.relyingParties.get(w.video.did)?.allowedClaims).toEqual(['age_over_18']);
      } finally {
        await again.close();
      }
    });
  },
);
