import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsentQuestion, UnlinkableRequest, UnlinkableWallet } from '../src/index.js';
import { UnlinkableWallet as Wallet } from '../src/index.js';
import { alice } from './helpers.js';
import { buildUnlinkableWorld, type UnlinkableWorld } from './unlinkable-helpers.js';

/**
 * A relaying or forging party: the hospital, during its own session with the user, shows the video
 * site's request (fetched from the video site) or a request it made up in the video site's name. If
 * the wallet answered, the hospital would receive the user's pseudonym **at the video site** (it
 * depends only on the video site's DID) and, with the video site, link the two accounts.
 */

let w: UnlinkableWorld;
let wallet: UnlinkableWallet;
const asked: ConsentQuestion[] = [];
let agree = true;

beforeAll(async () => {
  w = await buildUnlinkableWorld(new MemoryLedger());
  wallet = w.enrol(alice);
  // the same person's wallet, with a consent prompt (the world's wallets agree to everything)
  wallet = new Wallet({
    committeeKey: w.committee.publicKey,
    ledger: w.ledger,
    registryDid: w.registryDid,
    now: () => new Date(w.now.t),
    consent: (q) => {
      asked.push(q);
      return agree;
    },
  });
  w.authority.enrol({ ...alice, recordId: 'alice-2' }, wallet.enrolment('alice-2'));
  w.reissue(wallet, { ...alice, recordId: 'alice-2' });
});

const atVideo = () => ({ origin: w.origins.video });
const atHospital = () => ({ origin: w.origins.hospital });

describe('unlinkable mode: signed site requests, origin and consent', () => {
  it('a site relaying another site’s request or login challenge gets no pseudonym of it', async () => {
    await expect(
      wallet.register(await w.video.createRequest(['age_over_18']), atHospital()),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_WRONG_ORIGIN' });
    await expect(wallet.login(await w.video.createLoginChallenge(), atHospital())).rejects.toMatchObject({
      code: 'ERR_REQUEST_WRONG_ORIGIN',
    });
    // no wallet answers without the registry (it could not tell a relayed request)
    expect(() => new Wallet({ committeeKey: w.committee.publicKey } as never)).toThrow(TypeError);
    // control: from the video site's own origin the same kind of request is answered
    const res = await wallet.register(await w.video.createRequest(['age_over_18']), atVideo());
    await expect(w.video.verifyRegistration(res)).resolves.toMatchObject({ pseudonym: res.pseudonym });
  });

  it('a request not signed by the site’s DID is refused before the holder is asked or anything is shown', async () => {
    const genuine = await w.video.createRequest(['age_over_18']);
    const before = asked.length;
    // made up in the video site's name (e.g. by a script on its page) with the attacker's nonce
    const { proof: _p, ...unsigned } = genuine;
    const forged: unknown[] = [
      unsigned,
      { ...unsigned, nonce: 'attacker-chosen-nonce-0001', proof: genuine.proof },
      // the hospital's own signed request relabelled as the video site's
      { ...(await w.hospital.createRequest(['age_over_18'])), rp: w.video.did },
      // the genuine request with its claims widened after signing (within what the site may ask)
      { ...(await w.hospital.createRequest(['region'])), claims: ['region', 'birthdate'] },
    ];
    for (const [i, req] of forged.entries()) {
      const origin = i === 3 ? atHospital() : atVideo();
      await expect(wallet.register(req as UnlinkableRequest, origin), `forgery ${i}`).rejects.toMatchObject({
        code: 'ERR_REQUEST_INVALID',
      });
    }
    const challenge = await w.video.createLoginChallenge();
    await expect(
      wallet.login({ ...challenge, nonce: 'attacker-chosen-nonce-0002' }, atVideo()),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_INVALID' });
    expect(asked.length).toBe(before);
  });

  it('an expired request, or one valid for more than an hour, is refused', async () => {
    const req = await w.video.createRequest(['age_over_18']);
    w.now.t += 301_000; // the site's requests live 300 s
    try {
      await expect(wallet.register(req, atVideo())).rejects.toMatchObject({ code: 'ERR_REQUEST_EXPIRED' });
    } finally {
      w.now.t -= 301_000;
    }
    await expect(wallet.register({ ...req, iat: req.exp - 3601 }, atVideo())).rejects.toMatchObject({
      code: 'ERR_REQUEST_INVALID',
    });
  });

  it('the holder is asked before every registration and at the first login from an origin; a refusal shows nothing', async () => {
    asked.length = 0;
    agree = false;
    await expect(
      wallet.register(await w.hospital.createRequest(['family_name', 'region']), atHospital()),
    ).rejects.toMatchObject({ code: 'ERR_REQUEST_DECLINED' });
    expect(asked).toEqual([
      {
        action: 'registration',
        rp: w.hospital.did,
        rpName: 'Hospital',
        origin: w.origins.hospital,
        claims: ['family_name', 'region'],
      },
    ]);
    expect(w.hospital.accounts()).toHaveLength(0);
    agree = true;
    await w.hospital.verifyRegistration(
      await wallet.register(await w.hospital.createRequest(['family_name', 'region']), atHospital()),
    );
    asked.length = 0;
    await w.hospital.verifyLogin(await wallet.login(await w.hospital.createLoginChallenge(), atHospital()));
    // the registration's origin was seen: the login is not asked about
    expect(asked).toEqual([]);
  });
});
