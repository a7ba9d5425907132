/**
 * Mutations of a bbs-2023 derived credential: every region of the BBS proof, the CBOR envelope,
 * the label map, the index lists, the presentation header, the proof options and every disclosed
 * value — each one is refused with a coded error by the same verifier a holder's disclosure meets.
 */
import { blindCommit, generateKeyPair } from '@realdid/bbs';
import { base64urlDecode, base64urlEncode } from '@realdid/crypto';
import {
  createBbs2023Signer,
  createDidResolver,
  createDocumentLoader,
  deriveCredential,
  issueCredential,
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
const options = { documentLoader, now };
const signer = createBbs2023Signer(
  generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' }),
  (mb) => `did:key:${mb}#${mb}`,
);
const did = signer.id.split('#')[0] as string;

const unsigned = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  type: ['VerifiableCredential', 'AlumniCredential'],
  issuer: did,
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: {
    alumniOf: 'The School of Examples',
    classOf: 2020,
    honours: 'summa cum laude',
    degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' },
  },
};
const presentationHeader = new TextEncoder().encode('nonce-1');

type Doc = Record<string, Record<string, unknown>>;
let derived: Doc;
let decoded: DerivedProofValue;

const withProofValue = (pv: string): Doc => ({ ...derived, proof: { ...derived.proof, proofValue: pv } });
const withDerived = (change: Partial<DerivedProofValue>): Doc =>
  withProofValue(serializeDerivedProofValue({ ...decoded, ...change }));
const proofBytes = (): Uint8Array => base64urlDecode(String(derived.proof?.proofValue).slice(1));

async function refused(doc: unknown, code = 'ERR_VC_PROOF_INVALID') {
  const r = await verifyCredential(doc, options);
  expect(r.verified).toBe(false);
  expect(r.errors[0]?.code).toBe(code);
}

beforeAll(async () => {
  const base = await issueCredential(unsigned, {
    signer,
    mandatoryPointers: ['/issuer', '/validFrom'],
    documentLoader,
  });
  derived = (await deriveCredential(base, {
    selectivePointers: ['/credentialSubject/alumniOf', '/credentialSubject/degree'],
    presentationHeader,
    documentLoader,
  })) as Doc;
  decoded = parseDerivedProofValue(derived.proof?.proofValue);
});

