import fc from 'fast-check';
import { base58btc } from 'multiformats/bases/base58';
import { describe, expect, it } from 'vitest';
import { base58btcEncode } from '../src/internal/base58.js';

describe('internal base58btcEncode', () => {
  it('agrees with multiformats on random bytes, leading zeros included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(3), (tail, zeros) => {
        const bytes = new Uint8Array([...new Array(zeros).fill(0), ...tail]);
        expect(base58btcEncode(bytes)).toBe(base58btc.baseEncode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the edges: empty, zeros, 0xff runs, the multibase vector', () => {
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array(1),
      new Uint8Array(5),
      new Uint8Array([0xff]),
      new Uint8Array(34).fill(0xff),
      new Uint8Array([0x12, 0x20, ...new Uint8Array(32)]),
      new Uint8Array([0, 0, 1]),
    ]) {
      expect(base58btcEncode(bytes)).toBe(base58btc.baseEncode(bytes));
    }
    expect(base58btcEncode(new TextEncoder().encode('yes mani !'))).toBe('7paNL19xttacUY');
  });
});
