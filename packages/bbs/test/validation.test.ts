import { concatBytes, numberToBytesBE } from '@noble/curves/utils.js';
import { describe, expect, test } from 'vitest';
import { generateKeyPair, keyGen, proofGen, proofVerify, sign, skToPk, verify } from '../src/index.js';
import { G1 } from '../src/internal/curve.js';
import { codeOf } from './helpers.js';
import { g1NotOnCurve, g1OutsideSubgroup, g2OutsideSubgroup, identity } from './points.js';

const R = G1.Fn.ORDER;
const te = new TextEncoder();
const { secretKey, publicKey } = generateKeyPair();
const messages = ['a', 'b', 'c'].map((s) => te.encode(s));
const signature = sign({ secretKey, publicKey, messages });
const proof = proofGen({ publicKey, signature, messages, disclosedIndexes: [0, 2] });
const disclosed = { disclosedMessages: [messages[0]!, messages[2]!], disclosedIndexes: [0, 2] };
const scalar = (n: bigint) => numberToBytesBE(n, 32);

describe('octets_to_pubkey', () => {
  const cases: [string, Uint8Array][] = [
    ['the identity of G2', identity(96)],
    ['a point outside the G2 subgroup', g2OutsideSubgroup()],
    ['95 bytes', publicKey.subarray(0, 95)],
    ['97 bytes', concatBytes(publicKey, new Uint8Array(1))],
    ['an uncompressed-flag encoding', Uint8Array.from(publicKey, (b, i) => (i === 0 ? b & 0x7f : b))],
    ['a G1 point', G1.BASE.toBytes(true)],
  ];
  for (const [name, pk] of cases) {
    test(`${name} -> ERR_BBS_PUBLIC_KEY_INVALID in Verify, ProofGen and ProofVerify`, () => {
      expect(codeOf(() => verify({ publicKey: pk, signature, messages }))).toBe('ERR_BBS_PUBLIC_KEY_INVALID');
      expect(codeOf(() => proofGen({ publicKey: pk, signature, messages, disclosedIndexes: [] }))).toBe(
        'ERR_BBS_PUBLIC_KEY_INVALID',
      );
      expect(codeOf(() => proofVerify({ publicKey: pk, proof, ...disclosed }))).toBe(
        'ERR_BBS_PUBLIC_KEY_INVALID',
      );
    });
  }
});

describe('octets_to_signature', () => {
  const A = signature.subarray(0, 48);
  const e = signature.subarray(48);
  const cases: [string, Uint8Array][] = [
    ['A the identity', concatBytes(identity(48), e)],
    ['A outside the G1 subgroup', concatBytes(g1OutsideSubgroup(), e)],
    ['A not on the curve', concatBytes(g1NotOnCurve(), e)],
    ['e = 0', concatBytes(A, scalar(0n))],
    ['e = r', concatBytes(A, scalar(R))],
    ['e = 2^256 - 1', concatBytes(A, new Uint8Array(32).fill(0xff))],
    ['79 bytes', signature.subarray(0, 79)],
    ['81 bytes', concatBytes(signature, new Uint8Array(1))],
  ];
  for (const [name, sig] of cases) {
    test(`${name} -> ERR_BBS_SIGNATURE_MALFORMED in Verify and ProofGen`, () => {
      expect(codeOf(() => verify({ publicKey, signature: sig, messages }))).toBe(
        'ERR_BBS_SIGNATURE_MALFORMED',
      );
      expect(codeOf(() => proofGen({ publicKey, signature: sig, messages, disclosedIndexes: [0] }))).toBe(
        'ERR_BBS_SIGNATURE_MALFORMED',
      );
    });
  }

  test('e + 1 with the same A (a valid encoding) -> ERR_BBS_SIGNATURE_INVALID', () => {
    const e1 = (BigInt(`0x${Buffer.from(e).toString('hex')}`) + 1n) % R;
    expect(codeOf(() => verify({ publicKey, signature: concatBytes(A, scalar(e1)), messages }))).toBe(
      'ERR_BBS_SIGNATURE_INVALID',
    );
  });
});

