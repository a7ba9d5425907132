/**
 * bbs-2023 `pseudonym` and `holder_binding_pseudonym` (vc-di-bbs, current text): issuance over the
 * holder's commitWithNym commitment, derivation with a per-verifier pseudonym, verification that
 * returns it. Properties: one holder and one nym domain give one pseudonym across presentations;
 * two domains give different pseudonyms and proofs that share no bytes; a pseudonym, a nym domain
 * or a proof that is changed is refused with a coded error; the verifier must name its domain.
 */
import { blindCommit, commitWithNym, generateKeyPair, randomScalar } from '@realdid/bbs';
import { base64urlDecode, base64urlEncode, generateKeyPair as generateEcKeyPair } from '@realdid/crypto';
import {
  createBbs2023Signer,
  createDidKeySigner,
  createDidResolver,
  createDocumentLoader,
  deriveCredential,
  issueCredential,
  verifyPresentation as realVerifyPresentation,
  signPresentation,
} from '@realdid/vc';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { flipBit } from '../../../test-support/hostile.js';
import type { DerivedProofValue } from '../src/internal/bbs2023/proofValue.js';
import {
  parseBaseProofValue,
  parseDerivedProofValue,
  serializeDerivedProofValue,
} from '../src/internal/bbs2023/proofValue.js';
import { testContexts } from './helpers.js';
import { verifyCredential } from './outcome.js';

const documentLoader = createDocumentLoader({
  contexts: testContexts(),
  resolveDid: createDidResolver().didDocument,
});
const now = new Date('2024-06-01T00:00:00Z');
const CS = 'BLS12-381-SHA-256' as const;
const signer = createBbs2023Signer(generateKeyPair({ ciphersuite: CS }), (mb) => `did:key:${mb}#${mb}`);
const did = signer.id.split('#')[0] as string;
const te = new TextEncoder();

const unsigned = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  type: ['VerifiableCredential', 'AlumniCredential'],
  issuer: did,
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: {
    alumniOf: 'The School of Examples',
    classOf: 2020,
    honours: 'summa cum laude',
  },
};
const mandatoryPointers = ['/issuer'];
const selectivePointers = ['/credentialSubject/alumniOf'];
const SITE_A = 'https://rp-a.example/';
const SITE_B = 'https://rp-b.example/';

type Doc = Record<string, Record<string, unknown>>;

/** A holder: their secrets and the credential issued to them with the given feature option. */
async function enrol(feature: 'pseudonym' | 'holder_binding_pseudonym') {
  const proverNym = randomScalar();
  const holderSecret = te.encode(`holder-secret-${feature}`);
  const { commitmentWithProof, secretProverBlind } = commitWithNym({
    proverNyms: [proverNym],
    ...(feature === 'holder_binding_pseudonym' ? { committedMessages: [holderSecret] } : {}),
    ciphersuite: CS,
  });
  const vc = (await issueCredential(unsigned, {
    signer,
    mandatoryPointers,
    commitmentWithProof,
    featureOption: feature,
    documentLoader,
  })) as Doc;
  const secrets = {
    proverNym,
    secretProverBlind,
    ...(feature === 'holder_binding_pseudonym' ? { holderSecret } : {}),
  };
  const present = async (nymDomain: string, nonce = 'nonce-1') =>
    (await deriveCredential(vc, {
      selectivePointers,
      presentationHeader: te.encode(nonce),
      ...secrets,
      nymDomain,
      documentLoader,
    })) as Doc;
  return { vc, secrets, present };
}

const pseudonymOf = async (d: unknown, nymDomain: string) => {
  const r = await verifyCredential(d, { documentLoader, now, nymDomain });
  expect(r.errors).toEqual([]);
  const p = r.proofs?.[0]?.pseudonym;
  expect(p).toBeInstanceOf(Uint8Array);
  expect(r.proofs?.[0]?.nymDomain).toEqual(te.encode(nymDomain));
  return p as Uint8Array;
};

/** Whether two byte strings share any run of `n` bytes. */
function shareRun(a: Uint8Array, b: Uint8Array, n: number): boolean {
  const seen = new Set<string>();
  for (let i = 0; i + n <= a.length; i++) seen.add(Buffer.from(a.subarray(i, i + n)).toString('hex'));
  for (let i = 0; i + n <= b.length; i++)
    if (seen.has(Buffer.from(b.subarray(i, i + n)).toString('hex'))) return true;
  return false;
}

