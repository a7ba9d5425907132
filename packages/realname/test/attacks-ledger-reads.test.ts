import { resolveDid } from '@realdid/did';
import { type LedgerClient, MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { alice, buildWorld, enrolledWallet, originFor } from './helpers.js';

/** A LedgerClient that records every call (method and arguments) before passing it on. */
function counting(inner: LedgerClient): { ledger: LedgerClient; calls: string[] } {
  const calls: string[] = [];
  const ledger = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        calls.push(
          `${String(prop)} ${JSON.stringify(args, (_k, x) => (x instanceof Uint8Array ? '<bytes>' : x))}`,
        );
        return v.apply(target, args);
      };
    },
  });
  return { ledger, calls };
}

/**
 * A remote ledger's operator sees every read. If resolving a pairwise DID read the ledger, the
 * operator would learn which pairwise DIDs sites resolve, and when: which accounts are active.
 */
describe('pairwise DIDs resolve without the ledger', () => {
  it('resolving a pairwise DID makes zero ledger calls', async () => {
    const w = await buildWorld(new MemoryLedger());
    const wallet = await enrolledWallet(w, alice, 2);
    const did = wallet.pairwiseDid(w.video.did);
    const { ledger, calls } = counting(w.ledger);
    const res = await resolveDid(did, { networks: { main: ledger } });
    expect(res.didDocument?.id).toBe(did);
    expect(calls).toEqual([]);
  });

  it('a site registering and logging in an account never names its pairwise DID to the ledger', async () => {
    const inner = new MemoryLedger();
    const { ledger, calls } = counting(inner);
    const w = await buildWorld(ledger);
    const wallet = await enrolledWallet(w, alice, 2);
    const did = wallet.pairwiseDid(w.video.did);
    calls.length = 0;
    await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    await w.video.verifyLogin(
      await wallet.login(await w.video.createLoginChallenge(), { origin: originFor(w.video.did) }),
    );
    expect(calls.length).toBeGreaterThan(0); // registry, issuer and status reads do happen
    const parts = did.split(/[:.]/).filter((p) => p.length >= 16);
    expect(parts.length).toBeGreaterThan(0);
    expect(calls.filter((c) => parts.some((p) => c.includes(p)))).toEqual([]);
  });
});
