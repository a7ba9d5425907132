import { base64urlDecode } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { decodeStatusList, statusListTopic, TokenStatus } from '@realdid/status';
import { describe, expect, it } from 'vitest';
import { alice, bob, buildWorld, enrolledWallet } from './helpers.js';

/** The revoked (INVALID) indexes of every status list published on the ledger, in order. */
async function publishedRevocations(ledger: MemoryLedger, uri: string): Promise<Set<number>[]> {
  const out: Set<number>[] = [];
  for (const e of await ledger.read(statusListTopic(uri))) {
    const jwt = new TextDecoder().decode(e.payload);
    const payload = JSON.parse(new TextDecoder().decode(base64urlDecode(jwt.split('.')[1]!)));
    const list = decodeStatusList(payload.status_list);
    const revoked = new Set<number>();
    for (let i = 0; i < list.size; i++) if (list.get(i) === TokenStatus.INVALID) revoked.add(i);
    out.push(revoked);
  }
  return out;
}

/**
 * Colluding sites compare consecutive status lists: if one person's revocation were published on
 * its own, the indexes flipped together would be that person's credentials, and every site holding
 * one of them would learn that its account and the others' are the same person.
 */
describe('revocations are published in epochs with decoys', () => {
  it('one epoch’s flips cannot be partitioned by person', async () => {
    const ledger = new MemoryLedger();
    const w = await buildWorld(ledger);
    await enrolledWallet(w, alice, 4);
    await enrolledWallet(w, bob, 4);
    const indexesOf = (recordId: string) =>
      new Set(w.authority.exportState().people.find((p) => p.identity.recordId === recordId)!.statusIndexes);
    const a = indexesOf(alice.recordId);
    const b = indexesOf(bob.recordId);
    expect(await w.authority.revoke(alice.recordId)).toBe(4);
    expect(await w.authority.revoke(bob.recordId)).toBe(4);
    const epoch = await w.authority.publishEpoch();
    expect(epoch.revoked).toBe(8);
    expect(epoch.decoys).toBeGreaterThan(0);

    const lists = await publishedRevocations(ledger, w.authority.statusListUri);
    const diffs = lists.slice(1).map((cur, i) => [...cur].filter((x) => !lists[i]!.has(x)));
    const nonEmpty = diffs.filter((d) => d.length > 0);
    // every flip of the epoch is in one publication…
    expect(nonEmpty).toHaveLength(1);
    const flips = new Set(nonEmpty[0]);
    for (const x of [...a, ...b]) expect(flips.has(x)).toBe(true);
    // …with decoys: indexes of no credential, never to be handed out
    const decoys = [...flips].filter((x) => !a.has(x) && !b.has(x));
    expect(decoys.length).toBe(epoch.decoys);
    // no publication flips exactly one person's credentials
    for (const d of diffs) {
      const s = new Set(d);
      expect(s.size === a.size && [...a].every((x) => s.has(x))).toBe(false);
      expect(s.size === b.size && [...b].every((x) => s.has(x))).toBe(false);
    }
    // an epoch with nobody to revoke still flips decoys, so it looks like the others
    const quiet = await w.authority.publishEpoch();
    expect(quiet.revoked).toBe(0);
    expect(quiet.decoys).toBeGreaterThan(0);
  });

  it('a queued revocation takes effect at the epoch, and decoy indexes are never allocated', async () => {
    const ledger = new MemoryLedger();
    const w = await buildWorld(ledger);
    await enrolledWallet(w, alice, 2);
    await w.authority.revoke(alice.recordId);
    const before = await publishedRevocations(ledger, w.authority.statusListUri);
    expect(before.at(-1)!.size).toBe(0); // not yet published
    await w.authority.publishEpoch();
    const after = (await publishedRevocations(ledger, w.authority.statusListUri)).at(-1)!;
    await enrolledWallet(w, bob, 4);
    const fresh = w.authority
      .exportState()
      .people.find((p) => p.identity.recordId === bob.recordId)!.statusIndexes;
    for (const i of fresh) expect(after.has(i)).toBe(false);
  });
});
