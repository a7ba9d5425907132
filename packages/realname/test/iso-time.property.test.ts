import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../src/internal/isoTime.js';

const viaDate = (ms: number): string | RangeError => {
  try {
    return new Date(ms).toISOString();
  } catch (e) {
    return e as RangeError;
  }
};
const viaIso = (ms: number): string | RangeError => {
  try {
    return isoTime(ms);
  } catch (e) {
    return e as RangeError;
  }
};

describe('isoTime: toISOString with the text up to the second kept', () => {
  it('gives what toISOString gives for any number, in any order of calls', () => {
    const times = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_005_000 }), // many in one second
      fc.constantFrom(0, -0, -1, 999, 1000, -1000, -1001, 8.64e15, -8.64e15, 8.64e15 + 1, -8.64e15 - 1),
      fc.constantFrom(8.64e15 + 500, 253_402_300_800_000, Number.NaN, Number.POSITIVE_INFINITY, -Infinity),
      fc.double(),
    );
    fc.assert(
      fc.property(fc.array(times, { minLength: 1, maxLength: 20 }), (list) => {
        for (const ms of list) {
          const want = viaDate(ms);
          const got = viaIso(ms);
          if (typeof want === 'string') expect(got).toBe(want);
          else expect(got).toBeInstanceOf(RangeError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
