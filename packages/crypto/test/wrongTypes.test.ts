/**
 * The wrong-type matrix: every public function, every parameter, given undefined, a string, a
 * number, an array and a too-short Uint8Array, must throw a TypeError or RangeError (misuse) —
 * never an unexplained crash. Two documented exceptions, where the parameter is data rather
 * than a programming choice:
 * - a key type given as an unknown string is RealDidError ERR_KEY_TYPE_UNSUPPORTED, and an unknown
 *   JWS alg string is ERR_ALGORITHM_UNSUPPORTED (both usually come from parsed input);
 * - parameters typed `unknown` (parsed JWK JSON) reject every non-JWK value with ERR_JWK_INVALID.
 * Values of the right type are skipped for that parameter (a string is a valid `s`).
 */
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { BACKENDS, useBackend } from './helpers/backends.js';

type Kind =
  | 'keyType'
  | 'bytes'
  | 'bytes32'
  | 'publicKey'
  | 'string'
  | 'number'
  | 'hashAlg'
  | 'json'
  | 'keyPair'
  | 'options'
  | 'alg'
  | 'backend'
  | 'timeoutMs'
  | 'der'
  | 'clock'
  | 'any';

const BAD: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['a string', 'abc'],
  ['a number', 42],
  ['an array', [1, 2, 3]],
  ['a short Uint8Array', new Uint8Array(3)],
];

const pair = api.keyPairFromSecretKey('Ed25519', new Uint8Array(32).fill(7));
const ecPair = api.keyPairFromSecretKey('P-256', new Uint8Array(32).fill(7));
const sm2Pair = api.keyPairFromSecretKey('SM2', new Uint8Array(32).fill(7));
const msg = new Uint8Array([1, 2, 3]);

interface Entry {
  name: string;
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
  kinds: Kind[];
}

const call = (f: unknown) => f as (...args: unknown[]) => unknown;