const refused = async (doc: unknown, code = 'ERR_VC_PROOF_INVALID', nymDomain = SITE_A) => {
  const r = await verifyCredential(doc, { documentLoader, now, nymDomain });
  expect(r.verified).toBe(false);
  expect(r.errors[0]?.code).toBe(code);
};

for (const feature of ['pseudonym', 'holder_binding_pseudonym'] as const) {
  describe(`bbs-2023 ${feature}`, () => {
    let holder: Awaited<ReturnType<typeof enrol>>;
    let a1: Doc;
    let decoded: DerivedProofValue;
    const withDerived = (change: Partial<DerivedProofValue>): Doc => ({
      ...a1,
      proof: { ...a1.proof, proofValue: serializeDerivedProofValue({ ...decoded, ...change }) },
    });

    beforeAll(async () => {
      holder = await enrol(feature);
      a1 = await holder.present(SITE_A);
      decoded = parseDerivedProofValue(a1.proof?.proofValue);
    });

    it('the base proof carries the feature header and the 32-byte signer nym entropy; the derived proof its own header', () => {
      const base = base64urlDecode(String(holder.vc.proof?.proofValue).slice(1));
      expect([...base.subarray(0, 3)]).toEqual([0xd9, 0x5d, feature === 'pseudonym' ? 0x06 : 0x08]);
      const parsed = parseBaseProofValue(holder.vc.proof?.proofValue);
      expect(parsed.feature).toBe(feature);
      expect(parsed.signerNymEntropy?.length).toBe(32);
      const derived = base64urlDecode(String(a1.proof?.proofValue).slice(1));
      expect([...derived.subarray(0, 3)]).toEqual([0xd9, 0x5d, feature === 'pseudonym' ? 0x07 : 0x09]);
      expect(decoded.feature).toBe(feature);
      expect(decoded.nymDomain).toEqual(te.encode(SITE_A));
      expect(decoded.pseudonym?.length).toBe(48);
    });

    it('the same holder and nym domain: the same pseudonym at every presentation, from fresh proofs', async () => {
      const a2 = await holder.present(SITE_A, 'nonce-2');
      const p1 = await pseudonymOf(a1, SITE_A);
      const p2 = await pseudonymOf(a2, SITE_A);
      expect(p2).toEqual(p1);
      expect(parseDerivedProofValue(a2.proof?.proofValue).bbsProof).not.toEqual(decoded.bbsProof);
    });

    it('two nym domains: different pseudonyms, and the two proofs share no 8-byte run', async () => {
      const b = await holder.present(SITE_B);
      const pa = await pseudonymOf(a1, SITE_A);
      const pb = await pseudonymOf(b, SITE_B);
      expect(pb).not.toEqual(pa);
      const db = parseDerivedProofValue(b.proof?.proofValue);
      expect(shareRun(decoded.bbsProof, db.bbsProof, 8)).toBe(false);
      expect(shareRun(pa, pb, 8)).toBe(false);
      expect(shareRun(concatAll(decoded), concatAll(db), 16)).toBe(false);
    });

    it('two holders at one nym domain: different pseudonyms', async () => {
      const other = await enrol(feature);
      const pOther = await pseudonymOf(await other.present(SITE_A), SITE_A);
      expect(pOther).not.toEqual(await pseudonymOf(a1, SITE_A));
    });

    it('the verifier must name its nym domain: absent or another one is ERR_VC_NYM_DOMAIN', async () => {
      const r = await verifyCredential(a1, { documentLoader, now });
      expect(r.errors[0]?.code).toBe('ERR_VC_NYM_DOMAIN');
      await refused(a1, 'ERR_VC_NYM_DOMAIN', SITE_B);
      await refused(a1, 'ERR_VC_NYM_DOMAIN', te.encode(SITE_A).subarray(1) as unknown as string);
    });

    it("another pseudonym (someone else's, or another domain's) with the proof is refused", async () => {
      const other = await enrol(feature);
      const theirs = parseDerivedProofValue((await other.present(SITE_A)).proof?.proofValue).pseudonym;
      await refused(withDerived({ pseudonym: theirs as Uint8Array }));
      const mine = parseDerivedProofValue((await holder.present(SITE_B)).proof?.proofValue).pseudonym;
      await refused(withDerived({ pseudonym: mine as Uint8Array }));
    });

    it("the nym domain in the proof rewritten to the verifier's (a proof made for B shown to A) is refused", async () => {
      const b = await holder.present(SITE_B);
      const db = parseDerivedProofValue(b.proof?.proofValue);
      const forged = serializeDerivedProofValue({ ...db, nymDomain: te.encode(SITE_A) });
      await refused({ ...b, proof: { ...b.proof, proofValue: forged } });
    });

    it('each bit of the pseudonym flipped is refused with a coded error (property)', async () => {
      const p = decoded.pseudonym as Uint8Array;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: p.length * 8 - 1 }), async (bit) => {
          const r = await verifyCredential(withDerived({ pseudonym: flipBit(p, bit) }), {
            documentLoader,
            now,
            nymDomain: SITE_A,
          });
          expect(r.verified).toBe(false);
          expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
        }),
        { numRuns: 12 },
      );
    });

    it('each region of the BBS proof flipped, the message count or the presentation header changed: refused', async () => {
      const proof = decoded.bbsProof;
      for (const at of [0, 50, 100, 150, 200, 250, proof.length - 40, proof.length - 1]) {
        await refused(withDerived({ bbsProof: flipBit(proof, at * 8) }));
      }
      const n = decoded.lengthBBSMessages as number;
      await refused(withDerived({ lengthBBSMessages: n + 1 }));
      await refused(withDerived({ lengthBBSMessages: n - 1 }));
      await refused(withDerived({ presentationHeader: te.encode('nonce-2') }));
    });

    it('the header byte of the other pseudonym feature (or of baseline / holder binding) is refused', async () => {
      const bytes = base64urlDecode(String(a1.proof?.proofValue).slice(1));
      for (const h of [0x03, 0x05, 0x07, 0x09].filter((x) => x !== bytes[2])) {
        const b = bytes.slice();
        b[2] = h;
        await refused({ ...a1, proof: { ...a1.proof, proofValue: `u${base64urlEncode(b)}` } });
      }
    });

    it('a disclosed value changed is refused', async () => {
      const subject = a1.credentialSubject as Record<string, unknown>;
      await refused({ ...a1, credentialSubject: { ...subject, alumniOf: 'Another School' } });
    });

    it('the signed-form profile still applies to a pseudonym disclosure', async () => {
      const subject = a1.credentialSubject as Record<string, unknown>;
      const { alumniOf, ...rest } = subject;
      await refused(
        {
          ...a1,
          credentialSubject: { ...rest, 'https://www.w3.org/ns/credentials/examples#alumniOf': alumniOf },
        },
        'ERR_VC_NOT_SIGNED_FORM',
      );
    });

    it('deriving needs the right holder inputs: each missing one, or a wrong prover nym, is ERR_VC_DERIVE', async () => {
      const { proverNym, secretProverBlind } = holder.secrets;
      const base = { selectivePointers, documentLoader };
      await expect(deriveCredential(holder.vc, base)).rejects.toMatchObject({ code: 'ERR_VC_DERIVE' });
      await expect(deriveCredential(holder.vc, { ...base, ...holder.secrets })).rejects.toMatchObject({
        code: 'ERR_VC_DERIVE',
      });
      await expect(
        deriveCredential(holder.vc, { ...base, secretProverBlind, nymDomain: SITE_A }),
      ).rejects.toMatchObject({ code: 'ERR_VC_DERIVE' });
      const wrongNym = proverNym.slice();
      wrongNym[31] = (wrongNym[31] ?? 0) ^ 1;
      await expect(
        deriveCredential(holder.vc, { ...base, ...holder.secrets, proverNym: wrongNym, nymDomain: SITE_A }),
      ).rejects.toMatchObject({ code: 'ERR_VC_DERIVE' });
      // pseudonym: a holder secret it does not take; holder_binding_pseudonym: the holder secret left out.
      const secrets =
        feature === 'pseudonym'
          ? { ...holder.secrets, holderSecret: te.encode('an extra secret') }
          : { proverNym, secretProverBlind };
      await expect(
        deriveCredential(holder.vc, { ...base, ...secrets, nymDomain: SITE_A }),
      ).rejects.toMatchObject({ code: 'ERR_VC_DERIVE' });
    });

    it('a presentation carrying the disclosure: the pseudonym is returned for the credential', async () => {
      const key = createDidKeySigner(generateEcKeyPair('Ed25519'));
      const vp = await signPresentation(
        {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiablePresentation'],
          holder: key.id.split('#')[0],
          verifiableCredential: [a1],
        },
        { signer: key, challenge: 'c-1', domain: SITE_A, documentLoader },
      );
      const opts = { documentLoader, now, challenge: 'c-1', domain: SITE_A };
      const r = await realVerifyPresentation(vp, { ...opts, nymDomain: SITE_A });
      expect(r.credentials[0]?.proofs[0]?.pseudonym).toEqual(decoded.pseudonym);
      await expect(realVerifyPresentation(vp, opts)).rejects.toMatchObject({ code: 'ERR_VC_NYM_DOMAIN' });
    });
  });
}

