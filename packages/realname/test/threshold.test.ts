import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { G, mod } from '../src/internal/group.js';
import {
  combine,
  deal,
  decryptWithShared,
  encrypt,
  lagrangeAtZero,
  parseToken,
  partialDecrypt,
  publicShareFromCommitments,
  verifyPartial,
  verifyShare,
} from '../src/internal/threshold.js';

const ctx = new TextEncoder().encode('cred-1');

describe('threshold ElGamal internals', () => {
  it('Lagrange coefficients at 0 sum to 1 over any set', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }), (idx) => {
        const sum = idx.reduce((a, i) => a + lagrangeAtZero(i, idx), 0n);
        expect(mod(sum)).toBe(1n);
      }),
    );
  });

  it('shares verify against the Feldman commitments, altered shares do not', () => {
    const { shares, commitments } = deal(3, 5);
    shares.forEach((s, i) => {
      expect(verifyShare(commitments, i + 1, s)).toBe(true);
      expect(verifyShare(commitments, i + 1, s + 1n)).toBe(false);
      expect(verifyShare(commitments, ((i + 1) % 5) + 1, s)).toBe(false);
    });
  });

  it('any k partials decrypt; k-1 do not; a tampered partial fails its proof', () => {
    const k = 3;
    const n = 5;
    const { shares, commitments } = deal(k, n);
    const Y = commitments[0]!;
    const handle = crypto.getRandomValues(new Uint8Array(32));
    const parsed = parseToken(encrypt(Y, 'c1', handle, ctx));
    const binding = new TextEncoder().encode('req');
    const partials = shares.map((s) => partialDecrypt(s, parsed.c1, binding));
    partials.forEach((p, i) => {
      expect(
        verifyPartial(publicShareFromCommitments(commitments, i + 1), parsed.c1, p.d, p.proof, binding),
      ).toBe(true);
    });
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3, 4, 5], { minLength: k, maxLength: n }), (subset) => {
        const m = new Map(subset.map((i) => [i, partials[i - 1]!.d]));
        expect(decryptWithShared(combine(m), parsed, Y, 'c1', ctx)).toEqual(handle);
      }),
      { numRuns: 30 },
    );
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3, 4, 5], { minLength: 1, maxLength: k - 1 }), (subset) => {
        const m = new Map(subset.map((i) => [i, partials[i - 1]!.d]));
        expect(() => decryptWithShared(combine(m), parsed, Y, 'c1', ctx)).toThrow(
          expect.objectContaining({ code: 'ERR_TRACE_DECRYPT_FAILED' }),
        );
      }),
      { numRuns: 30 },
    );
    const bad = partials[0]!.d.add(G);
    expect(
      verifyPartial(publicShareFromCommitments(commitments, 1), parsed.c1, bad, partials[0]!.proof, binding),
    ).toBe(false);
    expect(
      verifyPartial(
        publicShareFromCommitments(commitments, 1),
        parsed.c1,
        partials[0]!.d,
        partials[0]!.proof,
        new Uint8Array(1),
      ),
    ).toBe(false);
  });

  it('a token does not open under another context', () => {
    const { shares, commitments } = deal(1, 1);
    const Y = commitments[0]!;
    const parsed = parseToken(encrypt(Y, 'c1', new Uint8Array(32), ctx));
    const K = parsed.c1.multiply(shares[0]!);
    expect(() => decryptWithShared(K, parsed, Y, 'c1', new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: 'ERR_TRACE_DECRYPT_FAILED' }),
    );
  });
});