const ENTRIES: Entry[] = [
  { name: 'generateKeyPair', fn: call(api.generateKeyPair), args: ['Ed25519'], kinds: ['keyType'] },
  {
    name: 'keyPairFromSecretKey',
    fn: call(api.keyPairFromSecretKey),
    args: ['P-256', ecPair.secretKey],
    kinds: ['keyType', 'bytes32'],
  },
  {
    name: 'getPublicKey',
    fn: call(api.getPublicKey),
    args: ['Ed25519', pair.secretKey],
    kinds: ['keyType', 'bytes32'],
  },
  {
    name: 'sign',
    fn: call(api.sign),
    args: ['P-256', ecPair.secretKey, msg, { format: 'raw' }],
    kinds: ['keyType', 'bytes32', 'bytes', 'options'],
  },
  {
    name: 'verify',
    fn: call(api.verify),
    args: ['Ed25519', pair.publicKey, msg, new Uint8Array(64), {}],
    kinds: ['keyType', 'bytes', 'bytes', 'bytes', 'options'],
  },
  { name: 'createSigner', fn: call(api.createSigner), args: [pair], kinds: ['keyPair'] },
  {
    name: 'createVerifier',
    fn: call(api.createVerifier),
    args: ['Ed25519', pair.publicKey],
    kinds: ['keyType', 'publicKey'],
  },
  {
    name: 'Signer.sign',
    fn: (...a) => call(api.createSigner(pair).sign)(...a),
    args: [msg],
    kinds: ['bytes'],
  },
  {
    name: 'Verifier.verify',
    fn: (...a) => call(api.createVerifier('Ed25519', pair.publicKey).verify)(...a),
    args: [msg, new Uint8Array(64)],
    kinds: ['bytes', 'bytes'],
  },
  { name: 'algorithmForKeyType', fn: call(api.algorithmForKeyType), args: ['Ed25519'], kinds: ['keyType'] },
  { name: 'keyTypeForAlgorithm', fn: call(api.keyTypeForAlgorithm), args: ['EdDSA'], kinds: ['alg'] },
  {
    name: 'publicKeyToJwk',
    fn: call(api.publicKeyToJwk),
    args: ['Ed25519', pair.publicKey],
    kinds: ['keyType', 'publicKey'],
  },
  { name: 'secretKeyToJwk', fn: call(api.secretKeyToJwk), args: [pair], kinds: ['keyPair'] },
  {
    name: 'jwkToPublicKey',
    fn: call(api.jwkToPublicKey),
    args: [api.publicKeyToJwk('Ed25519', pair.publicKey)],
    kinds: ['json'],
  },
  { name: 'jwkToKeyPair', fn: call(api.jwkToKeyPair), args: [api.secretKeyToJwk(pair)], kinds: ['json'] },
  {
    name: 'jwkThumbprint',
    fn: call(api.jwkThumbprint),
    args: [api.publicKeyToJwk('Ed25519', pair.publicKey)],
    kinds: ['json'],
  },
  {
    name: 'jwkThumbprintUri',
    fn: call(api.jwkThumbprintUri),
    args: [api.publicKeyToJwk('Ed25519', pair.publicKey)],
    kinds: ['json'],
  },
  {
    name: 'publicKeyToMultibase',
    fn: call(api.publicKeyToMultibase),
    args: ['Ed25519', pair.publicKey],
    kinds: ['keyType', 'publicKey'],
  },
  {
    name: 'multibaseToPublicKey',
    fn: call(api.multibaseToPublicKey),
    args: [api.publicKeyToMultibase('Ed25519', pair.publicKey)],
    kinds: ['string'],
  },
  {
    name: 'secretKeyToMultibase',
    fn: call(api.secretKeyToMultibase),
    args: ['Ed25519', pair.secretKey],
    kinds: ['keyType', 'bytes32'],
  },
  {
    name: 'multibaseToSecretKey',
    fn: call(api.multibaseToSecretKey),
    args: [api.secretKeyToMultibase('Ed25519', pair.secretKey)],
    kinds: ['string'],
  },
  {
    name: 'publicKeyToDidKey',
    fn: call(api.publicKeyToDidKey),
    args: ['Ed25519', pair.publicKey],
    kinds: ['keyType', 'publicKey'],
  },
  {
    name: 'didKeyToPublicKey',
    fn: call(api.didKeyToPublicKey),
    args: [api.publicKeyToDidKey('Ed25519', pair.publicKey)],
    kinds: ['string'],
  },
  {
    name: 'publicKeyToSpki',
    fn: call(api.publicKeyToSpki),
    args: ['SM2', sm2Pair.publicKey],
    kinds: ['keyType', 'publicKey'],
  },
  {
    name: 'spkiToPublicKey',
    fn: call(api.spkiToPublicKey),
    args: [api.publicKeyToSpki('SM2', sm2Pair.publicKey)],
    kinds: ['der'],
  },
  { name: 'keyPairToPkcs8', fn: call(api.keyPairToPkcs8), args: [sm2Pair], kinds: ['keyPair'] },
  {
    name: 'pkcs8ToKeyPair',
    fn: call(api.pkcs8ToKeyPair),
    args: [api.keyPairToPkcs8(sm2Pair)],
    kinds: ['der'],
  },
  {
    name: 'sign (SM2 with a user ID)',
    fn: call(api.sign),
    args: ['SM2', sm2Pair.secretKey, msg, { userId: 'alice@example.com' }],
    kinds: ['keyType', 'bytes32', 'bytes', 'options'],
  },
  {
    name: 'createSigner (SM2 with a user ID)',
    fn: call(api.createSigner),
    args: [sm2Pair, { userId: new Uint8Array(3) }],
    kinds: ['keyPair', 'options'],
  },
  { name: 'base58btcEncode', fn: call(api.base58btcEncode), args: [msg], kinds: ['bytes'] },
  { name: 'base58btcDecode', fn: call(api.base58btcDecode), args: ['abc'], kinds: ['string'] },
  { name: 'sha256', fn: call(api.sha256), args: [msg], kinds: ['bytes'] },
  { name: 'sha384', fn: call(api.sha384), args: [msg], kinds: ['bytes'] },
  { name: 'sha512', fn: call(api.sha512), args: [msg], kinds: ['bytes'] },
  { name: 'sm3', fn: call(api.sm3), args: [msg], kinds: ['bytes'] },
  { name: 'hash', fn: call(api.hash), args: ['sha-256', msg], kinds: ['hashAlg', 'bytes'] },
  { name: 'hmac', fn: call(api.hmac), args: ['sha-256', msg, msg], kinds: ['hashAlg', 'bytes', 'bytes'] },
  {
    name: 'hkdf',
    fn: call(api.hkdf),
    args: ['sha-256', msg, msg, msg, 32],
    kinds: ['hashAlg', 'bytes', 'bytes', 'bytes', 'number'],
  },
  { name: 'randomBytes', fn: call(api.randomBytes), args: [16], kinds: ['number'] },
  { name: 'constantTimeEqual', fn: call(api.constantTimeEqual), args: [msg, msg], kinds: ['bytes', 'bytes'] },
  { name: 'base64urlEncode', fn: call(api.base64urlEncode), args: [msg], kinds: ['bytes'] },
  { name: 'base64urlDecode', fn: call(api.base64urlDecode), args: ['AQID'], kinds: ['string'] },
  { name: 'utf8Encode', fn: call(api.utf8Encode), args: ['abc'], kinds: ['string'] },
  { name: 'base64urlDecodeAscii', fn: call(api.base64urlDecodeAscii), args: ['AQID'], kinds: ['string'] },
  { name: 'base64urlEncodeText', fn: call(api.base64urlEncodeText), args: ['abc'], kinds: ['string'] },
  {
    name: 'base64urlEncodeRange',
    fn: call(api.base64urlEncodeRange),
    args: [msg, 0, 2],
    kinds: ['bytes', 'number', 'number'],
  },
  {
    name: 'hashTextBase64url',
    fn: call(api.hashTextBase64url),
    args: ['sha-256', 'abc'],
    kinds: ['hashAlg', 'string'],
  },
  { name: 'asciiBytes', fn: call(api.asciiBytes), args: ['a.b', true], kinds: ['string', 'options'] },
  { name: 'utf8Decode', fn: call(api.utf8Decode), args: [msg], kinds: ['bytes'] },
  { name: 'setBackend', fn: call(api.setBackend), args: ['auto'], kinds: ['backend'] },
  { name: 'checkTimeoutMs', fn: call(api.checkTimeoutMs), args: [100], kinds: ['timeoutMs'] },
  { name: 'readClock', fn: call(api.readClock), args: [() => 0, 'now'], kinds: ['clock', 'any'] },
  { name: 'toClock', fn: call(api.toClock), args: [() => 0, 'now'], kinds: ['clock', 'any'] },
  {
    name: 'withTimeout',
    fn: call(api.withTimeout),
    args: [Promise.resolve(1), 100],
    kinds: ['any', 'timeoutMs'],
  },
];

