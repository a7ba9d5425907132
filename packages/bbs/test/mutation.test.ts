import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { flipBit } from '../../../test-support/hostile.js';
import { generateKeyPair, proofGen, proofVerify, sign, verify } from '../src/index.js';
import { codeOf } from './helpers.js';

const te = new TextEncoder();

for (const ciphersuite of ['BLS12-381-SHAKE-256', 'BLS12-381-SHA-256'] as const) {
  describe(`mutations are rejected (${ciphersuite})`, () => {
    const { secretKey, publicKey } = generateKeyPair({ ciphersuite });
    const header = te.encode('issuer-header');
    const presentationHeader = te.encode('nonce-4f1c');
    const messages = ['given_name=Alice', 'age_over_18=true', 'region=EU'].map((s) => te.encode(s));
    const signature = sign({ secretKey, publicKey, header, messages, ciphersuite });
    const disclosedIndexes = [0, 2];
    const disclosedMessages = [messages[0]!, messages[2]!];
    const proof = proofGen({
      publicKey,
      signature,
      header,
      presentationHeader,
      messages,
      disclosedIndexes,
      ciphersuite,
    });
    const base = {
      publicKey,
      proof,
      header,
      presentationHeader,
      disclosedMessages,
      disclosedIndexes,
      ciphersuite,
    };

    test('the unmodified proof verifies', () => {
      expect(proofVerify(base)).toBe(true);
    });

    // Every byte on the default suite; every third byte on the other (the code path is shared).
    const stride = ciphersuite === 'BLS12-381-SHAKE-256' ? 1 : 3;
    test(`bytes of the proof (${proof.length} bytes, stride ${stride}, one bit flipped in each) -> rejected`, () => {
      for (let i = 0; i < proof.length; i += stride) {
        const code = codeOf(() => proofVerify({ ...base, proof: flipBit(proof, i * 8 + (i % 8)) }));
        expect(['ERR_BBS_PROOF_MALFORMED', 'ERR_BBS_PROOF_INVALID'], `byte ${i}`).toContain(code);
      }
    });

    test('each disclosed message changed, emptied, extended or swapped -> ERR_BBS_PROOF_INVALID', () => {
      for (let k = 0; k < disclosedMessages.length; k++) {
        const m = disclosedMessages[k]!;
        const variants = [flipBit(m, 0), new Uint8Array(0), Uint8Array.of(...m, 0), messages[1]!];
        for (const v of variants) {
          const msgs = disclosedMessages.map((x, j) => (j === k ? v : x));
          expect(codeOf(() => proofVerify({ ...base, disclosedMessages: msgs }))).toBe(
            'ERR_BBS_PROOF_INVALID',
          );
        }
      }
      const swapped = [disclosedMessages[1]!, disclosedMessages[0]!];
      expect(codeOf(() => proofVerify({ ...base, disclosedMessages: swapped }))).toBe(
        'ERR_BBS_PROOF_INVALID',
      );
      // the same messages claimed at other positions
      expect(codeOf(() => proofVerify({ ...base, disclosedIndexes: [0, 1] }))).toBe('ERR_BBS_PROOF_INVALID');
    });

    test('the presentation header changed or dropped, the header changed -> ERR_BBS_PROOF_INVALID', () => {
      for (const ph of [flipBit(presentationHeader, 3), new Uint8Array(0), te.encode('nonce-4f1c ')]) {
        expect(codeOf(() => proofVerify({ ...base, presentationHeader: ph }))).toBe('ERR_BBS_PROOF_INVALID');
      }
      const { presentationHeader: _drop, ...noPh } = base;
      expect(codeOf(() => proofVerify(noPh))).toBe('ERR_BBS_PROOF_INVALID');
      expect(codeOf(() => proofVerify({ ...base, header: flipBit(header, 9) }))).toBe(
        'ERR_BBS_PROOF_INVALID',
      );
    });

    test('another issuer key -> ERR_BBS_PROOF_INVALID / ERR_BBS_SIGNATURE_INVALID', () => {
      const other = generateKeyPair({ ciphersuite }).publicKey;
      expect(codeOf(() => proofVerify({ ...base, publicKey: other }))).toBe('ERR_BBS_PROOF_INVALID');
      expect(codeOf(() => verify({ publicKey: other, signature, header, messages, ciphersuite }))).toBe(
        'ERR_BBS_SIGNATURE_INVALID',
      );
    });

    test('every byte of the signature (one bit flipped in each) -> rejected', () => {
      for (let i = 0; i < signature.length; i++) {
        const sig = flipBit(signature, i * 8 + (i % 8));
        const code = codeOf(() => verify({ publicKey, signature: sig, header, messages, ciphersuite }));
        expect(['ERR_BBS_SIGNATURE_MALFORMED', 'ERR_BBS_SIGNATURE_INVALID'], `byte ${i}`).toContain(code);
      }
    });
  });
}