describe('bbs-2023 derived credential mutations', () => {
  it('the unmutated derived credential verifies (the baseline every mutation departs from)', async () => {
    const r = await verifyCredential(derived, options);
    expect(r.errors).toEqual([]);
    expect(decoded.labelMap.size).toBeGreaterThan(0);
    expect(decoded.selectiveIndexes.length).toBeGreaterThan(0);
  });

  // BBS proof = Abar, Bbar, D (48 bytes each), e^, r1^, r3^ (32 each), one m^ per hidden message
  // (32 each), challenge (32).
  it('one flipped bit in each region of the BBS proof', async () => {
    const p = decoded.bbsProof;
    const hidden = (p.length - 272) / 32;
    const regions: [string, number][] = [
      ['Abar', 0],
      ['Bbar', 48],
      ['D', 96],
      ['e^', 144],
      ['r1^', 176],
      ['r3^', 208],
      ...Array.from({ length: hidden }, (_, j): [string, number] => [`m^${j}`, 240 + 32 * j]),
      ['challenge', p.length - 32],
    ];
    expect(hidden).toBeGreaterThan(0);
    for (const [, at] of regions) {
      await refused(withDerived({ bbsProof: flipBit(p, at * 8 + 3) }));
    }
  });

  it('random bit flips anywhere in the BBS proof (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: decoded.bbsProof.length * 8 - 1 }), async (bit) => {
        await refused(withDerived({ bbsProof: flipBit(decoded.bbsProof, bit) }));
      }),
      { numRuns: 8 },
    );
  });

  it('a BBS proof cut short or extended', async () => {
    await refused(withDerived({ bbsProof: decoded.bbsProof.subarray(0, decoded.bbsProof.length - 32) }));
    await refused(withDerived({ bbsProof: new Uint8Array([...decoded.bbsProof, ...new Uint8Array(32)]) }));
    await refused(withDerived({ bbsProof: decoded.bbsProof.subarray(0, 100) }));
  });

  it('the presentation header changed, emptied, or extended', async () => {
    await refused(withDerived({ presentationHeader: new TextEncoder().encode('nonce-2') }));
    await refused(withDerived({ presentationHeader: new Uint8Array(0) }));
    await refused(withDerived({ presentationHeader: new Uint8Array([...presentationHeader, 0]) }));
  });

  it('the label map: a value changed, an entry added, an entry removed', async () => {
    const [k, v] = [...decoded.labelMap][0] as [number, number];
    await refused(withDerived({ labelMap: new Map([...decoded.labelMap, [k, v + 1]]) }));
    await refused(withDerived({ labelMap: new Map([...decoded.labelMap, [decoded.labelMap.size + 5, 99]]) }));
    await refused(withDerived({ labelMap: new Map([...decoded.labelMap].slice(1)) }));
  });

  it('the mandatory indexes: one dropped, one shifted, one out of range', async () => {
    const m = decoded.mandatoryIndexes;
    await refused(withDerived({ mandatoryIndexes: m.slice(1) }));
    await refused(withDerived({ mandatoryIndexes: [...m.slice(0, -1), (m.at(-1) ?? 0) + 1] }));
    await refused(withDerived({ mandatoryIndexes: [...m, 1000] }));
  });

  it('the selective indexes: one dropped, one shifted, unsorted', async () => {
    const s = decoded.selectiveIndexes;
    await refused(withDerived({ selectiveIndexes: s.slice(1) }));
    await refused(withDerived({ selectiveIndexes: [...s.slice(0, -1), (s.at(-1) ?? 0) + 1] }));
    await refused(withDerived({ selectiveIndexes: [...s].reverse() }));
  });

  it('the CBOR envelope: each header byte, a base-proof or pseudonym header, truncation, trailing bytes', async () => {
    const bytes = proofBytes();
    for (let i = 0; i < 3; i++) await refused(withProofValue(`u${base64urlEncode(flipBit(bytes, i * 8))}`));
    for (const h of [0x02, 0x05, 0x07, 0x09]) {
      const b = bytes.slice();
      b[2] = h;
      await refused(withProofValue(`u${base64urlEncode(b)}`));
    }
    await refused(withProofValue(`u${base64urlEncode(bytes.subarray(0, bytes.length - 1))}`));
    await refused(withProofValue(`u${base64urlEncode(new Uint8Array([...bytes, 0]))}`));
    await refused(withProofValue(`z${String(derived.proof?.proofValue).slice(1)}`));
    await refused(withProofValue('u'));
  });

  it('a non-canonical CBOR length (the same value, another encoding) is refused', async () => {
    const bytes = proofBytes();
    // d9 5d 03 85 59 LL LL (bbsProof, a 2-byte length): re-encode the array head 0x85 as 0x98 0x05.
    expect(bytes[3]).toBe(0x85);
    const b = new Uint8Array([...bytes.subarray(0, 3), 0x98, 0x05, ...bytes.subarray(4)]);
    await refused(withProofValue(`u${base64urlEncode(b)}`));
  });

  it('the proof options: created added, verificationMethod or proofPurpose changed', async () => {
    await refused({ ...derived, proof: { ...derived.proof, created: '2024-01-01T00:00:00Z' } });
    await refused(
      { ...derived, proof: { ...derived.proof, proofPurpose: 'authentication' } },
      'ERR_VC_PROOF_PURPOSE',
    );
    const other = createBbs2023Signer(
      generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' }),
      (mb) => `did:key:${mb}#${mb}`,
    );
    const r = await verifyCredential(
      {
        ...derived,
        issuer: other.id.split('#')[0],
        proof: { ...derived.proof, verificationMethod: other.id },
      },
      options,
    );
    expect(r.verified).toBe(false);
    expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
  });

  it('each disclosed value changed', async () => {
    const subject = derived.credentialSubject as Record<string, unknown>;
    const degree = subject.degree as Record<string, unknown>;
    await refused({ ...derived, credentialSubject: { ...subject, alumniOf: 'Another School' } });
    await refused({ ...derived, credentialSubject: { ...subject, degree: { ...degree, name: 'PhD' } } });
    await refused({
      ...derived,
      credentialSubject: { ...subject, degree: { ...degree, type: 'MasterDegree' } },
    });
    await refused({ ...derived, validFrom: '2023-01-02T00:00:00Z' });
  });

  it('a hidden claim added back, a disclosed claim removed', async () => {
    const subject = derived.credentialSubject as Record<string, unknown>;
    await refused({ ...derived, credentialSubject: { ...subject, classOf: 2020 } });
    const { alumniOf: _gone, ...rest } = subject;
    await refused({ ...derived, credentialSubject: rest });
  });
});

