import { describe, expect, test } from 'vitest';
import { flipBit } from '../../../test-support/hostile.js';
import {
  blindCommit,
  blindProofGen,
  blindProofVerify,
  blindSign,
  blindVerify,
  generateKeyPair,
} from '../src/index.js';
import { codeOf } from './helpers.js';

const te = new TextEncoder();
const { secretKey, publicKey } = generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' });
const ciphersuite = 'BLS12-381-SHA-256' as const;
const messages = ['issuer-claim-1', 'issuer-claim-2'].map((s) => te.encode(s));
const committedMessages = ['holder-secret', 'holder-claim'].map((s) => te.encode(s));

describe('blind issuance (draft -02)', () => {
  const { commitmentWithProof, secretProverBlind } = blindCommit({ committedMessages, ciphersuite });
  const signature = blindSign({ secretKey, publicKey, commitmentWithProof, messages, ciphersuite });
  const presentationHeader = te.encode('nonce');
  const proof = blindProofGen({
    publicKey,
    signature,
    presentationHeader,
    messages,
    committedMessages,
    disclosedIndexes: [1],
    disclosedCommittedIndexes: [1],
    secretProverBlind,
    ciphersuite,
  });
  const base = {
    publicKey,
    proof,
    presentationHeader,
    messageCount: 2,
    disclosedMessages: [messages[1]!],
    disclosedIndexes: [1],
    disclosedCommittedMessages: [committedMessages[1]!],
    disclosedCommittedIndexes: [1],
    ciphersuite,
  };

  test('commit -> blind sign -> verify -> proof -> proof verify', () => {
    expect(
      blindVerify({ publicKey, signature, messages, committedMessages, secretProverBlind, ciphersuite }),
    ).toBe(true);
    expect(blindProofVerify(base)).toBe(true);
  });

  test('the signature covers the committed messages: another committed message or blind -> rejected', () => {
    expect(
      codeOf(() =>
        blindVerify({
          publicKey,
          signature,
          messages,
          committedMessages: [te.encode('other'), committedMessages[1]!],
          secretProverBlind,
          ciphersuite,
        }),
      ),
    ).toBe('ERR_BBS_SIGNATURE_INVALID');
    expect(
      codeOf(() => blindVerify({ publicKey, signature, messages, committedMessages, ciphersuite })),
    ).toBe('ERR_BBS_SIGNATURE_INVALID');
  });

  test('a commitment with a broken proof of correctness is refused by the signer', () => {
    for (const bit of [8 * 50, 8 * 100, commitmentWithProof.length * 8 - 3]) {
      expect(
        codeOf(() =>
          blindSign({ secretKey, commitmentWithProof: flipBit(commitmentWithProof, bit), ciphersuite }),
        ),
      ).toMatch(/ERR_BBS_COMMITMENT_(INVALID|MALFORMED)/);
    }
  });

  test('proof bytes, a disclosed committed message, the presentation header -> rejected', () => {
    for (let i = 0; i < proof.length; i += 11) {
      expect(['ERR_BBS_PROOF_MALFORMED', 'ERR_BBS_PROOF_INVALID']).toContain(
        codeOf(() => blindProofVerify({ ...base, proof: flipBit(proof, i * 8 + 1) })),
      );
    }
    expect(codeOf(() => blindProofVerify({ ...base, disclosedCommittedMessages: [te.encode('x')] }))).toBe(
      'ERR_BBS_PROOF_INVALID',
    );
    expect(codeOf(() => blindProofVerify({ ...base, presentationHeader: te.encode('other') }))).toBe(
      'ERR_BBS_PROOF_INVALID',
    );
  });
});
