import { createSigner, generateKeyPair, publicKeyToMultibase, utf8Encode } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import {
  BitstringStatusListIssuer,
  createBitstringStatusChecker,
  createBitstringStatusResolver,
  createLedgerStatusFetcher,
  createTokenStatusChecker,
  createTokenStatusResolver,
  type StatusListKeyResolver,
  statusListTopic,
  TokenStatusListIssuer,
} from '@realdid/status';
import { createDataIntegritySigner, issueCredential, verifyCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';

const T0 = Date.parse('2026-11-21T12:00:00Z');
const T1 = T0 + 10_000;
const ISS = 'https://authority.example';
const OTHER_ISS = 'https://other.example';

const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** A token that claims a given `iat` but carries no valid signature. */
function forgedToken(uri: string, iat: number): string {
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'statuslist+jwt' }));
  const payload = b64url(
    JSON.stringify({ sub: uri, iat, iss: ISS, status_list: { bits: 1, lst: 'eNoDAAAAAAE' } }),
  );
  return `${header}.${payload}.${b64url(`sig${iat}`)}`;
}

interface TokenSetup {
  ledger: MemoryLedger;
  uri: string;
  revokedIdx: number;
  validIdx: number;
  oldCopy: string;
  resolveKey: StatusListKeyResolver;
  otherKey: ReturnType<typeof generateKeyPair>;
}

/** Publishes an old list (both entries valid) at T0 and the newest (one revoked) at T1. */
async function tokenSetup(name: string): Promise<TokenSetup> {
  const ledger = new MemoryLedger();
  const uri = `https://authority.example/status/token/${name}`;
  const kp = generateKeyPair('P-256');
  const otherKey = generateKeyPair('P-256');
  let t = T0;
  const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp), iss: ISS, now: () => t });
  const a = issuer.allocate();
  const b = issuer.allocate();
  await issuer.publish(ledger);
  // The same old list (same key, iss, iat) encoded differently (another `kid` header), so the
  // ledger does not dedupe it.
  const copier = new TokenStatusListIssuer({
    uri,
    signer: createSigner(kp),
    iss: ISS,
    kid: 'copy',
    list: issuer.list,
    now: () => T0,
  });
  const oldCopy = await copier.sign();
  t = T1;
  issuer.revoke(a.status_list.idx);
  await issuer.publish(ledger);
  const resolveKey: StatusListKeyResolver = (req) =>
    req.iss === ISS
      ? { type: 'P-256', publicKey: kp.publicKey }
      : req.iss === OTHER_ISS
        ? { type: 'P-256', publicKey: otherKey.publicKey }
        : undefined;
  return {
    ledger,
    uri,
    revokedIdx: a.status_list.idx,
    validIdx: b.status_list.idx,
    oldCopy,
    resolveKey,
    otherKey,
  };
}

/** A list for the same URI, all valid, signed by another key, claiming a newer `iat`. */
async function otherKeyToken(s: TokenSetup, iss: string): Promise<string> {
  const other = new TokenStatusListIssuer({
    uri: s.uri,
    signer: createSigner(s.otherKey),
    iss,
    now: () => T1 + 20_000,
  });
  return other.sign();
}

const attacks: [string, (s: TokenSetup) => Promise<Uint8Array>][] = [
  ['junk bytes', async () => new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80])],
  ['a junk JSON entry', async () => utf8Encode(JSON.stringify({ iat: 9_999_999_999, hello: 'world' }))],
  ['a forged token claiming a newer iat', async (s) => utf8Encode(forgedToken(s.uri, T1 / 1000 + 50))],
  [
    'a token signed by another key for the same uri (claiming the genuine iss)',
    async (s) => utf8Encode(await otherKeyToken(s, ISS)),
  ],
  ['an older genuine publication re-appended', async (s) => utf8Encode(s.oldCopy)],
];

