import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64urlDecode, generateKeyPair } from '@realdid/crypto';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  G1Trustee,
  g1TraceAuditTopic,
  logG1TraceOpening,
  logG1TraceRequest,
  type UnlinkableAccount,
  type UnlinkableWallet,
} from '../src/index.js';
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

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'realdid-unlinkable-'));
    ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
    w = await buildUnlinkableWorld(ledger);
    aliceWallet = w.enrol(alice);
    bobWallet = w.enrol(bob);
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

  it('traces an account with 3 of 5 trustees; the authority maps the handle to the person', () => {
    const account = accounts.get('hospital|alice')!;
    const { request, blinding } = w.committee.request(base64urlDecode(account.trace), 'warrant: case 7');
    const partials = [w.shares[4]!, w.shares[1]!, w.shares[2]!].map((s) => w.committee.partial(s, request));
    const point = w.committee.open(request, blinding, partials);
    expect(w.authority.recordForHandlePoint(point)?.recordId).toBe(alice.recordId);
    // the other site's account of the same person opens to the same handle; another person's does not
    const other = w.committee.request(base64urlDecode(accounts.get('video|alice')!.trace), 'warrant: case 7');
    const p2 = w.committee.open(
      other.request,
      other.blinding,
      w.shares.slice(0, 3).map((s) => w.committee.partial(s, other.request)),
    );
    expect(p2).toEqual(point);
    const bobReq = w.committee.request(base64urlDecode(accounts.get('video|bob')!.trace), 'warrant: case 8');
    const p3 = w.committee.open(
      bobReq.request,
      bobReq.blinding,
      w.shares.slice(2).map((s) => w.committee.partial(s, bobReq.request)),
    );
    expect(w.authority.recordForHandlePoint(p3)?.recordId).toBe(bob.recordId);
  });

  it('two partials are not enough; a wrong partial is refused naming its trustee', () => {
    const { request, blinding } = w.committee.request(
      base64urlDecode(accounts.get('video|bob')!.trace),
      'warrant: case 9',
    );
    const partials = w.shares.slice(0, 3).map((s) => w.committee.partial(s, request));
    expect(() => w.committee.open(request, blinding, partials.slice(0, 2))).toThrow(
      expect.objectContaining({ code: 'ERR_TRACE_NOT_ENOUGH_PARTIALS' }),
    );
    const forged = { ...partials[1]!, d: partials[0]!.d };
    expect(() => w.committee.open(request, blinding, [partials[0]!, forged, partials[2]!])).toThrow(
      expect.objectContaining({ code: 'ERR_TRACE_PARTIAL_INVALID', trustee: 2 }),
    );
  });

  it('audited tracing on the ledger: trustees answer only logged requests their policy approves', async () => {
    const police = generateKeyPair('Ed25519');
    const trustees = w.shares.map(
      (share) =>
        new G1Trustee({
          committee: w.committee,
          committeeId: 'unlinkable-2026',
          share,
          key: generateKeyPair('Ed25519'),
          ledger,
          approve: (r) => r.reason.startsWith('warrant:'),
        }),
    );
    const token = base64urlDecode(accounts.get('video|bob')!.trace);
    // a request nobody logged is not answered
    await expect(trustees[0]!.answer('not-an-id')).rejects.toMatchObject({
      code: 'ERR_TRACE_REQUEST_NOT_LOGGED',
    });
    // a logged request without a warrant is refused, and the refusal is logged
    const fishing = await logG1TraceRequest(
      ledger,
      'unlinkable-2026',
      w.committee.request(token, 'curiosity').request,
      police,
    );
    await expect(trustees[0]!.answer(fishing)).rejects.toMatchObject({ code: 'ERR_TRACE_REQUEST_REFUSED' });
    const { request, blinding } = w.committee.request(token, 'warrant: case 11');
    const auditId = await logG1TraceRequest(ledger, 'unlinkable-2026', request, police);
    const partials = await Promise.all(trustees.slice(1, 4).map((t) => t.answer(auditId)));
    const point = w.committee.open(request, blinding, partials);
    await logG1TraceOpening(ledger, 'unlinkable-2026', auditId, partials, point, police);
    expect(w.authority.recordForHandlePoint(point)?.recordId).toBe(bob.recordId);
    const types = (await ledger.read(g1TraceAuditTopic('unlinkable-2026'))).map(
      (e) => parseJsonBytes(e.payload)?.type,
    );
    expect(types).toEqual([
      'g1-trace-request',
      'g1-trace-refusal',
      'g1-trace-request',
      'g1-trace-partial',
      'g1-trace-partial',
      'g1-trace-partial',
      'g1-trace-opening',
    ]);
  });
});