describe('octets_to_proof', () => {
  const at = (k: number, bytes: Uint8Array) => {
    const out = proof.slice();
    out.set(bytes, k);
    return out;
  };
  const cases: [string, Uint8Array][] = [
    ['Abar the identity', at(0, identity(48))],
    ['Bbar the identity', at(48, identity(48))],
    ['D the identity', at(96, identity(48))],
    ['Abar outside the G1 subgroup', at(0, g1OutsideSubgroup())],
    ['D not on the curve', at(96, g1NotOnCurve())],
    ['e^ = 0', at(144, scalar(0n))],
    ['r1^ = r', at(176, scalar(R))],
    ['m^ = r + 1', at(240, scalar(R + 1n))],
    ['the challenge = 0', at(proof.length - 32, scalar(0n))],
    ['one byte short', proof.subarray(0, proof.length - 1)],
    ['one byte long', concatBytes(proof, new Uint8Array(1))],
    ['under the floor of 272 bytes', proof.subarray(0, 240)],
    ['empty', new Uint8Array(0)],
  ];
  for (const [name, p] of cases) {
    test(`${name} -> ERR_BBS_PROOF_MALFORMED`, () => {
      expect(codeOf(() => proofVerify({ publicKey, proof: p, ...disclosed }))).toBe(
        'ERR_BBS_PROOF_MALFORMED',
      );
    });
  }
});

describe('disclosed indexes and counts', () => {
  const cases: [string, number[], Uint8Array[]][] = [
    ['an index past the last message', [0, 3], disclosed.disclosedMessages],
    ['a negative index', [-1, 2], disclosed.disclosedMessages],
    ['a repeated index', [2, 2], disclosed.disclosedMessages],
    ['descending indexes', [2, 0], disclosed.disclosedMessages],
    ['more indexes than messages', [0, 1, 2], disclosed.disclosedMessages],
    ['fewer indexes than messages', [0], disclosed.disclosedMessages],
  ];
  for (const [name, idx, msgs] of cases) {
    test(`${name} -> ERR_BBS_INDEXES_INVALID`, () => {
      expect(
        codeOf(() => proofVerify({ publicKey, proof, disclosedMessages: msgs, disclosedIndexes: idx })),
      ).toBe('ERR_BBS_INDEXES_INVALID');
    });
  }

  test('a proof claiming more messages than maxMessages -> ERR_BBS_LIMIT, before any generator is made', () => {
    const huge = concatBytes(proof, new Uint8Array(32 * 5000));
    expect(codeOf(() => proofVerify({ publicKey, proof: huge, ...disclosed }))).toBe('ERR_BBS_LIMIT');
    expect(codeOf(() => proofVerify({ publicKey, proof, ...disclosed, maxMessages: 2 }))).toBe(
      'ERR_BBS_LIMIT',
    );
    expect(codeOf(() => verify({ publicKey, signature, messages, maxMessages: 2 }))).toBe('ERR_BBS_LIMIT');
  });

  test("the caller's own bad indexes in ProofGen are misuse (RangeError)", () => {
    expect(() => proofGen({ publicKey, signature, messages, disclosedIndexes: [1, 0] })).toThrow(RangeError);
    expect(() => proofGen({ publicKey, signature, messages, disclosedIndexes: [3] })).toThrow(RangeError);
  });
});

describe('keys', () => {
  test('secret keys: wrong length, zero, r -> RangeError; short key material -> RangeError', () => {
    expect(() => skToPk(new Uint8Array(31))).toThrow(RangeError);
    expect(() => skToPk(new Uint8Array(32))).toThrow(RangeError);
    expect(() => skToPk(scalar(R))).toThrow(RangeError);
    expect(() => sign({ secretKey: scalar(0n), messages })).toThrow(RangeError);
    expect(() => keyGen({ keyMaterial: new Uint8Array(31) })).toThrow(RangeError);
  });

  test('the two ciphersuites do not accept each other’s signatures and proofs', () => {
    expect(codeOf(() => verify({ publicKey, signature, messages, ciphersuite: 'BLS12-381-SHA-256' }))).toBe(
      'ERR_BBS_SIGNATURE_INVALID',
    );
    expect(
      codeOf(() => proofVerify({ publicKey, proof, ...disclosed, ciphersuite: 'BLS12-381-SHA-256' })),
    ).toBe('ERR_BBS_PROOF_INVALID');
  });
});
