// A status list that never arrives (a ledger node that accepts the read and never answers) does not
// hold a registration forever: after DEFAULT_TIMEOUT_MS the registration is refused, coded
// ERR_PRESENTATION_INVALID (its cause: the status list did not arrive), and nothing is registered.
import { DEFAULT_TIMEOUT_MS } from '@realdid/crypto';
import { type LedgerEntry, MemoryLedger, type ReadOptions } from '@realdid/ledger';
import { statusListTopic } from '@realdid/status';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alice, bob, buildWorld, enrolledWallet, originFor } from './helpers.js';

/** A MemoryLedger whose reads of one topic never answer while `hang` names it. */
class HangingLedger extends MemoryLedger {
  hang: string | undefined;
  override read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]> {
    if (topic === this.hang) return new Promise<LedgerEntry[]>(() => {});
    return super.read(topic, options);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a status check that never answers', () => {
  it(`refuses the registration after ${DEFAULT_TIMEOUT_MS} ms with ERR_PRESENTATION_INVALID`, async () => {
    const ledger = new HangingLedger();
    const w = await buildWorld(ledger);
    const origin = { origin: originFor(w.video.did) };
    // Bob registers first: registry, issuer DID and status list read and cached.
    const b = await enrolledWallet(w, bob, 2);
    await w.video.verifyRegistration(await b.respond(await w.video.createRequest(['age_over_18']), origin));
    // Ten minutes later the status answer has aged out (and only the status list's reads hang).
    w.now.t += 600_000;
    const a = await enrolledWallet(w, alice, 2);
    const response = await a.respond(await w.video.createRequest(['age_over_18']), origin);
    ledger.hang = statusListTopic(w.authority.statusListUri);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const outcome = w.video.verifyRegistration(response).then(
      () => undefined,
      (e: Error) => e,
    );
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS + 1);
    const err = await outcome;
    expect(err).toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
    // the SD-JWT verifier's status-check failure, caused by the status fetch's own timeout (the
    // relying party's outer bound, of the same length, is the backstop for a checker without one)
    const chain: string[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause)
      chain.push(`${(e as { code?: string }).code}: ${e.message}`);
    expect(chain.join(' <- ')).toMatch(
      /ERR_SD_JWT_STATUS_CHECK.*ERR_STATUS_LIST_FETCH: .* did not arrive within 10000 ms/,
    );
    vi.useRealTimers();
    expect(await w.video.traceTokenOf(a.pairwiseDid(w.video.did)).catch((e) => e.code)).toBe(
      'ERR_LOGIN_UNKNOWN_ACCOUNT',
    );
  });
});
