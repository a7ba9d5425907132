import { base64urlEncode, setBackend, utf8Encode } from '@realdid/crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { headerB64u } from '../src/internal/jws.js';
import { nativeCodec } from '../src/internal/native/node.js';
import { fastB64uEncodeRange } from '../src/internal/native.js';

// The fast paths of issuance must give exactly what the plain code gives.
const plainB64u = (text: string): string => base64urlEncode(utf8Encode(text));

afterEach(() => setBackend('node'));

describe('b64uEncodeRange: base64url of a range, without a view of its own', () => {
  it('equals base64url of the subarray, across arrays and ranges', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.nat(), fc.nat({ max: 8 })),
          { minLength: 1, maxLength: 8 },
        ),
        (cases) => {
          for (const [bytes, a, b, off] of cases) {
            // A view that does not start at offset 0 of its buffer, as a pool slice may be.
            const backing = new Uint8Array(off + bytes.length);
            backing.set(bytes, off);
            const view = backing.subarray(off);
            const start = a % (bytes.length + 1);
            const end = start + (b % (bytes.length - start + 1));
            const want = base64urlEncode(bytes.subarray(start, end));
            expect(nativeCodec!.b64uEncodeRange(view, start, end)).toBe(want);
            // The codec keeps a Buffer over the last array: a change of its bytes shows.
            backing.fill(0x5a, off);
            expect(nativeCodec!.b64uEncodeRange(view, start, end)).toBe(
              base64urlEncode(view.subarray(start, end)),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  it('the portable path gives the same', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) & 255);
    const native = fastB64uEncodeRange(bytes, 3, 35);
    setBackend('noble');
    expect(fastB64uEncodeRange(bytes, 3, 35)).toBe(native);
    expect(native).toBe(base64urlEncode(bytes.subarray(3, 35)));
  });
});

describe('headerB64u: the cached protected header', () => {
  const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(undefined));
  const header = fc.dictionary(fc.constantFrom('typ', 'kid', 'alg', 'x5u', 'a', ''), value, { maxKeys: 4 });
  const alg = fc.oneof(fc.constantFrom('EdDSA', 'ES256', 'ES256K', 'SM2'), fc.string({ maxLength: 8 }));
  it('is base64url(JSON.stringify({ ...header, alg })) every time, cache or not', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(header, alg), { minLength: 1, maxLength: 30 }), (cases) => {
        for (const [h, a] of cases) {
          const want = plainB64u(JSON.stringify({ ...h, alg: a }));
          expect(headerB64u(h, a)).toBe(want);
          expect(headerB64u(h, a)).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('never mixes up two typ-only headers whose alg and typ run into each other', () => {
    const pairs: [Record<string, unknown>, string][] = [
      [{ typ: 'b' }, 'a='],
      [{ typ: '=b' }, 'a'],
      [{}, 'a==b'],
      [{ typ: '' }, 'a='],
      [{ typ: undefined }, 'a='],
      [{ typ: '2:x' }, ''],
      [{}, '2:x'],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [h, a] of pairs) expect(headerB64u(h, a)).toBe(plainB64u(JSON.stringify({ ...h, alg: a })));
    }
  });
  it('does not take an inherited typ for an own one', () => {
    const h = Object.create({ typ: 'inherited' }) as Record<string, unknown>;
    expect(headerB64u(h, 'EdDSA')).toBe(plainB64u(JSON.stringify({ alg: 'EdDSA' })));
  });
});
