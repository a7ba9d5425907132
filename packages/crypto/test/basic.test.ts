import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  createVerifier,
  didKeyToPublicKey,
  generateKeyPair,
  jwkThumbprint,
  jwkToKeyPair,
  jwkToPublicKey,
  KEY_TYPES,
  keyPairFromSecretKey,
  multibaseToPublicKey,
  multibaseToSecretKey,
  publicKeyToDidKey,
  publicKeyToJwk,
  publicKeyToMultibase,
  secretKeyToJwk,
  secretKeyToMultibase,
  sign,
  utf8Encode,
  verify,
} from '../src/index.js';
import { hex, readJsonVector, toHex } from './helpers/vectors.js';

describe('basic round trips (active backend)', () => {
  for (const type of KEY_TYPES) {
    it(`${type}: sign/verify, signer/verifier, JWK, multibase, did:key`, () => {
      const pair = generateKeyPair(type);
      const msg = utf8Encode('hello');
      const sig = sign(type, pair.secretKey, msg);
      expect(sig.length).toBe(64);
      expect(verify(type, pair.publicKey, msg, sig)).toBe(true);
      expect(verify(type, pair.publicKey, utf8Encode('hellp'), sig)).toBe(false);
      const signer = createSigner(pair);
      expect(createVerifier(type, pair.publicKey).verify(msg, signer.sign(msg))).toBe(true);
      expect(jwkToPublicKey(publicKeyToJwk(type, pair.publicKey))).toEqual({
        type,
        publicKey: pair.publicKey,
      });
      expect(jwkToKeyPair(secretKeyToJwk(pair))).toEqual(pair);
      expect(multibaseToPublicKey(publicKeyToMultibase(type, pair.publicKey))).toEqual({
        type,
        publicKey: pair.publicKey,
      });
      expect(multibaseToSecretKey(secretKeyToMultibase(type, pair.secretKey))).toEqual({
        type,
        secretKey: pair.secretKey,
      });
      expect(didKeyToPublicKey(publicKeyToDidKey(type, pair.publicKey))).toEqual({
        type,
        publicKey: pair.publicKey,
      });
      expect(keyPairFromSecretKey(type, pair.secretKey)).toEqual(pair);
      if (type !== 'Ed25519') {
        const der = sign(type, pair.secretKey, msg, { format: 'der' });
        expect(der[0]).toBe(0x30);
        expect(verify(type, pair.publicKey, msg, der, { format: 'der' })).toBe(true);
        expect(sig).toEqual(sign(type, pair.secretKey, msg)); // deterministic
      }
    });
  }

  it('RFC 8032 TEST 1 and RFC 8037 thumbprint', () => {
    const v =
      readJsonVector<Array<{ secretKey: string; publicKey: string; message: string; signature: string }>>(
        'rfc/rfc8032_ed25519.json',
      )[0]!;
    expect(toHex(sign('Ed25519', hex(v.secretKey), hex(v.message)))).toBe(v.signature);
    const j = readJsonVector<{ publicJwk: unknown; rfc7638ThumbprintSha256: string }>(
      'rfc/rfc8037_ed25519_jose.json',
    );
    expect(jwkThumbprint(j.publicJwk)).toBe(j.rfc7638ThumbprintSha256);
  });

  it('base64url round trip', () => {
    const b = new Uint8Array([0, 1, 2, 250, 251, 255]);
    expect(base64urlDecode(base64urlEncode(b))).toEqual(b);
  });
});
