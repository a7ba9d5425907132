/**
 * Hostile-input generators and the outcome check shared by every package's test/hostile.test.ts.
 *
 * The property every public parser/decoder/verifier must hold: on any input it either returns,
 * rejects with a coded RealDidError whose code is one of the package's own, or (only where the
 * caller passed the wrong kind of argument) throws TypeError/RangeError — never an uncoded Error,
 * never a stack overflow, never a hang, never a polluted Object.prototype.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

/** A JSON array nested `depth` levels deep, built without recursion. */
export function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A JSON object nested `depth` levels deep under key `k`, built without recursion. */
export function deepObject(depth: number, k = 'a'): unknown {
  let v: unknown = {};
  for (let i = 0; i < depth; i++) v = { [k]: v };
  return v;
}

/** The same nesting as JSON text (what a parser sees on the wire). */
export function deepJsonText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Objects parsed from JSON that carry `__proto__` / `constructor` / `prototype` own keys. */
export function pollutingObjects(): Record<string, unknown>[] {
  return [
    JSON.parse('{"__proto__":{"polluted":"yes"}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
    JSON.parse('{"prototype":{"polluted":"yes"},"__proto__":{"polluted":"yes"}}'),
    JSON.parse('{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}'),
  ];
}

/** Throws when a generator or a getter sends an error of its own. */
export class HostileSentinel extends Error {
  override name = 'HostileSentinel';
}

/** An object whose every property read throws. */
export function throwingGetters(): object {
  return new Proxy(
    {},
    {
      get() {
        throw new HostileSentinel('getter');
      },
      has() {
        throw new HostileSentinel('has');
      },
      ownKeys() {
        throw new HostileSentinel('ownKeys');
      },
      getOwnPropertyDescriptor() {
        throw new HostileSentinel('getOwnPropertyDescriptor');
      },
      getPrototypeOf() {
        throw new HostileSentinel('getPrototypeOf');
      },
    },
  );
}

/** A plain-looking object with a throwing accessor under `key`. */
export function throwingAccessor(key: string, base: Record<string, unknown> = {}): object {
  const o = { ...base };
  Object.defineProperty(o, key, {
    enumerable: true,
    get() {
      throw new HostileSentinel(`get ${key}`);
    },
  });
  return o;
}

/** A cyclic object (and a cyclic array). */
export function cyclic(): unknown[] {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  const a: unknown[] = [1];
  a.push(a);
  return [o, a, { nested: { back: o } }];
}

/** Values of the wrong type, including numbers at the edges. */
export const WEIRD_VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  1n,
  -(2n ** 70n),
  Symbol('s'),
  () => 1,
  '',
  '\u0000',
  '\ud800',
  [],
  [1, 2],
  {},
  Object.create(null),
  new Date(0),
  new Map([[1, 2]]),
  new Set([1]),
  /x/,
  new Uint8Array(0),
  new Uint8Array(3),
  new Uint16Array(4),
  new ArrayBuffer(8),
];

/** Every hostile value built here, including the objects. */
export function allHostileValues(): unknown[] {
  return [
    ...WEIRD_VALUES,
    ...pollutingObjects(),
    throwingGetters(),
    throwingAccessor('type'),
    ...cyclic(),
    deepArray(10_000),
    deepObject(10_000),
  ];
}

/** Arbitrary strings: ASCII, full unicode (lone surrogates included), and structured noise. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.string({
    unit: fc.constantFrom('\ud800', '\udfff', '\u0000', '\u202e', '\ufeff', 'z', ':', '%'),
    maxLength: 50,
  }),
);

/** Any JSON-ish value, with prototype-polluting keys mixed in. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 }).map((v) => v);
export const anyObjectWithProtoKeys: fc.Arbitrary<unknown> = fc
  .dictionary(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'a'),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map((d) => JSON.parse(JSON.stringify(d)));

/** Huge strings between 1 and 10 MB (only a few runs: they are big). */
export function hugeStrings(): string[] {
  return [
    'a'.repeat(1 << 20),
    'z'.repeat(3 << 20),
    '{'.repeat(1 << 20),
    '\u00e9'.repeat(5 << 20),
    `${'['.repeat(10 << 20)}`,
  ];
}

