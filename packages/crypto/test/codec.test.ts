/**
 * The one strict base64url codec: the fast decoding loop (every platform) and the Node.js fast
 * paths agree with the reference decoder, one checked character at a time, on random and
 * adversarial strings: the same bytes for every canonical input, the same ERR_BASE64URL error
 * (message included) for every other.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  asciiBytes,
  base64urlDecode,
  base64urlDecodeAscii,
  base64urlEncode,
  base64urlEncodeRange,
  base64urlEncodeText,
  hash,
  hashTextBase64url,
  setBackend,
  utf8Decode,
  utf8Encode,
} from '../src/index.js';
import { portableBase64urlDecode } from '../src/internal/base64urlPortable.js';
import { nativeCodec } from '../src/internal/native/codec.js';

afterEach(() => setBackend('auto'));

/** What a decoder does with `s`: its bytes, or its error's code and message. */
function outcome(decode: (s: string) => Uint8Array, s: string) {
  try {
    return { bytes: [...decode(s)] };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? (e as Error).name, message: (e as Error).message };
  }
}
const reference = (s: string) => outcome(portableBase64urlDecode, s);
const fast = (s: string) => outcome(base64urlDecode, s);

/** The reference's text when it decodes to ASCII bytes only, else undefined. */
function referenceAscii(s: string): string | undefined {
  const r = reference(s);
  if (r.bytes === undefined || r.bytes.some((b) => b >= 0x80)) return undefined;
  return String.fromCharCode(...r.bytes);
}

// Characters whose low 7 bits are in the alphabet ('Á' & 127 is 'A', 'Ł' & 127 is 'A', …): a
// decoder that looked only at the low bits would take them for base64url.
const lookalikes = ['Á', 'é', 'Ł', 'ſ', '\u0130', '😀', '\u00ad', '\u2d41', '\u0141', '\u00c1'];
const adversarialChar = fc.constantFrom(...'AQgw_-9zZa+/=. \n\t\0'.split(''), ...lookalikes);

