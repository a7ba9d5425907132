// @realdid/crypto: keys, signatures, JWK thumbprints, Multikey and did:key.
import assert from 'node:assert/strict';
import {
  didKeyToPublicKey,
  generateKeyPair,
  getBackend,
  jwkThumbprint,
  publicKeyToDidKey,
  publicKeyToJwk,
  sign,
  utf8Encode,
  verify,
} from '@realdid/crypto';

for (const type of ['Ed25519', 'P-256', 'secp256k1']) {
  const { publicKey, secretKey } = generateKeyPair(type);
  const message = utf8Encode('anonymity at the front desk');
  const signature = sign(type, secretKey, message);
  assert.equal(verify(type, publicKey, message, signature), true);
  assert.equal(verify(type, publicKey, utf8Encode('something else'), signature), false);
  const did = publicKeyToDidKey(type, publicKey);
  assert.deepEqual(didKeyToPublicKey(did).publicKey, publicKey);
  console.log(
    `${type.padEnd(9)} ${did.slice(0, 40)}…  thumbprint ${jwkThumbprint(publicKeyToJwk(type, publicKey))}`,
  );
}
console.log(`backend: ${getBackend()}`);
