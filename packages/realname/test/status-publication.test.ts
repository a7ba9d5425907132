import { MemoryLedger } from '@realdid/ledger';
import { statusListTopic } from '@realdid/status';
import { describe, expect, it } from 'vitest';
import { alice, bob, buildWorld, CountingLedger, enrolledWallet, originFor } from './helpers.js';

/**
 * The authority's status list is written once per epoch, not once per enrolment: at national
 * scale a write per enrolment is tens of millions of list copies a day, and its cost grows with
 * the number of people enrolled.
 */
describe('status list publication', () => {
  it('N enrolments write the status list 0 times; each epoch writes it once', async () => {
    const ledger = new CountingLedger();
    const w = await buildWorld(ledger);
    const topic = statusListTopic(w.authority.statusListUri);
    const writes = () => ledger.appends.get(topic) ?? 0;
    const entries = async () => (await ledger.read(topic)).length;
    const atStart = { writes: writes(), entries: await entries() };
    expect(atStart.writes).toBe(1); // the empty list published by create()

    for (const n of [1, 3, 6]) {
      const before = writes();
      for (let i = 0; i < n; i++) {
        w.now.t += 1000; // a new second each time, so a re-signed list would be a new entry
        await enrolledWallet(w, i % 2 === 0 ? alice : bob, 1);
      }
      expect(writes() - before).toBe(0);
    }
    expect(await entries()).toBe(atStart.entries);

    for (let epoch = 1; epoch <= 3; epoch++) {
      w.now.t += 1000;
      await w.authority.publishEpoch();
      expect(writes()).toBe(atStart.writes + epoch);
      expect(await entries()).toBe(atStart.entries + epoch);
    }
  });

  it('credentials issued after the last publication verify against it, and a revocation still takes effect at the epoch', async () => {
    const ledger = new MemoryLedger();
    const w = await buildWorld(ledger);
    const topic = statusListTopic(w.authority.statusListUri);
    const published = (await ledger.read(topic)).length;
    w.now.t += 60_000;
    const a = await enrolledWallet(w, alice, 2);
    const b = await enrolledWallet(w, bob, 2);
    expect((await ledger.read(topic)).length).toBe(published);
    const origin = originFor(w.video.did);
    // the list on the ledger predates both enrolments: the fresh indexes are VALID in it
    await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), { origin }),
    );

    // fail closed: Bob's revocation is queued, then published by the epoch with its decoys
    await w.authority.revoke(bob.recordId);
    await w.authority.publishEpoch();
    w.now.t += 301_000; // past the relying party's status cache
    await expect(
      w.video.verifyRegistration(await b.respond(await w.video.createRequest(['age_over_18']), { origin })),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_REVOKED' });
  });

  it('a list left unpublished past its validity is refused: the status check fails closed', async () => {
    const w = await buildWorld(new MemoryLedger());
    w.now.t += 2 * 86_400_000; // two days without an epoch: the last list (valid one day) has expired
    const a = await enrolledWallet(w, alice, 1);
    const origin = originFor(w.video.did);
    const refused = w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), { origin }),
    );
    await expect(refused).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
    await expect(refused).rejects.toThrow(/ERR_SD_JWT_STATUS_CHECK/);
    await w.authority.publishStatus();
    await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), { origin }),
    );
  });
});
