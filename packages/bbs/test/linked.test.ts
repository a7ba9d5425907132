import { describe, expect, it } from 'vitest';
import {
  nymMessageToScalar,
  proofGenWithNym,
  proofGenWithNymLinked,
  proofResponses,
  proofVerifyWithNym,
  randomScalar,
} from '../src/index.js';
import { nymHolder } from './helpers.js';

const _te = new TextEncoder();
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const big = (b: Uint8Array) => BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`);

const setup = nymHolder;

describe('proofGenWithNymLinked / proofResponses / nymMessageToScalar', () => {
  it('a proof with a chosen blinding verifies and carries m^ = m~ + c·m for that message', () => {
    const s = setup();
    const blinding = randomScalar();
    const { proof, pseudonym } = proofGenWithNymLinked({
      ...s,
      disclosedIndexes: [0],
      linkedBlindings: [{ index: 1, blinding }],
    });
    expect(
      proofVerifyWithNym({
        publicKey: s.publicKey,
        proof,
        pseudonym,
        contextId: s.contextId,
        nymCount: 1,
        messageCount: 3,
        disclosedMessages: [s.messages[0]!],
        disclosedIndexes: [0],
      }),
    ).toBe(true);
    const { messageResponses, challenge } = proofResponses(proof);
    // undisclosed: message 1, message 2, prover blind, nym secret
    expect(messageResponses).toHaveLength(4);
    const m = big(nymMessageToScalar(s.messages[1]!));
    expect(big(messageResponses[0]!)).toBe((big(blinding) + big(challenge) * m) % R);
    // an ordinary proof does not satisfy the relation with this blinding
    const plain = proofResponses(proofGenWithNym({ ...s, disclosedIndexes: [0] }).proof);
    expect(big(plain.messageResponses[0]!)).not.toBe((big(blinding) + big(plain.challenge) * m) % R);
  });

  it('refuses a disclosed, repeated or out-of-range linked index and a bad blinding', () => {
    const s = setup();
    const b = randomScalar();
    for (const linkedBlindings of [
      [{ index: 0, blinding: b }],
      [
        { index: 1, blinding: b },
        { index: 1, blinding: b },
      ],
      [{ index: 3, blinding: b }],
    ]) {
      expect(() => proofGenWithNymLinked({ ...s, disclosedIndexes: [0], linkedBlindings })).toThrow(
        RangeError,
      );
    }
    expect(() =>
      proofGenWithNymLinked({ ...s, linkedBlindings: [{ index: 1, blinding: new Uint8Array(32) }] }),
    ).toThrow(RangeError);
    expect(() => proofResponses(new Uint8Array(10))).toThrow(
      expect.objectContaining({ code: 'ERR_BBS_PROOF_MALFORMED' }),
    );
    expect(() => nymMessageToScalar('x' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
