import { base64urlDecode, base64urlEncode, hash, utf8Decode, utf8Encode } from '@realdid/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nativeCodec } from '../src/internal/native/node.js';

// The Node.js codec must be exactly as strict as @realdid/crypto's portable base64urlDecode:
// same bytes for every canonical input, a refusal (undefined → the portable path throws) otherwise.
function portable(s: string): Uint8Array | undefined {
  try {
    return base64urlDecode(s);
  } catch {
    return undefined;
  }
}

describe('native base64url decoding agrees with the strict portable one', () => {
  it('on canonical encodings of random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const s = Buffer.from(bytes).toString('base64url');
        expect(nativeCodec!.b64uDecode(s)).toEqual(portable(s));
      }),
      { numRuns: 500 },
    );
  });
  it('on arbitrary strings over a mixed alphabet (invalid chars, padding, trailing bits)', () => {
    const alphabet = 'AQgw_-+/=. \n9zZaé';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }), (chars) => {
        const s = chars.join('');
        const n = nativeCodec!.b64uDecode(s);
        const p = portable(s);
        if (p === undefined) expect(n).toBeUndefined();
        else expect(n).toEqual(p);
      }),
      { numRuns: 3000 },
    );
  });
  it('refuses the classic lenient cases', () => {
    for (const s of ['AB', 'AAB', 'A', 'AA==', 'A+B/', 'AA AA', 'AAAA=', 'AQ=', 'AR']) {
      const p = portable(s);
      const n = nativeCodec!.b64uDecode(s);
      if (p === undefined) expect(n, s).toBeUndefined();
      else expect(n, s).toEqual(p);
    }
  });
});

describe('the other native fast paths agree with the portable code', () => {
  const portableText = (s: string): string | undefined => {
    const bytes = portable(s);
    if (bytes === undefined) return undefined;
    try {
      return utf8Decode(bytes);
    } catch {
      return undefined;
    }
  };
  it('b64uAsciiText: the decoded text for ASCII, undefined (portable path) otherwise', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (text, mangle) => {
        let s = Buffer.from(text, 'utf8').toString('base64url');
        if (mangle) s = `${s}=`;
        const n = nativeCodec!.b64uAsciiText(s);
        const p = portableText(s);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range
        if (p !== undefined && /^[\u0000-\u007f]*$/.test(p)) expect(n).toBe(p);
        else expect(n).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
    expect(nativeCodec!.b64uAsciiText(Buffer.from('{"a":"é"}').toString('base64url'))).toBeUndefined();
    expect(
      nativeCodec!.b64uAsciiText(Buffer.from([0xef, 0xbb, 0xbf, 0x7b]).toString('base64url')),
    ).toBeUndefined();
  });
  it('asciiBytes: the UTF-8 bytes of an ASCII string; own: in an ArrayBuffer of their own', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)),
          maxLength: 300,
        }),
        (s) => {
          expect(nativeCodec!.asciiBytes(s, false)).toEqual(utf8Encode(s));
          const n = nativeCodec!.asciiBytes(s, true);
          expect(n).toEqual(utf8Encode(s));
          expect(n.byteOffset).toBe(0);
          expect(n.buffer.byteLength).toBe(s.length);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('digestB64u: base64url(hash(UTF-8(s))) for every algorithm', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('sha-256', 'sha-384', 'sha-512'),
        (s, alg: 'sha-256' | 'sha-384' | 'sha-512') => {
          expect(nativeCodec!.digestB64u(alg, s)).toBe(base64urlEncode(hash(alg, utf8Encode(s))));
        },
      ),
      { numRuns: 500 },
    );
  });
});
