import { describe, expect, test } from 'vitest';
import { calculatePseudonym } from '../src/calculatePseudonym.js';
import { blindGeneratorsOf } from '../src/internal/blind.js';
import { generatorsOf } from '../src/internal/core.js';
import { nymApi } from '../src/internal/nym.js';
import {
  blindSignWithNymUsing,
  commitWithNymUsing,
  proofGenWithNymUsing,
  proofVerifyWithNymImpl,
  verifyFinalizeWithNymImpl,
} from '../src/internal/nymOps.js';
import { skToPk } from '../src/skToPk.js';
import { bytesToHex, fixture, fixtures, hex, MOCK_SEED, SUITES, seededRandomScalars } from './helpers.js';

/** Scalars in the fixtures: some 10-nym cases drop a leading zero nibble (63 hex digits). */
const sc = (s: string) => hex(s.padStart(64, '0'));
const scHex = (s: string) => s.padStart(64, '0');

const DIR = 'pseudonyms-draft-irtf-cfrg-bbs-per-verifier-linkability';
const never = () => {
  throw new Error('no randomness expected');
};

interface Mock {
  SEED: string;
  commit?: { DST: string };
  proof?: { DST: string };
}

for (const { name, dir } of SUITES) {
  const base = `${DIR}/${dir}`;
  const api = nymApi(name);
  describe(`pseudonyms, ${name}`, () => {
    test('generators of the pseudonym interface', () => {
      const f = fixture<{
        generators: { api_id: string; Q1: string; MsgGenerators: string[] };
      }>(`${base}/generators.json`);
      expect(f.generators.api_id).toBe(api.id);
      const g = generatorsOf(api, f.generators.MsgGenerators.length);
      expect(bytesToHex(g.Q1.toBytes(true))).toBe(f.generators.Q1);
      expect(g.H.map((h) => bytesToHex(h.toBytes(true)))).toEqual(f.generators.MsgGenerators);
      expect(blindGeneratorsOf(api, 3).length).toBe(4);
    });

    for (const { file, data: f } of fixtures<{
      caseName: string;
      mockRngParameters: Mock;
      committedMessages: string[];
      proverNyms: string[];
      proverBlind: string;
      commitmentWithProof: string;
    }>(`${base}/nymCommit`)) {
      test(`commit ${file}: ${f.caseName}`, () => {
        expect(MOCK_SEED).toEqual(new TextEncoder().encode(f.mockRngParameters.SEED));
        const out = commitWithNymUsing(
          {
            committedMessages: f.committedMessages.map(hex),
            proverNyms: f.proverNyms.map(sc),
            ciphersuite: name,
          },
          seededRandomScalars(name, new TextEncoder().encode(f.mockRngParameters.commit!.DST)),
        );
        expect(bytesToHex(out.secretProverBlind)).toBe(f.proverBlind);
        expect(bytesToHex(out.commitmentWithProof)).toBe(f.commitmentWithProof);
      });
    }

    for (const { file, data: f } of fixtures<{
      caseName: string;
      signerKeyPair: { secretKey: string; publicKey: string };
      signer_nym_entropy: string;
      proverNyms: string[];
      proverBlind: string;
      nym_secrets: string[];
      commitmentWithProof: string;
      header: string;
      messages: string[];
      committedMessages: string[];
      signature: string;
    }>(`${base}/nymSignature`)) {
      test(`blind sign with nym ${file}: ${f.caseName}`, () => {
        const out = blindSignWithNymUsing(
          {
            secretKey: hex(f.signerKeyPair.secretKey),
            publicKey: hex(f.signerKeyPair.publicKey),
            commitmentWithProof: hex(f.commitmentWithProof),
            nymCount: f.proverNyms.length,
            signerNymEntropy: hex(f.signer_nym_entropy),
            header: hex(f.header),
            messages: f.messages.map(hex),
            ciphersuite: name,
          },
          skToPk,
          never,
        );
        expect(bytesToHex(out.signature)).toBe(f.signature);
        const nymSecrets = verifyFinalizeWithNymImpl({
          publicKey: hex(f.signerKeyPair.publicKey),
          signature: hex(f.signature),
          header: hex(f.header),
          messages: f.messages.map(hex),
          committedMessages: f.committedMessages.map(hex),
          proverNyms: f.proverNyms.map(sc),
          signerNymEntropy: hex(f.signer_nym_entropy),
          secretProverBlind: hex(f.proverBlind),
          ciphersuite: name,
        });
        expect(nymSecrets.map(bytesToHex)).toEqual(f.nym_secrets.map(scHex));
      });
    }

    for (const { file, data: f } of fixtures<{
      caseName: string;
      mockRngParameters: Mock;
      signerPublicKey: string;
      signature: string;
      nym_secrets: string[];
      pseudonym: string;
      proverBlind: string;
      context_id: string;
      header: string;
      presentationHeader: string;
      revealedMessages: Record<string, string>;
      revealedCommittedMessages: Record<string, string>;
      messages: string[];
      committedMessages: string[];
      L: number;
      proof: string;
    }>(`${base}/nymProof`)) {
      test(`proof with nym ${file}: ${f.caseName}`, () => {
        const di = Object.keys(f.revealedMessages).map(Number);
        const dci = Object.keys(f.revealedCommittedMessages).map(Number);
        const out = proofGenWithNymUsing(
          {
            publicKey: hex(f.signerPublicKey),
            signature: hex(f.signature),
            header: hex(f.header),
            presentationHeader: hex(f.presentationHeader),
            nymSecrets: f.nym_secrets.map(sc),
            contextId: hex(f.context_id),
            messages: f.messages.map(hex),
            committedMessages: f.committedMessages.map(hex),
            disclosedIndexes: di,
            disclosedCommittedIndexes: dci,
            secretProverBlind: hex(f.proverBlind),
            ciphersuite: name,
          },
          seededRandomScalars(name, new TextEncoder().encode(f.mockRngParameters.proof!.DST)),
        );
        expect(bytesToHex(out.pseudonym)).toBe(f.pseudonym);
        expect(
          bytesToHex(
            calculatePseudonym({
              contextId: hex(f.context_id),
              nymSecrets: f.nym_secrets.map(sc),
              ciphersuite: name,
            }),
          ),
        ).toBe(f.pseudonym);
        expect(bytesToHex(out.proof)).toBe(f.proof);
        expect(
          proofVerifyWithNymImpl({
            publicKey: hex(f.signerPublicKey),
            proof: hex(f.proof),
            pseudonym: hex(f.pseudonym),
            contextId: hex(f.context_id),
            nymCount: f.nym_secrets.length,
            messageCount: f.L,
            header: hex(f.header),
            presentationHeader: hex(f.presentationHeader),
            disclosedMessages: Object.values(f.revealedMessages).map(hex),
            disclosedIndexes: di,
            disclosedCommittedMessages: Object.values(f.revealedCommittedMessages).map(hex),
            disclosedCommittedIndexes: dci,
            ciphersuite: name,
          }),
        ).toBe(true);
      });
    }
  });
}
