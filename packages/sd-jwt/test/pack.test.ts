import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disclosureJson } from '../src/internal/pack.js';

const salt = fc.uint8Array({ minLength: 16, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64url'));

describe('disclosureJson', () => {
  it('writes exactly what JSON.stringify of the disclosure array writes', () => {
    fc.assert(
      fc.property(salt, fc.string(), fc.jsonValue(), (s, name, value) => {
        expect(disclosureJson(s, name, value)).toBe(JSON.stringify([s, name, value]));
        expect(disclosureJson(s, undefined, value)).toBe(JSON.stringify([s, value]));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes null for a value with no JSON form, as an array element does', () => {
    for (const v of [undefined, () => 1, Symbol('x')]) {
      expect(disclosureJson('c2FsdA', 'n', v)).toBe(JSON.stringify(['c2FsdA', 'n', v]));
      expect(disclosureJson('c2FsdA', undefined, v)).toBe('["c2FsdA",null]');
    }
  });

  it('escapes claim names', () => {
    const name = 'a"b\\c\u2028\u0000\ud800';
    expect(disclosureJson('c2FsdA', name, 1)).toBe(JSON.stringify(['c2FsdA', name, 1]));
  });
});
