import { base64urlDecode } from '@realdid/crypto';
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
