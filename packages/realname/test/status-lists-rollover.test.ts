import { statusListTopic } from '@realdid/status';
import { describe, expect, it } from 'vitest';
import { RealNameAuthority, type RealNameAuthorityState } from '../src/index.js';
import { alice, bob, smallListsWorld } from './helpers.js';

// Lists of 32 entries keep 2 (a sixteenth) for decoys: 30 credentials a list.
const SIZE = 32;

async function world() {
  const w = await smallListsWorld({ statusListSize: SIZE });
  // the credentials the authority issues, in order
  const issued: string[] = [];
  const enrol = w.d.authority.enrol.bind(w.d.authority);
  w.d.authority.enrol = async (o) => {
    const out = await enrol(o);
    issued.push(...out);
    return out;
  };
  return { ...w, issued };
}

const listOf = (credential: string): string => {
  const payload = JSON.parse(
    new TextDecoder().decode(Buffer.from(credential.split('.')[1] as string, 'base64url')),
  );
  return payload.status.status_list.uri;
};

describe('status lists: the authority opens the next list when one is down to its reserve', () => {
  it('credentials past the first list name list 2, verify against it, and are revoked through it', async () => {
    const { d, ledger, now, register, issued } = await world();
    const first = d.authority.statusListUri;
    expect(d.authority.statusListUris).toEqual([first]);
    const a = await d.enrolWallet(alice, { count: 30 }); // fills list 1 up to its reserve
    expect(d.authority.statusListUris).toHaveLength(1);
    const second = `${d.authority.did}/status/2`;
    expect(ledger.appends.get(statusListTopic(second))).toBeUndefined();
    expect(new Set(issued.map(listOf))).toEqual(new Set([first]));
    const b = await d.enrolWallet(bob, { count: 4 });
    expect(d.authority.statusListUris).toEqual([first, second]);
    // opened once, published before any credential named it
    expect(ledger.appends.get(statusListTopic(second))).toBe(1);
    expect(new Set(issued.slice(30).map(listOf))).toEqual(new Set([second]));

    await register(a);
    await register(b); // checked against list 2 on the ledger

    await d.authority.revoke(bob.recordId);
    const epoch = await d.authority.publishEpoch();
    expect(epoch.revoked).toBe(4);
    expect(epoch.decoys).toBeGreaterThan(0);
    // every list is published each epoch
    expect(ledger.appends.get(statusListTopic(first))).toBe(2);
    expect(ledger.appends.get(statusListTopic(second))).toBe(2);
    now.t += 301_000; // past the relying party's status cache
    await expect(register(b)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_REVOKED' });
    await register(a);
  });

  it('concurrent enrolments that cross the reserve open one list, not two', async () => {
    const { d, ledger } = await world();
    await d.enrolWallet(alice, { count: 28 });
    await Promise.all([d.enrolWallet(alice, { count: 4 }), d.enrolWallet(bob, { count: 4 })]);
    expect(d.authority.statusListUris).toHaveLength(2);
    expect(ledger.appends.get(statusListTopic(`${d.authority.did}/status/2`))).toBe(1);
    expect(ledger.appends.get(statusListTopic(`${d.authority.did}/status/3`))).toBeUndefined();
  });

  it('exportState / restore keep every list, and the restored authority goes on in the newest', async () => {
    const { d, ledger, now } = await world();
    await d.enrolWallet(alice, { count: 30 });
    await d.enrolWallet(bob, { count: 2 });
    const state = d.authority.exportState();
    expect(state.moreStatusLists).toHaveLength(1);
    const options = {
      ledger,
      identityVerifier: d.identityVerifier,
      committee: d.committee,
      now: () => now.t,
    };
    const restored = RealNameAuthority.restore(JSON.parse(JSON.stringify(state)), options);
    expect(restored.statusListUris).toEqual(d.authority.statusListUris);
    expect(restored.exportState()).toEqual(state);
    // revoking Bob after the restore flips his entries in list 2
    expect(await restored.revoke(bob.recordId)).toBe(2);
    await restored.publishEpoch();

    const withSize = (s: RealNameAuthorityState, patch: (x: RealNameAuthorityState) => void) => {
      const copy = JSON.parse(JSON.stringify(s)) as RealNameAuthorityState;
      patch(copy);
      return () => RealNameAuthority.restore(copy, options);
    };
    // a later list of another size, positions past the last list, junk in place of a list
    const small = (await world()).d.authority.exportState().statusList;
    expect(
      withSize(state, (x) => {
        x.moreStatusLists![0]!.statusList = { ...small, bits: 1 };
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_STATE_INVALID' }));
    expect(
      withSize(state, (x) => {
        x.people[0]!.statusIndexes.push(2 * SIZE);
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_STATE_INVALID' }));
    expect(
      withSize(state, (x) => {
        x.pendingRevocations = [2 * SIZE + 1];
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_STATE_INVALID' }));
    expect(
      withSize(state, (x) => {
        (x as unknown as { moreStatusLists: unknown }).moreStatusLists = [
          { statusList: 'x', usedIndexes: '' },
        ];
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_STATE_INVALID' }));
    expect(
      withSize(state, (x) => {
        (x as unknown as { moreStatusLists: unknown }).moreStatusLists = { length: 1 };
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_STATE_INVALID' }));
  });
});
