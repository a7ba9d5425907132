// @realdid/vc: a W3C VC 2.0 credential with an ecdsa-rdfc-2019 (P-256) Data Integrity proof.
import assert from 'node:assert/strict';
import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import { createDataIntegritySigner, issueCredential, verifyCredential } from '@realdid/vc';

const keys = generateKeyPair('P-256');
const mb = publicKeyToMultibase('P-256', keys.publicKey);
const did = `did:key:${mb}`;
const vc = await issueCredential(
  {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: did,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:subject' },
  },
  { signer: createDataIntegritySigner(keys, `${did}#${mb}`) },
);
assert.equal(vc.proof.cryptosuite, 'ecdsa-rdfc-2019');
const ok = await verifyCredential(vc);
assert.equal(ok.verified, true);
const bad = await verifyCredential({ ...vc, credentialSubject: { id: 'did:example:someone-else' } });
assert.equal(bad.verified, false);
console.log(`verified ${vc.proof.cryptosuite}; a changed subject fails with ${bad.errors[0]?.code}`);
