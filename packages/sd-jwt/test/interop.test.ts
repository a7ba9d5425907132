import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { createSigner, generateKeyPair, jwkToKeyPair, publicKeyToJwk, secretKeyToJwk } from '@realdid/crypto';
import { SDJwtInstance } from '@sd-jwt/core';
import { digest, ES256, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { describe, expect, it } from 'vitest';
import {
  issueSdJwt,
  issueSdJwtVc,
  jwkKeyResolver,
  presentSdJwt,
  verifySdJwt,
  verifySdJwtVc,
} from '../src/index.js';
import { expectCode } from './helpers.js';

// Interop with an independent RFC 9901 / SD-JWT VC implementation: @sd-jwt/core and
// @sd-jwt/sd-jwt-vc 0.19 (openwallet-foundation-labs/sd-jwt-js), with @sd-jwt/crypto-nodejs for
// ES256 and node:crypto for EdDSA. Both directions, with key binding.

const aud = 'https://verifier.example';
const nonce = 'interop-nonce-1234';
const NOW = Math.floor(Date.now() / 1000);

/** Their signer/verifier interface (base64url signatures over the signing-input string) on node:crypto Ed25519. */
function edPeer(secretJwk: Record<string, unknown>, publicJwk: Record<string, unknown>) {
  const priv = createPrivateKey({ key: secretJwk as never, format: 'jwk' });
  const pub = createPublicKey({ key: publicJwk as never, format: 'jwk' });
  return {
    signer: (data: string) => nodeSign(null, Buffer.from(data), priv).toString('base64url'),
    verifier: (data: string, sig: string) =>
      nodeVerify(null, Buffer.from(data), pub, Buffer.from(sig, 'base64url')),
  };
}

async function peers(alg: 'ES256' | 'EdDSA') {
  const type = alg === 'ES256' ? ('P-256' as const) : ('Ed25519' as const);
  const issuer = generateKeyPair(type);
  const holder = generateKeyPair(type);
  const issuerPub = publicKeyToJwk(type, issuer.publicKey) as unknown as Record<string, unknown>;
  const holderPub = publicKeyToJwk(type, holder.publicKey) as unknown as Record<string, unknown>;
  const issuerSec = secretKeyToJwk(issuer) as unknown as Record<string, unknown>;
  const holderSec = secretKeyToJwk(holder) as unknown as Record<string, unknown>;
  let theirIssuer: { signer: (d: string) => unknown; verifier: (d: string, s: string) => unknown };
  let theirHolder: { signer: (d: string) => unknown; verifier: (d: string, s: string) => unknown };
  if (alg === 'ES256') {
    theirIssuer = { signer: await ES256.getSigner(issuerSec), verifier: await ES256.getVerifier(issuerPub) };
    theirHolder = { signer: await ES256.getSigner(holderSec), verifier: await ES256.getVerifier(holderPub) };
  } else {
    theirIssuer = edPeer(issuerSec, issuerPub);
    theirHolder = edPeer(holderSec, holderPub);
  }
  const config = {
    signer: theirIssuer.signer as never,
    signAlg: alg,
    verifier: theirIssuer.verifier as never,
    hasher: digest,
    hashAlg: 'sha-256' as const,
    saltGenerator: generateSalt,
    kbSigner: theirHolder.signer as never,
    kbSignAlg: alg,
    kbVerifier: theirHolder.verifier as never,
  };
  return { type, issuer, holder, issuerPub, holderPub, config };
}

const claims = {
  given_name: 'Ada',
  family_name: 'Lovelace',
  age_over_18: true,
  address: { region: 'London', country: 'UK', street: '12 St James Sq' },
  nationalities: ['GB', 'FR'],
};

describe.each(['ES256', 'EdDSA'] as const)('interop with @sd-jwt/* (%s)', (alg) => {
  it('theirs issues an SD-JWT VC and presents with KB → we verify', async () => {
    const p = await peers(alg);
    const them = new SDJwtVcInstance(p.config);
    const credential = await them.issue(
      {
        iss: 'https://issuer.example',
        iat: NOW,
        vct: 'urn:example:pid',
        cnf: { jwk: p.holderPub },
        ...claims,
      },
      {
        _sd: ['given_name', 'family_name', 'age_over_18', 'address', 'nationalities'],
        address: { _sd: ['region', 'street'] },
        nationalities: { _sd: [0, 1] },
      } as never,
    );
    const presentation = await them.present(
      credential,
      { age_over_18: true, address: { region: true }, nationalities: { 1: true } } as never,
      { kb: { payload: { iat: NOW, aud, nonce } } },
    );
    const r = await verifySdJwtVc(presentation, {
      keyResolver: jwkKeyResolver(p.issuerPub),
      keyBinding: { aud, nonce },
    });
    expect(r.header.typ).toMatch(/^(dc|vc)\+sd-jwt$/);
    expect(r.claims).toMatchObject({
      age_over_18: true,
      address: { region: 'London', country: 'UK' },
      nationalities: ['FR'],
    });
    expect(r.claims.given_name).toBeUndefined();
    expect((r.claims.address as Record<string, unknown>).street).toBeUndefined();
    expect(r.holderKey?.type).toBe(p.type);
    // and their plain (non-VC) SD-JWT too, with the whole credential disclosed
    const plain = new SDJwtInstance(p.config);
    const sd = await plain.issue({ iss: 'https://issuer.example', cnf: { jwk: p.holderPub }, ...claims }, {
      _sd: ['given_name'],
    } as never);
    await expect(verifySdJwt(sd, { keyResolver: jwkKeyResolver(p.issuerPub) })).resolves.toMatchObject({
      claims: { given_name: 'Ada' },
    });
    // a tampered presentation of theirs fails with our codes
    const parts = presentation.split('~');
    await expectCode(
      verifySdJwtVc([parts[0], ...parts.slice(1, -1).reverse(), parts.at(-1)].join('~'), {
        keyResolver: jwkKeyResolver(p.issuerPub),
        keyBinding: { aud, nonce },
      }),
      'ERR_SD_JWT_SD_HASH',
    );
  });

  it('we issue an SD-JWT VC and present with KB → theirs verifies', async () => {
    const p = await peers(alg);
    const vc = await issueSdJwtVc({
      signer: createSigner(p.issuer),
      vct: 'urn:example:pid',
      iss: 'https://issuer.example',
      iat: NOW,
      exp: NOW + 3600,
      cnf: { jwk: p.holderPub },
      claims,
      disclosureFrame: {
        _sd: ['given_name', 'family_name', 'age_over_18', 'address', 'nationalities'],
        address: { _sd: ['region', 'street'], _sd_decoy: 1 },
        nationalities: { _sd: [0, 1], _sd_decoy: 1 },
        _sd_decoy: 2,
      },
    });
    const vp = await presentSdJwt(
      vc,
      { age_over_18: true, address: { region: true }, nationalities: { 1: true } },
      { keyBinding: { signer: createSigner(p.holder), aud, nonce } },
    );
    const them = new SDJwtVcInstance(p.config);
    const result = await them.verify(vp, {
      keyBindingNonce: nonce,
      requiredClaimKeys: ['age_over_18'],
    } as never);
    expect(result.payload).toMatchObject({
      vct: 'urn:example:pid',
      age_over_18: true,
      address: { region: 'London', country: 'UK' },
      nationalities: ['FR'],
    });
    expect((result.payload as Record<string, unknown>).given_name).toBeUndefined();
    expect(result.kb?.payload.sd_hash).toBeTypeOf('string');
    // the whole credential, all disclosures: their holder-side decoding sees every claim
    const all = await them.getClaims(vc);
    expect(all).toMatchObject(claims);
    // and a presentation they make from our credential verifies with us
    const theirVp = await them.present(vc, { given_name: true } as never, {
      kb: { payload: { iat: NOW, aud, nonce } },
    });
    const r = await verifySdJwtVc(theirVp, {
      keyResolver: jwkKeyResolver(publicKeyToJwk(p.type, p.issuer.publicKey)),
      keyBinding: { aud, nonce },
    });
    expect(r.claims.given_name).toBe('Ada');
    expect(r.claims.family_name).toBeUndefined();
  });

  it('we issue with sha-512 `_sd_alg` → theirs verifies', async () => {
    const p = await peers(alg);
    const sd = await issueSdJwt({
      signer: createSigner(p.issuer),
      payload: { iss: 'https://issuer.example', ...claims },
      disclosureFrame: { _sd: ['given_name', 'family_name'] },
      sdAlg: 'sha-512',
    });
    const them = new SDJwtInstance(p.config);
    const res = await them.verify(await presentSdJwt(sd, { family_name: true }));
    expect(res.payload).toMatchObject({ family_name: 'Lovelace' });
    expect((res.payload as Record<string, unknown>).given_name).toBeUndefined();
  });
});

it('jwkToKeyPair accepts the keys used above (sanity of the shared JWK format)', () => {
  const kp = generateKeyPair('P-256');
  expect(jwkToKeyPair(secretKeyToJwk(kp)).publicKey).toEqual(kp.publicKey);
});
