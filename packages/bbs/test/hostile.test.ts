/**
 * Hostile input against every public function of @realdid/bbs: wrong types, edge numbers,
 * prototype-polluting objects, throwing getters, proxies, cycles, deep nesting, and random bytes
 * where keys, signatures, proofs, commitments and pseudonyms go. Untrusted bytes are rejected with
 * a coded RealDidError; wrong-typed arguments are misuse (TypeError/RangeError). See
 * test-support/hostile.ts for the shared property.
 */
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { allHostileValues, type OutcomeRules, outcome } from '../../../test-support/hostile.js';
import {
  type BbsErrorCode,
  blindCommit,
  blindProofGen,
  blindProofVerify,
  blindSign,
  blindSignWithNym,
  blindVerify,
  calculatePseudonym,
  commitWithNym,
  generateKeyPair,
  keyGen,
  proofGen,
  proofGenWithNym,
  proofVerify,
  proofVerifyWithNym,
  sign,
  skToPk,
  verify,
  verifyFinalizeWithNym,
} from '../src/index.js';

const CODES: readonly BbsErrorCode[] = [
  'ERR_BBS_PUBLIC_KEY_INVALID',
  'ERR_BBS_SIGNATURE_MALFORMED',
  'ERR_BBS_PROOF_MALFORMED',
  'ERR_BBS_COMMITMENT_MALFORMED',
  'ERR_BBS_PSEUDONYM_MALFORMED',
  'ERR_BBS_INDEXES_INVALID',
  'ERR_BBS_LIMIT',
  'ERR_BBS_SIGNATURE_INVALID',
  'ERR_BBS_PROOF_INVALID',
  'ERR_BBS_COMMITMENT_INVALID',
  'ERR_BBS_KEYGEN',
];
const RULES: OutcomeRules = { codes: CODES, misuse: true };
const CODED: OutcomeRules = { codes: CODES };

const te = new TextEncoder();
const { secretKey, publicKey } = generateKeyPair();
const messages = [te.encode('a'), te.encode('b')];
const signature = sign({ secretKey, publicKey, messages });
const proof = proofGen({ publicKey, signature, messages, disclosedIndexes: [0] });
const secretHex = Buffer.from(secretKey).toString('hex');

describe('every public function against hostile values', () => {
  const calls: [string, (v: unknown) => unknown][] = [
    ['keyGen(options)', (v) => keyGen(v as never)],
    ['keyGen keyMaterial', (v) => keyGen({ keyMaterial: v } as never)],
    ['skToPk', (v) => skToPk(v as never)],
    ['sign(options)', (v) => sign(v as never)],
    ['sign messages', (v) => sign({ secretKey, messages: v } as never)],
    ['sign header', (v) => sign({ secretKey, messages, header: v } as never)],
    ['sign ciphersuite', (v) => sign({ secretKey, messages, ciphersuite: v } as never)],
    ['verify(options)', (v) => verify(v as never)],
    ['verify publicKey', (v) => verify({ publicKey: v, signature, messages } as never)],
    ['verify signature', (v) => verify({ publicKey, signature: v, messages } as never)],
    ['verify messages', (v) => verify({ publicKey, signature, messages: v } as never)],
    ['verify maxMessages', (v) => verify({ publicKey, signature, messages, maxMessages: v } as never)],
    ['proofGen indexes', (v) => proofGen({ publicKey, signature, messages, disclosedIndexes: v } as never)],
    ['proofVerify(options)', (v) => proofVerify(v as never)],
    [
      'proofVerify proof',
      (v) =>
        proofVerify({
          publicKey,
          proof: v,
          disclosedMessages: [messages[0]],
          disclosedIndexes: [0],
        } as never),
    ],
    [
      'proofVerify indexes',
      (v) =>
        proofVerify({ publicKey, proof, disclosedMessages: [messages[0]], disclosedIndexes: v } as never),
    ],
    [
      'proofVerify messages',
      (v) => proofVerify({ publicKey, proof, disclosedMessages: v, disclosedIndexes: [0] } as never),
    ],
    ['blindCommit', (v) => blindCommit(v as never)],
    ['blindSign', (v) => blindSign(v as never)],
    ['blindSign commitment', (v) => blindSign({ secretKey, commitmentWithProof: v } as never)],
    ['blindVerify', (v) => blindVerify(v as never)],
    ['blindProofGen', (v) => blindProofGen(v as never)],
    ['blindProofVerify', (v) => blindProofVerify(v as never)],
    ['blindProofVerify count', (v) => blindProofVerify({ publicKey, proof, messageCount: v } as never)],
    ['commitWithNym', (v) => commitWithNym(v as never)],
    ['commitWithNym nyms', (v) => commitWithNym({ proverNyms: v } as never)],
    ['blindSignWithNym', (v) => blindSignWithNym(v as never)],
    ['verifyFinalizeWithNym', (v) => verifyFinalizeWithNym(v as never)],
    ['proofGenWithNym', (v) => proofGenWithNym(v as never)],
    ['proofVerifyWithNym', (v) => proofVerifyWithNym(v as never)],
    [
      'proofVerifyWithNym pseudonym',
      (v) =>
        proofVerifyWithNym({
          publicKey,
          proof,
          pseudonym: v,
          contextId: te.encode('rp'),
          nymCount: 1,
          messageCount: 0,
        } as never),
    ],
    ['calculatePseudonym', (v) => calculatePseudonym(v as never)],
  ];
  for (const [name, call] of calls) {
    test(name, async () => {
      for (const v of allHostileValues()) {
        // outcome() fails the test on an uncoded error, a foreign code, a hang, a polluted
        // prototype or the secret key in a message; a valid value (an empty list) may return.
        await outcome(() => call(v), { ...RULES, secrets: [secretHex] });
      }
    });
  }
});

describe('random bytes where untrusted bytes go -> coded errors, never a crash', () => {
  test('public keys, signatures, proofs, commitments, pseudonyms', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        await outcome(() => verify({ publicKey: bytes, signature, messages }), CODED);
        await outcome(() => verify({ publicKey, signature: bytes, messages }), CODED);
        await outcome(
          () => proofVerify({ publicKey, proof: bytes, disclosedMessages: [], disclosedIndexes: [] }),
          CODED,
        );
        await outcome(() => blindSign({ secretKey, commitmentWithProof: bytes }), CODED);
        await outcome(
          () =>
            proofVerifyWithNym({
              publicKey,
              proof,
              pseudonym: bytes,
              contextId: te.encode('rp'),
              nymCount: 1,
              messageCount: 0,
            }),
          CODED,
        );
      }),
      { numRuns: 15 },
    );
  });
});