describe('properties', () => {
  const { secretKey, publicKey } = generateKeyPair();

  test('forgery: a proof made from a signature the key never issued fails the pairing check', () => {
    // ProofGen does not check the signature, so the prover can compute a self-consistent challenge
    // over a made-up (A, e); only the final pairing equation can catch it.
    const messages = [te.encode('m0'), te.encode('m1')];
    const other = generateKeyPair();
    const forged = sign({ secretKey: other.secretKey, publicKey, messages }); // right PK in domain, wrong SK
    const proof = proofGen({ publicKey, signature: forged, messages, disclosedIndexes: [0] });
    expect(
      codeOf(() =>
        proofVerify({ publicKey, proof, disclosedMessages: [messages[0]!], disclosedIndexes: [0] }),
      ),
    ).toBe('ERR_BBS_PROOF_INVALID');
    expect(codeOf(() => verify({ publicKey, signature: forged, messages }))).toBe(
      'ERR_BBS_SIGNATURE_INVALID',
    );
  });

  test('sign -> verify and proofGen -> proofVerify round-trip for any messages and disclosure', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 0, max: 63 }),
        (messages, header, presentationHeader, mask) => {
          const signature = sign({ secretKey, publicKey, header, messages });
          expect(verify({ publicKey, signature, header, messages })).toBe(true);
          const disclosedIndexes = messages.map((_, i) => i).filter((i) => (mask >> i) & 1);
          const proof = proofGen({
            publicKey,
            signature,
            header,
            presentationHeader,
            messages,
            disclosedIndexes,
          });
          expect(proof.length).toBe(272 + 32 * (messages.length - disclosedIndexes.length));
          const disclosedMessages = disclosedIndexes.map((i) => messages[i]!);
          expect(
            proofVerify({
              publicKey,
              proof,
              header,
              presentationHeader,
              disclosedMessages,
              disclosedIndexes,
            }),
          ).toBe(true);
        },
      ),
      { numRuns: 8 },
    );
  });

  test('two proofs of one signature share no bytes of their points (fresh randomness each time)', () => {
    const messages = [te.encode('x'), te.encode('y')];
    const signature = sign({ secretKey, publicKey, messages });
    const a = proofGen({ publicKey, signature, messages, disclosedIndexes: [0] });
    const b = proofGen({ publicKey, signature, messages, disclosedIndexes: [0] });
    for (let k = 0; k < 3; k++) {
      expect(
        Buffer.from(a.subarray(k * 48, k * 48 + 48)).equals(Buffer.from(b.subarray(k * 48, k * 48 + 48))),
      ).toBe(false);
    }
  });

  test('inputs are not mutated and later caller mutation has no effect', () => {
    const messages = [te.encode('m0'), te.encode('m1')];
    const copy = messages.map((m) => m.slice());
    const signature = sign({ secretKey, publicKey, messages });
    expect(messages).toEqual(copy);
    expect(verify({ publicKey, signature, messages })).toBe(true);
  });
});
