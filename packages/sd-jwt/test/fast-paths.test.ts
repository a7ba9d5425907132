import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  setBackend,
  utf8Encode,
} from '@realdid/crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSdJwt, issueSdJwt } from '../src/index.js';
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

describe('the JavaScript base64url decoder of the node codec (strict, as the portable one)', () => {
  const portable = (s: string): Uint8Array | undefined => {
    try {
      return base64urlDecode(s);
    } catch {
      return undefined;
    }
  };
  const portableAscii = (s: string): string | undefined => {
    const bytes = portable(s);
    if (bytes === undefined || bytes.some((b) => b >= 0x80)) return undefined;
    return String.fromCharCode(...bytes);
  };
  // Characters whose low 7 bits are in the alphabet ('Á' & 127 is 'A', 'Ł' & 127 is 'A', …): a
  // decoder that looked only at the low bits would take them for base64url.
  const lookalikes = ['Á', 'é', 'Ł', 'ſ', '\u0130', '😀', '\u00ad', '\u2d41'];
  const chars = fc.constantFrom(...'AQgw_-9zZa+/=. \n'.split(''), ...lookalikes);
  it('agrees with the portable decoder on arbitrary strings, any length mod 4', () => {
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), fc.uint8Array({ maxLength: 60 }), (cs, bytes) => {
        // A canonical encoding with arbitrary characters spliced in (or not).
        const valid = base64urlEncode(bytes);
        for (const s of [cs.join(''), valid + cs.join(''), cs.join('') + valid]) {
          const p = portable(s);
          const n = nativeCodec!.b64uDecode(s);
          if (p === undefined) expect(n, s).toBeUndefined();
          else expect(n, s).toEqual(p);
          expect(nativeCodec!.b64uAsciiText(s), s).toBe(portableAscii(s));
        }
      }),
      { numRuns: 1500 },
    );
  });
  it('refuses every single-character change of a canonical encoding that the portable decoder refuses', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 50 }),
        fc.nat(),
        fc.integer({ min: 0, max: 0xffff }),
        (bytes, at, code) => {
          const valid = base64urlEncode(bytes);
          const i = at % valid.length;
          const s = valid.slice(0, i) + String.fromCharCode(code) + valid.slice(i + 1);
          const p = portable(s);
          if (p === undefined) expect(nativeCodec!.b64uDecode(s)).toBeUndefined();
          else expect(nativeCodec!.b64uDecode(s)).toEqual(p);
          expect(nativeCodec!.b64uAsciiText(s)).toBe(portableAscii(s));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('decodes ASCII text of any size (the scratch buffer grows; very large inputs get their own)', () => {
    for (const size of [0, 1, 2, 3, 2047, 2048, 2049, 5000, 70_000, 200_000, 100]) {
      const text = Array.from({ length: size }, (_, i) => String.fromCharCode(32 + ((i * 7) % 95))).join('');
      const s = plainB64u(text);
      expect(nativeCodec!.b64uAsciiText(s)).toBe(text);
      expect(nativeCodec!.b64uDecode(s)).toEqual(utf8Encode(text));
      // non-ASCII text: the portable path decides
      const withE = `${text}é`;
      expect(nativeCodec!.b64uAsciiText(plainB64u(withE))).toBeUndefined();
    }
  });
});

describe('textB64u through the scratch buffer', () => {
  const plain = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  it('equals base64url of the UTF-8 of any string (lone surrogates as Buffer writes them)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 5 }), (ss) => {
        for (const s of ss) expect(nativeCodec!.textB64u(s)).toBe(plain(s));
      }),
      { numRuns: 500 },
    );
    for (const s of ['\ud800', 'a\udc00b', '😀\ud83d', '']) expect(nativeCodec!.textB64u(s)).toBe(plain(s));
  });
  it('for any size (the scratch buffer grows; very large strings get their own)', () => {
    for (const size of [700, 5000, 22_000, 70_000, 10]) {
      const s = 'é€😀a'.repeat(size);
      expect(nativeCodec!.textB64u(s)).toBe(plain(s));
      // a decoding through the same scratch buffer in between changes nothing
      expect(nativeCodec!.b64uAsciiText(plain('{"a":1}'))).toBe('{"a":1}');
      expect(nativeCodec!.textB64u(s.slice(0, 99))).toBe(plain(s.slice(0, 99)));
    }
  });
});

describe('the disclosure frame, short (searched as a list) or long (through a set)', () => {
  it('discloses exactly the named claims, whatever their number', async () => {
    const signer = createSigner(generateKeyPair('Ed25519'));
    for (const n of [1, 15, 16, 17, 40]) {
      const payload: Record<string, unknown> = { iss: 'https://issuer.example' };
      for (let i = 0; i < n + 3; i++) payload[`c${i}`] = i;
      const named = Array.from({ length: n }, (_, i) => `c${(i * 7) % (n + 3)}`);
      const d = decodeSdJwt(await issueSdJwt({ signer, payload, disclosureFrame: { _sd: named } }));
      expect(d.disclosures.map((x) => x.name).sort()).toEqual([...new Set(named)].sort());
      for (let i = 0; i < n + 3; i++) expect(d.claims[`c${i}`]).toBe(i);
    }
  });
});

describe('asciiBytes(s, false): a view of a scratch buffer, for bytes used at once', () => {
  it('holds exactly the bytes of the string, for any size (the scratch grows; very long get their own)', () => {
    for (const size of [0, 5, 2047, 2048, 2049, 5000, 70_000, 12]) {
      const s = Array.from({ length: size }, (_, i) => String.fromCharCode((i * 31) % 128)).join('');
      const bytes = nativeCodec!.asciiBytes(s, false);
      expect(bytes).toEqual(utf8Encode(s));
      expect(bytes.length).toBe(size);
    }
  });
});
