import { describe, expect, test } from 'vitest';
import { blindGeneratorsOf } from '../src/internal/blind.js';
import {
  blindApi,
  blindCommitUsing,
  blindProofGenUsing,
  blindProofVerifyImpl,
  blindSignImpl,
  blindVerifyImpl,
} from '../src/internal/blindOps.js';
import { generatorsOf } from '../src/internal/core.js';
import { skToPk } from '../src/skToPk.js';
import { bytesToHex, fixture, fixtures, hex, SUITES, seededRandomScalars } from './helpers.js';

const DIR = 'blind-draft-irtf-cfrg-bbs-blind-signatures';
const te = new TextEncoder();
const opt = (s: string | null) => (s === null ? undefined : hex(s));
const list = (v: string[] | null) => (v ?? []).map(hex);

interface Mock {
  SEED: string;
  commit?: { DST: string };
  proof?: { DST: string };
}

for (const { name, dir } of SUITES) {
  const base = `${DIR}/${dir}`;
  const api = blindApi(name);
  const messages = fixture<{ messages: string[]; committedMessages: string[] }>(`${DIR}/messages.json`);
  describe(`blind signatures (draft -02), ${name}`, () => {
    test('generators and blind generators', () => {
      const f = fixture<{
        generators: { api_id: string; Q1: string; MsgGenerators: string[] };
        blindGenerators: { api_id: string; Q1: string; MsgGenerators: string[] };
      }>(`${base}/generators.json`);
      expect(f.generators.api_id).toBe(api.id);
      const g = generatorsOf(api, f.generators.MsgGenerators.length);
      expect(bytesToHex(g.Q1.toBytes(true))).toBe(f.generators.Q1);
      expect(g.H.map((h) => bytesToHex(h.toBytes(true)))).toEqual(f.generators.MsgGenerators);
      expect(f.blindGenerators.api_id).toBe(`BLIND_${api.id}`);
      const b = blindGeneratorsOf(api, f.blindGenerators.MsgGenerators.length);
      expect(bytesToHex(b[0]!.toBytes(true))).toBe(f.blindGenerators.Q1);
      expect(b.slice(1).map((h) => bytesToHex(h.toBytes(true)))).toEqual(f.blindGenerators.MsgGenerators);
    });

    for (const { file, data: f } of fixtures<{
      caseName: string;
      mockRngParameters: Mock;
      committedMessages: string[];
      proverBlind: string;
      commitmentWithProof: string;
    }>(`${base}/commit`)) {
      test(`commit ${file}: ${f.caseName}`, () => {
        const out = blindCommitUsing(
          { committedMessages: f.committedMessages.map(hex), ciphersuite: name },
          seededRandomScalars(name, te.encode(f.mockRngParameters.commit!.DST)),
        );
        expect(bytesToHex(out.secretProverBlind)).toBe(f.proverBlind);
        expect(bytesToHex(out.commitmentWithProof)).toBe(f.commitmentWithProof);
      });
    }

    for (const { file, data: f } of fixtures<{
      caseName: string;
      signerKeyPair: { secretKey: string; publicKey: string };
      commitmentWithProof: string | null;
      header: string;
      messages: string[];
      committedMessages: string[] | null;
      proverBlind: string | null;
      signature: string;
    }>(`${base}/signature`)) {
      test(`blind sign ${file}: ${f.caseName}`, () => {
        const sig = blindSignImpl(
          {
            secretKey: hex(f.signerKeyPair.secretKey),
            publicKey: hex(f.signerKeyPair.publicKey),
            ...(f.commitmentWithProof === null ? {} : { commitmentWithProof: hex(f.commitmentWithProof) }),
            header: hex(f.header),
            messages: f.messages.map(hex),
            ciphersuite: name,
          },
          skToPk,
        );
        expect(bytesToHex(sig)).toBe(f.signature);
        const blind = opt(f.proverBlind);
        expect(
          blindVerifyImpl({
            publicKey: hex(f.signerKeyPair.publicKey),
            signature: sig,
            header: hex(f.header),
            messages: f.messages.map(hex),
            committedMessages: list(f.committedMessages),
            ...(blind === undefined ? {} : { secretProverBlind: blind }),
            ciphersuite: name,
          }),
        ).toBe(true);
      });
    }

    for (const { file, data: f } of fixtures<{
      caseName: string;
      mockRngParameters: Mock;
      signerPublicKey: string;
      signature: string;
      proverBlind: string | null;
      header: string;
      presentationHeader: string;
      revealedMessages: Record<string, string>;
      revealedCommittedMessages: Record<string, string> | null;
      L: number;
      proof: string;
    }>(`${base}/proof`)) {
      test(`blind proof ${file}: ${f.caseName}`, () => {
        const di = Object.keys(f.revealedMessages).map(Number);
        const rcm = f.revealedCommittedMessages ?? {};
        const dci = Object.keys(rcm).map(Number);
        const committed = f.proverBlind === null ? [] : messages.committedMessages.map(hex);
        const blind = opt(f.proverBlind);
        const proof = blindProofGenUsing(
          {
            publicKey: hex(f.signerPublicKey),
            signature: hex(f.signature),
            header: hex(f.header),
            presentationHeader: hex(f.presentationHeader),
            messages: messages.messages.slice(0, f.L).map(hex),
            committedMessages: committed,
            disclosedIndexes: di,
            disclosedCommittedIndexes: dci,
            ...(blind === undefined ? {} : { secretProverBlind: blind }),
            ciphersuite: name,
          },
          seededRandomScalars(name, te.encode(f.mockRngParameters.proof!.DST)),
        );
        expect(bytesToHex(proof)).toBe(f.proof);
        expect(
          blindProofVerifyImpl({
            publicKey: hex(f.signerPublicKey),
            proof,
            header: hex(f.header),
            presentationHeader: hex(f.presentationHeader),
            messageCount: f.L,
            disclosedMessages: Object.values(f.revealedMessages).map(hex),
            disclosedIndexes: di,
            disclosedCommittedMessages: Object.values(rcm).map(hex),
            disclosedCommittedIndexes: dci,
            ciphersuite: name,
          }),
        ).toBe(true);
      });
    }
  });
}
