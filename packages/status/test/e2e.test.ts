import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigner, generateKeyPair, publicKeyToJwk, publicKeyToMultibase } from '@realdid/crypto';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { issueSdJwtVc, jwkKeyResolver, verifySdJwtVc } from '@realdid/sd-jwt';
import {
  BitstringStatusListIssuer,
  createBitstringStatusChecker,
  createBitstringStatusResolver,
  createLedgerStatusFetcher,
  createTokenStatusChecker,
  createTokenStatusResolver,
  type StatusListFetcher,
  statusListTopic,
  TokenStatusListIssuer,
} from '@realdid/status';
import { createDataIntegritySigner, issueCredential, verifyCredential } from '@realdid/vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const T0 = Date.parse('2026-11-21T12:00:00Z');
let dir: string;
let ledger: SqliteLedger;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'realdid-status-'));
  ledger = await SqliteLedger.open(join(dir, 'ledger.sqlite'));
});
afterAll(async () => {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

function counting(fetch: StatusListFetcher): StatusListFetcher & { calls: number } {
  const f = Object.assign(
    async (uri: string) => {
      f.calls++;
      return fetch(uri);
    },
    { calls: 0 },
  );
  return f;
}

describe('Token Status List end to end on a SqliteLedger', () => {
  it('issue → publish → valid → revoke → publish → revoked once the cache TTL has passed', async () => {
    let t = T0;
    const clock = () => t;
    const kp = generateKeyPair('P-256');
    const uri = 'https://authority.example/status/token/1';
    const issuer = new TokenStatusListIssuer({
      uri,
      signer: createSigner(kp),
      kid: 'k1',
      ttlSec: 300,
      now: clock,
    });
    const a = issuer.allocate();
    const b = issuer.allocate();
    expect(a.status_list.uri).toBe(uri);
    expect(a.status_list.idx).not.toBe(b.status_list.idx);
    const first = await issuer.publish(ledger);
    expect(first.receipt.topic).toBe(statusListTopic(uri));
    expect(first.receipt.position).toBe(0);

    const fetch = counting(createLedgerStatusFetcher(ledger));
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch,
      resolveKey: ({ kid }) => (kid === 'k1' ? { type: 'P-256', publicKey: kp.publicKey } : undefined),
      now: clock,
    });
    expect((await resolve(a)).state).toBe('valid');
    expect((await resolve(b)).state).toBe('valid');
    expect(fetch.calls).toBe(1); // the second lookup came from the cache

    issuer.revoke(a.status_list.idx);
    issuer.suspend(b.status_list.idx);
    t += 10_000;
    const second = await issuer.publish(ledger);
    expect(second.receipt.position).toBe(1);
    expect(await ledger.size(statusListTopic(uri))).toBe(2);

    // Still inside the 300 s TTL: the cached list answers.
    expect((await resolve(a)).state).toBe('valid');
    expect(fetch.calls).toBe(1);

    t += 300_000;
    const ra = await resolve(a);
    expect(ra).toMatchObject({ state: 'revoked', status: 1, idx: a.status_list.idx, uri });
    expect((await resolve(b)).state).toBe('suspended');
    expect(fetch.calls).toBe(2);

    issuer.reinstate(b.status_list.idx);
    expect(() => issuer.reinstate(a.status_list.idx)).toThrow(RangeError); // revocation is final
    t += 1_000;
    await issuer.publish(ledger);
    t += 301_000;
    expect((await resolve(b)).state).toBe('valid');
    expect((await resolve(a)).state).toBe('revoked');
  });

  it('an expired publication is rejected with ERR_STATUS_LIST_EXPIRED', async () => {
    let t = T0;
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://authority.example/status/token/expiring';
    const issuer = new TokenStatusListIssuer({
      uri,
      signer: createSigner(kp),
      validitySec: 600,
      ttlSec: 3600,
      now: () => t,
    });
    const a = issuer.allocate();
    await issuer.publish(ledger);
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
      now: () => t,
    });
    expect((await resolve(a)).state).toBe('valid');
    t += 700_000; // past exp (+ 60 s skew), although ttl says 3600 s
    await expect(resolve(a)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_EXPIRED' });
  });

  it('a tampered publication on the ledger is rejected with ERR_STATUS_LIST_SIGNATURE', async () => {
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://authority.example/status/token/tampered';
    const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp), now: () => T0 });
    const a = issuer.allocate();
    issuer.revoke(a.status_list.idx);
    const { token } = await issuer.sign().then((token) => ({ token }));
    // Someone with write access to the ledger publishes the list with the revocation removed.
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const clean = new TokenStatusListIssuer({
      uri,
      signer: createSigner(generateKeyPair('Ed25519')),
      now: () => T0,
    });
    payload.status_list = JSON.parse(
      Buffer.from((await clean.sign()).split('.')[1]!, 'base64url').toString(),
    ).status_list;
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await ledger.append(statusListTopic(uri), Buffer.from(forged));
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
      now: () => T0,
    });
    await expect(resolve(a)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_SIGNATURE' });
  });

  it('an older publication served after a newer one is rejected (ERR_STATUS_LIST_ROLLBACK)', async () => {
    let t = T0;
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://authority.example/status/token/rollback';
    const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp), ttlSec: 60, now: () => t });
    const a = issuer.allocate();
    const old = await issuer.sign();
    t += 5_000;
    issuer.revoke(a.status_list.idx);
    const fresh = await issuer.sign();
    let serve = fresh;
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: async () => serve,
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
      now: () => t,
    });
    expect((await resolve(a)).state).toBe('revoked');
    serve = old;
    t += 61_000;
    await expect(resolve(a)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ROLLBACK' });
  });

  it('reports unpublished lists and broken fetchers as ERR_STATUS_LIST_FETCH, bad claims as ERR_STATUS_CLAIM_INVALID', async () => {
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => undefined,
    });
    await expect(
      resolve({ status_list: { idx: 1, uri: 'https://nowhere.example/x' } }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_FETCH',
    });
    for (const bad of [
      null,
      'x',
      [],
      { status_list: { idx: -1, uri: 'u' } },
      { status_list: { idx: 1 } },
      { status_list: 5 },
    ]) {
      await expect(resolve(bad)).rejects.toMatchObject({ code: 'ERR_STATUS_CLAIM_INVALID' });
    }
  });

  it('an index beyond the list is ERR_STATUS_INDEX_OUT_OF_RANGE', async () => {
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://authority.example/status/token/small';
    const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp), size: 16, now: () => T0 });
    await issuer.publish(ledger);
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
      now: () => T0,
    });
    await expect(resolve({ status_list: { idx: 16, uri } })).rejects.toMatchObject({
      code: 'ERR_STATUS_INDEX_OUT_OF_RANGE',
    });
  });

  it('through @realdid/sd-jwt: verifySdJwtVc with checkStatus fails with ERR_SD_JWT_REVOKED after revocation', async () => {
    let t = T0;
    const clock = () => t;
    const issuerKey = generateKeyPair('Ed25519');
    const uri = 'https://authority.example/status/token/sdjwt';
    const statusIssuer = new TokenStatusListIssuer({
      uri,
      signer: createSigner(issuerKey),
      ttlSec: 120,
      now: clock,
    });
    const status = statusIssuer.allocate();
    await statusIssuer.publish(ledger);
    const vc = await issueSdJwtVc({
      signer: createSigner(issuerKey),
      vct: 'urn:realdid:realname',
      iss: 'https://authority.example',
      holderBinding: false,
      status,
      claims: { age_over_18: true },
      disclosureFrame: { _sd: ['age_over_18'] },
    });
    const checkStatus = createTokenStatusChecker({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => ({ type: 'Ed25519', publicKey: issuerKey.publicKey }),
      now: clock,
    });
    const options = {
      keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', issuerKey.publicKey)),
      requireKeyBinding: false,
      now: clock,
      checkStatus,
    };
    const ok = await verifySdJwtVc(vc, options);
    expect(ok.claims.age_over_18).toBe(true);

    statusIssuer.revoke(status.status_list.idx);
    t += 1_000;
    await statusIssuer.publish(ledger);
    await expect(verifySdJwtVc(vc, options)).resolves.toBeDefined(); // cached for 120 s
    t += 120_000;
    await expect(verifySdJwtVc(vc, options)).rejects.toMatchObject({ code: 'ERR_SD_JWT_REVOKED' });

    // A status list the verifier cannot verify makes the check fail, with the cause's code.
    const wrongKey = createTokenStatusChecker({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => ({ type: 'Ed25519', publicKey: generateKeyPair('Ed25519').publicKey }),
      now: clock,
    });
    await expect(verifySdJwtVc(vc, { ...options, checkStatus: wrongKey })).rejects.toMatchObject({
      code: 'ERR_SD_JWT_STATUS_CHECK',
      cause: { code: 'ERR_STATUS_LIST_SIGNATURE' },
    });
  });

  it('through @realdid/sd-jwt: a suspended credential fails with ERR_SD_JWT_SUSPENDED', async () => {
    const issuerKey = generateKeyPair('Ed25519');
    const uri = 'https://authority.example/status/token/sdjwt-suspend';
    const statusIssuer = new TokenStatusListIssuer({ uri, signer: createSigner(issuerKey), now: () => T0 });
    const status = statusIssuer.allocate();
    statusIssuer.suspend(status.status_list.idx);
    await statusIssuer.publish(ledger);
    const vc = await issueSdJwtVc({
      signer: createSigner(issuerKey),
      vct: 'urn:realdid:realname',
      holderBinding: false,
      status,
      claims: { age_over_18: true },
    });
    await expect(
      verifySdJwtVc(vc, {
        keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', issuerKey.publicKey)),
        requireKeyBinding: false,
        now: () => T0,
        checkStatus: createTokenStatusChecker({
          matchIssuer: false,
          fetch: createLedgerStatusFetcher(ledger),
          resolveKey: () => ({ type: 'Ed25519', publicKey: issuerKey.publicKey }),
          now: () => T0,
        }),
      }),
    ).rejects.toMatchObject({ code: 'ERR_SD_JWT_SUSPENDED' });
  });
});

