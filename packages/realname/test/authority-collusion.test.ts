import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { alice, bob, buildWorld, enrolledWallet, originFor } from './helpers.js';

/**
 * What docs/security.md states about the authority: what it stores, and that it and one site
 * together identify the site's user without any trustee (this SD-JWT design cannot prevent it).
 * The test keeps that statement true: if it ever stops holding, the docs must change.
 */
describe('the authority and one site together', () => {
  it('identify the site’s user from the account’s status reference, with the authority’s own records', async () => {
    const w = await buildWorld(new MemoryLedger());
    const a = await enrolledWallet(w, alice, 2);
    await enrolledWallet(w, bob, 2);
    const account = await w.video.verifyRegistration(
      await a.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    const state = w.authority.exportState();
    // what the authority stores per person: identity, handle, status indexes
    expect(Object.keys(state.people[0]!).sort()).toEqual(['handle', 'identity', 'statusIndexes']);
    const idx = account.credential.status.status_list.idx;
    const person = state.people.find((p) => p.statusIndexes.includes(idx));
    expect(person?.identity.nationalId).toBe(alice.nationalId);
  });
});
