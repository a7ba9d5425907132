import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import { RelyingParty } from '../src/index.js';
import { alice, bob, buildWorld, enrolledWallet, originFor, type World } from './helpers.js';

/** The relying party's coded rejections that the story and role tests do not reach. */
describe('RelyingParty: expired nonces, unknown accounts, trace tokens for another committee', () => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(new MemoryLedger());
  });

  /** The video site again, from its exported state: same DID and keys, its own stores. */
  const videoAgain = (extra: { traceCommittee?: string } = {}) =>
    RelyingParty.restore(w.video.exportState(), {
      ledger: w.ledger,
      registryDid: w.registry.did,
      traceCommittee: w.committee.committeeId,
      now: () => new Date(w.now.t),
      statusMaxAgeSeconds: 0,
      ...extra,
    });

  it('a response that arrives after its request expired: ERR_NONCE_EXPIRED, and no account', async () => {
    const wallet = await enrolledWallet(w, alice, 2);
    const site = videoAgain();
    const response = await wallet.respond(await site.createRequest(['age_over_18']), {
      origin: originFor(site.did),
    });
    const start = w.now.t;
    w.now.t += 301_000; // past the default 300 s request lifetime
    try {
      await expect(site.verifyRegistration(response)).rejects.toMatchObject({ code: 'ERR_NONCE_EXPIRED' });
    } finally {
      w.now.t = start;
    }
    expect(await site.listAccounts()).toEqual([]);
  });

  it('a login by a pairwise DID with no account here: ERR_LOGIN_UNKNOWN_ACCOUNT (verifyLogin, traceTokenOf)', async () => {
    const wallet = await enrolledWallet(w, bob, 2);
    const account = await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    // The same site restored without its account store: the wallet knows the site, the site no longer knows it.
    const site = videoAgain();
    await expect(
      site.verifyLogin(
        await wallet.login(await site.createLoginChallenge(), { origin: originFor(site.did) }),
      ),
    ).rejects.toMatchObject({
      code: 'ERR_LOGIN_UNKNOWN_ACCOUNT',
    });
    await expect(site.traceTokenOf(account.did)).rejects.toMatchObject({ code: 'ERR_LOGIN_UNKNOWN_ACCOUNT' });
    // The original site still logs the wallet in.
    expect(
      (
        await w.video.verifyLogin(
          await wallet.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
        )
      ).did,
    ).toBe(account.did);
  });

  it('a trace token addressed to another committee than the site expects: ERR_PRESENTATION_TRACE', async () => {
    const wallet = await enrolledWallet(w, alice, 2);
    const site = videoAgain({ traceCommittee: 'another-committee' });
    await expect(
      site.verifyRegistration(
        await wallet.respond(await site.createRequest(['age_over_18']), { origin: originFor(site.did) }),
      ),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_TRACE' });
    expect(await site.listAccounts()).toEqual([]);
  });
});
