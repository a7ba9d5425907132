import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { alice, buildWorld, enrolledWallet, originFor } from './helpers.js';

/**
 * A relaying site: the hospital, during its own session with the user, shows the video site's
 * request or login challenge (fetched from the video site) and forwards the wallet's answer. If the
 * wallet answered, the hospital would learn that its user is the video site's user.
 */
describe('origin binding: a site cannot relay another site’s request', () => {
  it('a relayed registration request and a relayed login challenge are refused', async () => {
    const w = await buildWorld(new MemoryLedger());
    const wallet = await enrolledWallet(w, alice);
    const hospitalOrigin = originFor(w.hospital.did);
    await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    // the hospital's page relays the video site's challenge: it arrives from the hospital's origin
    const relayed = await w.video.createLoginChallenge();
    await expect(wallet.login(relayed, { origin: hospitalOrigin })).rejects.toMatchObject({
      code: 'ERR_REQUEST_WRONG_ORIGIN',
    });
    await expect(
      wallet.respond(await w.video.createRequest(['age_over_18']), { origin: hospitalOrigin }),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_WRONG_ORIGIN' });
    const log = await wallet.exportConsentLog();
    expect(log.at(-1)).toMatchObject({ action: 'refused', rp: w.video.did });
    // from the video site's own origin the same kind of challenge is answered
    const ok = await wallet.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) });
    expect((await w.video.verifyLogin(ok)).did).toBe(wallet.pairwiseDid(w.video.did));
  });

  it('the first login from an origin not seen on this device asks the holder', async () => {
    const w = await buildWorld(new MemoryLedger());
    const mobile = 'https://m.video.example';
    await w.registry.registerRelyingParty({
      rp: w.video.did,
      name: 'Video site',
      allowedClaims: ['age_over_18'],
      origins: [originFor(w.video.did), mobile],
    });
    const asked: string[] = [];
    let agree = false;
    const wallet = await enrolledWallet(w, alice, 2, (q) => {
      asked.push(`${q.action} ${q.origin}`);
      return q.action === 'registration' || agree;
    });
    await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    // same origin as the registration: no question
    await wallet.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) });
    expect(asked).toEqual([`registration ${originFor(w.video.did)}`]);
    // a new origin: asked; declined, then agreed once, then not asked again
    await expect(
      wallet.login(await w.video.createLoginChallenge(), { origin: mobile }),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_DECLINED',
    });
    agree = true;
    await wallet.login(await w.video.createLoginChallenge(), { origin: mobile });
    agree = false;
    await wallet.login(await w.video.createLoginChallenge(), { origin: mobile });
    expect(asked).toEqual([`registration ${originFor(w.video.did)}`, `login ${mobile}`, `login ${mobile}`]);
  });
});
