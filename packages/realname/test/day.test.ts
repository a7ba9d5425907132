import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_SECONDS, startOfDay } from '../src/internal/day.js';

describe('startOfDay (day-coarsened iat/nbf)', () => {
  it('is the start of the UTC day in seconds, as the integer-millisecond form computes it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8.64e15 }), (ms) => {
        const s = startOfDay(new Date(ms));
        expect(s).toBe(Math.floor(ms / 86_400_000) * 86_400);
        expect(s % DAY_SECONDS).toBe(0);
        expect(ms / 1000 - s).toBeGreaterThanOrEqual(0);
        expect(ms / 1000 - s).toBeLessThan(DAY_SECONDS);
      }),
    );
    expect(startOfDay(new Date('2026-11-21T23:59:59.999Z'))).toBe(Date.parse('2026-11-21T00:00:00Z') / 1000);
  });
});