describe('ledger candidates: Token Status List', () => {
  it.each(attacks)('%s appended after the latest list does not change the answer', async (_name, attack) => {
    const s = await tokenSetup(_name.replace(/\W+/g, '-'));
    await s.ledger.append(statusListTopic(s.uri), await attack(s));
    expect(await s.ledger.size(statusListTopic(s.uri))).toBe(3);
    const skipped: unknown[] = [];
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(s.ledger),
      resolveKey: s.resolveKey,
      now: () => T1,
      onCandidateSkipped: (_uri, err) => skipped.push(err),
    });
    const revoked = await resolve({ status_list: { idx: s.revokedIdx, uri: s.uri } });
    expect(revoked).toMatchObject({ state: 'revoked', listIssuedAt: T1 / 1000 });
    expect((await resolve({ status_list: { idx: s.validIdx, uri: s.uri } })).state).toBe('valid');
    const check = createTokenStatusChecker({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(s.ledger),
      resolveKey: s.resolveKey,
      now: () => T1,
    });
    expect(await check({ status_list: { idx: s.revokedIdx, uri: s.uri } }, { iss: ISS })).toBe('revoked');
    // The last entry alone (the behaviour of a plain fetcher) does not give the revoked answer.
    const fetcher = createLedgerStatusFetcher(s.ledger);
    const lastOnly = createTokenStatusResolver({
      matchIssuer: false,
      fetch: (uri) => fetcher(uri),
      resolveKey: s.resolveKey,
      now: () => T1,
    });
    const outcome = await lastOnly({ status_list: { idx: s.revokedIdx, uri: s.uri } }).then(
      (r) => r.state,
      (e: { code: string }) => e.code,
    );
    expect(outcome).not.toBe('revoked');
  });

  it('all the attacks at once, many times over, skipped and counted', async () => {
    const s = await tokenSetup('all');
    const topic = statusListTopic(s.uri);
    for (let i = 0; i < 5; i++) {
      for (const [, attack] of attacks) await s.ledger.append(topic, await attack(s));
      await s.ledger.append(topic, utf8Encode(forgedToken(s.uri, T1 / 1000 + 100 + i)));
    }
    const skipped: unknown[] = [];
    const check = createTokenStatusChecker({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(s.ledger),
      resolveKey: s.resolveKey,
      now: () => T1,
      onCandidateSkipped: (_uri, err) => skipped.push(err),
    });
    expect(await check({ status_list: { idx: s.revokedIdx, uri: s.uri } })).toBe('revoked');
    // Skipped: the five forged tokens with distinct iat, the forged token of `attacks` (deduped
    // by the ledger), the other key's token (deduped: one entry): all claim an iat above T1.
    expect(skipped.length).toBe(7);
    expect(skipped.every((e) => typeof (e as { code?: unknown }).code === 'string')).toBe(true);
  });

  it('with matchIssuer, a validly signed list of another issuer for the same URI is skipped', async () => {
    const s = await tokenSetup('other-issuer');
    await s.ledger.append(statusListTopic(s.uri), utf8Encode(await otherKeyToken(s, OTHER_ISS)));
    const opts = { fetch: createLedgerStatusFetcher(s.ledger), resolveKey: s.resolveKey, now: () => T1 };
    const check = createTokenStatusChecker({ ...opts, matchIssuer: true });
    expect(await check({ status_list: { idx: s.revokedIdx, uri: s.uri } }, { iss: ISS })).toBe('revoked');
    const skipped: { code: string }[] = [];
    const resolve = createTokenStatusResolver({
      ...opts,
      matchIssuer: true,
      onCandidateSkipped: (_u, e) => skipped.push(e as { code: string }),
    });
    await resolve({ status_list: { idx: s.revokedIdx, uri: s.uri } }, { iss: ISS });
    expect(skipped.map((e) => e.code)).toEqual(['ERR_STATUS_LIST_ISSUER_MISMATCH']);
  });

  it('more junk than maxCandidates gives ERR_STATUS_LIST_NO_VALID_CANDIDATE after bounded work', async () => {
    const s = await tokenSetup('flood');
    const topic = statusListTopic(s.uri);
    for (let i = 0; i < 10; i++)
      await s.ledger.append(topic, utf8Encode(forgedToken(s.uri, T1 / 1000 + 1 + i)));
    let examined = 0;
    let keyCalls = 0;
    const options = {
      fetch: createLedgerStatusFetcher(s.ledger),
      resolveKey: ((req) => {
        keyCalls++;
        return s.resolveKey(req);
      }) as StatusListKeyResolver,
      now: () => T1,
      matchIssuer: false,
      onCandidateSkipped: () => {
        examined++;
      },
    };
    const bounded = createTokenStatusResolver({ ...options, maxCandidates: 4 });
    await expect(bounded({ status_list: { idx: s.revokedIdx, uri: s.uri } })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_NO_VALID_CANDIDATE',
    });
    expect(examined).toBe(4);
    expect(keyCalls).toBe(4);
    // Within the bound (default 64) the genuine list is found behind the junk.
    const roomy = createTokenStatusResolver(options);
    expect((await roomy({ status_list: { idx: s.revokedIdx, uri: s.uri } })).state).toBe('revoked');
    const fetcher = createLedgerStatusFetcher(s.ledger);
    const read = await fetcher.candidates(s.uri, 4);
    expect(read.truncated).toBe(true);
    expect(read.candidates.map((c) => c.position)).toEqual([11, 10, 9, 8]);
  });

  it('when nothing verifies within the whole topic, the newest candidate’s error is reported', async () => {
    const ledger = new MemoryLedger();
    const uri = 'https://authority.example/status/token/only-junk';
    await ledger.append(statusListTopic(uri), utf8Encode(forgedToken(uri, T0 / 1000)));
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => ({ type: 'P-256', publicKey: generateKeyPair('P-256').publicKey }),
      now: () => T0,
    });
    await expect(resolve({ status_list: { idx: 0, uri } })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_SIGNATURE',
    });
  });

  it('keeps rollback protection: a candidate set without the newest list seen is refused', async () => {
    const s = await tokenSetup('rollback');
    const fetcher = createLedgerStatusFetcher(s.ledger);
    let t = T1;
    let hideNewest = false;
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: fetcher,
      fetchCandidates: async (uri, limit) => {
        const r = await fetcher.candidates(uri, limit);
        return hideNewest ? { candidates: r.candidates.slice(1), truncated: r.truncated } : r;
      },
      resolveKey: s.resolveKey,
      now: () => t,
      defaultTtlSec: 1,
    });
    expect((await resolve({ status_list: { idx: s.revokedIdx, uri: s.uri } })).state).toBe('revoked');
    hideNewest = true;
    t += 400_000;
    await expect(resolve({ status_list: { idx: s.revokedIdx, uri: s.uri } })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_ROLLBACK',
    });
  });

  it('rejects misuse of the candidate options and malformed candidate answers', async () => {
    const fetch = async () => 'x';
    const resolveKey = () => undefined;
    for (const maxCandidates of [0, 4097, -1]) {
      expect(() =>
        createTokenStatusResolver({ matchIssuer: false, fetch, resolveKey, maxCandidates }),
      ).toThrow(RangeError);
    }
    for (const maxCandidates of ['4', 1.5, {}]) {
      expect(() =>
        createTokenStatusResolver({
          matchIssuer: false,
          fetch,
          resolveKey,
          maxCandidates: maxCandidates as never,
        }),
      ).toThrow(TypeError);
    }
    expect(() =>
      createTokenStatusResolver({ matchIssuer: false, fetch, resolveKey, fetchCandidates: 'x' as never }),
    ).toThrow(TypeError);
    expect(() =>
      createTokenStatusResolver({ matchIssuer: false, fetch, resolveKey, onCandidateSkipped: 5 as never }),
    ).toThrow(TypeError);
    const fetcher = createLedgerStatusFetcher(new MemoryLedger());
    for (const limit of [0, -1, 1.5, Number.NaN])
      await expect(fetcher.candidates('u', limit)).rejects.toThrow(RangeError);
    await expect(fetcher.candidates('https://nowhere.example/x', 4)).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_FETCH',
    });
    for (const answer of [
      null,
      'x',
      {},
      { candidates: [], truncated: false },
      { candidates: [{ document: 5, position: 0 }], truncated: false },
    ]) {
      const resolve = createTokenStatusResolver({
        matchIssuer: false,
        fetch,
        resolveKey,
        fetchCandidates: async () => answer as never,
      });
      await expect(resolve({ status_list: { idx: 0, uri: 'https://a.example/l' } })).rejects.toMatchObject({
        code: 'ERR_STATUS_LIST_FETCH',
      });
    }
  });
});

