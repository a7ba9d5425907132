// @realdid/vc: a W3C VC 2.0 credential with an ecdsa-rdfc-2019 (P-256) Data Integrity proof.
import assert from 'node:assert/strict';
import { generateKeyPair } from '@realdid/crypto';
import { createDidKeySigner, issueCredential, verifyCredential } from '@realdid/vc';

const signer = createDidKeySigner(generateKeyPair('P-256'));
const vc = await issueCredential(
  {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: signer.did,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:subject' },
  },
  { signer },
);
assert.equal(vc.proof.cryptosuite, 'ecdsa-rdfc-2019');
const ok = await verifyCredential(vc);
assert.equal(ok.verified, true);
// verifyCredential throws a coded error on any failure
const bad = await verifyCredential({ ...vc, credentialSubject: { id: 'did:example:someone-else' } }).catch(
  (e) => e,
);
assert.equal(bad.code, 'ERR_VC_PROOF_INVALID');
console.log(`verified ${vc.proof.cryptosuite}; a changed subject fails with ${bad.code}`);
