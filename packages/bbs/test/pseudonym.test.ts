import { mod } from '@noble/curves/abstract/modular.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { describe, expect, test } from 'vitest';
import { flipBit } from '../../../test-support/hostile.js';
import {
  blindSignWithNym,
  calculatePseudonym,
  commitWithNym,
  generateKeyPair,
  proofGenWithNym,
  proofVerifyWithNym,
  randomScalar,
  verifyFinalizeWithNym,
} from '../src/index.js';
import { G1 } from '../src/internal/curve.js';
import { codeOf } from './helpers.js';
import { identity } from './points.js';

const te = new TextEncoder();
const { secretKey, publicKey } = generateKeyPair();
const header = te.encode('realname-authority/epoch-2026-12');
const messages = ['age_over_18=true', 'region=EU', 'trace=opaque-handle'].map((s) => te.encode(s));
const committedMessages = [te.encode('holder-binding-key')];

/** One person's issuance: commit, blind sign, verify and finalize. */
function enrol() {
  const proverNyms = [randomScalar()];
  const { commitmentWithProof, secretProverBlind } = commitWithNym({ committedMessages, proverNyms });
  const { signature, signerNymEntropy } = blindSignWithNym({
    secretKey,
    publicKey,
    commitmentWithProof,
    nymCount: 1,
    header,
    messages,
  });
  const nymSecrets = verifyFinalizeWithNym({
    publicKey,
    signature,
    header,
    messages,
    committedMessages,
    proverNyms,
    signerNymEntropy,
    secretProverBlind,
  });
  return { signature, nymSecrets, secretProverBlind };
}

const alice = enrol();
const bob = enrol();
const siteA = te.encode('https://shop.example');
const siteB = te.encode('https://video.example');

function present(who: typeof alice, contextId: Uint8Array, presentationHeader = te.encode('nonce-1')) {
  return proofGenWithNym({
    publicKey,
    signature: who.signature,
    header,
    presentationHeader,
    nymSecrets: who.nymSecrets,
    contextId,
    messages,
    committedMessages,
    disclosedIndexes: [0],
    secretProverBlind: who.secretProverBlind,
  });
}

function check(
  p: { proof: Uint8Array; pseudonym: Uint8Array },
  contextId: Uint8Array,
  over: Record<string, unknown> = {},
) {
  return proofVerifyWithNym({
    publicKey,
    proof: p.proof,
    pseudonym: p.pseudonym,
    contextId,
    nymCount: 1,
    messageCount: messages.length,
    header,
    presentationHeader: te.encode('nonce-1'),
    disclosedMessages: [messages[0]!],
    disclosedIndexes: [0],
    ...over,
  });
}

