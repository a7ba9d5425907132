import { describe, expect, test } from 'vitest';
import {
  calculatePseudonym,
  proofGen,
  proofVerify,
  proofVerifyWithNym,
  sign,
  verify,
  verifyFinalizeWithNym,
} from '../src/index.js';
import {
  blindGeneratorsOf,
  committedCount,
  finalizeBlindSign,
  verifyCommitment,
} from '../src/internal/blind.js';
import { i2osp } from '../src/internal/bytes.js';
import { decodePublicKey, decodeSignature } from '../src/internal/codec.js';
import {
  coreVerify,
  decodeProof,
  generatorsOf,
  messagesToScalars,
  proofChallenge,
  proofPairingCheck,
  proofVerifyInit,
} from '../src/internal/core.js';
import { Fr, type G1Point, R } from '../src/internal/curve.js';
import { msm } from '../src/internal/msm.js';
import {
  combinedHeader,
  contextPoint,
  decodePseudonym,
  nymApi,
  nymChallengeParts,
  nymLayout,
  polyEval,
} from '../src/internal/nym.js';
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

/**
 * The pseudonym vectors (Pseudonym/, PseudonymHB/) under the older pseudonym layout they were made
 * with: the blind signature over the plain header (no `|| I2OSP(length_nym_vector, 8)`), and the
 * proof challenge over (…, T2, pseudonym, OP, Ut, domain) || I2OSP(len(ph), 8) || ph — draft -03
 * hashes (…, T2, pseudonym, Ut, domain) and appends I2OSP(len(context_id), 8) || context_id. Both
 * readings are rebuilt here from this package's internals, so the vectors' own bytes are checked:
 * their signatures are reproduced byte for byte, their proofs verify under the older challenge,
 * and the -03 functions refuse both (the difference is exactly these two steps).
 */
