/**
 * The W3C vc-di-bbs `Pseudonym/` and `PseudonymHB/` vectors against the current spec text.
 *
 * The vectors were generated with an older layout than the spec text of the same commit (see
 * test/vectors/w3c-vc-di-bbs/SOURCE.md, "The pseudonym vectors"). Every difference is mechanical:
 *
 * - proof value serialization: the base proof header is `d9 5d 08` for both feature options (the
 *   spec: `06` for `pseudonym`, `08` for `holder_binding_pseudonym`), the derived header `d9 5d 09`
 *   for both (the spec: `07`, `09`); `signer_nym_entropy` carries the CBOR bignum tag 2 (the spec:
 *   no tags); the derived array has no `nym_domain` (the spec: between `presentationHeader` and
 *   `pseudonym`);
 * - BBS: the base signature is over the plain header, without the per-verifier-linkability
 *   draft's `|| I2OSP(length_nym_vector, 8)`, and the proof challenge hashes `(pseudonym, OP, Ut)`
 *   without the length-prefixed context id; @realdid/bbs follows draft -03 (both), so it checks
 *   their signature and proof bytes in its own test (packages/bbs/test/w3c.vectors.test.ts) with
 *   that older reading, while here they are refused.
 *
 * So here: the compatibility reading maps their proof values onto the current layout and our
 * serializer reproduces those bytes exactly; every value the layouts share (N-Quads, hashes, the
 * header, the indexes, the label map, the reveal document, the nym secret, the pseudonym) is
 * reproduced byte for byte, the pseudonym by our whole issue-derive-verify pipeline run on their
 * inputs.
 */

