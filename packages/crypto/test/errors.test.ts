/** Negative tests: every rejection of untrusted input carries its code. Also hashes/MAC/KDF. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyPair } from '../src/index.js';
import {
  base58btcDecode,
  base58btcEncode,
  base64urlDecode,
  base64urlEncode,
  type CryptoErrorCode,
  constantTimeEqual,
  createSigner,
  didKeyToPublicKey,
  generateKeyPair,
  getBackend,
  hash,
  hkdf,
  hmac,
  isRealDidError,
  jwkThumbprint,
  jwkToKeyPair,
  jwkToPublicKey,
  keyTypeForAlgorithm,
  multibaseToPublicKey,
  multibaseToSecretKey,
  publicKeyToJwk,
  randomBytes,
  secretKeyToJwk,
  setBackend,
  sha256,
  sha384,
  sha512,
  utf8Decode,
  utf8Encode,
} from '../src/index.js';
import { BACKENDS, useBackend } from './helpers/backends.js';
import { hex, toHex } from './helpers/vectors.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    if (isRealDidError(err)) return err.code;
    return `not coded: ${String(err)}`;
  }
  return 'no error';
}

function expectCode(code: CryptoErrorCode, f: () => unknown): void {
  expect(codeOf(f)).toBe(code);
}

const ed = generateKeyPair('Ed25519');
const p256 = generateKeyPair('P-256');
const edJwk = publicKeyToJwk('Ed25519', ed.publicKey) as { kty: string; crv: string; x: string };
const ecJwk = publicKeyToJwk('P-256', p256.publicKey) as { kty: string; crv: string; x: string; y: string };

describe('ERR_BASE64URL', () => {
  it.each([
    ['padding', 'AQ=='],
    ['standard alphabet +', 'a+b/'],
    ['whitespace', 'AQID '],
    ['length 1 mod 4', 'AQIDB'],
    ['non-canonical trailing bits (2 chars)', 'AR'],
    ['non-canonical trailing bits (3 chars)', 'AQJ'],
    ['non-ASCII', 'AQI\u00e9'],
  ])('%s', (_name, s) => expectCode('ERR_BASE64URL', () => base64urlDecode(s)));
  it('accepts the empty string', () => expect(base64urlDecode('')).toEqual(new Uint8Array(0)));
});

describe('ERR_UTF8', () => {
  it.each([
    ['invalid byte', [0xff]],
    ['truncated sequence', [0xe2, 0x82]],
    ['overlong', [0xc0, 0xaf]],
    ['encoded surrogate', [0xed, 0xa0, 0x80]],
  ])('decode: %s', (_n, bytes) => expectCode('ERR_UTF8', () => utf8Decode(Uint8Array.from(bytes))));
  it('encode: lone surrogate', () => expectCode('ERR_UTF8', () => utf8Encode('a\ud800b')));
  it('round trip and BOM kept', () => {
    expect(utf8Decode(utf8Encode('\ufeffé😀'))).toBe('\ufeffé😀');
  });
});

describe('ERR_BASE58', () => {
  it('rejects characters outside the alphabet', () => {
    for (const s of ['0', 'O', 'I', 'l', 'ab+']) expectCode('ERR_BASE58', () => base58btcDecode(s));
    expect(base58btcDecode(base58btcEncode(Uint8Array.of(0, 0, 1, 2)))).toEqual(Uint8Array.of(0, 0, 1, 2));
  });
});

describe('ERR_JWK_INVALID / ERR_KEY_TYPE_UNSUPPORTED', () => {
  const offCurve = { ...ecJwk, y: base64urlEncode(new Uint8Array(32).fill(1)) };
  it.each<[string, unknown]>([
    ['null', null],
    ['array', [edJwk]],
    ['class instance', new Date()],
    ['missing x', { kty: 'OKP', crv: 'Ed25519' }],
    ['x not a string', { ...edJwk, x: 5 }],
    ['x padded', { ...edJwk, x: `${edJwk.x}=` }],
    ['x too short', { ...edJwk, x: edJwk.x.slice(0, 40) }],
    ['x 31 bytes', { ...edJwk, x: base64urlEncode(new Uint8Array(31)) }],
    ['EC missing y', { kty: 'EC', crv: 'P-256', x: ecJwk.x }],
    ['EC point off the curve', offCurve],
    ['alg mismatch', { ...edJwk, alg: 'ES256' }],
    ['kty not a string', { kty: 1 }],
    ['crv missing', { kty: 'OKP', x: edJwk.x }],
  ])('jwkToPublicKey: %s -> ERR_JWK_INVALID', (_n, jwk) =>
    expectCode('ERR_JWK_INVALID', () => jwkToPublicKey(jwk)),
  );

  it.each<[string, unknown]>([
    ['RSA', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }],
    ['P-384', { kty: 'EC', crv: 'P-384', x: ecJwk.x, y: ecJwk.y }],
    ['X25519', { kty: 'OKP', crv: 'X25519', x: edJwk.x }],
    ['oct', { kty: 'oct', k: 'AQAB' }],
  ])('jwkToPublicKey: %s -> ERR_KEY_TYPE_UNSUPPORTED', (_n, jwk) =>
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => jwkToPublicKey(jwk)),
  );

  it('jwkToKeyPair: missing d, wrong d, d out of range', () => {
    expectCode('ERR_JWK_INVALID', () => jwkToKeyPair(edJwk));
    const other = secretKeyToJwk(generateKeyPair('Ed25519'));
    expectCode('ERR_JWK_INVALID', () => jwkToKeyPair({ ...edJwk, d: other.d }));
    expectCode('ERR_JWK_INVALID', () =>
      jwkToKeyPair({ ...ecJwk, d: base64urlEncode(new Uint8Array(32).fill(0xff)) }),
    );
    expectCode('ERR_JWK_INVALID', () => jwkToKeyPair({ ...ecJwk, d: base64urlEncode(new Uint8Array(32)) }));
  });

  it('jwkThumbprint: missing or malformed members; unknown kty', () => {
    expectCode('ERR_JWK_INVALID', () => jwkThumbprint({ kty: 'EC', crv: 'P-256', x: ecJwk.x }));
    expectCode('ERR_JWK_INVALID', () => jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: 'a+b' }));
    expectCode('ERR_JWK_INVALID', () => jwkThumbprint({ crv: 'Ed25519', x: edJwk.x }));
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => jwkThumbprint({ kty: 'XYZ' }));
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => jwkThumbprint({ kty: '__proto__' }));
    // Extra members do not change the thumbprint (RFC 7638 §3.3).
    expect(jwkThumbprint({ ...edJwk, kid: 'x', use: 'sig' })).toBe(jwkThumbprint(edJwk));
    // RFC 7638 §3.1 example (RSA)
    const rsa = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(rsa)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});

describe('ERR_MULTIBASE_INVALID / ERR_DID_KEY_INVALID', () => {
  const edMb = didKeyToPublicKey(`did:key:${base58Multikey(0xed, ed.publicKey)}`);
  function base58Multikey(code: number, key: Uint8Array): string {
    return `z${base58btcEncode(Uint8Array.of((code & 0x7f) | 0x80, code >> 7, ...key))}`;
  }
  it('valid baseline', () => expect(edMb.publicKey).toEqual(ed.publicKey));
  it.each<[string, string]>([
    ['no z prefix', `f${toHex(ed.publicKey)}`],
    ['empty', ''],
    ['bad base58 char', 'z6Mk0OIl'],
    ['truncated varint', `z${base58btcEncode(Uint8Array.of(0xed))}`],
    ['non-minimal varint', `z${base58btcEncode(Uint8Array.of(0xed, 0x81, 0x00, ...ed.publicKey))}`],
    ['Ed25519 key 31 bytes', base58Multikey(0xed, ed.publicKey.subarray(1))],
    [
      'P-256 uncompressed (Multikey requires compressed)',
      base58Multikey(0x1200, Uint8Array.of(4, ...new Uint8Array(64))),
    ],
    ['P-256 not on the curve', base58Multikey(0x1200, Uint8Array.of(2, ...new Uint8Array(32).fill(0xff)))],
  ])('multibaseToPublicKey: %s', (_n, s) =>
    expectCode('ERR_MULTIBASE_INVALID', () => multibaseToPublicKey(s)),
  );

  it('unsupported multicodecs', () => {
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => multibaseToPublicKey(base58Multikey(0xec, ed.publicKey))); // x25519-pub
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => multibaseToPublicKey(base58Multikey(0x1300, ed.secretKey))); // a secret key
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => multibaseToSecretKey(base58Multikey(0xed, ed.publicKey))); // a public key
    expectCode('ERR_MULTIBASE_INVALID', () =>
      multibaseToSecretKey(base58Multikey(0x1306, new Uint8Array(32).fill(0xff))),
    );
  });

  it.each<[string, string]>([
    ['not did:key', 'did:web:example.com'],
    ['no z', 'did:key:6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'],
    [
      'fragment',
      'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    ],
    ['whitespace', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK '],
    [
      'key of 31 bytes',
      `did:key:z${base58btcEncode(Uint8Array.of(0xed, 0x01, ...new Uint8Array(31).fill(3)))}`,
    ],
    ['empty identifier', 'did:key:'],
    ['upper-case method', 'DID:KEY:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'],
  ])('didKeyToPublicKey: %s', (_n, did) => expectCode('ERR_DID_KEY_INVALID', () => didKeyToPublicKey(did)));
});

describe('ERR_ALGORITHM_UNSUPPORTED and ERR_KEY_TYPE_UNSUPPORTED', () => {
  it.each(['none', 'None', 'HS256', 'RS256', 'ES384', 'eddsa', 'Ed25519', ''])(
    'keyTypeForAlgorithm(%j)',
    (alg) => expectCode('ERR_ALGORITHM_UNSUPPORTED', () => keyTypeForAlgorithm(alg)),
  );
  it('unknown key types', () => {
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => generateKeyPair('RSA' as 'Ed25519'));
    expectCode('ERR_KEY_TYPE_UNSUPPORTED', () => generateKeyPair('ed25519' as 'Ed25519'));
  });
});

describe('misuse of keys', () => {
  it('createSigner rejects a key pair whose public key does not match', () => {
    expect(() => createSigner({ ...ed, publicKey: generateKeyPair('Ed25519').publicKey })).toThrow(
      RangeError,
    );
    expect(() => createSigner({ ...p256, type: 'secp256k1' })).toThrow(RangeError);
  });
  it('createSigner and secretKeyToJwk check a key pair alike', () => {
    const other = generateKeyPair('Ed25519').publicKey;
    for (const use of [createSigner, secretKeyToJwk] as ((k: KeyPair) => unknown)[]) {
      expect(() => use({ ...ed, publicKey: other })).toThrow(
        'keyPair: publicKey does not belong to secretKey',
      );
      expect(() => use({ ...ed, publicKey: ed.publicKey.subarray(1) })).toThrow(
        'keyPair.publicKey: expected 32 bytes for Ed25519, found 31',
      );
      expect(() => use({ ...ed, publicKey: 'x' as unknown as Uint8Array })).toThrow(TypeError);
      expect(() => use(null as unknown as KeyPair)).toThrow(TypeError);
    }
  });
  it('setBackend', () => {
    expect(() => setBackend('webcrypto' as 'node')).toThrow(TypeError);
    setBackend('auto');
    expect(getBackend()).toBe('node'); // tests run on Node.js
  });
  it('randomBytes and constantTimeEqual', () => {
    expect(randomBytes(0).length).toBe(0);
    expect(randomBytes(70000).length).toBe(70000);
    expect(() => randomBytes(-1)).toThrow(RangeError);
    expect(() => randomBytes(1.5)).toThrow(RangeError);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
  });
});

describe.each(BACKENDS)('hashes, HMAC and HKDF on the %s backend', (backend) => {
  useBackend(backend);
  const abc = utf8Encode('abc');
  it('FIPS 180-4 "abc" digests', () => {
    expect(toHex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha384(abc))).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(toHex(sha512(abc))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(hash('sha-256', abc)).toEqual(sha256(abc));
    expect(() => hash('sha-1' as 'sha-256', abc)).toThrow(RangeError);
  });
  it('RFC 4231 test case 2 (HMAC-SHA-256)', () => {
    expect(toHex(hmac('sha-256', utf8Encode('Jefe'), utf8Encode('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
  it('RFC 5869 test case 1 (HKDF-SHA-256)', () => {
    const okm = hkdf(
      'sha-256',
      new Uint8Array(22).fill(0x0b),
      hex('000102030405060708090a0b0c'),
      hex('f0f1f2f3f4f5f6f7f8f9'),
      42,
    );
    expect(toHex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
    expect(() => hkdf('sha-256', okm, okm, okm, 255 * 32 + 1)).toThrow(RangeError);
    expect(() => hkdf('sha-256', okm, okm, okm, 0)).toThrow(RangeError);
  });
  it('results are plain Uint8Arrays that own their bytes', () => {
    const d = sha256(abc);
    expect(Object.getPrototypeOf(d)).toBe(Uint8Array.prototype);
    expect(d.buffer.byteLength).toBe(32);
  });
});

describe('hashes, HMAC and HKDF agree across backends', () => {
  it('property', () => {
    const alg = fc.constantFrom('sha-256' as const, 'sha-384' as const, 'sha-512' as const);
    const bytes = fc.uint8Array({ maxLength: 1500 });
    fc.assert(
      fc.property(alg, bytes, bytes, bytes, fc.integer({ min: 1, max: 255 * 32 }), (a, x, y, z, len) => {
        const run = (name: 'node' | 'noble') => {
          setBackend(name);
          try {
            return [hash(a, x), hmac(a, y, x), hkdf(a, x, y, z, len)];
          } finally {
            setBackend('auto');
          }
        };
        expect(run('node')).toEqual(run('noble'));
      }),
      { numRuns: 60 },
    );
  });
});
