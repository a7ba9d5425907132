/**
 * Published vectors (sources: the SOURCE.md of each test/vectors folder) on both backends:
 * RFC 8032 §7.1, RFC 6979 A.2.5 (P-256, SHA-256), RFC 8037 A.4, did:key (w3c-ccg/did-method-key
 * and the normalized set), and multibase base58btc/base64url (multiformats/multibase tests).
 */
import { describe, expect, it } from 'vitest';
import {
  base58btcDecode,
  base58btcEncode,
  base64urlDecode,
  base64urlEncode,
  createSigner,
  createVerifier,
  didKeyToPublicKey,
  getPublicKey,
  isRealDidError,
  jwkThumbprint,
  jwkThumbprintUri,
  jwkToKeyPair,
  jwkToPublicKey,
  type KeyType,
  keyPairFromSecretKey,
  multibaseToPublicKey,
  multibaseToSecretKey,
  publicKeyToDidKey,
  publicKeyToJwk,
  publicKeyToMultibase,
  secretKeyToMultibase,
  sign,
  utf8Encode,
  verify,
} from '../src/index.js';
import { BACKENDS, useBackend } from './helpers/backends.js';
import { hex, readJsonVector, readVector, toHex } from './helpers/vectors.js';

const rfc8032 =
  readJsonVector<
    Array<{ name: string; secretKey: string; publicKey: string; message: string; signature: string }>
  >('rfc/rfc8032_ed25519.json');
const rfc6979 =
  readJsonVector<
    Array<{
      curve: string;
      private: string;
      Ux: string;
      Uy: string;
      cases: Array<{ hash: string; message: string; k: string; r: string; s: string }>;
    }>
  >('rfc/rfc6979_ecdsa.json');
const rfc8037 = readJsonVector<{
  privateJwk: Record<string, string>;
  publicJwk: Record<string, string>;
  rfc7638ThumbprintSha256: string;
  signingInput: string;
  compactJws: string;
}>('rfc/rfc8037_ed25519_jose.json');

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

interface DidKeyVector {
  did: string;
  multicodec: string;
  publicKeyHex: string;
  publicKeyMultibase?: string;
  secretKeyMultibase?: string;
}
const normalized = readJsonVector<{
  fromDidMethodKeyTestVectors: DidKeyVector[];
  fromSpecsAndDiVectors: DidKeyVector[];
}>('did-key/did-key-normalized.json');
const allDidKeyVectors = [...normalized.fromDidMethodKeyTestVectors, ...normalized.fromSpecsAndDiVectors];
const CODEC_TYPE: Record<string, KeyType> = { '0xed': 'Ed25519', '0x1200': 'P-256', '0xe7': 'secp256k1' };
const supportedDidKeys = allDidKeyVectors.filter((v) => v.multicodec in CODEC_TYPE);
const unsupportedDidKeys = allDidKeyVectors.filter((v) => !(v.multicodec in CODEC_TYPE));

type W3cVm = {
  publicKeyBase58?: string;
  privateKeyBase58?: string;
  publicKeyJwk?: Record<string, string>;
  privateKeyJwk?: Record<string, string>;
};
function w3cFile(
  name: string,
): Array<[string, { seed?: string; verificationKeyPair?: W3cVm; verificationMethod?: W3cVm }]> {
  return Object.entries(readJsonVector(`did-key/w3c-ccg-did-method-key/${name}`));
}

function csvRows(file: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readVector(`multiformats/${file}`).split('\n')) {
    const m = /^([^,]+),\s*"(.*)"$/.exec(line.trim());
    if (m) rows.set(m[1] as string, m[2] as string);
  }
  return rows;
}

