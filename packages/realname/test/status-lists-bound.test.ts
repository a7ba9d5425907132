import { generateKeyPair, publicKeyToJwk, type RealDidError } from '@realdid/crypto';
import { statusListTopic } from '@realdid/status';
import { describe, expect, it } from 'vitest';
import { RealNameAuthority } from '../src/index.js';
import { createDeployment } from '../src/testing.js';
import { alice, bob, CountingLedger, smallListsWorld } from './helpers.js';

// Lists of 32 entries keep 2 (a sixteenth) for decoys: 30 credentials a list; at most 2 lists.
const SIZE = 32;
const LISTS = 2;

const world = (maxStatusLists = LISTS) =>
  smallListsWorld({ statusListSize: SIZE, maxStatusLists, maxBatch: 64 });

const appends = (ledger: CountingLedger) => [...ledger.appends.values()].reduce((a, b) => a + b, 0);

describe('status lists: the bound on their number (maxStatusLists, default 16 384)', () => {
  it('past the last list enrolment is refused, coded, before anything changes; earlier credentials still verify', async () => {
    const { d, ledger, register } = await world();
    const a = await d.enrolWallet(alice, { count: 30 }); // list 1 down to its reserve
    const b = await d.enrolWallet(bob, { count: 29 }); // list 2 opened, one place left above its reserve
    expect(d.authority.statusListUris).toHaveLength(LISTS);
    const state = d.authority.exportState();
    const written = appends(ledger);
    const holderKeys = await b.createHolderKeys(2);

    // a batch of 2 does not fit: refused whole, before the identity is checked
    let asked = 0;
    const verify = d.identityVerifier.verify.bind(d.identityVerifier);
    d.identityVerifier.verify = async (evidence) => {
      asked++;
      return verify(evidence);
    };
    const evidence = { nationalId: bob.nationalId, familyName: bob.familyName, givenName: bob.givenName };
    const refused = await d.authority.enrol({ evidence, holderKeys }).catch((e: RealDidError) => e);
    expect(refused).toMatchObject({ name: 'RealDidError', code: 'ERR_ISSUANCE_REFUSED' });
    expect((refused as RealDidError).message).toMatch(/room for 1 more credentials, not 2/);
    expect(asked).toBe(0);
    // nothing changed: the state, the lists, the ledger
    expect(d.authority.exportState()).toEqual(state);
    expect(d.authority.statusListUris).toHaveLength(LISTS);
    expect(appends(ledger)).toBe(written);
    expect(ledger.appends.get(statusListTopic(`${d.authority.did}/status/3`))).toBeUndefined();

    // the last place still goes, then even one credential is refused
    expect(await d.authority.enrol({ evidence, holderKeys: holderKeys.slice(0, 1) })).toHaveLength(1);
    const full = d.authority.exportState();
    await expect(d.authority.enrol({ evidence, holderKeys: holderKeys.slice(1) })).rejects.toMatchObject({
      code: 'ERR_ISSUANCE_REFUSED',
    });
    expect(d.authority.exportState()).toEqual(full);

    // earlier credentials, from both lists, still register; revocation and epochs still work
    await register(a);
    await register(b);
    expect(await d.authority.revoke(alice.recordId)).toBe(30);
    expect((await d.authority.publishEpoch()).revoked).toBe(30);
  });

  it('concurrent enrolments cannot both take the last places', async () => {
    const { d } = await world();
    await d.enrolWallet(alice, { count: 30 });
    await d.enrolWallet(bob, { count: 26 }); // 4 places left
    const results = await Promise.allSettled([
      d.enrolWallet(alice, { count: 3 }),
      d.enrolWallet(bob, { count: 3 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'ERR_ISSUANCE_REFUSED' });
    // the refused batch used nothing: one place is left
    const state = d.authority.exportState();
    const used = state.people.reduce((n, p) => n + p.statusIndexes.length, 0);
    expect(used).toBe(30 + 26 + 3);
    await expect(d.enrolWallet(bob, { count: 1 })).resolves.toBeDefined();
    await expect(d.enrolWallet(bob, { count: 1 })).rejects.toMatchObject({ code: 'ERR_ISSUANCE_REFUSED' });
  });

  it('epochs published while a promised enrolment waits for the identity check do not break the promise', async () => {
    const { d, register } = await world();
    await d.enrolWallet(alice, { count: 30 }); // list 1 down to its reserve
    const b = await d.enrolWallet(bob, { count: 29 }); // list 2: one place above its reserve of 2
    const holderKeys = await b.createHolderKeys(1);
    // the identity check takes a while; meanwhile three epochs flip decoys in every list, each at
    // least one: without a bound they would take the promised place and the reserve as well
    let release: () => void = () => {};
    const checked = new Promise<void>((r) => {
      release = r;
    });
    const verify = d.identityVerifier.verify.bind(d.identityVerifier);
    d.identityVerifier.verify = async (evidence) => {
      await checked;
      return verify(evidence);
    };
    const evidence = { nationalId: bob.nationalId, familyName: bob.familyName, givenName: bob.givenName };
    const enrolment = d.authority.enrol({ evidence, holderKeys });
    for (let i = 0; i < 3; i++) await d.authority.publishEpoch();
    release();
    const [credential] = await enrolment;
    expect(credential).toBeDefined();
    await b.storeCredentials([credential as string]);
    await register(b);
    // and then the lists are full: refused up front
    await expect(
      d.authority.enrol({ evidence, holderKeys: await b.createHolderKeys(1) }),
    ).rejects.toMatchObject({
      code: 'ERR_ISSUANCE_REFUSED',
    });
  });

  it('a restored authority keeps the bound it is given and every list of its state', async () => {
    const { d, ledger, now } = await world();
    await d.enrolWallet(alice, { count: 30 });
    await d.enrolWallet(bob, { count: 30 });
    const state = JSON.parse(JSON.stringify(d.authority.exportState()));
    const options = {
      ledger,
      identityVerifier: d.identityVerifier,
      committee: d.committee,
      now: () => now.t,
    };
    const evidence = { nationalId: bob.nationalId, familyName: bob.familyName, givenName: bob.givenName };
    const holderKeys = [publicKeyToJwk('Ed25519', generateKeyPair('Ed25519').publicKey)];
    // fewer lists allowed than the state holds: all are kept, none is opened
    const one = RealNameAuthority.restore(state, { ...options, maxStatusLists: 1 });
    expect(one.statusListUris).toHaveLength(2);
    await expect(one.enrol({ evidence, holderKeys })).rejects.toMatchObject({
      code: 'ERR_ISSUANCE_REFUSED',
    });
    // the default bound (16 384) lets it open list 3
    const free = RealNameAuthority.restore(state, options);
    expect(await free.enrol({ evidence, holderKeys })).toHaveLength(1);
    expect(free.statusListUris).toHaveLength(3);
  });

  it('maxStatusLists must be an integer from 1 to 16 384', async () => {
    for (const [bad, error] of [
      ['2', TypeError],
      [null, TypeError],
      [0, RangeError],
      [1.5, RangeError],
      [16_385, RangeError],
      [Number.NaN, RangeError],
      [Number.POSITIVE_INFINITY, RangeError],
    ] as const) {
      await expect(world(bad as unknown as number)).rejects.toThrow(error);
    }
    await expect(world(16_384)).resolves.toBeDefined();
  });
});

describe('statusListSize: a multiple of 4, so a restored list keeps its size and the positions their lists', () => {
  it('a size that does not fill whole bytes of 2-bit entries is refused at create', async () => {
    for (const [bad, error] of [
      ['32', TypeError],
      [1, RangeError],
      [6, RangeError],
      [33, RangeError],
      [0, RangeError],
      [32.5, RangeError],
      [2 ** 31, RangeError],
    ] as const) {
      await expect(
        createDeployment({
          ledger: new CountingLedger(),
          people: [alice],
          authority: { statusListSize: bad as unknown as number },
        }),
      ).rejects.toThrow(error);
    }
  });

  it('a list of 36 (not a multiple of 8) restores at 36: same lists, same positions, same state', async () => {
    const ledger = new CountingLedger();
    const d = await createDeployment({ ledger, people: [alice, bob], authority: { statusListSize: 36 } });
    await d.enrolWallet(alice, { count: 34 }); // 36 − 2 reserved: list 1 full
    await d.enrolWallet(bob, { count: 3 }); // list 2
    const state = d.authority.exportState();
    const restored = RealNameAuthority.restore(JSON.parse(JSON.stringify(state)), {
      ledger,
      identityVerifier: d.identityVerifier,
      committee: d.committee,
    });
    expect(restored.statusListUris).toEqual(d.authority.statusListUris);
    expect(restored.exportState()).toEqual(state);
    expect(await restored.revoke(bob.recordId)).toBe(3);
  });
});
