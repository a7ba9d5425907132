import { bls12_381 } from '@noble/curves/bls12-381.js';
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

const te = new TextEncoder();
const R = bls12_381.fields.Fr.ORDER;
const big = (b: Uint8Array) => BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`);
const modR = (a: bigint) => ((a % R) + R) % R;

const setup = nymHolder;

describe('review against the drafts’ security considerations (@realdid/bbs)', () => {
  it('a pseudonym equal to the base point BP1 is not a pseudonym (per-verifier-linkability: ≠ Identity_G1, ≠ BP1)', () => {
    const s = setup();
    const { proof } = proofGenWithNym({ ...s, disclosedIndexes: [0] });
    const verifyWith = (pseudonym: Uint8Array) => () =>
      proofVerifyWithNym({
        publicKey: s.publicKey,
        proof,
        pseudonym,
        contextId: s.contextId,
        nymCount: 1,
        messageCount: 3,
        disclosedMessages: [s.messages[0]!],
        disclosedIndexes: [0],
      });
    expect(verifyWith(bls12_381.G1.Point.BASE.toBytes(true))).toThrow(
      expect.objectContaining({ code: 'ERR_BBS_PSEUDONYM_MALFORMED' }),
    );
    expect(verifyWith(bls12_381.G1.Point.ZERO.toBytes(true))).toThrow(
      expect.objectContaining({ code: 'ERR_BBS_PSEUDONYM_MALFORMED' }),
    );
  });

  it('randomness: a linked blinding reused in two proofs reveals the hidden message scalar (why m~ must be fresh)', () => {
    const s = setup();
    const blinding = randomScalar();
    const prove = (ctx: string) =>
      proofResponses(
        proofGenWithNymLinked({
          ...s,
          contextId: te.encode(ctx),
          disclosedIndexes: [0],
          linkedBlindings: [{ index: 1, blinding }],
        }).proof,
      );
    const p1 = prove('site-1');
    const p2 = prove('site-2');
    // m^_i = m~ + c_i·m, so m = (m^_1 − m^_2) / (c_1 − c_2)
    const dm = modR(big(p1.messageResponses[0]!) - big(p2.messageResponses[0]!));
    const dc = modR(big(p1.challenge) - big(p2.challenge));
    const m = modR(dm * bls12_381.fields.Fr.inv(dc));
    expect(m).toBe(big(nymMessageToScalar(s.messages[1]!)));
    // with fresh blindings (what the realname wallet does) the same computation yields nothing
    const fresh = (ctx: string) =>
      proofResponses(
        proofGenWithNymLinked({
          ...s,
          contextId: te.encode(ctx),
          disclosedIndexes: [0],
          linkedBlindings: [{ index: 1, blinding: randomScalar() }],
        }).proof,
      );
    const f1 = fresh('site-1');
    const f2 = fresh('site-2');
    const guess = modR(
      modR(big(f1.messageResponses[0]!) - big(f2.messageResponses[0]!)) *
        bls12_381.fields.Fr.inv(modR(big(f1.challenge) - big(f2.challenge))),
    );
    expect(guess).not.toBe(big(nymMessageToScalar(s.messages[1]!)));
  });
});
