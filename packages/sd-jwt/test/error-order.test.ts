// verifyCore parses the disclosures and the KB-JWT before the issuer signature is checked, and
// checks the KB-JWT signature right after the issuer's. These tests pin down that an input with
// several faults still gets the error of RFC 9901 §7's order: issuer signature first, then the
// disclosures, then validity, then the KB-JWT.
import { base64urlDecode, base64urlEncode, createSigner, isRealDidError, utf8Encode } from '@realdid/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueSdJwtVc, presentSdJwt, verifySdJwtVc } from '../src/index.js';
import { AUD, expectCode, NONCE, NOW, parties } from './helpers.js';

const { issuer, holder, holderJwk, opts } = parties();
const aud = AUD;
const nonce = NONCE;
const later = { ...opts, now: () => (NOW + 7200) * 1000 }; // after exp

const claims = { a: 1, b: 'two', c: { d: true } };
async function presentation(cnf: object = { jwk: holderJwk }): Promise<string> {
  const vc = await issueSdJwtVc({
    signer: createSigner(issuer),
    vct: 'urn:example:vc',
    exp: NOW + 3600,
    cnf: cnf as { jwk: object },
    claims,
    disclosureFrame: { _sd: ['a', 'b', 'c'] },
  });
  return presentSdJwt(
    vc,
    { a: true, c: true },
    { keyBinding: { signer: createSigner(holder), aud, nonce, iat: NOW } },
  );
}
const vp = await presentation();
const parts = vp.split('~');

/** The issuer JWT with one bit of its signature flipped (still canonical base64url). */
function badIssuerSignature(jwt: string): string {
  const dot = jwt.lastIndexOf('.');
  const sig = base64urlDecode(jwt.slice(dot + 1));
  sig[5]! ^= 1;
  return `${jwt.slice(0, dot + 1)}${base64urlEncode(sig)}`;
}

async function codeOf(input: string, o: Parameters<typeof verifySdJwtVc>[1]): Promise<string> {
  try {
    await verifySdJwtVc(input, o);
  } catch (e) {
    if (isRealDidError(e)) return String(e.code);
    throw e;
  }
  return 'accepted';
}

const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.= {}[]"';

describe('several faults: the error of the RFC 9901 §7 order', () => {
  it('control: the presentation verifies, and fails with ERR_SD_JWT_EXPIRED after exp', async () => {
    expect((await verifySdJwtVc(vp, opts)).claims.a).toBe(1);
    expect(await codeOf(vp, later)).toBe('ERR_SD_JWT_EXPIRED');
  });

  it('a bad issuer signature wins over any fault in a disclosure or the KB-JWT', async () => {
    const badJwt = badIssuerSignature(parts[0]!);
    expect(await codeOf([badJwt, ...parts.slice(1)].join('~'), opts)).toBe('ERR_SD_JWT_SIGNATURE');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: parts.length - 1 }),
        fc.nat(),
        fc.constantFrom(...B64U),
        async (pi, pos, ch) => {
          const mutated = parts.slice();
          mutated[0] = badJwt;
          const p = mutated[pi]!;
          const at = pos % p.length;
          mutated[pi] = p.slice(0, at) + ch + p.slice(at + 1);
          expect(await codeOf(mutated.join('~'), opts)).toBe('ERR_SD_JWT_SIGNATURE');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an expired credential wins over any fault in the KB-JWT', async () => {
    const kbAt = parts.length - 1;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constantFrom(...B64U), async (pos, ch) => {
        const mutated = parts.slice();
        const p = mutated[kbAt]!;
        const at = pos % p.length;
        mutated[kbAt] = p.slice(0, at) + ch + p.slice(at + 1);
        expect(await codeOf(mutated.join('~'), later)).toBe('ERR_SD_JWT_EXPIRED');
      }),
      { numRuns: 300 },
    );
  });

  it('a malformed disclosure wins over a bad KB-JWT signature', async () => {
    const kb = parts.at(-1)!;
    const badKb = `${kb.slice(0, kb.lastIndexOf('.') + 1)}${base64urlEncode(new Uint8Array(64))}`;
    const notJson = base64urlEncode(utf8Encode('[1,'));
    await expectCode(
      verifySdJwtVc([parts[0], notJson, ...parts.slice(2, -1), badKb].join('~'), opts),
      'ERR_SD_JWT_JSON',
    );
    await expectCode(
      verifySdJwtVc([...parts.slice(0, -1), badKb].join('~'), opts),
      'ERR_SD_JWT_KB_SIGNATURE',
    );
  });

  it('an unusable cnf.jwk is reported after validity, with ERR_SD_JWT_CNF', async () => {
    // The issuer takes cnf as given; a 3-byte x is no Ed25519 key.
    const odd = await presentation({ jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' } });
    expect(await codeOf(odd, opts)).toBe('ERR_SD_JWT_CNF');
    expect(await codeOf(odd, later)).toBe('ERR_SD_JWT_EXPIRED');
  });
});
