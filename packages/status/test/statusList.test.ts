import { readFileSync } from 'node:fs';
import {
  decodeStatusList,
  encodeStatusList,
  type StatusBits,
  StatusList,
  TokenStatus,
} from '@realdid/status';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';

interface Vectors {
  small: { bits: StatusBits; lst: string; bytes: number[]; statuses: number[] }[];
  long: { bits: StatusBits; size: number; lst: string; set: Record<string, number> }[];
}
const vectors = JSON.parse(
  readFileSync(new URL('./vectors/ietf-status-list/examples.json', import.meta.url), 'utf8'),
) as Vectors;

const bitsArb = fc.constantFrom<StatusBits>(1, 2, 4, 8);

describe('StatusList (Token Status List bit packing)', () => {
  it('packs from the least significant bit (draft §4.1 figure)', () => {
    const list = new StatusList(16, 1);
    const statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
    for (const [i, s] of statuses.entries()) list.set(i, s);
    expect([...list.toBytes()]).toEqual([0xb9, 0xa3]);
  });

  it('set/get agree with a plain array model for 1, 2, 4 and 8 bits', () => {
    fc.assert(
      fc.property(
        bitsArb,
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 200 }),
        (bits, size, ops) => {
          const list = new StatusList(size, bits);
          const model = new Array<number>(size).fill(0);
          for (const [i, v] of ops) {
            const idx = i % size;
            const val = v % 2 ** bits;
            list.set(idx, val);
            model[idx] = val;
          }
          for (let i = 0; i < size; i++) expect(list.get(i)).toBe(model[i]);
          const again = StatusList.fromBytes(list.toBytes(), bits);
          for (let i = 0; i < size; i++) expect(again.get(i)).toBe(model[i]);
        },
      ),
    );
  });

  it('compressed round trip keeps every status (fast-check)', () => {
    fc.assert(
      fc.property(bitsArb, fc.uint8Array({ minLength: 1, maxLength: 2000 }), (bits, bytes) => {
        const list = StatusList.fromBytes(bytes, bits);
        const json = encodeStatusList(list);
        expect(json.bits).toBe(bits);
        const back = decodeStatusList(json);
        expect(back.toBytes()).toEqual(list.toBytes());
        expect(back.size).toBe(list.size);
      }),
      { numRuns: 60 },
    );
  });

  it('writing one entry never disturbs its neighbours', () => {
    fc.assert(
      fc.property(bitsArb, fc.nat({ max: 63 }), fc.nat(), (bits, idx, v) => {
        const list = new StatusList(64, bits);
        for (let i = 0; i < 64; i++) list.set(i, 2 ** bits - 1);
        list.set(idx, v % 2 ** bits);
        for (let i = 0; i < 64; i++) expect(list.get(i)).toBe(i === idx ? v % 2 ** bits : 2 ** bits - 1);
      }),
    );
  });

  it('TokenStatus values', () => {
    expect(TokenStatus).toEqual({ VALID: 0, INVALID: 1, SUSPENDED: 2 });
  });

  it('rejects misuse with TypeError/RangeError', () => {
    const bad: unknown[] = [undefined, 'x', 1.5, [], {}, new Uint8Array(1), -1, Number.NaN];
    for (const b of bad) {
      expect(() => new StatusList(b as number)).toThrow(b === -1 ? RangeError : TypeError);
    }
    expect(() => new StatusList(8, 3 as StatusBits)).toThrow(RangeError);
    const list = new StatusList(8, 2);
    expect(() => list.get(8)).toThrow(RangeError);
    expect(() => list.get('1' as unknown as number)).toThrow(TypeError);
    expect(() => list.set(0, 4)).toThrow(RangeError);
    expect(() => list.set(0, -1)).toThrow(RangeError);
    expect(() => StatusList.fromBytes('ab' as unknown as Uint8Array, 1)).toThrow(TypeError);
    expect(() => StatusList.fromBytes(new Uint8Array(0), 1)).toThrow(RangeError);
    for (const b of bad) expect(() => encodeStatusList(b as StatusList)).toThrow(TypeError);
  });
});

describe('Token Status List examples of draft-ietf-oauth-status-list', () => {
  for (const v of vectors.small) {
    it(`decodes the ${v.bits}-bit example ${v.lst}`, () => {
      const list = decodeStatusList({ bits: v.bits, lst: v.lst });
      expect([...list.toBytes()]).toEqual(v.bytes);
      expect(v.statuses.map((_, i) => list.get(i))).toEqual(v.statuses);
      // Our own encoding decodes to the same bytes (compressed bytes may differ between zlib builds).
      const mine = new StatusList(v.statuses.length, v.bits);
      for (const [i, s] of v.statuses.entries()) mine.set(i, s);
      expect(decodeStatusList(encodeStatusList(mine)).toBytes()).toEqual(list.toBytes());
    });
  }

  for (const v of vectors.long) {
    it(`decodes the ${v.bits}-bit appendix vector of 2^20 entries to the listed statuses`, () => {
      const list = decodeStatusList({ bits: v.bits, lst: v.lst });
      expect(list.size).toBe(v.size);
      const set = new Map(Object.entries(v.set).map(([k, s]) => [Number(k), s]));
      const found = new Map<number, number>();
      for (let i = 0; i < list.size; i++) {
        const s = list.get(i);
        if (s !== 0) found.set(i, s);
      }
      expect(found).toEqual(set);
    });
  }
});

describe('decodeStatusList rejects malformed input with codes', () => {
  const cases: [unknown, string][] = [
    [null, 'ERR_STATUS_LIST_MALFORMED'],
    ['eNrbuRgAAhcBXQ', 'ERR_STATUS_LIST_MALFORMED'],
    [{ bits: 3, lst: 'eNrbuRgAAhcBXQ' }, 'ERR_STATUS_LIST_MALFORMED'],
    [{ bits: 1 }, 'ERR_STATUS_LIST_MALFORMED'],
    [{ bits: 1, lst: 'eNrbuRgAAhcBXQ==' }, 'ERR_STATUS_LIST_MALFORMED'],
    [{ bits: 1, lst: 'eNrbuRgBAhcBXQ' }, 'ERR_STATUS_LIST_COMPRESSION'],
    [{ bits: 1, lst: 'AAAA' }, 'ERR_STATUS_LIST_COMPRESSION'],
  ];
  for (const [input, code] of cases) {
    it(`${JSON.stringify(input)} -> ${code}`, () => {
      expect(() => decodeStatusList(input)).toThrow(expect.objectContaining({ code }));
    });
  }

  it('any single-byte corruption of a compressed list is caught or decodes to the original', () => {
    const list = new StatusList(4096, 2);
    for (let i = 0; i < 4096; i += 37) list.set(i, (i % 3) + 1);
    const good = encodeStatusList(list);
    const raw = Buffer.from(good.lst, 'base64url');
    fc.assert(
      fc.property(fc.nat({ max: raw.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = Uint8Array.from(raw);
        bad[at]! ^= x;
        try {
          const back = decodeStatusList({ bits: 2, lst: Buffer.from(bad).toString('base64url') });
          expect(back.toBytes()).toEqual(list.toBytes());
        } catch (err) {
          expect(['ERR_STATUS_LIST_COMPRESSION', 'ERR_STATUS_LIST_MALFORMED']).toContain(
            (err as { code: string }).code,
          );
        }
      }),
    );
  });
});