import { calculatePseudonym } from '@realdid/bbs';
import { base64urlDecode, base64urlEncode } from '@realdid/crypto';
import { createBbs2023Signer, deriveCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import {
  createBaseProofValue,
  createBaseSignData,
  createVerifyData,
  verifyBbsProof,
} from '../src/internal/bbs2023/cryptosuite.js';
import type { Bbs2023Feature } from '../src/internal/bbs2023/proofValue.js';
import {
  parseBaseProofValue,
  parseDerivedProofValue,
  serializeBaseProofValue,
  serializeDerivedProofValue,
} from '../src/internal/bbs2023/proofValue.js';
import { hexToBytes } from './bbs2023Helpers.js';
import { documentLoader, hex, readJson } from './helpers.js';
import { verifyDataIntegrityProof } from './outcome.js';

const DIR = 'w3c-vc-di-bbs/TestVectors/';
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const te = new TextEncoder();
const keys = readJson<{ publicKeyHex: string; privateKeyHex: string; hmacKeyString: string }>(
  `${DIR}BBSKeyMaterial.json`,
);
const presentationHeader = hexToBytes(
  readJson<{ presentationHeaderHex: string }>(`${DIR}BBSDeriveMaterial.json`).presentationHeaderHex,
);
const license = readJson(`${DIR}FeatureInputs/license.json`);
const licenseMandatory = readJson<string[]>(`${DIR}FeatureInputs/licenseMandatory.json`);
const licenseSelective = readJson<string[]>(`${DIR}FeatureInputs/licenseSelective.json`);
const holderSecret = hexToBytes(
  readJson<{ holderSecretHex: string }>(`${DIR}FeatureInputs/holderSecret.json`).holderSecretHex,
);
const proverNym = hexToBytes(
  readJson<{ proverNymHex: string }>(`${DIR}FeatureInputs/proverNym.json`).proverNymHex,
);
const signerNymEntropy = hexToBytes(
  readJson<{ signerNymEntropyHex: string }>(`${DIR}FeatureInputs/signerNymEntropy.json`).signerNymEntropyHex,
);
const verifierId = readJson<{ verifierId: string }>(`${DIR}FeatureInputs/verifierInfo.json`).verifierId;
const signer = createBbs2023Signer(
  { secretKey: hexToBytes(keys.privateKeyHex), publicKey: hexToBytes(keys.publicKeyHex) },
  (mb) => `did:key:${mb}#${mb}`,
);

const bytesOf = (proofValue: unknown) => base64urlDecode(String(proofValue).slice(1));
const proofValueOf = (bytes: Uint8Array) => `u${base64urlEncode(bytes)}`;
const cborBytes = (b: Uint8Array): number[] =>
  b.length < 24
    ? [0x40 + b.length, ...b]
    : b.length < 256
      ? [0x58, b.length, ...b]
      : [0x59, b.length >> 8, b.length & 255, ...b];

/**
 * The compatibility reading of their base proof value: header `d9 5d 08` → the feature option's
 * header, and the bignum tag (`c2`) before the final 32-byte `signer_nym_entropy` dropped.
 */
function baseInCurrentLayout(bytes: Uint8Array, feature: Bbs2023Feature): Uint8Array {
  expect([...bytes.subarray(0, 3)]).toEqual([0xd9, 0x5d, 0x08]);
  const tail = bytes.length - 35; // c2 58 20 <32 bytes>
  expect([...bytes.subarray(tail, tail + 3)]).toEqual([0xc2, 0x58, 0x20]);
  const out = new Uint8Array([...bytes.subarray(0, tail), ...bytes.subarray(tail + 1)]);
  out[2] = feature === 'pseudonym' ? 0x06 : 0x08;
  return out;
}

/**
 * The compatibility reading of their derived proof value: header `d9 5d 09` → the feature option's
 * header, the 7-item array → 8 items, and `nym_domain` (a byte string) inserted before the
 * pseudonym (`58 30` + 48 bytes) that precedes the message count (one byte, < 24).
 */
function derivedInCurrentLayout(
  bytes: Uint8Array,
  feature: Bbs2023Feature,
  nymDomain: Uint8Array,
): Uint8Array {
  expect([...bytes.subarray(0, 4)]).toEqual([0xd9, 0x5d, 0x09, 0x87]);
  const at = bytes.length - 51;
  expect([...bytes.subarray(at, at + 2)]).toEqual([0x58, 0x30]);
  expect(bytes[bytes.length - 1]).toBeLessThan(24);
  const out = new Uint8Array([...bytes.subarray(0, at), ...cborBytes(nymDomain), ...bytes.subarray(at)]);
  out[2] = feature === 'pseudonym' ? 0x07 : 0x09;
  out[3] = 0x88;
  return out;
}

for (const [sub, feature] of [
  ['Pseudonym/', 'pseudonym'],
  ['PseudonymHB/', 'holder_binding_pseudonym'],
] as const) {
  const V = `${DIR}${sub}`;
  const raw = readJson<{
    bbsSignature: string;
    bbsHeader: string;
    publicKey: string;
    hmacKey: string;
    mandatoryPointers: string[];
    signerNymEntropyHex: string;
    featureOption: string;
  }>(`${V}addRawBaseSignatureInfo.json`);
  const commitment = readJson<{ secretProverBlind: string; commitmentWithProof: string }>(
    `${V}commitmentInfo.json`,
  );
  const signedBase = readJson<Record<string, Record<string, unknown>>>(`${V}addSignedSDBase.json`);
  const revealed = readJson<Record<string, Record<string, unknown>>>(`${V}derivedRevealDocument.json`);
  const disclosure = readJson<{
    bbsProof: string;
    labelMap: { value: [string, string][] };
    mandatoryIndexes: number[];
    adjSelectiveIndexes: number[];
    pseudonym: string;
    lengthBBSMessages: number;
    featureOption: string;
  }>(`${V}derivedDisclosureData.json`);
  const { '@context': _c, ...proofOptions } = readJson(`${V}addProofConfig.json`);
  const labelMap = new Map(
    disclosure.labelMap.value.map(([c, b]) => [Number(c.slice(4)), Number(b.slice(1))] as [number, number]),
  );
  const holder = {
    proverNym,
    secretProverBlind: hexToBytes(commitment.secretProverBlind),
    ...(feature === 'holder_binding_pseudonym' ? { holderSecret } : {}),
  };

  describe(`bbs-2023 ${feature} vectors (w3c/vc-di-bbs ${sub})`, () => {
    it('they name this feature option and use the feature inputs', () => {
      expect(raw.featureOption).toBe(feature);
      expect(disclosure.featureOption).toBe(feature);
      expect(raw.signerNymEntropyHex).toBe(hex(signerNymEntropy));
      expect(hex(presentationHeader)).toBe(
        hex(
          Uint8Array.from(
            Object.values(
              (disclosure as never as { presentationHeader: Record<string, number> }).presentationHeader,
            ),
          ),
        ),
      );
    });

    it('base proof transformation and hashing: the N-Quads groups, both hashes and the BBS header, byte for byte', async () => {
      const data = await createBaseSignData(
        license,
        proofOptions,
        licenseMandatory,
        documentLoader,
        hexToBytes(keys.hmacKeyString),
      );
      const t = readJson<{
        mandatory: { value: [number, string][] };
        nonMandatory: { value: [number, string][] };
      }>(`${V}addBaseTransform.json`);
      expect(data.mandatory).toEqual(t.mandatory.value.map(([, q]) => q));
      expect(data.nonMandatory).toEqual(t.nonMandatory.value.map(([, q]) => q));
      const h = readJson<{ proofHash: string; mandatoryHash: string }>(`${V}addHashData.json`);
      expect(hex(data.proofHash)).toBe(h.proofHash);
      expect(hex(data.mandatoryHash)).toBe(h.mandatoryHash);
      expect(h.proofHash + h.mandatoryHash).toBe(raw.bbsHeader);
    });

    it('their base proof value, read in the current layout, is exactly our serialization of its components', () => {
      const theirs = bytesOf(signedBase.proof?.proofValue);
      const current = baseInCurrentLayout(theirs, feature);
      const ours = serializeBaseProofValue({
        feature,
        bbsSignature: hexToBytes(raw.bbsSignature),
        bbsHeader: hexToBytes(raw.bbsHeader),
        publicKey: hexToBytes(raw.publicKey),
        hmacKey: hexToBytes(raw.hmacKey),
        mandatoryPointers: raw.mandatoryPointers,
        signerNymEntropy: hexToBytes(raw.signerNymEntropyHex),
      });
      expect(ours).toBe(proofValueOf(current));
      const parsed = parseBaseProofValue(ours);
      expect(parsed.feature).toBe(feature);
      expect(hex(parsed.signerNymEntropy as Uint8Array)).toBe(raw.signerNymEntropyHex);
      // As published (older header, tagged entropy) it is refused, with a coded error.
      expect(() => parseBaseProofValue(signedBase.proof?.proofValue)).toThrow(
        expect.objectContaining({ code: 'ERR_VC_DERIVE' }),
      );
    });

    it('their derived proof value, read in the current layout (nym_domain = their verifier id), is exactly our serialization of their disclosure data', () => {
      const theirs = bytesOf(revealed.proof?.proofValue);
      const nymDomain = te.encode(verifierId);
      const current = derivedInCurrentLayout(theirs, feature, nymDomain);
      const ours = serializeDerivedProofValue({
        feature,
        bbsProof: hexToBytes(disclosure.bbsProof),
        labelMap,
        mandatoryIndexes: disclosure.mandatoryIndexes,
        selectiveIndexes: disclosure.adjSelectiveIndexes,
        presentationHeader,
        nymDomain,
        pseudonym: hexToBytes(disclosure.pseudonym),
        lengthBBSMessages: disclosure.lengthBBSMessages,
      });
      expect(ours).toBe(proofValueOf(current));
      const d = parseDerivedProofValue(ours);
      expect(d.feature).toBe(feature);
      expect(hex(d.pseudonym as Uint8Array)).toBe(disclosure.pseudonym);
      expect(() => parseDerivedProofValue(revealed.proof?.proofValue)).toThrow(
        expect.objectContaining({ code: 'ERR_VC_PROOF_INVALID' }),
      );
    });

    it('the nym secret is prover_nym + signer_nym_entropy, and the pseudonym for their verifier id is theirs, byte for byte', () => {
      const nymSecret = (BigInt(`0x${hex(proverNym)}`) + BigInt(`0x${hex(signerNymEntropy)}`)) % R;
      const expected = BigInt(`0x${readJson<{ nymSecretHex: string }>(`${V}nymSecret.json`).nymSecretHex}`);
      expect(nymSecret).toBe(expected);
      const pseudonym = calculatePseudonym({
        contextId: te.encode(verifierId),
        nymSecrets: [hexToBytes(nymSecret.toString(16).padStart(64, '0'))],
        ciphersuite: 'BLS12-381-SHA-256',
      });
      expect(hex(pseudonym)).toBe(disclosure.pseudonym);
    });

    it('their derived document, read in the current layout: our verify data are their N-Quads and header; their BBS proof (older challenge) is refused by the draft -03 check', async () => {
      const current = proofValueOf(
        derivedInCurrentLayout(bytesOf(revealed.proof?.proofValue), feature, te.encode(verifierId)),
      );
      const { proof: _proof, ...unsecured } = revealed;
      const data = await createVerifyData(
        unsecured,
        { ...revealed.proof, proofValue: current },
        documentLoader,
      );
      const nquads = readJson<string[]>(`${V}verifyNQuads.json`);
      const mandatory = new Set(disclosure.mandatoryIndexes);
      expect(data.nonMandatory.map((b) => new TextDecoder().decode(b))).toEqual(
        nquads.filter((_, i) => !mandatory.has(i)),
      );
      expect(hex(data.bbsHeader)).toBe(raw.bbsHeader);
      expect(() => verifyBbsProof(hexToBytes(keys.publicKeyHex), data)).toThrow(
        expect.objectContaining({ code: 'ERR_VC_PROOF_INVALID' }),
      );
    });

    it('our pipeline on their inputs (keys, HMAC key, commitment, entropy, prover nym, verifier id): their base components, reveal document, disclosure data and pseudonym; a proof that verifies', async () => {
      const data = await createBaseSignData(
        license,
        proofOptions,
        licenseMandatory,
        documentLoader,
        hexToBytes(keys.hmacKeyString),
      );
      const proofValue = await createBaseProofValue(data, signer, {
        feature,
        commitmentWithProof: hexToBytes(commitment.commitmentWithProof),
        signerNymEntropy,
      });
      const base = parseBaseProofValue(proofValue);
      expect(hex(base.bbsHeader)).toBe(raw.bbsHeader);
      expect(hex(base.publicKey)).toBe(raw.publicKey);
      expect(hex(base.hmacKey)).toBe(raw.hmacKey);
      expect(base.mandatoryPointers).toEqual(raw.mandatoryPointers);
      expect(hex(base.signerNymEntropy as Uint8Array)).toBe(raw.signerNymEntropyHex);
      // The one difference: draft -03 signs header || I2OSP(1, 8), their signature the plain header.
      expect(hex(base.bbsSignature)).not.toBe(raw.bbsSignature);

      const issued = { ...signedBase, proof: { ...signedBase.proof, proofValue } };
      const out = (await deriveCredential(issued, {
        selectivePointers: licenseSelective,
        presentationHeader,
        ...holder,
        nymDomain: verifierId,
        documentLoader,
      })) as Record<string, Record<string, unknown>>;
      const { proofValue: derivedValue, ...proof } = out.proof ?? {};
      const { proofValue: _theirs, ...theirProof } = revealed.proof ?? {};
      expect({ ...out, proof }).toEqual({ ...revealed, proof: theirProof });
      const d = parseDerivedProofValue(derivedValue);
      expect(d.feature).toBe(feature);
      expect(d.mandatoryIndexes).toEqual(disclosure.mandatoryIndexes);
      expect(d.selectiveIndexes).toEqual(disclosure.adjSelectiveIndexes);
      expect([...d.labelMap].map(([c, b]) => [`c14n${c}`, `b${b}`])).toEqual(disclosure.labelMap.value);
      expect(d.lengthBBSMessages).toBe(disclosure.lengthBBSMessages);
      expect(d.nymDomain).toEqual(te.encode(verifierId));
      expect(hex(d.pseudonym as Uint8Array)).toBe(disclosure.pseudonym);
      expect(d.bbsProof.length).toBe(disclosure.bbsProof.length / 2);

      const r = await verifyDataIntegrityProof(out, { documentLoader, nymDomain: verifierId });
      expect(r.errors).toEqual([]);
      expect(hex(r.proofs?.[0]?.pseudonym as Uint8Array)).toBe(disclosure.pseudonym);
    });
  });
}