describe('bbs-2023 unlinkability (colluding verifiers compare what they received)', () => {
  it('two disclosures of one credential share no BBS proof bytes; each is bound to its own header', async () => {
    const base = await issueCredential(unsigned, { signer, mandatoryPointers: ['/issuer'], documentLoader });
    const pointers = ['/credentialSubject/alumniOf'];
    const a = await deriveCredential(base, {
      selectivePointers: pointers,
      presentationHeader: Uint8Array.of(1),
      documentLoader,
    });
    const b = await deriveCredential(base, {
      selectivePointers: pointers,
      presentationHeader: Uint8Array.of(2),
      documentLoader,
    });
    const pa = parseDerivedProofValue((a.proof as Record<string, unknown>).proofValue).bbsProof;
    const pb = parseDerivedProofValue((b.proof as Record<string, unknown>).proofValue).bbsProof;
    expect(pa.length).toBe(pb.length);
    // Every 32-byte window differs (Abar, Bbar, D, the responses, the challenge are all fresh).
    for (let i = 0; i + 32 <= pa.length; i += 16) {
      expect(Buffer.from(pa.subarray(i, i + 32)).equals(Buffer.from(pb.subarray(i, i + 32)))).toBe(false);
    }
    // Neither disclosure carries the base signature, nor the HMAC key.
    const baseValue = parseBaseProofValue((base.proof as Record<string, unknown>).proofValue);
    for (const d of [a, b]) {
      const text = JSON.stringify(d);
      expect(text).not.toContain(Buffer.from(baseValue.bbsSignature).toString('base64url').slice(0, 20));
      const bytes = base64urlDecode(String((d.proof as Record<string, unknown>).proofValue).slice(1));
      expect(Buffer.from(bytes).includes(Buffer.from(baseValue.hmacKey))).toBe(false);
      expect(Buffer.from(bytes).includes(Buffer.from(baseValue.bbsSignature.subarray(0, 48)))).toBe(false);
    }
    // b's proof does not verify under a's header.
    await refused({
      ...b,
      proof: {
        ...(b.proof as object),
        proofValue: serializeDerivedProofValue({
          ...parseDerivedProofValue((b.proof as Record<string, unknown>).proofValue),
          presentationHeader: Uint8Array.of(1),
        }),
      },
    });
  });
});

describe('bbs-2023 anonymous_holder_binding, end to end', () => {
  it('the holder commits, the issuer blind-signs, only the holder derives, the verifier checks, a mutated proof is refused', async () => {
    const holderSecret = crypto.getRandomValues(new Uint8Array(32));
    const { commitmentWithProof, secretProverBlind } = blindCommit({
      committedMessages: [holderSecret],
      ciphersuite: 'BLS12-381-SHA-256',
    });
    const base = await issueCredential(unsigned, {
      signer,
      mandatoryPointers: ['/issuer'],
      commitmentWithProof,
      documentLoader,
    });
    const baseBytes = base64urlDecode(String((base.proof as Record<string, unknown>).proofValue).slice(1));
    expect(Buffer.from(baseBytes.subarray(0, 3)).toString('hex')).toBe('d95d04');
    const selectivePointers = ['/credentialSubject/alumniOf'];
    await expect(deriveCredential(base, { selectivePointers, documentLoader })).rejects.toMatchObject({
      code: 'ERR_VC_DERIVE',
    });
    const d = (await deriveCredential(base, {
      selectivePointers,
      presentationHeader,
      holderSecret,
      secretProverBlind,
      documentLoader,
    })) as Doc;
    const r = await verifyCredential(d, options);
    expect(r.errors).toEqual([]);
    expect(r.proofs[0]?.presentationHeader).toEqual(presentationHeader);
    const v = parseDerivedProofValue(d.proof?.proofValue);
    expect(v.feature).toBe('anonymous_holder_binding');
    await refused({
      ...d,
      proof: {
        ...d.proof,
        proofValue: serializeDerivedProofValue({ ...v, bbsProof: flipBit(v.bbsProof, 7) }),
      },
    });
    // A forged commitment (its proof does not verify) is refused by the issuer.
    const forged = commitmentWithProof.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 1;
    await expect(
      issueCredential(unsigned, { signer, commitmentWithProof: forged, documentLoader }),
    ).rejects.toMatchObject({ code: 'ERR_VC_SIGN' });
  });
});
