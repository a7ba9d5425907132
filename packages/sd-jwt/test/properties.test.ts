import { createSigner, isRealDidError } from '@realdid/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSdJwt,
  issueSdJwt,
  issueSdJwtVc,
  presentSdJwt,
  verifySdJwt,
  verifySdJwtVc,
} from '../src/index.js';
import { AUD, NONCE, NOW, parties } from './helpers.js';

const { issuer, holder, holderJwk, keyResolver, opts } = parties();
const aud = AUD;
const nonce = NONCE;

const claims = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`claim_${i}`, i % 2 ? `value ${i}` : { n: i, tags: ['a', i] }]),
);
const vc = await issueSdJwtVc({
  signer: createSigner(issuer),
  vct: 'urn:example:vc',
  iss: 'https://issuer.example',
  exp: NOW + 3600,
  cnf: { jwk: holderJwk },
  claims,
  disclosureFrame: { _sd: Object.keys(claims), claim_0: { _sd: ['n'], tags: { _sd: [1] } } },
});
const vp = await presentSdJwt(
  vc,
  { claim_0: { n: true, tags: true }, claim_1: true, claim_3: true, claim_4: true, claim_7: true },
  { keyBinding: { signer: createSigner(holder), aud, nonce, iat: NOW } },
);

async function mustFailWithCode(input: string): Promise<void> {
  let err: unknown;
  try {
    await verifySdJwtVc(input, opts);
  } catch (e) {
    err = e;
  }
  if (!isRealDidError(err) || !String(err.code).startsWith('ERR_SD_JWT_')) {
    throw new Error(`mutation accepted or uncoded error: ${String(err)}`);
  }
}

const parts = vp.split('~');
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.=+/ ';

describe('fast-check: any mutation of a presentation fails with a coded error', () => {
  it('the unmutated presentation verifies (control)', async () => {
    const r = await verifySdJwtVc(vp, opts);
    expect(r.claims.claim_0).toEqual({ n: 0, tags: ['a', 0] });
    expect(
      Object.keys(r.claims)
        .filter((k) => k.startsWith('claim_'))
        .sort(),
    ).toEqual(['claim_0', 'claim_1', 'claim_3', 'claim_4', 'claim_7']);
    expect(parts.length).toBe(1 + 7 + 1); // jwt, 7 disclosures, kb
  });

  it('changing one character of any part (issuer JWT, a disclosure, the KB-JWT)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: parts.length - 1 }),
        fc.nat(),
        fc.constantFrom(...CHARS),
        async (pi, pos, ch) => {
          const p = parts[pi]!;
          const at = pos % p.length;
          fc.pre(p[at] !== ch);
          const mutated = parts.slice();
          mutated[pi] = p.slice(0, at) + ch + p.slice(at + 1);
          await mustFailWithCode(mutated.join('~'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reordering, dropping or duplicating disclosures', async () => {
    const n = parts.length - 2;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: n - 1 }),
        fc.integer({ min: 0, max: n - 1 }),
        fc.constantFrom('swap', 'drop', 'dup'),
        async (i, j, op) => {
          const ds = parts.slice(1, -1);
          if (op === 'swap') {
            fc.pre(i !== j);
            [ds[i], ds[j]] = [ds[j]!, ds[i]!];
          } else if (op === 'drop') ds.splice(i, 1);
          else ds.splice(j, 0, ds[i]!);
          await mustFailWithCode([parts[0], ...ds, parts.at(-1)].join('~'));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('adding or removing a ~ anywhere', async () => {
    const tildes = [...vp].flatMap((c, i) => (c === '~' ? [i] : []));
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), async (add, k) => {
        let m: string;
        if (add) {
          const at = k % (vp.length + 1);
          m = `${vp.slice(0, at)}~${vp.slice(at)}`;
        } else {
          const at = tildes[k % tildes.length]!;
          m = vp.slice(0, at) + vp.slice(at + 1);
        }
        await mustFailWithCode(m);
      }),
      { numRuns: 200 },
    );
  });

  it('truncating the presentation anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: vp.length - 1 }), async (len) => {
        await mustFailWithCode(vp.slice(0, len));
      }),
      { numRuns: 150 },
    );
  });
});

describe('fast-check: issue → present → verify round-trip on random claims', () => {
  const key = fc
    .string({ minLength: 1, maxLength: 8 })
    .filter((k) => k !== '_sd' && k !== '...' && k !== '_sd_alg');
  const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
  it('any subset of top-level claims is revealed exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(key, leaf, { minKeys: 1, maxKeys: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        async (payload, pick) => {
          const names = Object.keys(payload);
          const sd = await issueSdJwt({
            signer: createSigner(issuer),
            payload,
            disclosureFrame: { _sd: names, _sd_decoy: 2 },
          });
          const chosen = names.filter((_, i) => pick[i]);
          const frame = Object.fromEntries(chosen.map((n) => [n, true]));
          const r = await verifySdJwt(await presentSdJwt(sd, frame), { keyResolver });
          const expected = Object.fromEntries(chosen.map((n) => [n, payload[n]]));
          expect(r.claims).toEqual(expected);
          expect(decodeSdJwt(sd).claims).toEqual(payload);
        },
      ),
      { numRuns: 60 },
    );
  });
});
