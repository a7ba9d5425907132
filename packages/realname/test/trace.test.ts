import { base64urlDecode, base64urlEncode, generateKeyPair, type KeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { wrongClocks } from '../../../test-support/hostile.js';
import {
  type PartialDecryption,
  readTraceAudit,
  TraceCommittee,
  type TraceRequest,
  Trustee,
  type TrusteeShare,
} from '../src/index.js';

const N = 5;
const K = 3;
const ctx = new TextEncoder().encode('urn:uuid:credential-1');

interface Setup {
  ledger: MemoryLedger;
  committee: TraceCommittee;
  shares: TrusteeShare[];
  keys: KeyPair[];
  trustees: Trustee[];
  requester: KeyPair;
}

function setup(approve: (r: TraceRequest) => boolean = () => true): Setup {
  const ledger = new MemoryLedger();
  const keys = Array.from({ length: N }, () => generateKeyPair('Ed25519'));
  const { committee, shares } = TraceCommittee.deal({
    committeeId: 'national-2026',
    threshold: K,
    trustees: keys.map((k, i) => ({ id: `trustee-${i + 1}`, auditPublicKey: k.publicKey })),
  });
  const trustees = shares.map(
    (share, i) => new Trustee({ share, committee, auditKey: keys[i]!, ledger, approve }),
  );
  return { ledger, committee, shares, keys, trustees, requester: generateKeyPair('Ed25519') };
}

describe('trace escrow: TraceCommittee and Trustee', () => {
  let s: Setup;
  let handle: Uint8Array;
  let token: string;
  let request: TraceRequest;
  let partials: PartialDecryption[];

  beforeAll(async () => {
    s = setup();
    handle = crypto.getRandomValues(new Uint8Array(32));
    token = s.committee.encrypt(handle, ctx);
    request = await s.committee.request({
      token,
      context: ctx,
      reason: 'warrant:2026-001',
      requester: s.requester,
      ledger: s.ledger,
    });
    partials = [];
    for (const t of s.trustees) partials.push(await t.partialDecrypt(request));
  });

  it('encrypts to a fixed-size token that differs every time', () => {
    expect(base64urlDecode(token).length).toBe(1 + 32 + 32 + 16);
    expect(s.committee.encrypt(handle, ctx)).not.toBe(token);
  });

  it('any k of n partials open the token (every subset)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(partials, { minLength: K, maxLength: N }), async (subset) => {
        const opened = await s.committee.combine({
          request,
          partials: subset,
          opener: s.requester,
          ledger: s.ledger,
        });
        expect(opened.handle).toEqual(handle);
        expect(opened.record.trustees).toHaveLength(subset.length);
      }),
      { numRuns: 25 },
    );
  });

  it('k-1 partials do not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(partials, { minLength: 0, maxLength: K - 1 }), async (subset) => {
        await expect(
          s.committee.combine({ request, partials: subset, opener: s.requester, ledger: s.ledger }),
        ).rejects.toMatchObject({ code: 'ERR_TRACE_NOT_ENOUGH_PARTIALS' });
      }),
      { numRuns: 15 },
    );
  });

  it('a tampered partial is detected and attributed to its trustee', async () => {
    const p = partials[1]!;
    const share = base64urlDecode(p.share);
    const other = base64urlDecode(partials[2]!.share);
    const tampered = { ...p, share: base64urlEncode(other) };
    const err = await s.committee
      .combine({
        request,
        partials: [partials[0]!, tampered, partials[3]!],
        opener: s.requester,
        ledger: s.ledger,
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_TRACE_PARTIAL_INVALID', trustee: 'trustee-2', index: 2 });
    expect(share).not.toEqual(other);
    // another trustee's approval, a forged signature, a duplicate: all attributed
    const changedApproval = { ...p, approval: partials[0]!.approval };
    await expect(
      s.committee.combine({
        request,
        partials: [changedApproval, partials[0]!, partials[3]!],
        opener: s.requester,
        ledger: s.ledger,
      }),
    ).rejects.toMatchObject({ code: 'ERR_TRACE_PARTIAL_INVALID', trustee: 'trustee-2' });
    const forged = {
      ...p,
      approval: { ...p.approval, proof: { ...p.approval.proof, sig: partials[0]!.approval.proof.sig } },
    };
    await expect(
      s.committee.combine({
        request,
        partials: [forged, partials[0]!, partials[3]!],
        opener: s.requester,
        ledger: s.ledger,
      }),
    ).rejects.toMatchObject({ code: 'ERR_TRACE_PARTIAL_INVALID', trustee: 'trustee-2' });
    await expect(
      s.committee.combine({
        request,
        partials: [partials[0]!, partials[0]!, partials[3]!],
        opener: s.requester,
        ledger: s.ledger,
      }),
    ).rejects.toMatchObject({ code: 'ERR_TRACE_PARTIAL_INVALID', trustee: 'trustee-1' });
  });

  it('a partial for another request does not count', async () => {
    const request2 = await s.committee.request({
      token,
      context: ctx,
      reason: 'warrant:2026-002',
      requester: s.requester,
      ledger: s.ledger,
    });
    const p2 = await s.trustees[4]!.partialDecrypt(request2);
    await expect(
      s.committee.combine({
        request,
        partials: [partials[0]!, partials[1]!, p2],
        opener: s.requester,
        ledger: s.ledger,
      }),
    ).rejects.toMatchObject({ code: 'ERR_TRACE_PARTIAL_INVALID', trustee: 'trustee-5' });
  });

  it('wrong context fails to decrypt even with k good partials', async () => {
    const other = generateKeyPair('Ed25519');
    const r = await s.committee.request({
      token,
      context: new Uint8Array([1]),
      reason: 'warrant:2026-003',
      requester: other,
      ledger: s.ledger,
    });
    const ps = await Promise.all(s.trustees.slice(0, K).map((t) => t.partialDecrypt(r)));
    await expect(
      s.committee.combine({ request: r, partials: ps, opener: other, ledger: s.ledger }),
    ).rejects.toMatchObject({
      code: 'ERR_TRACE_DECRYPT_FAILED',
    });
  });

  it('every request, partial and opening is on the audit topic, signed', async () => {
    const before = await s.ledger.size(s.committee.auditTopic);
    const opened = await s.committee.combine({
      request,
      partials: partials.slice(0, K),
      opener: s.requester,
      ledger: s.ledger,
    });
    const audit = await readTraceAudit(s.ledger, s.committee);
    expect(audit).toHaveLength(before + 1);
    const openings = audit.filter((a) => a.entry.type === 'trace-opening');
    expect(openings.length).toBeGreaterThan(0);
    expect(openings.at(-1)!.entry).toEqual(opened.record);
    for (const o of openings) {
      const req = o.entry.type === 'trace-opening' ? o.entry.request : '';
      expect(audit.some((a) => a.entry.type === 'trace-request' && a.position < o.position)).toBe(true);
      expect(
        audit.filter((a) => a.entry.type === 'trace-partial' && a.entry.request === req).length,
      ).toBeGreaterThanOrEqual(K);
    }
    const requests = audit.filter((a) => a.entry.type === 'trace-request');
    expect(
      requests.every((r) => r.entry.type === 'trace-request' && r.entry.reason.startsWith('warrant:')),
    ).toBe(true);
    expect(s.trustees[0]!.log.length).toBeGreaterThanOrEqual(1);
    // the handle itself never reaches the ledger
    const hb64 = base64urlEncode(handle);
    for (const e of await s.ledger.read(s.committee.auditTopic)) {
      expect(new TextDecoder().decode(e.payload)).not.toContain(hb64);
    }
  });

  it('an unsigned or tampered audit entry is skipped and reported by readTraceAudit', async () => {
    const { ledger, committee } = setup();
    await ledger.append(
      committee.auditTopic,
      new TextEncoder().encode(JSON.stringify({ type: 'trace-request', committee: committee.committeeId })),
    );
    const rejected: unknown[] = [];
    expect(await readTraceAudit(ledger, committee, { onRejected: (r) => rejected.push(r) })).toEqual([]);
    expect(rejected).toEqual([
      { position: 0, code: 'ERR_TRACE_AUDIT_INVALID', reason: 'signature does not verify' },
    ]);
  });

  it('trustees answer only requests that are logged, and refuse when their policy says no (logged too)', async () => {
    const { ledger, committee, trustees, requester } = setup((r) => r.reason.startsWith('warrant:'));
    const t = committee.encrypt(handle, ctx);
    const other = new MemoryLedger();
    const unlogged = await committee.request({
      token: t,
      context: ctx,
      reason: 'warrant:x',
      requester,
      ledger: other,
    });
    await expect(trustees[0]!.partialDecrypt(unlogged)).rejects.toMatchObject({
      code: 'ERR_TRACE_REQUEST_NOT_LOGGED',
    });
    const fishing = await committee.request({
      token: t,
      context: ctx,
      reason: 'curiosity',
      requester,
      ledger,
    });
    await expect(trustees[0]!.partialDecrypt(fishing)).rejects.toMatchObject({
      code: 'ERR_TRACE_REQUEST_REFUSED',
      trustee: 'trustee-1',
    });
    const audit = await readTraceAudit(ledger, committee);
    expect(audit.map((a) => a.entry.type)).toEqual(['trace-request', 'trace-refusal']);
    expect(trustees[0]!.log).toMatchObject([{ decision: 'refused', reason: 'curiosity' }]);
    const forged = { ...fishing, reason: 'warrant:forged' };
    await expect(trustees[0]!.partialDecrypt(forged)).rejects.toMatchObject({
      code: 'ERR_TRACE_REQUEST_INVALID',
    });
  });

  it('a trustee refuses a share that fails the Feldman check, or an audit key not listed', () => {
    const { committee, shares, keys, ledger } = setup();
    const bad = { ...shares[0]!, secret: shares[1]!.secret };
    expect(
      () => new Trustee({ share: bad, committee, auditKey: keys[0]!, ledger, approve: () => true }),
    ).toThrow(expect.objectContaining({ code: 'ERR_TRACE_SHARE_INVALID' }));
    expect(
      () => new Trustee({ share: shares[0]!, committee, auditKey: keys[1]!, ledger, approve: () => true }),
    ).toThrow(expect.objectContaining({ code: 'ERR_TRACE_SHARE_INVALID' }));
    // a share from another committee
    const other = setup();
    expect(
      () =>
        new Trustee({ share: other.shares[0]!, committee, auditKey: keys[0]!, ledger, approve: () => true }),
    ).toThrow(expect.objectContaining({ code: 'ERR_TRACE_SHARE_INVALID' }));
  });

  it('serialization round trips: committee JSON, shares, requests and partials as JSON text', async () => {
    const json = JSON.parse(JSON.stringify(s.committee.toJSON()));
    const again = TraceCommittee.fromJSON(json);
    expect(again.toJSON()).toEqual(s.committee.toJSON());
    expect(again.publicKey).toEqual(s.committee.publicKey);
    for (let i = 1; i <= N; i++) expect(again.publicShare(i)).toEqual(s.committee.publicShare(i));
    const req2 = JSON.parse(JSON.stringify(request)) as TraceRequest;
    const ps2 = JSON.parse(JSON.stringify(partials.slice(2))) as PartialDecryption[];
    const opened = await again.combine({
      request: req2,
      partials: ps2,
      opener: s.requester,
      ledger: s.ledger,
    });
    expect(opened.handle).toEqual(handle);
    const shareJson = JSON.parse(
      JSON.stringify({ ...s.shares[0]!, secret: base64urlEncode(s.shares[0]!.secret) }),
    );
    expect(again.verifyShare({ ...shareJson, secret: base64urlDecode(shareJson.secret) })).toBe(true);
    expect(() => TraceCommittee.fromJSON({ ...json, commitments: ['AAAA'] })).toThrow(
      expect.objectContaining({ code: 'ERR_TRACE_MALFORMED' }),
    );
    const badPoint = {
      ...json,
      commitments: json.commitments.map(() => base64urlEncode(new Uint8Array(32).fill(255))),
    };
    expect(() => TraceCommittee.fromJSON(badPoint)).toThrow(
      expect.objectContaining({ code: 'ERR_TRACE_MALFORMED' }),
    );
  });

  it('rejects wrong-typed inputs with TypeError/RangeError', () => {
    const wrong: unknown[] = [undefined, 'x', 1, [], new Uint8Array(3)];
    for (const w of wrong) {
      expect(() => s.committee.encrypt(w as Uint8Array, ctx)).toThrow(
        w instanceof Uint8Array ? RangeError : TypeError,
      );
      if (!(w instanceof Uint8Array))
        expect(() => s.committee.encrypt(handle, w as Uint8Array)).toThrow(TypeError);
      expect(() => new TraceCommittee(w as never)).toThrow(TypeError);
      expect(() => TraceCommittee.deal(w as never)).toThrow(TypeError);
    }
    expect(() => s.committee.encrypt(new Uint8Array(0), ctx)).toThrow(RangeError);
    expect(() =>
      TraceCommittee.deal({
        committeeId: 'x',
        threshold: 3,
        trustees: [{ id: 'a', auditPublicKey: new Uint8Array(32) }],
      }),
    ).toThrow(RangeError);
    expect(() => s.committee.publicShare(0)).toThrow(RangeError);
  });

  it('wrong-typed inputs to Trustee, request and combine', async () => {
    const ok = {
      share: s.shares[0]!,
      committee: s.committee,
      auditKey: s.keys[0]!,
      ledger: s.ledger,
      approve: () => true,
    };
    for (const w of [undefined, 'x', 1, [], new Uint8Array(3)]) {
      expect(() => new Trustee(w as never)).toThrow(TypeError);
      expect(() => new Trustee({ ...ok, share: w as never })).toThrow(TypeError);
      expect(() => new Trustee({ ...ok, approve: w as never })).toThrow(TypeError);
      expect(() => new Trustee({ ...ok, auditKey: w as never })).toThrow(TypeError);
      await expect(s.committee.request(w as never)).rejects.toThrow(TypeError);
      if (!(w instanceof Uint8Array)) {
        await expect(
          s.committee.request({
            token,
            context: w as never,
            reason: 'r',
            requester: s.requester,
            ledger: s.ledger,
          }),
        ).rejects.toThrow(TypeError);
      }
      await expect(s.committee.combine(w as never)).rejects.toThrow(TypeError);
      await expect(s.trustees[0]!.partialDecrypt(w as never)).rejects.toMatchObject({
        code: 'ERR_TRACE_REQUEST_INVALID',
      });
      expect(() => s.committee.verifyPartial(request, w, s.requester)).toThrow(
        expect.objectContaining({ code: 'ERR_TRACE_PARTIAL_INVALID' }),
      );
    }
    await expect(
      s.committee.request({
        token: 'AAAA',
        context: ctx,
        reason: 'r',
        requester: s.requester,
        ledger: s.ledger,
      }),
    ).rejects.toMatchObject({ code: 'ERR_TRACE_MALFORMED' });
    await expect(
      s.committee.request({
        token,
        context: ctx,
        reason: 'x'.repeat(2001),
        requester: s.requester,
        ledger: s.ledger,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('request / combine: now is a clock (ms); the deprecated Date forms log the same instant', async () => {
    const s2 = setup();
    const t = Date.parse('2026-11-21T10:00:00Z');
    const token2 = s2.committee.encrypt(handle, ctx);
    const base = {
      token: token2,
      context: ctx,
      reason: 'warrant:2026-clock',
      requester: s2.requester,
      ledger: s2.ledger,
    };
    const requests = [];
    for (const now of [() => t, () => new Date(t), new Date(t)]) {
      requests.push(await s2.committee.request({ ...base, now }));
    }
    expect(requests.map((r) => r.requestedAt)).toEqual(Array(3).fill('2026-11-21T10:00:00.000Z'));
    const r0 = requests[0]!;
    const parts: PartialDecryption[] = [];
    for (const tr of s2.trustees.slice(0, 3)) parts.push(await tr.partialDecrypt(r0));
    const combine = (now: unknown) =>
      s2.committee.combine({
        request: r0,
        partials: parts,
        opener: s2.requester,
        ledger: s2.ledger,
        now: now as never,
      });
    for (const bad of wrongClocks()) {
      await expect(s2.committee.request({ ...base, now: bad as never })).rejects.toThrow(/^now: /);
      await expect(combine(bad)).rejects.toThrow(/^now: /);
    }
  });
});