describe('per-verifier pseudonyms', () => {
  const a1 = present(alice, siteA);
  const a2 = present(alice, siteA, te.encode('nonce-1'));
  const aB = present(alice, siteB);
  const b1 = present(bob, siteA);

  test('a presentation verifies; the pseudonym equals calculatePseudonym', () => {
    expect(check(a1, siteA)).toBe(true);
    expect(a1.pseudonym).toEqual(calculatePseudonym({ contextId: siteA, nymSecrets: alice.nymSecrets }));
  });

  test('Sybil: one credential gives one pseudonym per site, whatever the presentation', () => {
    expect(a2.pseudonym).toEqual(a1.pseudonym);
    expect(a2.proof).not.toEqual(a1.proof);
  });

  test('colluding sites: the same person has unrelated pseudonyms at two sites; two people differ at one', () => {
    expect(aB.pseudonym).not.toEqual(a1.pseudonym);
    expect(b1.pseudonym).not.toEqual(a1.pseudonym);
    expect(check(aB, siteB)).toBe(true);
    expect(check(b1, siteA)).toBe(true);
  });

  test('a relayed presentation (another site’s context) is rejected', () => {
    expect(codeOf(() => check(aB, siteA))).toBe('ERR_BBS_PROOF_INVALID');
  });

  test('the pseudonym mutated, swapped for another person’s, or the identity -> rejected', () => {
    for (let bit = 0; bit < 48 * 8; bit += 13) {
      const code = codeOf(() => check({ ...a1, pseudonym: flipBit(a1.pseudonym, bit) }, siteA));
      expect(['ERR_BBS_PSEUDONYM_MALFORMED', 'ERR_BBS_PROOF_INVALID']).toContain(code);
    }
    expect(codeOf(() => check({ ...a1, pseudonym: b1.pseudonym }, siteA))).toBe('ERR_BBS_PROOF_INVALID');
    expect(codeOf(() => check({ ...a1, pseudonym: identity(48) }, siteA))).toBe(
      'ERR_BBS_PSEUDONYM_MALFORMED',
    );
  });

  test('each proof byte, the disclosed message, the presentation header, nymCount -> rejected', () => {
    for (let i = 0; i < a1.proof.length; i += 7) {
      const code = codeOf(() => check({ ...a1, proof: flipBit(a1.proof, i * 8) }, siteA));
      expect(['ERR_BBS_PROOF_MALFORMED', 'ERR_BBS_PROOF_INVALID'], `byte ${i}`).toContain(code);
    }
    expect(codeOf(() => check(a1, siteA, { disclosedMessages: [messages[1]!] }))).toBe(
      'ERR_BBS_PROOF_INVALID',
    );
    expect(codeOf(() => check(a1, siteA, { presentationHeader: te.encode('nonce-2') }))).toBe(
      'ERR_BBS_PROOF_INVALID',
    );
    expect(codeOf(() => check(a1, siteA, { nymCount: 2 }))).toBe('ERR_BBS_PROOF_INVALID');
  });

  test('the nym secret and prover blind can never be claimed as disclosed committed messages', () => {
    // The nym secrets are the last N signed scalars and committed indexes must stay below M, so a
    // claimed disclosure only shifts M and the proof fails; an index past M is refused outright.
    const two = {
      disclosedCommittedMessages: [te.encode('x'), te.encode('y')],
      disclosedCommittedIndexes: [0, 1],
    };
    expect(codeOf(() => check(a1, siteA, two))).toBe('ERR_BBS_PROOF_INVALID');
    const past = { disclosedCommittedMessages: [te.encode('x')], disclosedCommittedIndexes: [4] };
    expect(codeOf(() => check(a1, siteA, past))).toBe('ERR_BBS_INDEXES_INVALID');
  });

  test('a malicious or careless signer: a commitment whose proof does not verify is refused', () => {
    const { commitmentWithProof } = commitWithNym({ proverNyms: [randomScalar()] });
    const bad = flipBit(commitmentWithProof, commitmentWithProof.length * 8 - 5);
    expect(codeOf(() => blindSignWithNym({ secretKey, commitmentWithProof: bad, nymCount: 1 }))).toMatch(
      /ERR_BBS_COMMITMENT_(INVALID|MALFORMED)/,
    );
    expect(
      codeOf(() =>
        blindSignWithNym({ secretKey, commitmentWithProof: commitmentWithProof.subarray(1), nymCount: 1 }),
      ),
    ).toBe('ERR_BBS_COMMITMENT_MALFORMED');
  });

  test('the prover refuses a signature that does not cover its nym (wrong signer entropy)', () => {
    const proverNyms = [randomScalar()];
    const { commitmentWithProof, secretProverBlind } = commitWithNym({ proverNyms });
    const { signature } = blindSignWithNym({ secretKey, commitmentWithProof, nymCount: 1 });
    expect(
      codeOf(() =>
        verifyFinalizeWithNym({
          publicKey,
          signature,
          proverNyms,
          signerNymEntropy: randomScalar(),
          secretProverBlind,
        }),
      ),
    ).toBe('ERR_BBS_SIGNATURE_INVALID');
  });

  test('forgery: a pseudonym proof over a credential the authority never signed fails', () => {
    const rogue = generateKeyPair();
    const proverNyms = [randomScalar()];
    const { commitmentWithProof, secretProverBlind } = commitWithNym({ committedMessages, proverNyms });
    // signed by a rogue key but claimed under the authority's public key
    const { signature, signerNymEntropy } = blindSignWithNym({
      secretKey: rogue.secretKey,
      publicKey,
      commitmentWithProof,
      nymCount: 1,
      header,
      messages,
    });
    // the nym secret the rogue signature really covers: prover nym + signer entropy
    const nymSecrets = [
      numberToBytesBE(
        mod(bytesToNumberBE(proverNyms[0]!) + bytesToNumberBE(signerNymEntropy), G1.Fn.ORDER),
        32,
      ),
    ];
    const p = proofGenWithNym({
      publicKey,
      signature,
      header,
      presentationHeader: te.encode('nonce-1'),
      nymSecrets,
      contextId: siteA,
      messages,
      committedMessages,
      disclosedIndexes: [0],
      secretProverBlind,
    });
    expect(codeOf(() => check(p, siteA))).toBe('ERR_BBS_PROOF_INVALID');
  });
});
