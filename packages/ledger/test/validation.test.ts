import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ENTRY_BYTES,
  MemoryLedger,
  TOPIC_PATTERN,
  validateAppend,
  validateBatch,
  validateReadOptions,
  validateTopic,
} from '../src/index.js';

const p = new Uint8Array([1]);

function code(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return (err as { code?: unknown }).code;
  }
  return 'no error';
}

describe('validateTopic', () => {
  it('accepts the topic alphabet up to 200 characters', () => {
    for (const t of ['a', 'did:realdid:zQm', 'A-Z_a.z:0-9', 'x'.repeat(200)])
      expect(() => validateTopic(t)).not.toThrow();
    expect(TOPIC_PATTERN.test('x'.repeat(200))).toBe(true);
  });

  it('rejects bad strings with ERR_LEDGER_TOPIC_INVALID', () => {
    for (const t of ['', ' ', 'a b', 'a/b', 'x'.repeat(201), 'é', 'a\u0000', 'a\n', '😀']) {
      expect(code(() => validateTopic(t))).toBe('ERR_LEDGER_TOPIC_INVALID');
    }
  });

  it('rejects non-strings with TypeError', () => {
    for (const t of [undefined, null, 1, 1n, true, {}, [], new Uint8Array(1), () => 'a']) {
      expect(() => validateTopic(t)).toThrow(TypeError);
    }
  });
});

describe('validateAppend', () => {
  it('checks the payload: TypeError, ERR_LEDGER_ENTRY_INVALID, ERR_LEDGER_ENTRY_TOO_LARGE', () => {
    for (const bad of [
      undefined,
      null,
      'x',
      1,
      [1],
      new ArrayBuffer(1),
      new DataView(new ArrayBuffer(1)),
      new Int8Array(1),
    ]) {
      expect(() => validateAppend('t', bad, 10)).toThrow(TypeError);
    }
    expect(code(() => validateAppend('t', new Uint8Array(0), 10))).toBe('ERR_LEDGER_ENTRY_INVALID');
    expect(code(() => validateAppend('t', new Uint8Array(11), 10))).toBe('ERR_LEDGER_ENTRY_TOO_LARGE');
    expect(() => validateAppend('t', new Uint8Array(10), 10)).not.toThrow();
    expect(code(() => validateAppend('bad topic', p, 10))).toBe('ERR_LEDGER_TOPIC_INVALID');
  });

  it('says what it expected and found, without the payload', () => {
    expect(() => validateAppend('t', new Uint8Array(11).fill(0x41), 10)).toThrow(
      'at most 10 bytes, found 11',
    );
    try {
      validateAppend('t', 'secret-ish string', 10);
    } catch (err) {
      expect((err as Error).message).not.toContain('secret');
    }
  });
});

describe('validateBatch', () => {
  it('returns fresh entry objects and names the failing index', () => {
    const input = [{ topic: 'a', payload: p, extra: 1 }];
    const out = validateBatch(input, 10);
    expect(out).toEqual([{ topic: 'a', payload: p }]);
    expect(out[0]).not.toBe(input[0]);
    expect(() =>
      validateBatch(
        [
          { topic: 'a', payload: p },
          { topic: 'a', payload: 'x' },
        ],
        10,
      ),
    ).toThrow(/entries\[1\]/);
    expect(
      code(() =>
        validateBatch(
          [
            { topic: 'a', payload: p },
            { topic: '', payload: p },
          ],
          10,
        ),
      ),
    ).toBe('ERR_LEDGER_TOPIC_INVALID');
  });

  it('rejects wrong shapes with TypeError', () => {
    for (const bad of [undefined, null, 'x', 1, {}, new Uint8Array(1)])
      expect(() => validateBatch(bad, 10)).toThrow(TypeError);
    for (const bad of [undefined, null, 'x', 1, [], ['a', p]])
      expect(() => validateBatch([bad], 10)).toThrow(TypeError);
  });
});

describe('validateReadOptions', () => {
  it('defaults and accepts non-negative integers', () => {
    expect(validateReadOptions(undefined)).toEqual({ from: 0, limit: Number.POSITIVE_INFINITY });
    expect(validateReadOptions({})).toEqual({ from: 0, limit: Number.POSITIVE_INFINITY });
    expect(validateReadOptions({ from: 3, limit: 0 })).toEqual({ from: 3, limit: 0 });
  });

  it('TypeError for wrong types, RangeError for bad numbers', () => {
    for (const bad of [null, 'x', 1, [], { from: '1' }, { limit: null }, { from: 1n }]) {
      expect(() => validateReadOptions(bad)).toThrow(TypeError);
    }
    for (const bad of [
      { from: -1 },
      { from: 0.5 },
      { limit: -2 },
      { limit: Number.NaN },
      { from: 2 ** 53 },
    ]) {
      expect(() => validateReadOptions(bad)).toThrow(RangeError);
    }
  });
});

describe('MemoryLedger options', () => {
  it('defaults to 64 KiB entries', async () => {
    expect(new MemoryLedger().maxEntryBytes).toBe(DEFAULT_MAX_ENTRY_BYTES);
    expect((await new MemoryLedger({ maxEntryBytes: 5 }).info()).maxEntryBytes).toBe(5);
  });

  it('rejects bad options', () => {
    for (const bad of [null, 'x', 1, []]) expect(() => new MemoryLedger(bad as never)).toThrow(TypeError);
    expect(() => new MemoryLedger({ maxEntryBytes: '5' as never })).toThrow(TypeError);
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new MemoryLedger({ maxEntryBytes: n })).toThrow(RangeError);
    }
    expect(() => new MemoryLedger({ clock: 'now' as never })).toThrow(TypeError);
  });

  it('uses the clock, never goes back in time, and writes nothing when the clock fails', async () => {
    const times = [Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 3)];
    let i = 0;
    let broken = false;
    const ledger = new MemoryLedger({
      clock: () => (broken ? (new Date('nope') as Date) : new Date(times[i++ % times.length]!)),
    });
    const a = await ledger.append('t', new Uint8Array([1]));
    const b = await ledger.append('t', new Uint8Array([2]));
    const c = await ledger.append('t', new Uint8Array([3]));
    expect([a.time, b.time, c.time]).toEqual([
      '2026-01-02T00:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ]);
    broken = true;
    await expect(ledger.append('t', new Uint8Array([4]))).rejects.toThrow(TypeError);
    expect(await ledger.size('t')).toBe(3);
  });

  it('gives every entry of a batch the same time', async () => {
    let t = Date.UTC(2026, 5, 1);
    const ledger = new MemoryLedger({ clock: () => new Date(t++) });
    const rs = await ledger.appendBatch([
      { topic: 'a', payload: new Uint8Array([1]) },
      { topic: 'b', payload: new Uint8Array([2]) },
    ]);
    expect(rs[0]?.time).toBe(rs[1]?.time);
  });
});
