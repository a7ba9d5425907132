import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from '../src/index.js';
import { alice, buildWorld, enrolledWallet, originFor, type World } from './helpers.js';

describe('flows on a MemoryLedger', () => {
  let w: World;
  let wallet: Wallet;
  beforeAll(async () => {
    w = await buildWorld(new MemoryLedger());
    wallet = await enrolledWallet(w, alice);
  });

  it('registers at a site with exactly the requested claims, then logs in', async () => {
    const req = await w.video.createRequest(['age_over_18']);
    const res = await wallet.respond(req, { origin: originFor(w.video.did) });
    const account = await w.video.verifyRegistration(res);
    expect(account.claims).toEqual({ age_over_18: true });
    expect(account.did).toBe(wallet.pairwiseDid(w.video.did));
    const challenge = await w.video.createLoginChallenge();
    const login = await wallet.login(challenge, { origin: originFor(w.video.did) });
    expect((await w.video.verifyLogin(login)).did).toBe(account.did);
  });
});
