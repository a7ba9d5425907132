// @realdid/sd-jwt: issue an SD-JWT VC, disclose one claim with key binding, verify.
import assert from 'node:assert/strict';
import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';

const issuer = generateKeyPair('P-256');
const holder = generateKeyPair('Ed25519');
const credential = await issueSdJwtVc({
  signer: createSigner(issuer),
  vct: 'urn:example:membership:1',
  iss: 'https://club.example',
  cnf: { jwk: publicKeyToJwk('Ed25519', holder.publicKey) },
  claims: { member_since: '2019', tier: 'gold', name: 'Ada' },
  disclosureFrame: { _sd: ['member_since', 'tier', 'name'] },
});
const presentation = await presentSdJwt(
  credential,
  { tier: true },
  { keyBinding: { signer: createSigner(holder), aud: 'https://shop.example', nonce: 'nonce-123456789' } },
);
const result = await verifySdJwtVc(presentation, {
  keyResolver: jwkKeyResolver(publicKeyToJwk('P-256', issuer.publicKey)),
  keyBinding: { aud: 'https://shop.example', nonce: 'nonce-123456789' },
});
assert.equal(result.claims.tier, 'gold');
assert.equal(result.claims.name, undefined);
await assert.rejects(
  verifySdJwtVc(presentation, {
    keyResolver: jwkKeyResolver(publicKeyToJwk('P-256', issuer.publicKey)),
    keyBinding: { aud: 'https://other.example', nonce: 'nonce-123456789' },
  }),
  (err) => typeof err.code === 'string' && err.code.startsWith('ERR_SD_JWT_'),
);
console.log(
  `disclosed ${JSON.stringify(result.disclosed)}; ${presentation.split('~').length - 2} disclosure(s) sent`,
);
