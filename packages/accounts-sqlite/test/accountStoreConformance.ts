// The behaviour every AccountStore must have, run against each implementation (the memory store of
// @realdid/realname included, so the suite itself is checked against the reference).
import type { Account, AccountStore } from '@realdid/realname';
import { describe, expect, it } from 'vitest';

/** A well-formed account; `n` makes its DID and values distinct. */
export function sampleAccount(n: number, over: Partial<Account> = {}): Account {
  return {
    did: `did:realdid:zQmPairwise${n}`,
    claims: { age_over_18: true, region: `11010${n % 10}` },
    trace: { committee: 'example-trace-committee', token: `dG9rZW4t${n}`, context: `Y29udGV4dA${n}` },
    credential: {
      iss: 'did:realdid:zQmIssuer',
      exp: 2_000_000_000 + n,
      status: { status_list: { idx: n, uri: 'https://status.example/lists/1' } },
    },
    registeredAt: new Date(Date.UTC(2026, 11, 6, 12, 0, n % 60)).toISOString(),
    ...over,
  };
}

export function accountStoreConformance(
  name: string,
  open: () => Promise<{ store: AccountStore; close(): Promise<void> | void }>,
): void {
  describe(`AccountStore conformance: ${name}`, () => {
    const withStore = async (fn: (s: AccountStore) => Promise<void>) => {
      const { store, close } = await open();
      try {
        await fn(store);
      } finally {
        await close();
      }
    };

    it('gets what was put, and undefined for an unknown DID', () =>
      withStore(async (s) => {
        const a = sampleAccount(1);
        await s.put(a);
        expect(await s.get(a.did)).toEqual(a);
        expect(await s.get('did:realdid:zQmNobody')).toBeUndefined();
      }));

    it('put is an upsert: the second put of a DID replaces the account, list keeps one', () =>
      withStore(async (s) => {
        await s.put(sampleAccount(2));
        const replaced = sampleAccount(2, {
          claims: { age_over_18: false },
          registeredAt: '2027-01-01T00:00:00.000Z',
        });
        await s.put(replaced);
        expect(await s.get(replaced.did)).toEqual(replaced);
        expect(await s.list()).toEqual([replaced]);
      }));

    it('lists every account in the order first stored', () =>
      withStore(async (s) => {
        const all = [5, 3, 9, 1].map((n) => sampleAccount(n));
        for (const a of all) await s.put(a);
        await s.put(sampleAccount(3, { claims: {} })); // an update keeps its place
        expect((await s.list()).map((a) => a.did)).toEqual(all.map((a) => a.did));
      }));

    it('hands out copies: changing what put took or get returned changes nothing stored', () =>
      withStore(async (s) => {
        const a = sampleAccount(4);
        await s.put(a);
        a.claims.age_over_18 = 'changed';
        const got = (await s.get(a.did)) as Account;
        expect(got.claims.age_over_18).toBe(true);
        got.trace.token = 'changed';
        (await s.list())[0]!.credential.exp = 0;
        expect(await s.get(a.did)).toEqual(sampleAccount(4));
      }));
  });
}
