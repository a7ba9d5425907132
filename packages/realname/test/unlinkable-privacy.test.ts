import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnlinkableIssuance, UnlinkableRegistration, UnlinkableWallet } from '../src/index.js';
import { valuesOf } from '../src/testing.js';
import { G1 } from '../src/unlinkable/g1.js';
import { alice, bob } from './helpers.js';
import { buildUnlinkableWorld, type UnlinkableWorld } from './unlinkable-helpers.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

let w: UnlinkableWorld;
const wallets = new Map<string, UnlinkableWallet>();
const transcripts: { commitment: Uint8Array; issuance: UnlinkableIssuance }[] = [];
const enrolments: Uint8Array[] = [];
const received = new Map<string, UnlinkableRegistration[]>();

beforeAll(async () => {
  w = await buildUnlinkableWorld(new MemoryLedger());
  // record every issuance transcript the authority sees and sends
  const enrol = w.authority.enrol.bind(w.authority);
  w.authority.enrol = (identity, nymBinding) => {
    enrolments.push(nymBinding);
    enrol(identity, nymBinding);
  };
  const issue = w.authority.issue.bind(w.authority);
  w.authority.issue = (recordId, commitment) => {
    const issuance = issue(recordId, commitment);
    transcripts.push({ commitment, issuance });
    return issuance;
  };
  for (const p of [alice, bob]) wallets.set(p.recordId, w.enrol(p));
  for (const site of [w.video, w.hospital]) {
    for (const p of [alice, bob]) {
      const wallet = wallets.get(p.recordId)!;
      const claims = site === w.video ? (['age_over_18'] as const) : (['age_over_18', 'region'] as const);
      const res = await wallet.register(await site.createRequest([...claims]), { origin: site.origin });
      await site.verifyRegistration(res);
      const login = await wallet.login(await site.createLoginChallenge(), { origin: site.origin });
      await site.verifyLogin(login);
      received.set(`${site.did}|${p.recordId}`, [res, login as unknown as UnlinkableRegistration]);
    }
  }
});

function siteData(site: UnlinkableWorld['video'], recordId: string): Set<string> {
  const mine = received.get(`${site.did}|${recordId}`)!;
  const pseudonym = mine[0]!.pseudonym;
  return valuesOf(
    mine,
    site.accounts().find((a) => a.pseudonym === pseudonym),
  );
}

describe('unlinkable mode: privacy', () => {
  it('two sites share no value that links one person’s accounts (value intersection)', () => {
    const linking: string[] = [];
    for (const [me, other] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const a = siteData(w.video, me.recordId);
      const b = siteData(w.hospital, me.recordId);
      const others = new Set([...siteData(w.video, other.recordId), ...siteData(w.hospital, other.recordId)]);
      for (const v of a) if (b.has(v) && !others.has(v)) linking.push(v);
    }
    expect(linking).toEqual([]);
    // the test can see a link: the pseudonym of a site is in that site's data of the person
    const alicesVideo = received.get(`${w.video.did}|${alice.recordId}`)![0]!;
    expect(siteData(w.video, alice.recordId).has(alicesVideo.pseudonym)).toBe(true);
  });

  it('the authority’s whole state and issuance transcripts plus one site’s whole state identify no account', () => {
    const state = w.authority.exportState();
    // secret keys, handles, handle points, identities, commitments, signatures, signer entropies
    const authority = valuesOf(state, transcripts, enrolments);
    const site = w.video;
    const siteAll = valuesOf(
      site.accounts(),
      [...received.entries()].filter(([k]) => k.startsWith(`${site.did}|`)).map(([, v]) => v),
    );
    const shared = [...siteAll].filter((v) => authority.has(v));
    // what is shared must be common to the whole cohort: every such value also appears for both
    // people in the authority's data, or is a structural name
    const perPerson = state.people.map((p) =>
      valuesOf(
        p,
        transcripts.filter((t) => hex(t.issuance.messages[10]!).endsWith(p.handle)),
      ),
    );
    const identifying = shared.filter((v) => perPerson.filter((s) => s.has(v)).length === 1);
    expect(identifying).toEqual([]);
    // and no handle point appears in any form at the site
    for (const p of state.people) expect(siteAll.has(p.handlePoint)).toBe(false);
    // sanity: the authority's data does contain per-person values (the check is not vacuous)
    expect(perPerson[0]!.has(state.people[0]!.handle)).toBe(true);
    expect(G1.fromHex(state.people[0]!.handlePoint).is0()).toBe(false);
  });
});
