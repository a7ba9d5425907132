import { base64urlEncode, createSigner, generateKeyPair, setBackend, utf8Encode } from '@realdid/crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSdJwt, issueSdJwt } from '../src/index.js';
import { headerB64u } from '../src/internal/jws.js';

// The fast paths of issuance must give exactly what the plain code gives (the codec itself,
// @realdid/crypto's, is tested in packages/crypto/test/codec.test.ts).
const plainB64u = (text: string): string => base64urlEncode(utf8Encode(text));

afterEach(() => setBackend('node'));

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