describe('bbs-2023 pseudonym re-issuance: the signer nym entropy decides the nym secret', () => {
  it('re-issued with the entropy of the first base proof: the same pseudonym; with fresh entropy: another one', async () => {
    const proverNym = randomScalar();
    const { commitmentWithProof, secretProverBlind } = commitWithNym({
      proverNyms: [proverNym],
      ciphersuite: CS,
    });
    const issue = (signerNymEntropy?: Uint8Array) =>
      issueCredential(unsigned, {
        signer,
        mandatoryPointers,
        commitmentWithProof,
        featureOption: 'pseudonym',
        ...(signerNymEntropy === undefined ? {} : { signerNymEntropy }),
        documentLoader,
      });
    const first = await issue();
    const entropy = parseBaseProofValue((first.proof as Record<string, unknown>).proofValue)
      .signerNymEntropy as Uint8Array;
    const nymAt = async (vc: unknown) =>
      pseudonymOf(
        await deriveCredential(vc, {
          selectivePointers,
          proverNym,
          secretProverBlind,
          nymDomain: SITE_A,
          documentLoader,
        }),
        SITE_A,
      );
    const p1 = await nymAt(first);
    expect(await nymAt(await issue(entropy))).toEqual(p1);
    expect(await nymAt(await issue())).not.toEqual(p1);
  });
});

