import { base64urlEncode, generateKeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceCommittee, Trustee } from '../src/index.js';
import { G, G1, randomScalar } from '../src/unlinkable/g1.js';
import { encodeTraceToken, traceCommit, traceRespond } from '../src/unlinkable/traceToken.js';

function g1Committee(k: number, n: number) {
  const ledger = new MemoryLedger();
  const keys = Array.from({ length: n }, () => generateKeyPair('Ed25519'));
  const { committee, shares } = TraceCommittee.deal({
    committeeId: 'g1-property',
    threshold: k,
    group: 'bls12-381-g1',
    trustees: keys.map((key, i) => ({ id: `t${i + 1}`, auditPublicKey: key.publicKey })),
  });
  const trustees = shares.map(
    (share, i) => new Trustee({ share, committee, auditKey: keys[i]!, ledger, approve: () => true }),
  );
  return { ledger, committee, trustees };
}

function tokenOf(committee: TraceCommittee, h: bigint): string {
  const state = traceCommit(G1.fromBytes(committee.publicKey), h, randomScalar());
  return base64urlEncode(encodeTraceToken(traceRespond(state, randomScalar())));
}

describe('trace committee on BLS12-381 G1 (property)', () => {
  it('any k of n sealed partials open an unlinkable-mode token to h·G; k − 1 are refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.integer({ min: 1, max: n }),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
          ),
        ),
        async ([n, k, order]) => {
          const { ledger, committee, trustees } = g1Committee(k, n);
          const h = randomScalar();
          const requester = generateKeyPair('Ed25519');
          const request = await committee.request({
            token: tokenOf(committee, h),
            reason: 'warrant: p',
            requester,
            ledger,
          });
          const partials = [];
          for (const i of order.slice(0, k)) partials.push(await trustees[i]!.partialDecrypt(request));
          if (k > 1) {
            await expect(
              committee.combine({ request, partials: partials.slice(0, k - 1), opener: requester, ledger }),
            ).rejects.toMatchObject({ code: 'ERR_TRACE_NOT_ENOUGH_PARTIALS' });
          }
          const opened = await committee.combine({ request, partials, opener: requester, ledger });
          expect(opened.handle).toEqual(G.multiply(h).toBytes(true));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('a request whose blinded C1, reason or token was changed is refused by trustees', async () => {
    const { ledger, committee, trustees } = g1Committee(2, 3);
    const requester = generateKeyPair('Ed25519');
    const token = tokenOf(committee, randomScalar());
    const request = await committee.request({ token, reason: 'warrant: q', requester, ledger });
    const other = await committee.request({
      token: tokenOf(committee, randomScalar()),
      reason: 'warrant: q',
      requester,
      ledger,
    });
    for (const bad of [
      { ...request, reason: 'warrant: r' },
      { ...request, blinded: other.blinded },
      { ...request, token: base64urlEncode(new Uint8Array(128)) },
      { ...request, token: other.token },
    ]) {
      await expect(trustees[0]!.partialDecrypt(bad)).rejects.toMatchObject({
        code: expect.stringMatching(/^ERR_TRACE_(REQUEST_INVALID|MALFORMED)$/),
      });
    }
  });

  it('a G1 committee survives its JSON form; an unknown group is refused', async () => {
    const { ledger, committee, trustees } = g1Committee(2, 3);
    const again = TraceCommittee.fromJSON(JSON.parse(JSON.stringify(committee.toJSON())));
    expect(again.group).toBe('bls12-381-g1');
    expect(again.publicKey).toEqual(committee.publicKey);
    expect(again.publicKey).toHaveLength(48);
    expect(again.auditTopic).toBe('trace-audit-g1:g1-property');
    // the restored committee opens what the dealt one's trustees answer
    const h = randomScalar();
    const requester = generateKeyPair('Ed25519');
    const request = await again.request({
      token: tokenOf(again, h),
      reason: 'warrant: j',
      requester,
      ledger,
    });
    const partials = [await trustees[0]!.partialDecrypt(request), await trustees[2]!.partialDecrypt(request)];
    const opened = await again.combine({ request, partials, opener: requester, ledger });
    expect(opened.handle).toEqual(G.multiply(h).toBytes(true));
    expect(() => TraceCommittee.fromJSON({ ...committee.toJSON(), group: 'p-256' })).toThrow(
      expect.objectContaining({ code: 'ERR_TRACE_MALFORMED' }),
    );
    // a G1 committee does not make tokens itself: wallets do, with their proofs
    expect(() => committee.encrypt(new Uint8Array(32), new Uint8Array(0))).toThrow(TypeError);
  });
});