describe('W3C pseudonym vectors at the BBS layer, read with their older pseudonym layout', () => {
  const api = nymApi(ciphersuite);
  const verifierId = te.encode(
    fixture<{ verifierId: string }>(`${TV}/FeatureInputs/verifierInfo.json`).verifierId,
  );
  const proverNym = BigInt(
    `0x${fixture<{ proverNymHex: string }>(`${TV}/FeatureInputs/proverNym.json`).proverNymHex}`,
  );
  const holderSecret = hex(
    fixture<{ holderSecretHex: string }>(`${TV}/FeatureInputs/holderSecret.json`).holderSecretHex,
  );
  for (const [sub, committed] of [
    ['Pseudonym', [] as Uint8Array[]],
    ['PseudonymHB', [holderSecret]],
  ] as const) {
    const dir = `${TV}/${sub}`;
    const messages = bbsMessages(dir);
    const raw = fixture<{ bbsSignature: string; bbsHeader: string; signerNymEntropyHex: string }>(
      `${dir}/addRawBaseSignatureInfo.json`,
    );
    const ci = fixture<{ secretProverBlind: string; commitmentWithProof: string }>(
      `${dir}/commitmentInfo.json`,
    );
    const d = fixture<Disclosure>(`${dir}/derivedDisclosureData.json`);
    const header = hex(raw.bbsHeader);
    const entropy = BigInt(`0x${raw.signerNymEntropyHex}`);
    const nymSecret = Fr.add(proverNym, entropy);
    const M = committed.length;

    test(`${sub}: their commitment verifies (-03 CommitWithNym proof); blind-signing it over the plain header reproduces their signature byte for byte`, () => {
      const cwp = hex(ci.commitmentWithProof);
      expect(committedCount(cwp)).toBe(M + 1);
      // (Q2, J_1, …, J_{M+1}): the signer's entropy goes to the last, the prover nym's generator.
      const J = blindGeneratorsOf(api, M + 1);
      const C = verifyCommitment(api, cwp, J);
      const commitment = C.add(J[M + 1]!.multiply(entropy));
      const sk = BigInt(`0x${keys.privateKeyHex}`);
      const sig = (h: Uint8Array) =>
        bytesToHex(
          finalizeBlindSign(
            api,
            sk,
            publicKey,
            generatorsOf(api, messages.length),
            J,
            h,
            messagesToScalars(api, messages),
            commitment,
          ),
        );
      expect(sig(header)).toBe(raw.bbsSignature);
      expect(sig(combinedHeader(header, 1))).not.toBe(raw.bbsSignature);
      // -03 VerifyFinalizeWithNym (combined header) refuses their signature.
      expect(() =>
        verifyFinalizeWithNym({
          publicKey,
          signature: hex(raw.bbsSignature),
          header,
          messages,
          committedMessages: committed,
          proverNyms: [i2osp(proverNym, 32)],
          signerNymEntropy: hex(raw.signerNymEntropyHex),
          secretProverBlind: hex(ci.secretProverBlind),
          ciphersuite,
        }),
      ).toThrow(expect.objectContaining({ code: 'ERR_BBS_SIGNATURE_INVALID' }));
    });

    test(`${sub}: their pseudonym is calculatePseudonym(verifier id, prover_nym + signer_nym_entropy), byte for byte`, () => {
      expect(
        bytesToHex(
          calculatePseudonym({ contextId: verifierId, nymSecrets: [i2osp(nymSecret, 32)], ciphersuite }),
        ),
      ).toBe(d.pseudonym);
    });

    test(`${sub}: their derived proof verifies under the older challenge, and under no other reading; -03 ProofVerifyWithNym refuses it`, () => {
      const proof = decodeProof(hex(d.bbsProof));
      const ph = Uint8Array.from(Object.values(d.presentationHeader));
      const di = d.adjSelectiveIndexes;
      const L = messages.length;
      expect(d.lengthBBSMessages).toBe(L);
      const total = L + 1 + M + 1;
      const undisclosed = [...Array(total).keys()].filter((i) => !di.includes(i));
      expect(proof.mHat.length).toBe(undisclosed.length);
      expect(proofPairingCheck(decodePublicKey(publicKey), proof)).toBe(true);
      const P = decodePseudonym(hex(d.pseudonym as string));
      const { OP, z } = contextPoint(api, verifierId);
      const nymHat = proof.mHat[proof.mHat.length - 1]!;
      const Ut = msm([OP, P], [polyEval([nymHat], z), R - proof.c]);
      const disclosedScalars = messagesToScalars(
        api,
        di.map((i) => messages[i]!),
      );
      const challenge = (h: Uint8Array, extra: G1Point[], trailer?: Uint8Array) =>
        proofChallenge(
          api,
          proofVerifyInit(
            api,
            publicKey,
            proof,
            nymLayout(api, L, M, 1),
            h,
            di,
            disclosedScalars,
            undisclosed,
          ),
          di,
          disclosedScalars,
          ph,
          extra,
          trailer,
        );
      const ctx = nymChallengeParts(P, Ut, verifierId).trailer;
      expect(challenge(header, [P, OP, Ut])).toBe(proof.c);
      expect(challenge(combinedHeader(header, 1), [P, OP, Ut])).not.toBe(proof.c);
      expect(challenge(header, [P, Ut], ctx)).not.toBe(proof.c);
      expect(challenge(header, [P, OP, Ut], ctx)).not.toBe(proof.c);
      // The same check with the pseudonym of another nym secret fails.
      const other = OP.multiply(Fr.add(nymSecret, 1n));
      const UtOther = msm([OP, other], [polyEval([nymHat], z), R - proof.c]);
      expect(challenge(header, [other, OP, UtOther])).not.toBe(proof.c);
      expect(() =>
        proofVerifyWithNym({
          publicKey,
          proof: hex(d.bbsProof),
          pseudonym: hex(d.pseudonym as string),
          contextId: verifierId,
          nymCount: 1,
          messageCount: L,
          header,
          presentationHeader: ph,
          disclosedMessages: di.map((i) => messages[i]!),
          disclosedIndexes: di,
          ciphersuite,
        }),
      ).toThrow(expect.objectContaining({ code: 'ERR_BBS_PROOF_INVALID' }));
    });
  }
});