describe('base64urlDecode: the fast loop agrees with the reference decoder', () => {
  it('on canonical encodings of random bytes (and Buffer agrees on them)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = Buffer.from(bytes).toString('base64url');
        expect(base64urlEncode(bytes)).toBe(s);
        expect(base64urlDecode(s)).toEqual(bytes);
        expect(fast(s)).toEqual(reference(s));
      }),
      { numRuns: 1000 },
    );
  });
  it('on random strings of any characters and any length mod 4', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(fast(s)).toEqual(reference(s));
      }),
      { numRuns: 2000 },
    );
  });
  it('on adversarial strings: canonical encodings with padding, whitespace, +/ and look-alikes spliced in', () => {
    fc.assert(
      fc.property(
        fc.array(adversarialChar, { maxLength: 40 }),
        fc.uint8Array({ maxLength: 60 }),
        (cs, bytes) => {
          const valid = base64urlEncode(bytes);
          const junk = cs.join('');
          for (const s of [junk, valid + junk, junk + valid, `${valid}=`, `${valid}==`]) {
            expect(fast(s), s).toEqual(reference(s));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
  it('on every single-character change of a canonical encoding (non-zero trailing bits included)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 50 }),
        fc.nat(),
        fc.integer({ min: 0, max: 0xffff }),
        (bytes, at, code) => {
          const valid = base64urlEncode(bytes);
          const i = at % valid.length;
          const s = valid.slice(0, i) + String.fromCharCode(code) + valid.slice(i + 1);
          expect(fast(s)).toEqual(reference(s));
          expect(base64urlDecodeAscii(s)).toBe(referenceAscii(s));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('refuses the classic lenient cases with the reference error', () => {
    for (const s of [
      'A',
      'AB',
      'AAB',
      'AR',
      'AQ=',
      'AA==',
      'A+B/',
      'AA AA',
      'AAAA=',
      'AA\nAA',
      'QUJD\u00c1',
    ]) {
      const r = fast(s);
      expect(r.error, s).toBe('ERR_BASE64URL');
      expect(r).toEqual(reference(s));
    }
    expect(() => base64urlDecode(1 as unknown as string)).toThrow(TypeError);
  });
});

describe('the other codec functions agree with the portable composition, on both backends', () => {
  for (const backend of ['node', 'noble'] as const) {
    describe(backend, () => {
      it('base64urlDecodeAscii: the text for ASCII, undefined for non-ASCII or non-canonical input', () => {
        setBackend(backend);
        fc.assert(
          fc.property(
            fc.string({ unit: 'binary', maxLength: 60 }),
            fc.array(adversarialChar, { maxLength: 3 }),
            (text, cs) => {
              const valid = Buffer.from(text, 'utf8').toString('base64url');
              for (const s of [valid, valid + cs.join('')])
                expect(base64urlDecodeAscii(s), s).toBe(referenceAscii(s));
            },
          ),
          { numRuns: 800 },
        );
        expect(base64urlDecodeAscii(base64urlEncodeText('{"a":"é"}'))).toBeUndefined();
        expect(base64urlDecodeAscii(base64urlEncode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x7b)))).toBeUndefined();
      });
      it('base64urlEncodeText and hashTextBase64url: of the UTF-8 bytes (lone surrogates as U+FFFD)', () => {
        setBackend(backend);
        fc.assert(
          fc.property(
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.constantFrom('sha-256', 'sha-384', 'sha-512', 'sm3'),
            (s, alg: 'sha-256' | 'sha-384' | 'sha-512' | 'sm3') => {
              const utf8 = new TextEncoder().encode(s);
              expect(base64urlEncodeText(s)).toBe(base64urlEncode(utf8));
              expect(base64urlEncodeText(s)).toBe(Buffer.from(s, 'utf8').toString('base64url'));
              expect(hashTextBase64url(alg, s)).toBe(base64urlEncode(hash(alg, utf8)));
              expect(utf8Decode(base64urlDecode(base64urlEncodeText(s)))).toBe(utf8Decode(utf8));
            },
          ),
          { numRuns: 400 },
        );
        for (const s of ['\ud800', 'a\udc00b', '😀\ud83d', '']) {
          expect(base64urlEncodeText(s)).toBe(Buffer.from(s, 'utf8').toString('base64url'));
        }
        expect(hashTextBase64url('sha-256', '\ud800x')).toBe(hashTextBase64url('sha-256', '\ufffdx'));
        expect(hashTextBase64url('sha-256', 'abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
      });
      it('base64urlEncodeRange: base64url of the subarray, across arrays, offsets and in-place changes', () => {
        setBackend(backend);
        fc.assert(
          fc.property(
            fc.array(
              fc.tuple(
                fc.uint8Array({ minLength: 1, maxLength: 64 }),
                fc.nat(),
                fc.nat(),
                fc.nat({ max: 8 }),
              ),
              {
                minLength: 1,
                maxLength: 8,
              },
            ),
            (cases) => {
              for (const [bytes, a, b, off] of cases) {
                // A view that does not start at offset 0 of its buffer, as a pool slice may be.
                const backing = new Uint8Array(off + bytes.length);
                backing.set(bytes, off);
                const view = backing.subarray(off);
                const start = a % (bytes.length + 1);
                const end = start + (b % (bytes.length - start + 1));
                expect(base64urlEncodeRange(view, start, end)).toBe(
                  base64urlEncode(bytes.subarray(start, end)),
                );
                // The native codec keeps a Buffer over the last array: a change of its bytes shows.
                backing.fill(0x5a, off);
                expect(base64urlEncodeRange(view, start, end)).toBe(
                  base64urlEncode(view.subarray(start, end)),
                );
              }
            },
          ),
          { numRuns: 300 },
        );
        expect(() => base64urlEncodeRange(new Uint8Array(4), 3, 2)).toThrow(RangeError);
        expect(() => base64urlEncodeRange(new Uint8Array(4), 0, 5)).toThrow(RangeError);
        expect(() => base64urlEncodeRange(new Uint8Array(4), 0.5, 2)).toThrow(RangeError);
      });
      it('asciiBytes: the UTF-8 bytes of an ASCII string, own or in a scratch view', () => {
        setBackend(backend);
        fc.assert(
          fc.property(
            fc.string({
              unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)),
              maxLength: 300,
            }),
            (s) => {
              const own = asciiBytes(s);
              expect(own).toEqual(utf8Encode(s));
              expect(own.byteOffset).toBe(0);
              expect(own.buffer.byteLength).toBe(s.length);
              expect(asciiBytes(s, true)).toEqual(utf8Encode(s));
            },
          ),
          { numRuns: 500 },
        );
        expect(() => asciiBytes('a', 'yes' as unknown as boolean)).toThrow(TypeError);
      });
    });
  }
});

describe('the Node.js scratch buffers', () => {
  const plain = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  it('decode ASCII text of any size (the scratch grows; very large inputs get their own)', () => {
    for (const size of [0, 1, 2, 3, 2047, 2048, 2049, 5000, 70_000, 200_000, 100]) {
      const text = Array.from({ length: size }, (_, i) => String.fromCharCode(32 + ((i * 7) % 95))).join('');
      const s = plain(text);
      expect(nativeCodec.b64uAsciiText(s)).toBe(text);
      expect(base64urlDecode(s)).toEqual(utf8Encode(text));
      expect(nativeCodec.b64uAsciiText(plain(`${text}é`))).toBeUndefined();
    }
  });
  it('encode UTF-8 text of any size, and a decoding in between changes nothing', () => {
    for (const size of [700, 5000, 22_000, 70_000, 10]) {
      const s = 'é€😀a'.repeat(size);
      expect(nativeCodec.textB64u(s)).toBe(plain(s));
      expect(nativeCodec.b64uAsciiText(plain('{"a":1}'))).toBe('{"a":1}');
      expect(nativeCodec.textB64u(s.slice(0, 99))).toBe(plain(s.slice(0, 99)));
    }
  });
  it('asciiBytes in a scratch view holds exactly the bytes, for any size', () => {
    for (const size of [0, 5, 2047, 2048, 2049, 5000, 70_000, 12]) {
      const s = Array.from({ length: size }, (_, i) => String.fromCharCode((i * 31) % 128)).join('');
      const bytes = nativeCodec.asciiBytes(s, false);
      expect(bytes).toEqual(utf8Encode(s));
      expect(bytes.length).toBe(size);
    }
  });
});
