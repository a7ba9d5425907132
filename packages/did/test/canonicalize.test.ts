import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../src/canonicalize.js';

const dir = new URL('./vectors/jcs-rfc8785/testdata/', import.meta.url);

describe('canonicalize — RFC 8785 vectors (cyberphone/json-canonicalization testdata)', () => {
  const files = readdirSync(new URL('input/', dir)).filter((f) => f.endsWith('.json'));
  it('has the six vector files', () => {
    expect(files.sort()).toEqual([
      'arrays.json',
      'french.json',
      'structures.json',
      'unicode.json',
      'values.json',
      'weird.json',
    ]);
  });
  for (const f of files) {
    it(f, () => {
      const input = JSON.parse(readFileSync(new URL(`input/${f}`, dir), 'utf8'));
      const expected = readFileSync(new URL(`output/${f}`, dir));
      const got = Buffer.from(canonicalize(input), 'utf8');
      expect(got.toString('hex')).toBe(expected.toString('hex'));
      const hex = readFileSync(new URL(`outhex/${f.replace('.json', '.txt')}`, dir), 'utf8').replace(
        /\s+/g,
        '',
      );
      expect(got.toString('hex')).toBe(hex);
    });
  }
});

describe('canonicalize — numbers (ES6 Number.prototype.toString)', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [9007199254740994, '9007199254740994'],
    [9.999999999999997e-7, '9.999999999999997e-7'],
    [333333333.3333333, '333333333.3333333'],
    [-1.5e300, '-1.5e+300'],
    [5e-324, '5e-324'],
  ];
  for (const [n, s] of cases) it(`${s}`, () => expect(canonicalize(n)).toBe(s));
});

describe('canonicalize — properties', () => {
  it('is idempotent through JSON.parse and independent of member order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalize(v);
        expect(canonicalize(JSON.parse(c))).toBe(c);
        const reversed = JSON.parse(c, (_k, x) =>
          x !== null && typeof x === 'object' && !Array.isArray(x)
            ? Object.fromEntries(Object.entries(x).reverse())
            : x,
        );
        expect(canonicalize(reversed)).toBe(c);
      }),
    );
  });
  it('sorts member names by UTF-16 code units', () => {
    expect(canonicalize({ '\u{1F600}': 1, '\uFB33': 2, a: 3 })).toBe('{"a":3,"\u{1F600}":1,"\uFB33":2}');
  });
  it('does not modify its input', () => {
    const v = { b: [{ d: 1, c: 2 }], a: null };
    const copy = structuredClone(v);
    canonicalize(v);
    expect(v).toEqual(copy);
  });
});

describe('canonicalize — what is not JSON data', () => {
  const bad: [string, unknown][] = [
    ['undefined', undefined],
    ['function', () => 1],
    ['bigint', 1n],
    ['symbol', Symbol('x')],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['Date', new Date(0)],
    ['Uint8Array', new Uint8Array(2)],
    ['Map', new Map()],
    ['lone high surrogate', '\uD800'],
    ['lone low surrogate in a key', { '\uDC00': 1 }],
    ['undefined member', { a: undefined }],
    ['undefined in array', [undefined]],
  ];
  for (const [name, v] of bad)
    it(`${name} -> TypeError`, () => expect(() => canonicalize(v)).toThrow(TypeError));
  it('too deep -> RangeError', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100; i++) v = [v];
    expect(() => canonicalize(v)).toThrow(RangeError);
    expect(() => canonicalize(v, { maxDepth: 200 })).not.toThrow();
  });
  it('a cycle -> RangeError, not a stack overflow', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => canonicalize(a)).toThrow(RangeError);
  });
  it('bad maxDepth -> RangeError', () => {
    expect(() => canonicalize(1, { maxDepth: -1 })).toThrow(RangeError);
    expect(() => canonicalize(1, { maxDepth: 1.5 })).toThrow(RangeError);
  });
});

describe('canonicalize with omitUndefined', () => {
  it('leaves out undefined members as JSON.stringify does, and only when asked', () => {
    const v = { b: undefined, a: 1, c: { x: undefined, y: [1, null] }, d: undefined };
    expect(canonicalize(v, { omitUndefined: true })).toBe('{"a":1,"c":{"y":[1,null]}}');
    expect(canonicalize({ only: undefined }, { omitUndefined: true })).toBe('{}');
    expect(() => canonicalize(v)).toThrow(TypeError);
    expect(() => canonicalize([undefined], { omitUndefined: true })).toThrow(TypeError);
  });

  it('agrees with canonicalising the JSON.stringify round trip', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string(),
          fc.oneof(
            fc.constant(undefined),
            fc.integer(),
            fc.string(),
            fc.dictionary(fc.string(), fc.oneof(fc.constant(undefined), fc.boolean())),
          ),
        ),
        (o) => {
          expect(canonicalize(o, { omitUndefined: true })).toBe(canonicalize(JSON.parse(JSON.stringify(o))));
        },
      ),
      { numRuns: 200 },
    );
  });
});
