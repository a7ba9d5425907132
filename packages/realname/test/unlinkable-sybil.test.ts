import { commitWithNym, randomScalar } from '@realdid/bbs';
import { MemoryLedger } from '@realdid/ledger';
import { beforeEach, describe, expect, it } from 'vitest';
import { type RealNameClaim, UnlinkableWallet } from '../src/index.js';
import { ISSUANCE_REQUEST_LEN } from '../src/unlinkable/nymBinding.js';
import { alice, bob } from './helpers.js';
import { buildUnlinkableWorld, EPOCH_SECONDS, type UnlinkableWorld } from './unlinkable-helpers.js';

let w: UnlinkableWorld;
let honest: UnlinkableWallet;

beforeEach(async () => {
  w = await buildUnlinkableWorld(new MemoryLedger());
  honest = w.enrol(alice);
  const first = await honest.register(await w.video.createRequest(['age_over_18']), {
    origin: w.video.origin,
  });
  await w.video.verifyRegistration(first);
  w.now.t += EPOCH_SECONDS * 1000; // the next epoch: every credential is re-issued
});

/** A fresh wallet (fresh master secret, so a fresh nym secret) for the same person. */
function freshWallet(): UnlinkableWallet {
  return new UnlinkableWallet({
    committeeKey: w.committee.publicKey,
    ledger: w.ledger,
    registryDid: w.registryDid,
  });
}

/** Tries to open an account at the video site with `wallet`; the site's accounts afterwards. */
async function register(wallet: UnlinkableWallet, claims: RealNameClaim[] = ['age_over_18']) {
  const res = await wallet.register(await w.video.createRequest(claims), { origin: w.video.origin });
  return w.video.verifyRegistration(res);
}

describe('unlinkable mode: Sybil across epochs (the nym secret is bound to the enrolment for life)', () => {
  it('control: the honest wallet re-issued next epoch has the same pseudonym and is refused a second account', async () => {
    w.reissue(honest, alice);
    await expect(register(honest)).rejects.toMatchObject({ code: 'ERR_ACCOUNT_EXISTS' });
    expect(w.video.accounts()).toHaveLength(1);
  });

  it('a re-issuance to a wallet with a fresh nym secret is refused, so no second account is opened', async () => {
    // the exploit: next epoch, the person asks for their credential into a fresh wallet
    const sybil = freshWallet();
    let issued = false;
    try {
      sybil.finishIssuance(w.authority.issue(alice.recordId, sybil.beginIssuance()));
      issued = true;
    } catch (err) {
      expect(err).toMatchObject({ code: 'ERR_ISSUANCE_REFUSED' });
    }
    // with a credential, the fresh nym would give a new pseudonym at the site: a second account
    if (issued) await register(sybil).catch(() => undefined);
    expect(w.video.accounts()).toHaveLength(1);
    expect(issued).toBe(false);
    // the refusal did not use up the epoch: the honest wallet is still re-issued and logs in
    w.reissue(honest, alice);
    const login = await honest.login(await w.video.createLoginChallenge(), { origin: w.video.origin });
    await expect(w.video.verifyLogin(login)).resolves.toMatchObject({ claims: { age_over_18: true } });
  });

  it('re-enrolling the person with a fresh nym secret is refused; the enrolled binding stays', async () => {
    const sybil = freshWallet();
    expect(() => w.authority.enrol(alice, sybil.enrolment(alice.recordId))).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    expect(() => w.authority.issue(alice.recordId, sybil.beginIssuance())).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    // re-enrolment with the same binding is idempotent
    expect(() => w.authority.enrol(alice, honest.enrolment(alice.recordId))).not.toThrow();
    expect(w.video.accounts()).toHaveLength(1);
  });

  it('the enrolled wallet’s nym proof spliced onto a commitment to a fresh nym is refused', async () => {
    const genuine = honest.beginIssuance();
    const { commitmentWithProof } = commitWithNym({
      committedMessages: [randomScalar()],
      proverNyms: [randomScalar()],
    });
    const spliced = new Uint8Array(ISSUANCE_REQUEST_LEN);
    spliced.set(commitmentWithProof);
    spliced.set(genuine.subarray(commitmentWithProof.length), commitmentWithProof.length);
    expect(() => w.authority.issue(alice.recordId, spliced)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    // the bare draft commitment (no nym proof) is refused too
    expect(() => w.authority.issue(alice.recordId, commitmentWithProof)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
  });

  it('an enrolment binding made for another record id, or altered, is refused', () => {
    const other = freshWallet();
    const binding = other.enrolment(alice.recordId);
    expect(() => w.authority.enrol(bob, binding)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    const flipped = binding.slice();
    flipped[100] = (flipped[100] ?? 0) ^ 1;
    expect(() => w.authority.enrol(bob, flipped)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    expect(() => w.authority.enrol(bob, binding.subarray(1))).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    expect(() => w.authority.enrol(bob, 'x' as never)).toThrow(TypeError);
  });
});
