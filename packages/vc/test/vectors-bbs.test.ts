import { base64urlDecode } from '@realdid/crypto';
import { createBbs2023Signer, deriveCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { createBaseProofValue, createBaseSignData } from '../src/internal/bbs2023/cryptosuite.js';
import { parseDerivedProofValue, serializeDerivedProofValue } from '../src/internal/bbs2023/proofValue.js';
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

describe('bbs-2023 anonymous_holder_binding vectors (w3c/vc-di-bbs HolderBinding)', () => {
  const HB = `${DIR}HolderBinding/`;
  const license = readJson(`${DIR}FeatureInputs/license.json`);
  const licenseMandatory = readJson<string[]>(`${DIR}FeatureInputs/licenseMandatory.json`);
  const licenseSelective = readJson<string[]>(`${DIR}FeatureInputs/licenseSelective.json`);
  const holderSecret = hexToBytes(
    readJson<{ holderSecretHex: string }>(`${DIR}FeatureInputs/holderSecret.json`).holderSecretHex,
  );
  const commitment = readJson<{ secretProverBlind: string; commitmentWithProof: string }>(
    `${HB}commitmentInfo.json`,
  );
  const hbBase = readJson<Record<string, Record<string, unknown>>>(`${HB}addSignedSDBase.json`);
  const hbRevealed = readJson<Record<string, Record<string, unknown>>>(`${HB}derivedRevealDocument.json`);
  const hbDisclosure = readJson<{
    labelMap: { value: [string, string][] };
    mandatoryIndexes: number[];
    adjSelectiveIndexes: number[];
    lengthBBSMessages: number;
  }>(`${HB}derivedDisclosureData.json`);
  const { '@context': _c, ...hbProofOptions } = readJson(`${HB}addProofConfig.json`);
  const holder = { holderSecret, secretProverBlind: hexToBytes(commitment.secretProverBlind) };

  it('the blind base proof value is reproduced byte for byte from their commitment (d9 5d 04 header)', async () => {
    const data = await createBaseSignData(
      license,
      hbProofOptions,
      licenseMandatory,
      documentLoader,
      hexToBytes(keys.hmacKeyString),
    );
    const proofValue = await createBaseProofValue(data, signer, hexToBytes(commitment.commitmentWithProof));
    expect(proofValue).toBe(hbBase.proof?.proofValue);
    expect(hex(base64urlDecode(proofValue.slice(1)).subarray(0, 3))).toBe('d95d04');
  });

  it('their derived document verifies (d9 5d 05 header, the message count included)', async () => {
    const d = parseDerivedProofValue(hbRevealed.proof?.proofValue);
    expect(d.feature).toBe('anonymous_holder_binding');
    expect(d.lengthBBSMessages).toBe(hbDisclosure.lengthBBSMessages);
    const r = await verifyDataIntegrityProof(hbRevealed, { documentLoader });
    expect(r.errors).toEqual([]);
  });

  it('our derivation from their base proof with the holder secret: their reveal document and disclosure data, a proof that verifies', async () => {
    const presentationHeader = hexToBytes(deriveMaterial.presentationHeaderHex);
    const out = (await deriveCredential(hbBase, {
      selectivePointers: licenseSelective,
      presentationHeader,
      ...holder,
      documentLoader,
    })) as Record<string, Record<string, unknown>>;
    const { proofValue, ...proof } = out.proof ?? {};
    const { proofValue: _theirs, ...theirProof } = hbRevealed.proof ?? {};
    expect({ ...out, proof }).toEqual({ ...hbRevealed, proof: theirProof });
    const d = parseDerivedProofValue(proofValue);
    expect(d.mandatoryIndexes).toEqual(hbDisclosure.mandatoryIndexes);
    expect(d.selectiveIndexes).toEqual(hbDisclosure.adjSelectiveIndexes);
    expect(d.lengthBBSMessages).toBe(hbDisclosure.lengthBBSMessages);
    expect([...d.labelMap].map(([c, b]) => [`c14n${c}`, `b${b}`])).toEqual(hbDisclosure.labelMap.value);
    expect(
      Buffer.from(base64urlDecode(String(proofValue).slice(1))).includes(Buffer.from(holderSecret)),
    ).toBe(false);
    const r = await verifyDataIntegrityProof(out, { documentLoader });
    expect(r.errors).toEqual([]);
  });

  it('without the holder secret nothing is derived; with another secret the disclosure does not verify', async () => {
    await expect(
      deriveCredential(hbBase, { selectivePointers: licenseSelective, documentLoader }),
    ).rejects.toMatchObject({ code: 'ERR_VC_DERIVE' });
    const wrong = holderSecret.slice();
    wrong[0] = (wrong[0] ?? 0) ^ 1;
    let out: Record<string, unknown> | undefined;
    try {
      out = await deriveCredential(hbBase, {
        selectivePointers: licenseSelective,
        holderSecret: wrong,
        secretProverBlind: holder.secretProverBlind,
        documentLoader,
      });
    } catch (e) {
      expect((e as { code?: string }).code).toBe('ERR_VC_DERIVE');
    }
    if (out !== undefined) {
      const r = await verifyDataIntegrityProof(out, { documentLoader });
      expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
    }
  });

  it('a baseline base proof refuses a holder secret; a holder-bound derived proof with the message count changed is refused', async () => {
    await expect(
      deriveCredential(signedBase, { selectivePointers, ...holder, documentLoader }),
    ).rejects.toMatchObject({ code: 'ERR_VC_DERIVE' });
    const d = parseDerivedProofValue(hbRevealed.proof?.proofValue);
    for (const n of [d.lengthBBSMessages! - 1, d.lengthBBSMessages! + 1]) {
      const bad = {
        ...hbRevealed,
        proof: {
          ...hbRevealed.proof,
          proofValue: serializeDerivedProofValue({ ...d, lengthBBSMessages: n }),
        },
      };
      const r = await verifyDataIntegrityProof(bad, { documentLoader });
      expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
    }
  });
});
