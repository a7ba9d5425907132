import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTraceAudit, Trustee, type UnlinkableAccount, type UnlinkableWallet } from '../src/index.js';
import { parseJsonBytes } from '../src/internal/signedJson.js';
import { alice, bob } from './helpers.js';
import { buildUnlinkableWorld, EPOCH_SECONDS, type UnlinkableWorld } from './unlinkable-helpers.js';

describe('unlinkable mode: the whole story on a SqliteLedger', () => {
  let dir: string;
  let ledger: SqliteLedger;
  let w: UnlinkableWorld;
  let aliceWallet: UnlinkableWallet;
  let bobWallet: UnlinkableWallet;
  const accounts = new Map<string, UnlinkableAccount>();
  const police = generateKeyPair('Ed25519');
  let trustees: Trustee[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'realdid-unlinkable-'));
    ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
    w = await buildUnlinkableWorld(ledger);
    aliceWallet = w.enrol(alice);
    bobWallet = w.enrol(bob);
    trustees = w.shares.map(
      (share, i) =>
        new Trustee({
          share,
          committee: w.committee,
          auditKey: w.trusteeKeys[i]!,
          ledger,
          approve: (r) => r.reason.startsWith('warrant:'),
        }),
    );
  });

  afterAll(async () => {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers at two sites with different claims', async () => {
    const v = await w.video.verifyRegistration(
      await aliceWallet.register(await w.video.createRequest(['age_over_18']), { origin: w.video.origin }),
    );
    expect(v.claims).toEqual({ age_over_18: true });
    const h = await w.hospital.verifyRegistration(
      await aliceWallet.register(await w.hospital.createRequest(['family_name', 'given_name', 'birthdate']), {
        origin: w.hospital.origin,
      }),
    );
    expect(h.claims).toEqual({ family_name: '王', given_name: '小明', birthdate: '1990-01-01' });
    expect(h.pseudonym).not.toBe(v.pseudonym);
    const b = await w.video.verifyRegistration(
      await bobWallet.register(await w.video.createRequest(['age_over_18']), { origin: w.video.origin }),
    );
    expect(b.pseudonym).not.toBe(v.pseudonym);
    accounts.set('video|alice', v);
    accounts.set('hospital|alice', h);
    accounts.set('video|bob', b);
  });

  it('logs in with a fresh proof for the same pseudonym', async () => {
    const login = await aliceWallet.login(await w.video.createLoginChallenge(), { origin: w.video.origin });
    const account = await w.video.verifyLogin(login);
    expect(account.pseudonym).toBe(accounts.get('video|alice')!.pseudonym);
    const again = await aliceWallet.login(await w.video.createLoginChallenge(), { origin: w.video.origin });
    expect(again.proof).not.toBe(login.proof);
    await expect(w.video.verifyLogin(login)).rejects.toMatchObject({ code: 'ERR_NONCE_REPLAYED' });
  });

  it('refuses a second registration of one person at one site (Sybil)', async () => {
    const res = await aliceWallet.register(await w.video.createRequest(['age_over_18']), {
      origin: w.video.origin,
    });
    await expect(w.video.verifyRegistration(res)).rejects.toMatchObject({ code: 'ERR_ACCOUNT_EXISTS' });
  });

  it('a wallet refuses a site the registry does not list for that origin or claim', async () => {
    await expect(
      aliceWallet.register(await w.video.createRequest(['national_id']), { origin: w.video.origin }),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_NOT_ALLOWED' });
    await expect(
      aliceWallet.register(await w.video.createRequest(['age_over_18']), { origin: w.hospital.origin }),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_WRONG_ORIGIN' });
  });

  it('revokes by epochs: re-issued people keep their pseudonym, a revoked person is refused', async () => {
    w.authority.revoke(alice.recordId);
    w.now.t += EPOCH_SECONDS * 1000;
    expect(() => w.reissue(aliceWallet, alice)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    w.reissue(bobWallet, bob);
    const bobLogin = await w.video.verifyLogin(
      await bobWallet.login(await w.video.createLoginChallenge(), { origin: w.video.origin }),
    );
    expect(bobLogin.pseudonym).toBe(accounts.get('video|bob')!.pseudonym);
    await expect(
      w.video.verifyLogin(
        await aliceWallet.login(await w.video.createLoginChallenge(), { origin: w.video.origin }),
      ),
    ).rejects.toMatchObject({ code: 'ERR_LOGIN_EXPIRED' });
    await expect(
      w.hospital.verifyRegistration(
        await aliceWallet.register(await w.hospital.createRequest(['birthdate']), {
          origin: w.hospital.origin,
        }),
      ),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_EPOCH' });
  });

  it('a stale credential that lies about its epoch is refused by the proof', async () => {
    const res = await aliceWallet.register(await w.hospital.createRequest(['birthdate']), {
      origin: w.hospital.origin,
    });
    await expect(w.hospital.verifyRegistration({ ...res, epoch: res.epoch + 1 })).rejects.toMatchObject({
      code: 'ERR_PRESENTATION_INVALID',
    });
  });

  /** Opens an account's token as `requester`, with the trustees of the given share indexes. */
  async function trace(account: UnlinkableAccount, reason: string, who: number[], requester = police) {
    const request = await w.committee.request({ token: account.trace, reason, requester, ledger });
    const partials = [];
    for (const i of who) partials.push(await trustees[i]!.partialDecrypt(request));
    return {
      request,
      partials,
      opened: await w.committee.combine({ request, partials, opener: requester, ledger }),
    };
  }

  it('traces an account with 3 of 5 trustees; the authority maps the handle to the person', async () => {
    const { opened } = await trace(accounts.get('hospital|alice')!, 'warrant: case 7', [4, 1, 2]);
    const point = opened.handle;
    expect(point).toHaveLength(48);
    expect(w.authority.recordForHandlePoint(point)?.recordId).toBe(alice.recordId);
    // the other site's account of the same person opens to the same handle; another person's does not
    const other = await trace(accounts.get('video|alice')!, 'warrant: case 7', [0, 1, 2]);
    expect(other.opened.handle).toEqual(point);
    const ofBob = await trace(accounts.get('video|bob')!, 'warrant: case 8', [2, 3, 4]);
    expect(w.authority.recordForHandlePoint(ofBob.opened.handle)?.recordId).toBe(bob.recordId);
  });

  it('two partials are not enough; a wrong partial is refused naming its trustee', async () => {
    // (another requester: this request stays open, and a requester has one open request per token)
    const prosecutor = generateKeyPair('Ed25519');
    const request = await w.committee.request({
      token: accounts.get('video|bob')!.trace,
      reason: 'warrant: case 9',
      requester: prosecutor,
      ledger,
    });
    const partials = [];
    for (const t of trustees.slice(0, 3)) partials.push(await t.partialDecrypt(request));
    await expect(
      w.committee.combine({ request, partials: partials.slice(0, 2), opener: prosecutor, ledger }),
    ).rejects.toMatchObject({ code: 'ERR_TRACE_NOT_ENOUGH_PARTIALS' });
    const forged = { ...partials[1]!, share: partials[0]!.share };
    await expect(
      w.committee.combine({
        request,
        partials: [partials[0]!, forged, partials[2]!],
        opener: prosecutor,
        ledger,
      }),
    ).rejects.toMatchObject({ code: 'ERR_TRACE_PARTIAL_INVALID', trustee: 'trustee-2' });
  });

  it('audited tracing on the ledger: trustees answer only logged requests their policy approves', async () => {
    const token = accounts.get('video|bob')!.trace;
    // a request nobody logged is not answered
    const unlogged = await w.committee.request({
      token,
      reason: 'warrant: case 10',
      requester: police,
      ledger: new MemoryLedger(),
    });
    await expect(trustees[0]!.partialDecrypt(unlogged)).rejects.toMatchObject({
      code: 'ERR_TRACE_REQUEST_NOT_LOGGED',
    });
    // a logged request without a warrant is refused, and the refusal is logged
    const nosy = generateKeyPair('Ed25519');
    const fishing = await w.committee.request({ token, reason: 'curiosity', requester: nosy, ledger });
    await expect(trustees[0]!.partialDecrypt(fishing)).rejects.toMatchObject({
      code: 'ERR_TRACE_REQUEST_REFUSED',
    });
    const before = (await readTraceAudit(ledger, w.committee)).length;
    const { opened } = await trace(accounts.get('video|bob')!, 'warrant: case 11', [1, 2, 3]);
    expect(w.authority.recordForHandlePoint(opened.handle)?.recordId).toBe(bob.recordId);
    const entries = await readTraceAudit(ledger, w.committee);
    expect(entries.slice(before).map((e) => e.entry.type)).toEqual([
      'trace-request',
      'trace-partial',
      'trace-partial',
      'trace-partial',
      'trace-opening',
    ]);
    expect(
      entries.some(
        (e) => e.entry.type === 'trace-refusal' && e.entry.request === w.committee.checkRequest(fishing).id,
      ),
    ).toBe(true);
    // the G1 committee's audit topic is its own; no partial decryption is on the ledger
    expect(w.committee.auditTopic).toBe('trace-audit-g1:unlinkable-2026');
    for (const e of await ledger.read(w.committee.auditTopic)) {
      const v = parseJsonBytes(e.payload);
      expect(v !== undefined && 'share' in v).toBe(false);
    }
  });
});
