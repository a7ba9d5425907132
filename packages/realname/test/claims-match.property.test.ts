import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REALNAME_CLAIMS } from '../src/claims.js';
import { disclosedExactly } from '../src/internal/claimsMatch.js';

/**
 * The check it replaces: the sorted dotted paths against the sorted request (paths of at least one
 * member, as the SD-JWT verifier gives them: an empty path would join to the empty string).
 */
const reference = (disclosed: (string | number)[][], requested: string[]) =>
  disclosed
    .map((p) => p.join('.'))
    .sort()
    .join(',') === [...requested].sort().join(',');

const names = [...REALNAME_CLAIMS, 'trace', 'jti', 'address', 'street', 'x'];

describe('disclosedExactly: the disclosed paths are exactly the claims asked for', () => {
  it('gives the verdict of comparing sorted dotted paths, on any paths and any request', () => {
    const requested = fc.uniqueArray(fc.constantFrom(...REALNAME_CLAIMS), { maxLength: 10 });
    const path = fc.oneof(
      fc.constantFrom(...names).map((n) => [n] as (string | number)[]),
      fc.array(fc.oneof(fc.constantFrom(...names), fc.nat({ max: 3 })), { minLength: 1, maxLength: 3 }),
    );
    // a disclosed list near the request: the request itself, shuffled, with paths added, dropped or doubled
    const case_ = requested.chain((req) =>
      fc
        .tuple(
          fc.shuffledSubarray(req.map((n) => [n] as (string | number)[])),
          fc.array(path, { maxLength: 3 }),
          fc.boolean(),
        )
        .map(([some, extra, all]) => ({
          req,
          disclosed: [...(all ? req.map((n) => [n] as (string | number)[]) : some), ...extra],
        })),
    );
    fc.assert(
      fc.property(case_, ({ req, disclosed }) => {
        expect(disclosedExactly(disclosed, req)).toBe(reference(disclosed, req));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses a claim twice, a nested path, a number, and a different claim of the same count', () => {
    expect(disclosedExactly([['region'], ['region']], ['age_over_18', 'region'])).toBe(false);
    expect(disclosedExactly([['region', 'x']], ['region'])).toBe(false);
    expect(disclosedExactly([[0]], ['region'])).toBe(false);
    expect(disclosedExactly([['birthdate']], ['region'])).toBe(false);
    expect(disclosedExactly([['region'], ['age_over_18']], ['age_over_18', 'region'])).toBe(true);
    expect(disclosedExactly([], [])).toBe(true);
    expect(disclosedExactly([[]], [])).toBe(false); // the joined comparison took it for no claim
  });
});
