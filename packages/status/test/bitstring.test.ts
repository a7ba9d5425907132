import { gzipSync } from 'node:zlib';
import {
  BITSTRING_MIN_ENTRIES,
  Bitstring,
  createBitstringStatusListCredential,
  decodeBitstring,
  encodeBitstring,
} from '@realdid/status';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// W3C Bitstring Status List v1.0, "Example BitstringStatusListCredential" (see vectors/w3c-bitstring-status-list/SOURCE.md).
const W3C_EXAMPLE = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('Bitstring (W3C Bitstring Status List)', () => {
  it('decodes the W3C example encodedList to 131,072 unset entries', () => {
    const b = decodeBitstring(W3C_EXAMPLE);
    expect(b.length).toBe(131_072);
    expect(b.toBytes().length).toBe(16_384);
    expect(b.toBytes().every((x) => x === 0)).toBe(true);
  });

  it('encodes an empty default list to an encodedList that decodes like the W3C example', () => {
    const mine = encodeBitstring(new Bitstring());
    expect(mine.startsWith('uH4sI')).toBe(true);
    expect(decodeBitstring(mine).toBytes()).toEqual(decodeBitstring(W3C_EXAMPLE).toBytes());
  });

  it('index 0 is the left-most (most significant) bit', () => {
    const b = new Bitstring(16);
    b.set(0, 1);
    b.set(9, 1);
    expect([...b.toBytes()]).toEqual([0b1000_0000, 0b0100_0000]);
  });

  it('multi-bit entries are big-endian from the left (statusSize 2)', () => {
    const b = new Bitstring(8, 2);
    b.set(0, 2);
    b.set(3, 1);
    expect([...b.toBytes()]).toEqual([0b1000_0001, 0]);
  });

  it('encodedList round trip for random bitstrings and sizes (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.nat({ max: 4095 }), fc.nat()), { maxLength: 100 }),
        (size, ops) => {
          const b = new Bitstring(4096, size);
          const model = new Map<number, number>();
          for (const [i, v] of ops) {
            b.set(i, v % 2 ** size);
            model.set(i, v % 2 ** size);
          }
          const back = decodeBitstring(encodeBitstring(b), { statusSize: size, minEntries: 4096 });
          expect(back.toBytes()).toEqual(b.toBytes());
          for (const [i, v] of model) expect(back.get(i)).toBe(v);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('set/get agree with a model for statusSize 1..8 (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 100 }),
        (size, length, ops) => {
          const b = new Bitstring(length, size);
          const model = new Array<number>(length).fill(0);
          for (const [i, v] of ops) {
            b.set(i % length, v % 2 ** size);
            model[i % length] = v % 2 ** size;
          }
          for (let i = 0; i < length; i++) expect(b.get(i)).toBe(model[i]);
          const again = Bitstring.fromBytes(b.toBytes(), size);
          for (let i = 0; i < length; i++) expect(again.get(i)).toBe(model[i]);
        },
      ),
    );
  });

  it('rejects lists shorter than the minimum with ERR_STATUS_LIST_LENGTH', () => {
    const short = encodeBitstring(new Bitstring(1024));
    expect(() => decodeBitstring(short)).toThrow(expect.objectContaining({ code: 'ERR_STATUS_LIST_LENGTH' }));
    expect(decodeBitstring(short, { minEntries: 1024 }).length).toBe(1024);
    // With 2 bits per entry 16 KiB holds only 65,536 entries.
    expect(() => decodeBitstring(W3C_EXAMPLE, { statusSize: 2 })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_LENGTH' }),
    );
  });

  it('rejects malformed encodedList values with codes', () => {
    const cases: [unknown, string][] = [
      [undefined, 'ERR_STATUS_LIST_MALFORMED'],
      [42, 'ERR_STATUS_LIST_MALFORMED'],
      ['zH4sI', 'ERR_STATUS_LIST_MALFORMED'],
      ['u', 'ERR_STATUS_LIST_MALFORMED'],
      ['u$$$$', 'ERR_STATUS_LIST_MALFORMED'],
      ['uAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'ERR_STATUS_LIST_COMPRESSION'],
      [
        `u${Buffer.from(gzipSync(new Uint8Array(16384)))
          .subarray(0, 30)
          .toString('base64url')}`,
        'ERR_STATUS_LIST_COMPRESSION',
      ],
    ];
    for (const [input, code] of cases) {
      expect(() => decodeBitstring(input), String(input)).toThrow(expect.objectContaining({ code }));
    }
  });

  it('accepts GZIP written by another implementation (node:zlib) with header fields', () => {
    const raw = new Uint8Array(16_384);
    raw[0] = 0b0010_0000;
    const gz = gzipSync(raw, { level: 6 });
    const b = decodeBitstring(`u${Buffer.from(gz).toString('base64url')}`);
    expect(b.get(2)).toBe(1);
    expect(b.get(0)).toBe(0);
  });

  it('creates the unsigned BitstringStatusListCredential of the spec', () => {
    const vc = createBitstringStatusListCredential({
      id: 'https://example.com/credentials/status/3',
      issuer: 'did:example:12345',
      statusPurpose: 'revocation',
      bitstring: new Bitstring(),
      validFrom: new Date('2021-04-05T14:27:40Z'),
    });
    expect(vc).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://example.com/credentials/status/3',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:example:12345',
      validFrom: '2021-04-05T14:27:40Z',
      credentialSubject: {
        id: 'https://example.com/credentials/status/3#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: vc.credentialSubject.encodedList,
      },
    });
    expect(decodeBitstring(vc.credentialSubject.encodedList).length).toBe(BITSTRING_MIN_ENTRIES);
  });

  it('rejects misuse with TypeError/RangeError', () => {
    for (const bad of [undefined, 'x', 1.5, [], {}, new Uint8Array(2)]) {
      // undefined selects the default length
      if (bad !== undefined) expect(() => new Bitstring(bad as number)).toThrow(TypeError);
      expect(() => encodeBitstring(bad as unknown as Bitstring)).toThrow(TypeError);
    }
    expect(() => new Bitstring(0)).toThrow(RangeError);
    expect(() => new Bitstring(8, 9)).toThrow(RangeError);
    const b = new Bitstring(8);
    expect(() => b.set(8, 1)).toThrow(RangeError);
    expect(() => b.set(0, 2)).toThrow(RangeError);
    expect(() => Bitstring.fromBytes(new Uint8Array(0))).toThrow(RangeError);
    expect(() =>
      createBitstringStatusListCredential({
        id: '',
        issuer: 'did:example:1',
        statusPurpose: 'revocation',
        bitstring: b,
      }),
    ).toThrow(TypeError);
  });
});
