import { describe, expect, test } from 'vitest';
import { proofGen, proofVerify, sign, verify } from '../src/index.js';
import { decodePublicKey, decodeSignature } from '../src/internal/codec.js';
import { coreVerify, messagesToScalars } from '../src/internal/core.js';
import { Fr } from '../src/internal/curve.js';
import { combinedHeader, nymApi, nymLayout } from '../src/internal/nym.js';
import { bytesToHex, fixture, hex } from './helpers.js';

const TV = 'w3c-vc-di-bbs/TestVectors';
const te = new TextEncoder();
const keys = fixture<{ publicKeyHex: string; privateKeyHex: string }>(`${TV}/BBSKeyMaterial.json`);
const publicKey = hex(keys.publicKeyHex);
const derive = fixture<{ presentationHeaderHex: string }>(`${TV}/BBSDeriveMaterial.json`);

interface Transform {
  nonMandatory: { value: [number, string][] };
}
interface Disclosure {
  bbsProof: string;
  adjSelectiveIndexes: number[];
  presentationHeader: Record<string, number>;
  pseudonym?: string;
  lengthBBSMessages?: number;
}

/** The BBS messages of a base proof: the non-mandatory N-Quads, in order, as UTF-8. */
const bbsMessages = (dir: string) =>
  fixture<Transform>(`${dir}/addBaseTransform.json`).nonMandatory.value.map(([, quad]) => te.encode(quad));
const bbsHeader = (dir: string) => {
  const h = fixture<{ proofHash: string; mandatoryHash: string }>(`${dir}/addHashData.json`);
  return hex(h.proofHash + h.mandatoryHash);
};

// The vectors at this commit use the BLS12-381-SHA-256 ciphersuite.
const ciphersuite = 'BLS12-381-SHA-256' as const;

describe('W3C vc-di-bbs vectors at the BBS layer (BLS12-381-SHA-256)', () => {
  test('baseline: the base signature is reproduced byte for byte and verifies', () => {
    const messages = bbsMessages(TV);
    const header = bbsHeader(TV);
    const sig = sign({ secretKey: hex(keys.privateKeyHex), publicKey, header, messages, ciphersuite });
    const expected = fixture<{ bbsSignature: string }>(`${TV}/addRawBaseSignatureInfo.json`).bbsSignature;
    expect(bytesToHex(sig)).toBe(expected);
    expect(verify({ publicKey, signature: sig, header, messages, ciphersuite })).toBe(true);
  });

  test('baseline: the derived proof verifies, and so does one of ours over the same signature', () => {
    const messages = bbsMessages(TV);
    const header = bbsHeader(TV);
    const d = fixture<Disclosure>(`${TV}/derivedDisclosureData.json`);
    const ph = Uint8Array.from(Object.values(d.presentationHeader));
    expect(bytesToHex(ph)).toBe(derive.presentationHeaderHex);
    const disclosedIndexes = d.adjSelectiveIndexes;
    expect(
      proofVerify({
        publicKey,
        proof: hex(d.bbsProof),
        header,
        presentationHeader: ph,
        disclosedMessages: disclosedIndexes.map((i) => messages[i]!),
        disclosedIndexes,
        ciphersuite,
      }),
    ).toBe(true);
    const signature = hex(
      fixture<{ bbsSignature: string }>(`${TV}/addRawBaseSignatureInfo.json`).bbsSignature,
    );
    // (Their proof came from other random scalars, so it is checked by verification, not bytes.)
    const proof = proofGen({
      publicKey,
      signature,
      header,
      presentationHeader: ph,
      messages,
      disclosedIndexes,
      ciphersuite,
    });
    expect(
      proofVerify({
        publicKey,
        proof,
        header,
        presentationHeader: ph,
        disclosedMessages: disclosedIndexes.map((i) => messages[i]!),
        disclosedIndexes,
        ciphersuite,
      }),
    ).toBe(true);
  });

  test('pseudonym feature: the base signature verifies over the pseudonym layout, without the nym-count header suffix', () => {
    // The vectors at this commit predate the draft's combined header (header || I2OSP(length_nym_vector, 8))
    // that the CFRG -02/-03 fixtures use; over (messages, prover blind, nym secret) with the plain
    // header and the pseudonym interface's generators, their signature verifies.
    const dir = `${TV}/Pseudonym`;
    const messages = bbsMessages(dir);
    const base = fixture<{ bbsSignature: string; bbsHeader: string; signerNymEntropy: string }>(
      `${dir}/derivedRecoveredBaseData.json`,
    );
    const blind = BigInt(
      `0x${fixture<{ secretProverBlind: string }>(`${dir}/commitmentInfo.json`).secretProverBlind}`,
    );
    const proverNym = BigInt(
      `0x${fixture<{ proverNymHex: string }>(`${TV}/FeatureInputs/proverNym.json`).proverNymHex}`,
    );
    const nymSecret = Fr.add(proverNym, BigInt(`0x${base.signerNymEntropy}`));
    expect(nymSecret).toBe(
      BigInt(`0x${fixture<{ nymSecretHex: string }>(`${dir}/nymSecret.json`).nymSecretHex}`),
    );
    const api = nymApi(ciphersuite);
    const ok = (header: Uint8Array) =>
      coreVerify(
        api,
        decodePublicKey(publicKey),
        publicKey,
        decodeSignature(hex(base.bbsSignature)),
        nymLayout(api, messages.length, 0, 1),
        header,
        [...messagesToScalars(api, messages), blind, nymSecret],
      );
    expect(ok(hex(base.bbsHeader))).toBe(true);
    expect(ok(combinedHeader(hex(base.bbsHeader), 1))).toBe(false);
  });
});
