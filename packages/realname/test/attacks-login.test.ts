import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { alice, bob, buildWorld, enrolledWallet, originFor } from './helpers.js';

describe('login re-checks the credential an account registered with', () => {
  it('a revoked person is refused at login; after a fresh batch the wallet re-registers', async () => {
    const w = await buildWorld(new MemoryLedger());
    const a = await enrolledWallet(w, alice, 3);
    const b = await enrolledWallet(w, bob, 2);
    const account = await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    await w.video.verifyRegistration(
      await b.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    expect(
      (
        await w.video.verifyLogin(
          await a.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
        )
      ).did,
    ).toBe(account.did);

    expect(await w.authority.revoke(alice.recordId)).toBe(3);
    await w.authority.publishEpoch();
    await expect(
      w.video.verifyLogin(
        await a.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
      ),
    ).rejects.toMatchObject({
      code: 'ERR_LOGIN_REVOKED',
    });
    // Bob, not revoked, still logs in
    await w.video.verifyLogin(
      await b.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
    );
    // the authority issues Alice a fresh batch (say, after an appeal): she registers again, same DID
    await a.storeCredentials(
      await w.authority.enrol({
        evidence: { nationalId: alice.nationalId, familyName: alice.familyName, givenName: alice.givenName },
        holderKeys: await a.createHolderKeys(1),
      }),
    );
    const again = await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), {
        origin: originFor(w.video.did),
        renew: true,
      }),
    );
    expect(again.did).toBe(account.did);
    expect(
      (
        await w.video.verifyLogin(
          await a.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
        )
      ).did,
    ).toBe(account.did);
  });

  it('an expired credential ends the session; re-registration with a fresh credential restores it', async () => {
    const w = await buildWorld(new MemoryLedger());
    const a = await enrolledWallet(w, alice, 2);
    const account = await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    // a year and two days later: the credential (valid 365 days) has expired
    w.now.t += 367 * 86_400_000;
    await expect(
      w.video.verifyLogin(
        await a.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
      ),
    ).rejects.toMatchObject({
      code: 'ERR_LOGIN_EXPIRED',
    });
    // the authority publishes its status list once per epoch (a day), not per enrolment
    await w.authority.publishEpoch();
    await a.storeCredentials(
      await w.authority.enrol({
        evidence: { nationalId: alice.nationalId, familyName: alice.familyName, givenName: alice.givenName },
        holderKeys: await a.createHolderKeys(2),
      }),
    );
    const again = await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), {
        origin: originFor(w.video.did),
        renew: true,
      }),
    );
    expect(again.did).toBe(account.did);
    expect(again.trace.token).not.toBe(account.trace.token);
    expect(
      (
        await w.video.verifyLogin(
          await a.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
        )
      ).did,
    ).toBe(account.did);
  });
});