/** What a bad value in a parameter of this kind must produce; 'skip' when it is a valid value. */
function expected(kind: Kind, label: string): 'misuse' | 'skip' | `code:${string}` {
  const isString = label === 'a string';
  const isShortBytes = label === 'a short Uint8Array';
  const isUndefined = label === 'undefined';
  switch (kind) {
    case 'keyType':
      return isString ? 'code:ERR_KEY_TYPE_UNSUPPORTED' : 'misuse';
    case 'alg':
      return isString ? 'code:ERR_ALGORITHM_UNSUPPORTED' : 'misuse';
    case 'json':
      return 'code:ERR_JWK_INVALID';
    case 'der':
      return isShortBytes ? 'code:ERR_KEY_DER_INVALID' : 'misuse';
    case 'bytes':
      return isShortBytes ? 'skip' : 'misuse';
    case 'string':
      return isString ? 'skip' : 'misuse';
    case 'number':
      return label === 'a number' ? 'skip' : 'misuse';
    case 'options':
      return isUndefined ? 'skip' : 'misuse';
    case 'timeoutMs':
      return isUndefined || label === 'a number' ? 'skip' : 'misuse';
    case 'clock':
      return isUndefined ? 'skip' : 'misuse';
    case 'any':
      return 'skip';
    default:
      return 'misuse';
  }
}

