import { base64urlDecode, base64urlEncode, generateKeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { readTraceAudit, TraceCommittee, type TraceRequest, Trustee } from '../src/index.js';
import type { GroupPoint, TraceGroup } from '../src/internal/group.js';
import { combine } from '../src/internal/threshold.js';
import { requesterSecrets } from '../src/internal/traceRequester.js';
import { type TraceGroupName, traceScheme } from '../src/trace/traceScheme.js';
import { G, G1, randomScalar } from '../src/unlinkable/g1.js';
import { encodeTraceToken, traceCommit, traceRespond } from '../src/unlinkable/traceToken.js';

/**
 * Attacks on the opening procedure, for both committees (the SD-JWT mode's on ristretto255 and
 * the unlinkable mode's on BLS12-381 G1, one code path): whoever is not the requester of one
 * approved request must not be able to open a token, whatever it reads.
 */

const ctx = new TextEncoder().encode('urn:realdid:cred:attacked');

let group: TraceGroup;
let context: Uint8Array | undefined;

function setup(groupName: TraceGroupName) {
  const ledger = new MemoryLedger();
  const keys = Array.from({ length: 5 }, () => generateKeyPair('Ed25519'));
  const { committee, shares } = TraceCommittee.deal({
    committeeId: 'attacked-committee',
    threshold: 3,
    trustees: keys.map((k, i) => ({ id: `trustee-${i + 1}`, auditPublicKey: k.publicKey })),
    group: groupName,
  });
  const trustees = shares.map(
    (share, i) => new Trustee({ share, committee, auditKey: keys[i]!, ledger, approve: () => true }),
  );
  group = traceScheme(groupName).group;
  let handle: Uint8Array;
  let token: string;
  if (groupName === 'ristretto255') {
    context = ctx;
    handle = crypto.getRandomValues(new Uint8Array(32));
    token = committee.encrypt(handle, ctx);
  } else {
    // an unlinkable-mode token of a handle scalar h: it opens to h·G
    context = undefined;
    const h = randomScalar();
    handle = G.multiply(h).toBytes(true);
    const state = traceCommit(G1.fromBytes(committee.publicKey), h, randomScalar());
    token = base64urlEncode(encodeTraceToken(traceRespond(state, randomScalar())));
  }
  return { ledger, committee, trustees, handle, token };
}

/** Every string member of an object that decodes to an element of the committee's group. */
function pointsIn(value: unknown): GroupPoint[] {
  const out: GroupPoint[] = [];
  if (value === null || typeof value !== 'object') return out;
  for (const v of Object.values(value)) {
    if (typeof v === 'string') {
      try {
        out.push(group.pointFromBytes(base64urlDecode(v), 'candidate'));
      } catch {
        // not a point
      }
    } else if (typeof v === 'object') out.push(...pointsIn(v));
  }
  return out;
}

/**
 * Tries every way of taking one candidate point from each of k trustees' objects and combining
 * them into the key of the token: returns the handle when one works.
 */
function tryOpen(
  committee: TraceCommittee,
  token: string,
  byTrustee: Map<number, GroupPoint[]>,
  handle: Uint8Array,
): Uint8Array | undefined {
  const scheme = traceScheme(committee.group);
  const Y = group.pointFromBytes(committee.publicKey, 'Y');
  const bytes = base64urlDecode(token);
  const indices = [...byTrustee.keys()];
  const pick = (i: number, chosen: Map<number, GroupPoint>): Uint8Array | undefined => {
    if (chosen.size === committee.threshold) {
      try {
        // the ristretto255 token authenticates its opening; a G1 opening is compared with h·G
        const opened = scheme.open(combine(chosen, group), bytes, Y, committee.committeeId, ctx);
        return base64urlEncode(opened) === base64urlEncode(handle) ? opened : undefined;
      } catch {
        return undefined;
      }
    }
    for (let j = i; j < indices.length; j++) {
      for (const p of byTrustee.get(indices[j]!)!) {
        const next = new Map(chosen).set(indices[j]!, p);
        const r = pick(j + 1, next);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  };
  return pick(0, new Map());
}

describe.each(['ristretto255', 'bls12-381-g1'] as const)(
  'trace opening on %s: only the requester of an approved request opens',
  (groupName) => {
    it('an outsider reading the whole ledger cannot open the token', async () => {
      const { ledger, committee, trustees, handle, token } = setup(groupName);
      const requester = generateKeyPair('Ed25519');
      const request = await committee.request({
        token,
        context,
        reason: 'warrant:1',
        requester,
        ledger,
      });
      for (const t of trustees.slice(0, 3)) await t.partialDecrypt(request);
      // the legitimate requester opens it (so the trustees did answer)
      const partials = [];
      for (const t of trustees.slice(3)) partials.push(await t.partialDecrypt(request));
      // the outsider: everything on the audit topic, grouped by the trustee index an entry names
      const byTrustee = new Map<number, GroupPoint[]>();
      for (const e of await ledger.read(committee.auditTopic)) {
        const v = JSON.parse(new TextDecoder().decode(e.payload)) as Record<string, unknown>;
        if (typeof v.index !== 'number') continue;
        byTrustee.set(v.index, [...(byTrustee.get(v.index) ?? []), ...pointsIn(v)]);
      }
      expect(byTrustee.size).toBeGreaterThanOrEqual(3);
      expect(tryOpen(committee, token, byTrustee, handle)).toBeUndefined();
      // …while the requester, with the sealed partials it received, does open it
      const sealed = [];
      for (const t of trustees.slice(0, 3)) sealed.push(await t.partialDecrypt(request));
      const opened = await committee.combine({ request, partials: sealed, opener: requester, ledger });
      expect(opened.handle).toEqual(handle);
      // nobody else can: another key as opener is refused, and no sealed partial opens without the key
      await expect(
        committee.combine({ request, partials: sealed, opener: generateKeyPair('Ed25519'), ledger }),
      ).rejects.toMatchObject({ code: 'ERR_TRACE_REQUEST_INVALID' });
      expect(partials.length).toBe(2);
    });

    it('partials of two requests do not combine', async () => {
      const { ledger, committee, trustees, token, handle } = setup(groupName);
      const a = generateKeyPair('Ed25519');
      const b = generateKeyPair('Ed25519');
      const ra: TraceRequest = await committee.request({
        token,
        context,
        reason: 'r-a',
        requester: a,
        ledger,
      });
      const rb: TraceRequest = await committee.request({
        token,
        context,
        reason: 'r-b',
        requester: b,
        ledger,
      });
      // two trustees answer A's request, one answers B's: no request has k approvals
      const pa = [await trustees[0]!.partialDecrypt(ra), await trustees[1]!.partialDecrypt(ra)];
      const pb = [await trustees[2]!.partialDecrypt(rb)];
      const byTrustee = new Map<number, GroupPoint[]>();
      for (const p of [...pa, ...pb]) byTrustee.set(p.index, pointsIn(p));
      expect(tryOpen(committee, token, byTrustee, handle)).toBeUndefined();
      // even with every seal opened (each requester opens its own and shares the points), the
      // points of two requests, each blinded by its own requester's secret factor, do not combine
      const opened = new Map<number, GroupPoint[]>();
      for (const [request, opener, ps] of [
        [ra, a, pa],
        [rb, b, pb],
      ] as const) {
        for (const p of ps) opened.set(p.index, [committee.verifyPartial(request, p, opener).d]);
      }
      expect(tryOpen(committee, token, opened, handle)).toBeUndefined();
      // requester A also removes its own blinding from its own points: still k−1 usable points only
      const { b: blindA } = requesterSecrets(
        a.secretKey,
        base64urlDecode(ra.nonce),
        committee.committeeId,
        group,
      );
      const unblinded = new Map(opened);
      for (const i of [1, 2]) unblinded.set(i, [group.mul(opened.get(i)![0]!, group.invert(blindA))]);
      expect(tryOpen(committee, token, unblinded, handle)).toBeUndefined();
      // the same points from one request do open it (the test above can fail)
      const pa3 = await trustees[2]!.partialDecrypt(ra);
      const good = new Map<number, GroupPoint>();
      for (const p of [...pa, pa3])
        good.set(p.index, group.mul(committee.verifyPartial(ra, p, a).d, group.invert(blindA)));
      expect(tryOpen(committee, token, new Map([...good].map(([i, d]) => [i, [d]])), handle)).toEqual(handle);
      for (const [request, opener] of [
        [ra, a],
        [rb, b],
      ] as const) {
        await expect(
          committee.combine({ request, partials: [...pa, ...pb], opener, ledger }),
        ).rejects.toMatchObject({ code: 'ERR_TRACE_PARTIAL_INVALID' });
      }
    });

    it('one requester cannot gather k approvals over two requests for one token', async () => {
      const { ledger, committee, trustees, token, handle } = setup(groupName);
      const police = generateKeyPair('Ed25519');
      const r1 = await committee.request({ token, context, reason: 'r1', requester: police, ledger });
      const p1 = [await trustees[0]!.partialDecrypt(r1), await trustees[1]!.partialDecrypt(r1)];
      // while r1 is open, the same requester's second request for the token is refused (and logged)
      const r2 = await committee.request({ token, context, reason: 'r2', requester: police, ledger });
      await expect(trustees[2]!.partialDecrypt(r2)).rejects.toMatchObject({
        code: 'ERR_TRACE_REQUEST_REFUSED',
      });
      expect((await readTraceAudit(ledger, committee)).at(-1)?.entry.type).toBe('trace-refusal');
      // once r1 is opened, the other request is answered again
      const opened = await committee.combine({
        request: r1,
        partials: [...p1, await trustees[2]!.partialDecrypt(r1)],
        opener: police,
        ledger,
      });
      expect(opened.handle).toEqual(handle);
      expect((await trustees[3]!.partialDecrypt(r2)).request).toBe(committee.checkRequest(r2).id);
    });
  },
);
