/**
 * bbs-2023 on hostile input: wrong-typed arguments to the new public function and options are a
 * TypeError / RangeError at once; any bytes or any JSON as a bbs-2023 proof value are a coded error
 * (never a crash); a BBS signer cannot be used with another cryptosuite, nor the reverse.
 */
import { generateKeyPair } from '@realdid/bbs';
import { generateKeyPair as generateEcKeyPair, isRealDidError } from '@realdid/crypto';
import {
  createBbs2023Signer,
  createDidKeySigner,
  deriveCredential,
  issueCredential,
  verifyCredential,
} from '@realdid/vc';
import * as cborg from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allHostileValues } from '../../../test-support/hostile.js';
import { parseBaseProofValue, parseDerivedProofValue } from '../src/internal/bbs2023/proofValue.js';

const bbsKeys = generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' });
const didKey = (mb: string) => `did:key:${mb}#${mb}`;
const toProofValue = (b: Uint8Array) => `u${Buffer.from(b).toString('base64url')}`;

describe('bbs-2023 hostile input', () => {
  it('createBbs2023Signer: every wrong-typed key pair or id is a TypeError / RangeError', () => {
    for (const w of allHostileValues()) {
      let thrown: unknown;
      try {
        createBbs2023Signer(w as never, didKey);
      } catch (e) {
        thrown = e;
      }
      expect(thrown instanceof TypeError || thrown instanceof RangeError).toBe(true);
      if (typeof w !== 'function') {
        expect(() => createBbs2023Signer(bbsKeys, w as never)).toThrow(TypeError);
      }
    }
    expect(() => createBbs2023Signer({ secretKey: new Uint8Array(31) }, didKey)).toThrow(RangeError);
    expect(() => createBbs2023Signer({ ...bbsKeys, publicKey: new Uint8Array(95) }, didKey)).toThrow(
      RangeError,
    );
    expect(() => createBbs2023Signer(bbsKeys, 'not a DID URL')).toThrow(TypeError);
    const other = generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' });
    expect(() => createBbs2023Signer({ ...bbsKeys, publicKey: other.publicKey }, didKey)).toThrow(RangeError);
  });

  it('the signer keeps its own copy of the key and hands out copies of the public key', async () => {
    const kp = generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' });
    const signer = createBbs2023Signer(kp, didKey);
    const pk = signer.publicKey;
    pk[0] = 0;
    expect(signer.publicKey).toEqual(kp.publicKey);
    expect(Object.isFrozen(signer)).toBe(true);
    expect(JSON.stringify(signer)).not.toContain(Buffer.from(kp.secretKey).toString('hex'));
  });

  it('a BBS signer signs bbs-2023 only; bbs-2023 needs a BBS signer', async () => {
    const bbs = createBbs2023Signer(bbsKeys, didKey);
    const ed = createDidKeySigner(generateEcKeyPair('Ed25519'));
    await expect(issueCredential({}, { signer: bbs, cryptosuite: 'eddsa-rdfc-2022' })).rejects.toThrow(
      TypeError,
    );
    await expect(issueCredential({}, { signer: ed, cryptosuite: 'bbs-2023' })).rejects.toThrow(TypeError);
    await expect(
      issueCredential({}, { signer: { ...bbs, algorithm: 'BBS-BLS12-381-SHA-256', multisign: 1 } as never }),
    ).rejects.toThrow(TypeError);
  });

  it('deriveCredential: a presentation header that is not bytes is a TypeError', async () => {
    for (const w of ['nonce', 1, {}, [1, 2], null]) {
      await expect(
        deriveCredential({ proof: {} }, { selectivePointers: [], presentationHeader: w as never }),
      ).rejects.toThrow(TypeError);
    }
  });

  it('any bytes after either header, and any string, decode to a coded error or a checked value (property)', () => {
    const coded = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (!isRealDidError(e)) throw e;
        expect(['ERR_VC_PROOF_INVALID', 'ERR_VC_DERIVE']).toContain(e.code);
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(2, 3, 4, 5, 6, 7, 8, 9), (body, h) => {
        const pv = toProofValue(new Uint8Array([0xd9, 0x5d, h, ...body]));
        coded(() => parseDerivedProofValue(pv));
        coded(() => parseBaseProofValue(pv));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        coded(() => parseDerivedProofValue(s));
        coded(() => parseBaseProofValue(`u${s}`));
      }),
      { numRuns: 300 },
    );
    for (const w of allHostileValues()) {
      coded(() => parseDerivedProofValue(w));
      coded(() => parseBaseProofValue(w));
    }
  });

  it('pseudonym proof values: each nym component of a wrong type or size is a coded error', () => {
    const derived = (nymDomain: unknown, pseudonym: unknown, length: unknown = 3, h = 0x07) =>
      toProofValue(
        new Uint8Array([
          0xd9,
          0x5d,
          h,
          ...cborg.encode([
            new Uint8Array(272 + 32 * 4),
            new Map([[0, 0]]),
            [0],
            [0],
            new Uint8Array(0),
            nymDomain,
            pseudonym,
            length,
          ]),
        ]),
      );
    const domain = new TextEncoder().encode('https://rp.example/');
    expect(parseDerivedProofValue(derived(domain, new Uint8Array(48))).pseudonym?.length).toBe(48);
    expect(parseDerivedProofValue(derived(domain, new Uint8Array(48), 3, 0x09)).feature).toBe(
      'holder_binding_pseudonym',
    );
    const bad: [unknown, unknown, unknown][] = [
      ['https://rp.example/', new Uint8Array(48), 3], // a text string, not bytes
      [new Uint8Array(0), new Uint8Array(48), 3],
      [new Uint8Array(1025), new Uint8Array(48), 3],
      [domain, new Uint8Array(47), 3],
      [domain, new Uint8Array(49), 3],
      [domain, 'pseudonym', 3],
      [domain, new Uint8Array(48), -1],
      [domain, new Uint8Array(48), 'x'],
      [domain, new Uint8Array(48), null],
    ];
    for (const [d, p, n] of bad) {
      expect(() => parseDerivedProofValue(derived(d, p, n))).toThrow(
        expect.objectContaining({ code: 'ERR_VC_PROOF_INVALID' }),
      );
    }
    // A pseudonym header with the holder-binding (six-item) array, and the reverse.
    const six = cborg.encode([new Uint8Array(272), new Map(), [], [], new Uint8Array(0), 3]);
    expect(() => parseDerivedProofValue(toProofValue(new Uint8Array([0xd9, 0x5d, 0x07, ...six])))).toThrow(
      expect.objectContaining({ code: 'ERR_VC_PROOF_INVALID' }),
    );
  });

  it('pseudonym base proof values: the signer nym entropy must be a 32-byte string, untagged', () => {
    const base = (entropy: Uint8Array | null, tagged = false) => {
      const head = cborg.encode([
        new Uint8Array(80),
        new Uint8Array(64),
        new Uint8Array(96),
        new Uint8Array(32),
        ['/issuer'],
      ]);
      // Swap the 5-item array head (0x85) for a 6-item one and append the entropy.
      const body = [0x86, ...head.subarray(1)];
      const tail = entropy === null ? [] : [...(tagged ? [0xc2] : []), ...cborg.encode(entropy)];
      return toProofValue(new Uint8Array([0xd9, 0x5d, 0x06, ...body, ...tail]));
    };
    expect(parseBaseProofValue(base(new Uint8Array(32).fill(1))).signerNymEntropy?.length).toBe(32);
    for (const pv of [base(new Uint8Array(31)), base(new Uint8Array(33)), base(null)]) {
      expect(() => parseBaseProofValue(pv)).toThrow(expect.objectContaining({ code: 'ERR_VC_DERIVE' }));
    }
    // The CBOR bignum tag (2) the older vector layout put on the entropy: tags are not allowed.
    expect(() => parseBaseProofValue(base(new Uint8Array(32).fill(1), true))).toThrow(
      expect.objectContaining({ code: 'ERR_VC_DERIVE' }),
    );
  });

  it('deriveCredential and the verifiers: wrong-typed nym options are a TypeError / RangeError', async () => {
    for (const w of allHostileValues()) {
      let fine = false;
      try {
        fine = w === undefined || typeof w === 'string' || w instanceof Uint8Array;
      } catch {}
      if (fine) continue;
      await expect(
        deriveCredential(
          { proof: { cryptosuite: 'bbs-2023' } },
          { selectivePointers: [], secretProverBlind: new Uint8Array(32), nymDomain: w as never },
        ),
      ).rejects.toThrow(TypeError);
      await expect(
        deriveCredential(
          { proof: { cryptosuite: 'bbs-2023' } },
          { selectivePointers: [], secretProverBlind: new Uint8Array(32), proverNym: w as never },
        ),
      ).rejects.toThrow(TypeError);
      await expect(verifyCredential({}, { nymDomain: w as never })).rejects.toThrow(TypeError);
    }
    await expect(
      deriveCredential(
        { proof: { cryptosuite: 'bbs-2023' } },
        { selectivePointers: [], secretProverBlind: new Uint8Array(32), nymDomain: '' },
      ),
    ).rejects.toThrow(RangeError);
    await expect(verifyCredential({}, { nymDomain: 'x'.repeat(1025) })).rejects.toThrow(RangeError);
    await expect(
      deriveCredential(
        { proof: { cryptosuite: 'bbs-2023' } },
        { selectivePointers: [], proverNym: new Uint8Array(32) },
      ),
    ).rejects.toThrow(TypeError);
  });
});
