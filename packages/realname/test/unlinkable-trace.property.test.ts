import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { G1TraceCommittee } from '../src/index.js';
import { G, randomScalar } from '../src/unlinkable/g1.js';
import { encodeTraceToken, traceCommit, traceRespond } from '../src/unlinkable/traceToken.js';

describe('G1 trace committee (property)', () => {
  it('any k of n partials open a token to h·G; k − 1 are refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.integer({ min: 1, max: n }),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
          ),
        ),
        ([n, k, order]) => {
          const { committee, shares } = G1TraceCommittee.deal({ threshold: k, size: n });
          const Y = committee.commitments[0]!;
          const h = randomScalar();
          const state = traceCommit(Y, h, randomScalar());
          const token = encodeTraceToken(traceRespond(state, randomScalar()));
          const { request, blinding } = committee.request(token, 'warrant: p');
          const chosen = order.slice(0, k).map((i) => committee.partial(shares[i]!, request));
          expect(committee.open(request, blinding, chosen)).toEqual(G.multiply(h).toBytes(true));
          if (k > 1) {
            expect(() => committee.open(request, blinding, chosen.slice(0, k - 1))).toThrow(
              expect.objectContaining({ code: 'ERR_TRACE_NOT_ENOUGH_PARTIALS' }),
            );
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('a request whose blinded C1 or reason was changed is refused by trustees', () => {
    const { committee, shares } = G1TraceCommittee.deal({ threshold: 2, size: 3 });
    const state = traceCommit(committee.commitments[0]!, randomScalar(), randomScalar());
    const token = encodeTraceToken(traceRespond(state, randomScalar()));
    const { request } = committee.request(token, 'warrant: q');
    const other = committee.request(token, 'warrant: q').request;
    for (const bad of [
      { ...request, reason: 'warrant: r' },
      { ...request, c1Blinded: other.c1Blinded },
      { ...request, token: new Uint8Array(128) },
    ]) {
      expect(() => committee.partial(shares[0]!, bad)).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^ERR_TRACE_(REQUEST_INVALID|MALFORMED)$/) }),
      );
    }
  });
});