/** Flips one bit of a copy of `bytes`. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = Math.floor(bit / 8) % out.length;
  out[i] = (out[i] as number) ^ (1 << (bit % 8));
  return out;
}

/** Flips one bit of one character of a string (keeping it a string). */
export function flipStringBit(s: string, at: number, bit: number): string {
  const i = at % s.length;
  const c = s.charCodeAt(i) ^ (1 << (bit % 7));
  return s.slice(0, i) + String.fromCharCode(c) + s.slice(i + 1);
}

/** Bounds a run: a hung call fails the test instead of stalling the file. */
export const RUN_BOUND_MS = 8000;

export interface OutcomeRules {
  /** The package's own codes: a RealDidError must carry one of them. */
  codes: readonly string[];
  /** Whether TypeError/RangeError (caller misuse) is an acceptable outcome for this input. */
  misuse?: boolean;
  /** Strings that must never appear in an error message (secret material). */
  secrets?: readonly string[];
}

export type Outcome =
  | { kind: 'returned'; value: unknown }
  | { kind: 'coded'; code: string; error: Error }
  | { kind: 'misuse'; error: Error }
  | { kind: 'sentinel'; error: Error };

function checkNoPollution(): void {
  // biome-ignore lint/suspicious/noExplicitAny: checking the prototype on purpose
  expect(({} as any).polluted).toBeUndefined();
  // biome-ignore lint/suspicious/noExplicitAny: checking the prototype on purpose
  expect((Object.prototype as any).polluted).toBeUndefined();
}

/**
 * Classifies what `fn()` did, failing the test on any forbidden outcome. An error thrown by the
 * caller's own getter/proxy (HostileSentinel) is the caller's error and may pass through.
 */
export async function outcome(fn: () => unknown, rules: OutcomeRules): Promise<Outcome> {
  const started = Date.now();
  let result: Outcome;
  try {
    let value = fn();
    if (value instanceof Promise) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hang = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`hung for more than ${RUN_BOUND_MS} ms`)), RUN_BOUND_MS);
      });
      try {
        value = await Promise.race([value, hang]);
      } finally {
        clearTimeout(timer);
      }
    }
    result = { kind: 'returned', value };
  } catch (error) {
    result = classify(error, rules);
  }
  // A synchronous call cannot be interrupted; this still catches a near-hang (the bound is
  // generous: it is a hang detector, not a performance assertion).
  expect(Date.now() - started, 'call took too long (hang?)').toBeLessThan(RUN_BOUND_MS);
  checkNoPollution();
  return result;
}

function classify(error: unknown, rules: OutcomeRules): Outcome {
  if (error instanceof HostileSentinel) return { kind: 'sentinel', error };
  if (!(error instanceof Error)) throw new Error(`threw a non-Error: ${String(error)}`);
  for (const secret of rules.secrets ?? []) {
    expect(error.message.includes(secret), `error message echoes secret material: ${error.message}`).toBe(
      false,
    );
    expect(String(error.stack ?? '').includes(secret)).toBe(false);
  }
  expect(error.message.length, 'error message should be bounded').toBeLessThan(4096);
  const code = (error as { code?: unknown }).code;
  if (error.name === 'RealDidError' || typeof code === 'string') {
    expect(rules.codes, `unexpected code ${String(code)}: ${error.message}`).toContain(code);
    return { kind: 'coded', code: code as string, error };
  }
  if ((error instanceof TypeError || error instanceof RangeError) && rules.misuse === true) {
    // A stack overflow is a RangeError too, and never an acceptable outcome.
    expect(error.message).not.toMatch(/call stack/i);
    return { kind: 'misuse', error };
  }
  throw new Error(`uncoded ${error.name}: ${error.message}`, { cause: error });
}

/** Asserts the call was rejected with one of `codes` (not returned, not misuse). */
export async function expectCoded(fn: () => unknown, rules: OutcomeRules): Promise<string> {
  const o = await outcome(fn, rules);
  if (o.kind !== 'coded') throw new Error(`expected a coded rejection, got ${o.kind}`);
  return o.code;
}

/**
 * Values a `now` option must refuse with a TypeError: every weird value that is neither
 * `undefined`, a function nor a valid `Date`, an invalid `Date`, and clocks that answer something
 * other than a finite number or a valid `Date` (refused when the clock is read).
 */
export function wrongClocks(): unknown[] {
  return [
    ...WEIRD_VALUES.filter((v) => v !== undefined && typeof v !== 'function' && !(v instanceof Date)),
    new Date(Number.NaN),
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => '1700000000000',
    () => 1n,
    () => null,
    () => undefined,
    () => new Date(Number.NaN),
    () => ({ getTime: () => 0 }),
  ];
}
