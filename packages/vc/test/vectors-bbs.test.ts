import { base64urlDecode } from '@realdid/crypto';
import { createBbs2023Signer, deriveCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { createBaseProofValue, createBaseSignData } from '../src/internal/bbs2023/cryptosuite.js';
import { parseDerivedProofValue } from '../src/internal/bbs2023/proofValue.js';
import { hexToBytes } from './bbs2023Helpers.js';
import { documentLoader, hex, readJson } from './helpers.js';
import { verifyDataIntegrityProof } from './outcome.js';

// w3c/vc-di-bbs TestVectors, baseline (see test/vectors/w3c-vc-di-bbs/SOURCE.md).
const DIR = 'w3c-vc-di-bbs/TestVectors/';
const keys = readJson<{ publicKeyHex: string; privateKeyHex: string; hmacKeyString: string }>(
  `${DIR}BBSKeyMaterial.json`,
);
const deriveMaterial = readJson<{ presentationHeaderHex: string }>(`${DIR}BBSDeriveMaterial.json`);
const unsigned = readJson(`${DIR}windDoc.json`);
const mandatoryPointers = readJson<string[]>(`${DIR}windMandatory.json`);
const selectivePointers = readJson<string[]>(`${DIR}windSelective.json`);
const proofConfig = readJson(`${DIR}addProofConfig.json`);
const signedBase = readJson<Record<string, Record<string, unknown>>>(`${DIR}addSignedSDBase.json`);
const revealed = readJson<Record<string, Record<string, unknown>>>(`${DIR}derivedRevealDocument.json`);
const disclosure = readJson<{
  bbsProof: string;
  labelMap: { value: [string, string][] };
  mandatoryIndexes: number[];
  adjSelectiveIndexes: number[];
}>(`${DIR}derivedDisclosureData.json`);

const signer = createBbs2023Signer(
  { secretKey: hexToBytes(keys.privateKeyHex), publicKey: hexToBytes(keys.publicKeyHex) },
  (mb) => `did:key:${mb}#${mb}`,
);
// The vectors' credential has an inline `@vocab` context: the verifier opts in knowingly.
const verifyOptions = { documentLoader, allowInlineContexts: true } as const;
const { '@context': _ctx, ...proofOptions } = proofConfig;

describe('bbs-2023 baseline vectors (w3c/vc-di-bbs)', () => {
  it('the verification method of the vectors is the Multikey of their public key', () => {
    expect(signer.id).toBe(proofConfig.verificationMethod);
  });

  it('base proof transformation and hashing: the N-Quads groups and both hashes', async () => {
    const data = await createBaseSignData(
      unsigned,
      proofOptions,
      mandatoryPointers,
      documentLoader,
      hexToBytes(keys.hmacKeyString),
    );
    const t = readJson<{
      mandatory: { value: [number, string][] };
      nonMandatory: { value: [number, string][] };
    }>(`${DIR}addBaseTransform.json`);
    expect(data.mandatory).toEqual(t.mandatory.value.map(([, q]) => q));
    expect(data.nonMandatory).toEqual(t.nonMandatory.value.map(([, q]) => q));
    const h = readJson<{ proofHash: string; mandatoryHash: string }>(`${DIR}addHashData.json`);
    expect(hex(data.proofHash)).toBe(h.proofHash);
    expect(hex(data.mandatoryHash)).toBe(h.mandatoryHash);
  });

  it('the base proof value is reproduced byte for byte (d9 5d 02 header)', async () => {
    const data = await createBaseSignData(
      unsigned,
      proofOptions,
      mandatoryPointers,
      documentLoader,
      hexToBytes(keys.hmacKeyString),
    );
    const proofValue = await createBaseProofValue(data, signer);
    expect(proofValue).toBe(signedBase.proof?.proofValue);
    expect(hex(base64urlDecode(proofValue.slice(1)).subarray(0, 3))).toBe('d95d02');
  });

  it('the derived document of the vectors verifies', async () => {
    const r = await verifyDataIntegrityProof(revealed, verifyOptions);
    expect(r.errors).toEqual([]);
    expect(r.proofs[0]?.cryptosuite).toBe('bbs-2023');
  });

  it('the derived proof value of the vectors decodes to their disclosure data (d9 5d 03 header)', () => {
    const proofValue = String(revealed.proof?.proofValue);
    expect(hex(base64urlDecode(proofValue.slice(1)).subarray(0, 3))).toBe('d95d03');
    const d = parseDerivedProofValue(proofValue);
    expect(hex(d.bbsProof)).toBe(disclosure.bbsProof);
    expect(hex(d.presentationHeader)).toBe(deriveMaterial.presentationHeaderHex);
    expect(d.mandatoryIndexes).toEqual(disclosure.mandatoryIndexes);
    expect(d.selectiveIndexes).toEqual(disclosure.adjSelectiveIndexes);
    expect([...d.labelMap].map(([c, b]) => [`c14n${c}`, `b${b}`])).toEqual(disclosure.labelMap.value);
  });

  it('our derivation from the vectors base proof: the same reveal document and disclosure data, a fresh proof that verifies', async () => {
    const presentationHeader = hexToBytes(deriveMaterial.presentationHeaderHex);
    const out = (await deriveCredential(signedBase, {
      selectivePointers,
      presentationHeader,
      documentLoader,
    })) as Record<string, Record<string, unknown>>;
    const { proofValue, ...proof } = out.proof ?? {};
    const { proofValue: theirs, ...theirProof } = revealed.proof ?? {};
    expect({ ...out, proof }).toEqual({ ...revealed, proof: theirProof });
    expect(proofValue).not.toBe(theirs);
    const d = parseDerivedProofValue(proofValue);
    expect(d.mandatoryIndexes).toEqual(disclosure.mandatoryIndexes);
    expect(d.selectiveIndexes).toEqual(disclosure.adjSelectiveIndexes);
    expect([...d.labelMap].map(([c, b]) => [`c14n${c}`, `b${b}`])).toEqual(disclosure.labelMap.value);
    const r = await verifyDataIntegrityProof(out, verifyOptions);
    expect(r.errors).toEqual([]);
  });

  it('a base proof is refused where a derived proof is verified', async () => {
    const r = await verifyDataIntegrityProof(signedBase, verifyOptions);
    expect(r.verified).toBe(false);
    expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
  });
});