describe('bbs-2023 pseudonym issuance: the commitment must fit the feature option', () => {
  it('a pseudonym with a two-value commitment, holder_binding_pseudonym with a one-value one, or a blindCommit commitment: refused', async () => {
    const one = commitWithNym({ proverNyms: [randomScalar()], ciphersuite: CS }).commitmentWithProof;
    const two = commitWithNym({
      proverNyms: [randomScalar()],
      committedMessages: [te.encode('s')],
      ciphersuite: CS,
    }).commitmentWithProof;
    const issue = (
      commitmentWithProof: Uint8Array,
      featureOption: 'pseudonym' | 'holder_binding_pseudonym',
    ) =>
      issueCredential(unsigned, {
        signer,
        mandatoryPointers,
        commitmentWithProof,
        featureOption,
        documentLoader,
      });
    await expect(issue(two, 'pseudonym')).rejects.toMatchObject({ code: 'ERR_VC_SIGN' });
    await expect(issue(one, 'holder_binding_pseudonym')).rejects.toMatchObject({ code: 'ERR_VC_SIGN' });
    const blind = blindCommit({ committedMessages: [te.encode('s')], ciphersuite: CS }).commitmentWithProof;
    // Same length as a one-value commitWithNym commitment, other generators: its proof fails.
    await expect(issue(blind, 'pseudonym')).rejects.toMatchObject({ code: 'ERR_VC_SIGN' });
    const tampered = flipBit(one, 60 * 8);
    await expect(issue(tampered, 'pseudonym')).rejects.toMatchObject({ code: 'ERR_VC_SIGN' });
  });

  it('feature options are type-checked at once', async () => {
    const one = commitWithNym({ proverNyms: [randomScalar()], ciphersuite: CS }).commitmentWithProof;
    const bad = [
      { featureOption: 'pseudonym' },
      { featureOption: 'nym' },
      { featureOption: 'baseline', commitmentWithProof: one },
      { commitmentWithProof: one, signerNymEntropy: new Uint8Array(32) },
      { featureOption: 'pseudonym', commitmentWithProof: one, signerNymEntropy: 'x' },
    ];
    for (const extra of bad) {
      await expect(
        issueCredential(unsigned, { signer, documentLoader, ...(extra as object) } as never),
      ).rejects.toThrow(TypeError);
    }
    await expect(
      issueCredential(unsigned, {
        signer,
        documentLoader,
        featureOption: 'pseudonym',
        commitmentWithProof: one,
        signerNymEntropy: new Uint8Array(31),
      }),
    ).rejects.toThrow(RangeError);
  });
});

function concatAll(d: DerivedProofValue): Uint8Array {
  return new Uint8Array([...d.bbsProof, ...(d.pseudonym ?? [])]);
}