// SM2: the list credential and the credential are signed with sm2-rdfc-2025
describe.each(['Ed25519', 'SM2'] as const)(
  'Bitstring Status List end to end on a SqliteLedger, signed with @realdid/vc (%s)',
  (keyType) => {
    const kp = generateKeyPair(keyType);
    const mb = publicKeyToMultibase(keyType, kp.publicKey);
    const did = `did:key:${mb}`;
    const diSigner = createDataIntegritySigner(kp, `${did}#${mb}`);
    const sign = (unsigned: Record<string, unknown>) => issueCredential(unsigned, { signer: diSigner });

    function proofVerifier(clock: () => number) {
      return async (vc: Record<string, unknown>) => {
        const r = await verifyCredential(vc, { now: new Date(clock()) });
        return r.verified && vc.issuer === did;
      };
    }

    it('issue → publish → valid → revoke → publish → revoked once the cache TTL has passed, through verifyCredential', async () => {
      let t = T0;
      const clock = () => t;
      const uri = 'https://authority.example/status/bitstring/revocation/1';
      const lists = new BitstringStatusListIssuer({
        uri,
        issuer: did,
        statusPurpose: 'revocation',
        sign,
        ttlMs: 300_000,
        now: clock,
      });
      const entry = lists.allocate();
      expect(entry).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListCredential: uri,
      });
      const first = await lists.publish(ledger);
      expect(first.credential.proof).toMatchObject({
        cryptosuite: keyType === 'SM2' ? 'sm2-rdfc-2025' : 'eddsa-rdfc-2022',
      });
      expect(first.receipt.topic).toBe(statusListTopic(uri));

      const fetch = counting(createLedgerStatusFetcher(ledger));
      const statusCheck = createBitstringStatusChecker({
        matchIssuer: false,
        fetch,
        verifyCredential: proofVerifier(clock),
        now: clock,
      });

      // A credential carrying the entry, issued with @realdid/vc.
      const credential = await issueCredential(
        {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiableCredential'],
          issuer: did,
          validFrom: '2026-01-01T00:00:00Z',
          credentialSubject: { id: 'did:example:holder' },
          credentialStatus: entry,
        },
        { signer: diSigner },
      );
      const before = await verifyCredential(credential, { now: new Date(t), checkStatus: statusCheck });
      expect(before.verified).toBe(true);

      lists.set(Number(entry.statusListIndex), true);
      t += 5_000;
      await lists.publish(ledger);
      const cached = await verifyCredential(credential, { now: new Date(t), checkStatus: statusCheck });
      expect(cached.verified).toBe(true); // within the 300 s ttl
      expect(fetch.calls).toBe(1);

      t += 300_000;
      await expect(
        verifyCredential(credential, { now: new Date(t), checkStatus: statusCheck }),
      ).rejects.toMatchObject({
        code: 'ERR_VC_REVOKED',
      });
      expect(fetch.calls).toBe(2);
      expect(() => lists.set(Number(entry.statusListIndex), false)).toThrow(RangeError);
    });

    it('suspension lists answer suspended, and lifting it makes the credential valid again', async () => {
      let t = T0;
      const clock = () => t;
      const uri = 'https://authority.example/status/bitstring/suspension/1';
      const lists = new BitstringStatusListIssuer({
        uri,
        issuer: did,
        statusPurpose: 'suspension',
        sign,
        now: clock,
      });
      const entry = lists.allocate();
      lists.set(Number(entry.statusListIndex), true);
      await lists.publish(ledger);
      const resolve = createBitstringStatusResolver({
        matchIssuer: false,
        fetch: createLedgerStatusFetcher(ledger),
        verifyCredential: proofVerifier(clock),
        now: clock,
      });
      expect((await resolve(entry)).state).toBe('suspended');
      lists.set(Number(entry.statusListIndex), false);
      t += 1_000;
      await lists.publish(ledger);
      t += 300_001; // default ttl 300,000 ms
      expect((await resolve(entry)).state).toBe('valid');
    });

    it('rejects a list whose proof does not verify, whose id or purpose differs, or that has expired', async () => {
      let t = T0;
      const clock = () => t;
      const uri = 'https://authority.example/status/bitstring/revocation/2';
      const lists = new BitstringStatusListIssuer({
        uri,
        issuer: did,
        statusPurpose: 'revocation',
        sign,
        validitySec: 3600,
        now: clock,
      });
      const entry = lists.allocate();
      const signed = await lists.signCredential();
      const serve = (doc: unknown) => async () => JSON.stringify(doc);
      const mk = (doc: unknown) =>
        createBitstringStatusResolver({
          matchIssuer: false,
          fetch: serve(doc),
          verifyCredential: proofVerifier(clock),
          now: clock,
        });

      await expect(mk(signed)(entry)).resolves.toMatchObject({ state: 'valid' });

      // Tampered bitstring: the Data Integrity proof no longer verifies.
      lists.set(Number(entry.statusListIndex), true);
      const tampered = structuredClone(signed) as { credentialSubject: { encodedList: string } };
      tampered.credentialSubject.encodedList = (
        lists.createCredential().credentialSubject as { encodedList: string }
      ).encodedList;
      await expect(mk(tampered)(entry)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_SIGNATURE' });

      // A genuine list of another URL.
      await expect(mk(signed)({ ...entry, statusListCredential: `${uri}-other` })).rejects.toMatchObject({
        code: 'ERR_STATUS_LIST_SUBJECT_MISMATCH',
      });
      // Wrong purpose.
      await expect(mk(signed)({ ...entry, statusPurpose: 'suspension' })).rejects.toMatchObject({
        code: 'ERR_STATUS_PURPOSE_MISMATCH',
      });
      // Expired (validUntil = validFrom + 3600 s).
      t += 3_700_000;
      await expect(
        createBitstringStatusResolver({
          matchIssuer: false,
          fetch: serve(signed),
          verifyCredential: async () => true,
          now: clock,
        })(entry),
      ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_EXPIRED' });
    });

    it('rejects malformed entries with ERR_STATUS_CLAIM_INVALID', async () => {
      const resolve = createBitstringStatusResolver({
        matchIssuer: false,
        fetch: async () => '{}',
        verifyCredential: async () => true,
      });
      const good = {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '94567',
        statusListCredential: 'https://example.com/credentials/status/3',
      };
      for (const bad of [
        null,
        'x',
        { ...good, type: 'StatusList2021Entry' },
        { ...good, statusListIndex: 94567 },
        { ...good, statusListIndex: '-1' },
        { ...good, statusListIndex: '01' },
        { ...good, statusListCredential: 'not a url' },
        { ...good, statusSize: 2 },
        { ...good, statusSize: 0 },
        { ...good, statusPurpose: '' },
      ]) {
        await expect(resolve(bad), JSON.stringify(bad)).rejects.toMatchObject({
          code: 'ERR_STATUS_CLAIM_INVALID',
        });
      }
    });
  },
);