describe.each(BACKENDS)('published vectors on the %s backend', (backend) => {
  useBackend(backend);

  it('RFC 8032 §7.1: public keys and signatures byte-exact (5 tests)', () => {
    expect(rfc8032.length).toBe(5);
    for (const v of rfc8032) {
      const sk = hex(v.secretKey);
      const msg = hex(v.message);
      expect(toHex(getPublicKey('Ed25519', sk))).toBe(v.publicKey);
      expect(toHex(sign('Ed25519', sk, msg))).toBe(v.signature);
      expect(toHex(createSigner(keyPairFromSecretKey('Ed25519', sk)).sign(msg))).toBe(v.signature);
      expect(verify('Ed25519', hex(v.publicKey), msg, hex(v.signature))).toBe(true);
      const bad = hex(v.signature);
      bad[0] = (bad[0] as number) ^ 1;
      expect(verify('Ed25519', hex(v.publicKey), msg, bad)).toBe(false);
    }
  });

  it('RFC 6979 A.2.5: P-256 / SHA-256 deterministic signatures (low-S normalised)', () => {
    const p256 = rfc6979.find((c) => c.curve === 'NIST P-256');
    expect(p256).toBeDefined();
    if (p256 === undefined) return;
    const sk = hex(p256.private.toLowerCase());
    const pair = keyPairFromSecretKey('P-256', sk);
    const jwk = publicKeyToJwk('P-256', pair.publicKey) as { x: string; y: string };
    expect(toHex(base64urlDecode(jwk.x))).toBe(p256.Ux.toLowerCase());
    expect(toHex(base64urlDecode(jwk.y))).toBe(p256.Uy.toLowerCase());
    const cases = p256.cases.filter((c) => c.hash === 'SHA-256');
    expect(cases.length).toBe(2);
    let normalised = 0;
    for (const c of cases) {
      const msg = utf8Encode(c.message);
      const s = BigInt(`0x${c.s}`);
      const lowS = s > P256_N / 2n ? P256_N - s : s;
      if (lowS !== s) normalised++;
      const expected = c.r.toLowerCase() + lowS.toString(16).padStart(64, '0');
      expect(toHex(sign('P-256', sk, msg))).toBe(expected);
      // The RFC's own (possibly high-S) signature verifies under the default policy...
      const rfcSig = hex((c.r + c.s).toLowerCase());
      expect(verify('P-256', pair.publicKey, msg, rfcSig)).toBe(true);
      // ...and is rejected under lowS: true exactly when it is high-S.
      expect(verify('P-256', pair.publicKey, msg, rfcSig, { lowS: true })).toBe(lowS === s);
    }
    expect(normalised).toBe(1); // "sample" has a high S in the RFC; "test" does not
  });

  it('RFC 8037 A.4: Ed25519 JWS signature and RFC 7638 thumbprint', () => {
    const pair = jwkToKeyPair(rfc8037.privateJwk);
    expect(pair.type).toBe('Ed25519');
    const jwsSig = rfc8037.compactJws.split('.')[2] as string;
    const sig = sign('Ed25519', pair.secretKey, utf8Encode(rfc8037.signingInput));
    expect(base64urlEncode(sig)).toBe(jwsSig);
    const { type, publicKey } = jwkToPublicKey(rfc8037.publicJwk);
    expect(
      createVerifier(type, publicKey).verify(utf8Encode(rfc8037.signingInput), base64urlDecode(jwsSig)),
    ).toBe(true);
    expect(jwkThumbprint(rfc8037.publicJwk)).toBe(rfc8037.rfc7638ThumbprintSha256);
    expect(jwkThumbprint(rfc8037.privateJwk)).toBe(rfc8037.rfc7638ThumbprintSha256);
    expect(jwkThumbprintUri(rfc8037.publicJwk)).toBe(
      `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${rfc8037.rfc7638ThumbprintSha256}`,
    );
    expect(publicKeyToJwk('Ed25519', publicKey)).toEqual(rfc8037.publicJwk);
  });

  it('did:key: every Ed25519, P-256 and secp256k1 vector decodes and re-encodes', () => {
    const counts: Record<string, number> = {};
    for (const v of supportedDidKeys) {
      const type = CODEC_TYPE[v.multicodec] as KeyType;
      const decoded = didKeyToPublicKey(v.did);
      expect(decoded.type).toBe(type);
      expect(toHex(decoded.publicKey)).toBe(v.publicKeyHex);
      expect(publicKeyToDidKey(type, decoded.publicKey)).toBe(v.did);
      expect(publicKeyToMultibase(type, decoded.publicKey)).toBe(v.did.slice('did:key:'.length));
      if (v.publicKeyMultibase) expect(multibaseToPublicKey(v.publicKeyMultibase)).toEqual(decoded);
      if (v.secretKeyMultibase) {
        const sk = multibaseToSecretKey(v.secretKeyMultibase);
        expect(sk.type).toBe(type);
        expect(getPublicKey(type, sk.secretKey)).toEqual(decoded.publicKey);
        expect(secretKeyToMultibase(type, sk.secretKey)).toBe(v.secretKeyMultibase);
      }
      counts[type] = (counts[type] ?? 0) + 1;
    }
    expect(counts).toEqual({ Ed25519: 7, 'P-256': 4, secp256k1: 6 });
  });

  it('did:key: other key types (BLS, X25519, P-384, P-521, RSA) are ERR_KEY_TYPE_UNSUPPORTED', () => {
    expect(unsupportedDidKeys.length).toBe(17);
    for (const v of unsupportedDidKeys) {
      let err: unknown;
      try {
        didKeyToPublicKey(v.did);
      } catch (e) {
        err = e;
      }
      expect(isRealDidError(err, 'ERR_KEY_TYPE_UNSUPPORTED')).toBe(true);
    }
  });

  it('w3c-ccg did:key files: secp256k1 and Ed25519 seeds, P-256 JWKs and base58 keys', () => {
    let n = 0;
    for (const [did, v] of w3cFile('secp256k1.json')) {
      const vm = v.verificationKeyPair as W3cVm;
      if (vm.privateKeyJwk) {
        const pair = jwkToKeyPair(vm.privateKeyJwk);
        expect(pair.type).toBe('secp256k1');
        expect(publicKeyToJwk('secp256k1', pair.publicKey)).toEqual(vm.publicKeyJwk);
        expect(publicKeyToDidKey('secp256k1', pair.publicKey)).toBe(did);
        n++;
        continue;
      }
      const sk = base58btcDecode(vm.privateKeyBase58 as string);
      const pair = keyPairFromSecretKey('secp256k1', sk);
      expect(base58btcEncode(pair.publicKey)).toBe(vm.publicKeyBase58);
      expect(publicKeyToDidKey('secp256k1', pair.publicKey)).toBe(did);
      n++;
    }
    for (const [did, v] of w3cFile('ed25519-x25519.json')) {
      const pair = keyPairFromSecretKey('Ed25519', hex(v.seed as string));
      const vm = v.verificationKeyPair as W3cVm;
      if (vm.publicKeyBase58) expect(base58btcEncode(pair.publicKey)).toBe(vm.publicKeyBase58);
      if (vm.publicKeyJwk) expect(publicKeyToJwk('Ed25519', pair.publicKey)).toEqual(vm.publicKeyJwk);
      expect(publicKeyToDidKey('Ed25519', pair.publicKey)).toBe(did);
      n++;
    }
    for (const [did, v] of w3cFile('nist-curves.json')) {
      const vm = v.verificationMethod as W3cVm;
      if (!did.startsWith('did:key:zDn')) continue; // P-384 / P-521 are not supported key types
      if (vm.privateKeyJwk) {
        const pair = jwkToKeyPair(vm.privateKeyJwk);
        expect(publicKeyToJwk('P-256', pair.publicKey)).toEqual(vm.publicKeyJwk);
        expect(publicKeyToDidKey(pair.type, pair.publicKey)).toBe(did);
      } else {
        const pub = base58btcDecode(vm.publicKeyBase58 as string);
        const pair = keyPairFromSecretKey('P-256', base58btcDecode(vm.privateKeyBase58 as string));
        expect(pair.publicKey).toEqual(pub);
        expect(publicKeyToDidKey('P-256', pub)).toBe(did);
      }
      n++;
    }
    expect(n).toBe(6 + 5 + 3);
  });
});

describe('multibase test vectors (multiformats/multibase tests/*.csv)', () => {
  const files: Array<[string, Uint8Array]> = [
    ['multibase_tests_basic.csv', utf8Encode('yes mani !')],
    ['multibase_tests_leading_zero.csv', utf8Encode('\x00yes mani !')],
    ['multibase_tests_two_leading_zeros.csv', utf8Encode('\x00\x00yes mani !')],
  ];
  it.each(files)('%s: base58btc and base64url', (file, input) => {
    const rows = csvRows(file);
    const b58 = rows.get('base58btc') as string;
    const b64 = rows.get('base64url') as string;
    expect(b58[0]).toBe('z');
    expect(b64[0]).toBe('u');
    expect(base58btcEncode(input)).toBe(b58.slice(1));
    expect(base58btcDecode(b58.slice(1))).toEqual(input);
    expect(base64urlEncode(input)).toBe(b64.slice(1));
    expect(base64urlDecode(b64.slice(1))).toEqual(input);
    // The padded variant is not accepted by the strict decoder.
    const padded = rows.get('base64urlpad') as string;
    if (padded.endsWith('=')) expect(() => base64urlDecode(padded.slice(1))).toThrow(/padding/);
  });
});