describe('ledger candidates: Bitstring Status List', () => {
  const kp = generateKeyPair('Ed25519');
  const mb = publicKeyToMultibase('Ed25519', kp.publicKey);
  const did = `did:key:${mb}`;
  const sign = (u: Record<string, unknown>) =>
    issueCredential(u, { signer: createDataIntegritySigner(kp, `${did}#${mb}`) });
  const other = generateKeyPair('Ed25519');
  const omb = publicKeyToMultibase('Ed25519', other.publicKey);
  const otherDid = `did:key:${omb}`;
  const otherSign = (u: Record<string, unknown>) =>
    issueCredential(u, { signer: createDataIntegritySigner(other, `${otherDid}#${omb}`) });
  const verifier = (clock: () => number) => async (vc: Record<string, unknown>) => {
    const r = await verifyCredential(vc, { now: new Date(clock()) });
    return r.verified && vc.issuer === did;
  };

  it('junk, junk JSON, another issuer’s list and a re-encoded older list after the latest: still revoked', async () => {
    const ledger = new MemoryLedger();
    const uri = 'https://authority.example/status/bitstring/candidates';
    let t = T0;
    const lists = new BitstringStatusListIssuer({
      uri,
      issuer: did,
      statusPurpose: 'revocation',
      sign,
      now: () => t,
    });
    const a = lists.allocate();
    const b = lists.allocate();
    const old = await lists.publish(ledger);
    t = T1;
    lists.set(Number(a.statusListIndex), true);
    await lists.publish(ledger);
    const topic = statusListTopic(uri);
    await ledger.append(topic, new Uint8Array([0xff, 0x00, 0x7b]));
    // The older genuine list re-encoded (whitespace; the proof still verifies).
    await ledger.append(topic, utf8Encode(JSON.stringify(old.credential, null, 2)));
    await ledger.append(topic, utf8Encode(JSON.stringify({ validFrom: '2099-01-01T00:00:00Z', type: 'x' })));
    let t2 = T1 + 20_000;
    const intruder = new BitstringStatusListIssuer({
      uri,
      issuer: otherDid,
      statusPurpose: 'revocation',
      sign: otherSign,
      now: () => t2,
    });
    await intruder.publish(ledger);
    t2 += 1000;
    expect(await ledger.size(topic)).toBe(6);
    const clock = () => T1;
    const skipped: unknown[] = [];
    const resolve = createBitstringStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      verifyCredential: verifier(clock),
      now: clock,
      onCandidateSkipped: (_u, e) => skipped.push(e),
    });
    expect((await resolve(a)).status).toBe(1);
    expect((await resolve(b)).status).toBe(0);
    expect(skipped.length).toBe(2); // the junk JSON (claims 2099) and the intruder's list
    const check = createBitstringStatusChecker({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      verifyCredential: verifier(clock),
      now: clock,
      maxCandidates: 2,
    });
    // The two newest entries (junk JSON, the intruder's list) are junk: a coded error.
    await expect(check(a)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_NO_VALID_CANDIDATE' });
    // A window of three reaches only the re-encoded older list: a verifier that has seen the
    // newer list refuses it (ERR_STATUS_LIST_ROLLBACK) rather than un-revoking.
    let seenClock = T1;
    let window = 64;
    const seen = createBitstringStatusResolver({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      fetchCandidates: (u) => createLedgerStatusFetcher(ledger).candidates(u, window),
      verifyCredential: verifier(() => seenClock),
      now: () => seenClock,
      maxTtlMs: 1000,
    });
    expect((await seen(a)).status).toBe(1);
    window = 3;
    seenClock += 2000;
    await expect(seen(a)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ROLLBACK' });
    const roomy = createBitstringStatusChecker({
      matchIssuer: false,
      fetch: createLedgerStatusFetcher(ledger),
      verifyCredential: verifier(clock),
      now: clock,
    });
    expect((await roomy(a)).status).toBe('revoked');
    expect((await roomy(b)).status).toBe('valid');
  });
});
