import { bytesToNumberBE } from '@noble/curves/utils.js';
import { describe, expect, test } from 'vitest';
import { commitWithNym, nymCommitmentGenerators, nymMessageToScalar, randomScalar } from '../src/index.js';
import { G1 } from '../src/internal/curve.js';

const te = new TextEncoder();

describe('nymCommitmentGenerators', () => {
  test('C = Q2·blind + J1·m + J2·nym for a commitWithNym commitment (and not with other scalars)', () => {
    const committed = te.encode('holder secret');
    const nym = randomScalar();
    const { commitmentWithProof, secretProverBlind } = commitWithNym({
      committedMessages: [committed],
      proverNyms: [nym],
    });
    const [Q2, J1, J2] = nymCommitmentGenerators(2).map((b) => G1.fromBytes(b)) as [
      InstanceType<typeof G1>,
      InstanceType<typeof G1>,
      InstanceType<typeof G1>,
    ];
    const C = G1.fromBytes(commitmentWithProof.subarray(0, 48));
    const s = bytesToNumberBE(secretProverBlind);
    const m = bytesToNumberBE(nymMessageToScalar(committed));
    const n = bytesToNumberBE(nym);
    expect(Q2.multiply(s).add(J1.multiply(m)).add(J2.multiply(n)).equals(C)).toBe(true);
    expect(
      Q2.multiply(s)
        .add(J1.multiply(m))
        .add(J2.multiply(n + 1n))
        .equals(C),
    ).toBe(false);
  });

  test('misuse is a TypeError or RangeError', () => {
    expect(() => nymCommitmentGenerators('2' as never)).toThrow(TypeError);
    expect(() => nymCommitmentGenerators(0)).toThrow(RangeError);
    expect(() => nymCommitmentGenerators(1.5)).toThrow(RangeError);
    expect(() => nymCommitmentGenerators(2, 'nope' as never)).toThrow(TypeError);
    expect(nymCommitmentGenerators(3)).toHaveLength(4);
  });
});
