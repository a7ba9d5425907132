// A login whose credential status cannot be re-read (the ledger is down once the cached status
// has aged out) fails closed with ERR_LOGIN_STATUS_UNAVAILABLE: no session on an unknown status,
// nothing of the account lost, and the login works again once the ledger is back.
import { isRealDidError } from '@realdid/crypto';
import { type LedgerEntry, MemoryLedger, type ReadOptions } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { alice, buildWorld, enrolledWallet, originFor } from './helpers.js';

/** A MemoryLedger whose reads fail while `down` (an outage of the node the relying party reads). */
class OutageLedger extends MemoryLedger {
  down = false;
  override async read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]> {
    if (this.down) throw new Error('ledger node unreachable: connection refused');
    return super.read(topic, options);
  }
}

describe('login when the credential status cannot be established', () => {
  it('refuses with ERR_LOGIN_STATUS_UNAVAILABLE, keeps the account, and logs in after the outage', async () => {
    const ledger = new OutageLedger();
    const w = await buildWorld(ledger);
    const a = await enrolledWallet(w, alice, 2);
    const origin = { origin: originFor(w.video.did) };
    const account = await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), origin),
    );

    // An hour later (beyond any cached status answer), the ledger is unreachable.
    // (The wallet reads the site's DID document before the outage: only the site's reads fail.)
    w.now.t += 3_600_000;
    const response = await a.login(await w.video.createLoginChallenge(), origin);
    ledger.down = true;
    let err: unknown;
    try {
      await w.video.verifyLogin(response);
    } catch (e) {
      err = e;
    }
    expect(isRealDidError(err, 'ERR_LOGIN_STATUS_UNAVAILABLE'), String(err)).toBe(true);
    expect((err as Error).message).not.toContain(account.did);

    // Back up: the same account logs in; nothing was lost.
    ledger.down = false;
    const again = await w.video.verifyLogin(await a.login(await w.video.createLoginChallenge(), origin));
    expect(again.did).toBe(account.did);
    expect(again.trace).toEqual(account.trace);
  });
});