describe.each(BACKENDS)('wrong-type matrix on the %s backend', (backend) => {
  useBackend(backend);

  it('every public function exported is in the matrix', () => {
    const fns = Object.entries(api)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .filter((k) => !['RealDidError', 'isRealDidError', 'getBackend'].includes(k));
    const covered = new Set(ENTRIES.map((e) => e.name));
    expect(fns.filter((f) => !covered.has(f))).toEqual([]);
  });

  for (const entry of ENTRIES) {
    it(`${entry.name}: valid arguments work, each bad argument is rejected cleanly`, () => {
      if (entry.name !== 'setBackend') expect(() => entry.fn(...entry.args)).not.toThrow();
      let checked = 0;
      entry.kinds.forEach((kind, position) => {
        for (const [label, value] of BAD) {
          const want = expected(kind, label);
          if (want === 'skip') continue;
          const args = entry.args.slice();
          args[position] = value;
          let err: unknown;
          try {
            entry.fn(...args);
          } catch (e) {
            err = e;
          }
          const where = `${entry.name} arg ${position} = ${label}`;
          if (want === 'misuse') {
            expect(err instanceof TypeError || err instanceof RangeError, `${where}: ${String(err)}`).toBe(
              true,
            );
          } else {
            expect(api.isRealDidError(err, want.slice(5)), `${where}: ${String(err)}`).toBe(true);
          }
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(0);
      if (entry.name === 'setBackend') api.setBackend(backend);
    });
  }

  it('verify returns false (never throws) for malformed keys and signatures of the right type', () => {
    const m = new Uint8Array([1, 2, 3]);
    for (const type of api.KEY_TYPES) {
      const p = api.keyPairFromSecretKey(type, new Uint8Array(32).fill(9));
      const sig = api.sign(type, p.secretKey, m);
      const badKeys = [
        new Uint8Array(0),
        new Uint8Array(3),
        p.publicKey.subarray(1),
        new Uint8Array(p.publicKey.length), // all zero
        new Uint8Array(p.publicKey.length).fill(0xff),
        Uint8Array.of(...p.publicKey, 0),
        type === 'Ed25519' ? new Uint8Array(33) : Uint8Array.of(0x06, ...new Uint8Array(64)), // hybrid prefix
      ];
      const badSigs = [
        new Uint8Array(0),
        new Uint8Array(63),
        new Uint8Array(64),
        new Uint8Array(64).fill(0xff),
        Uint8Array.of(...sig, 0),
        sig.subarray(0, 32),
      ];
      for (const k of badKeys) expect(api.verify(type, k, m, sig)).toBe(false);
      for (const s of badSigs) expect(api.verify(type, p.publicKey, m, s)).toBe(false);
      if (type !== 'Ed25519') {
        for (const s of [
          new Uint8Array([0x30, 0x00]),
          new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]),
          sig,
        ]) {
          expect(api.verify(type, p.publicKey, m, s, { format: 'der' })).toBe(false);
          expect(api.verify(type, p.publicKey, m, s, { format: 'der', lowS: true })).toBe(false);
        }
        // 65-byte uncompressed keys are accepted on input
        const uncompressed = Uint8Array.of(
          4,
          ...api.base64urlDecode((api.publicKeyToJwk(type, p.publicKey) as { x: string }).x),
          ...api.base64urlDecode((api.publicKeyToJwk(type, p.publicKey) as { y: string }).y),
        );
        expect(api.verify(type, uncompressed, m, sig)).toBe(true);
      }
    }
  });
});
