import { createSigner, generateKeyPair, publicKeyToDidKey, publicKeyToJwk } from '@realdid/crypto';
import { decodeSdJwt, jwkKeyResolver, verifySdJwtVc } from '@realdid/sd-jwt';
import { describe, expect, it } from 'vitest';
import {
  type CredentialIssuer,
  type HolderKey,
  PRE_AUTHORIZED_CODE_GRANT,
  parseCredentialOffer,
  requestCredentials,
} from '../src/index.js';
import { signJwt } from '../src/internal/jws.js';
import { expectCode, VCT } from './helpers.js';
import { fetchFor, holderKeys, ISS, makeIssuer } from './issuerFixture.js';

describe('OpenID4VCI pre-authorized code flow', () => {
  it('issues a batch of one-time credentials, each bound to its own key', async () => {
    const { issuer, key, issued } = makeIssuer();
    const { offer, offerUri, txCode } = issuer.createOffer({
      configurationIds: ['realname'],
      subject: { age_over_18: true },
    });
    expect(txCode).toMatch(/^\d{6}$/);
    expect(JSON.stringify(offer)).not.toContain(txCode as string);
    expect(parseCredentialOffer(offerUri)).toEqual(offer);
    const keys = holderKeys(4);
    const creds = await requestCredentials({
      offer: offerUri,
      txCode: txCode as string,
      holderKeys: keys,
      fetch: fetchFor(issuer),
    });
    expect(creds).toHaveLength(4);
    expect(issued).toHaveLength(4);
    for (const [i, c] of creds.entries()) {
      const d = decodeSdJwt(c);
      expect(d.claims.cnf).toEqual({ jwk: keys[i]?.jwk });
      const v = await verifySdJwtVc(c, {
        keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', key.publicKey)),
        requireKeyBinding: false,
        requireStatusCheck: false,
      } as never);
      expect(v.claims.age_over_18).toBe(true);
    }
    // The code is spent.
    await expectCode(
      requestCredentials({
        offer,
        txCode: txCode as string,
        holderKeys: holderKeys(1),
        fetch: fetchFor(issuer),
      }),
      'ERR_OID4VC_TOKEN',
    );
  });

  it('a did:key holder key and an offer without transaction code', async () => {
    const { issuer } = makeIssuer();
    const { offer, txCode } = issuer.createOffer({
      configurationIds: ['realname'],
      subject: { a: 1 },
      txCode: false,
    });
    expect(txCode).toBeUndefined();
    const kp = generateKeyPair('Ed25519');
    const did = publicKeyToDidKey('Ed25519', kp.publicKey);
    const [c] = await requestCredentials({
      offer,
      holderKeys: [{ signer: createSigner(kp), kid: `${did}#${did.slice(8)}` }],
      fetch: fetchFor(issuer),
    });
    expect(decodeSdJwt(c as string).claims.cnf).toEqual({ kid: `${did}#${did.slice(8)}` });
  });

  it('a wrong transaction code is refused, and the code is revoked after three', async () => {
    const { issuer } = makeIssuer();
    const { offer, txCode } = issuer.createOffer({ configurationIds: ['realname'], subject: {} });
    const wrong = txCode === '000000' ? '000001' : '000000';
    for (let i = 0; i < 3; i++) {
      await expectCode(
        requestCredentials({ offer, txCode: wrong, holderKeys: holderKeys(1), fetch: fetchFor(issuer) }),
        'ERR_OID4VC_TOKEN',
      );
    }
    const code = (offer.grants as Record<string, Record<string, string>>)[PRE_AUTHORIZED_CODE_GRANT]?.[
      'pre-authorized_code'
    ];
    const r = await issuer.token({
      body: { grant_type: PRE_AUTHORIZED_CODE_GRANT, 'pre-authorized_code': code, tx_code: txCode },
    });
    expect(r.body.error).toBe('invalid_grant');
  });

  async function tokenAndNonce(issuer: CredentialIssuer) {
    const { offer, txCode } = issuer.createOffer({ configurationIds: ['realname'], subject: { x: 1 } });
    const code = (offer.grants as Record<string, Record<string, string>>)[PRE_AUTHORIZED_CODE_GRANT]?.[
      'pre-authorized_code'
    ];
    const t = await issuer.token({
      body: { grant_type: PRE_AUTHORIZED_CODE_GRANT, 'pre-authorized_code': code, tx_code: txCode },
    });
    expect(t.status).toBe(200);
    const n = await issuer.nonce();
    return { auth: `Bearer ${t.body.access_token}`, cNonce: n.body.c_nonce as string };
  }

  async function proof(k: HolderKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
    return signJwt(k.signer, { typ: 'openid4vci-proof+jwt', jwk: k.jwk, ...header }, claims);
  }

  it('proofs of possession: wrong nonce, replayed nonce, wrong audience, wrong typ, reused key, forged signature', async () => {
    const { issuer } = makeIssuer();
    const iat = Math.floor(Date.now() / 1000);
    const [k1, k2] = holderKeys(2) as [HolderKey, HolderKey];
    const send = async (auth: string, proofs: string[]) =>
      issuer.credential({
        headers: { authorization: auth },
        body: { credential_configuration_id: 'realname', proofs: { jwt: proofs } },
      });

    let s = await tokenAndNonce(issuer);
    let r = await send(s.auth, [await proof(k1, { aud: ISS, iat, nonce: 'not-a-c-nonce' })]);
    expect([r.status, r.body.error]).toEqual([400, 'invalid_nonce']);
    r = await send(s.auth, [await proof(k1, { aud: 'https://other.example', iat, nonce: s.cNonce })]);
    expect(r.body.error).toBe('invalid_proof');
    r = await send(s.auth, [await proof(k1, { aud: ISS, iat, nonce: s.cNonce }, { typ: 'JWT' })]);
    expect(r.body.error).toBe('invalid_proof');
    r = await send(s.auth, [await proof(k1, { aud: ISS, iat, nonce: s.cNonce }, { jwk: k2.jwk })]);
    expect(r.body.error).toBe('invalid_proof');
    const same = await proof(k1, { aud: ISS, iat, nonce: s.cNonce });
    r = await send(s.auth, [same, same]);
    expect(r.body.error).toBe('invalid_proof');
    // The refusals above did not spend the token or the nonce: the good request passes once.
    r = await send(s.auth, [
      await proof(k1, { aud: ISS, iat, nonce: s.cNonce }),
      await proof(k2, { aud: ISS, iat, nonce: s.cNonce }),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.credentials).toHaveLength(2);
    r = await send(s.auth, [await proof(k1, { aud: ISS, iat, nonce: s.cNonce })]);
    expect(r.status).toBe(401);
    s = await tokenAndNonce(issuer);
    const other = await tokenAndNonce(issuer);
    // A c_nonce already spent by another request is refused.
    await send(other.auth, [await proof(k1, { aud: ISS, iat, nonce: other.cNonce })]);
    r = await send(s.auth, [await proof(k1, { aud: ISS, iat, nonce: other.cNonce })]);
    expect(r.body.error).toBe('invalid_nonce');
    // More proofs than the batch size.
    r = await send(
      s.auth,
      await Promise.all(holderKeys(6).map((k) => proof(k, { aud: ISS, iat, nonce: s.cNonce }))),
    );
    expect(r.body.error).toBe('invalid_credential_request');
    r = await send('Bearer nope', [await proof(k1, { aud: ISS, iat, nonce: s.cNonce })]);
    expect(r.status).toBe(401);
  });

  it('SM2 proofs of possession are accepted only when proofAlgorithms lists SM2', async () => {
    const sm2 = generateKeyPair('SM2');
    const key: HolderKey = {
      signer: createSigner(sm2),
      jwk: publicKeyToJwk('SM2', sm2.publicKey) as unknown as Record<string, unknown>,
    };
    expect(key.signer.alg).toBe('SM2');
    const byDefault = makeIssuer();
    const refused = byDefault.issuer.createOffer({ configurationIds: ['realname'], subject: { a: 1 } });
    await expectCode(
      requestCredentials({
        offer: refused.offer,
        txCode: refused.txCode as string,
        holderKeys: [key],
        fetch: fetchFor(byDefault.issuer),
      }),
      'ERR_OID4VC_CREDENTIAL',
    );
    expect(byDefault.issued).toHaveLength(0);
    const gm = makeIssuer(['SM2']);
    const md = (
      gm.issuer.metadata().credential_configurations_supported as Record<string, Record<string, unknown>>
    ).realname as Record<string, unknown>;
    expect(md.proof_types_supported).toEqual({ jwt: { proof_signing_alg_values_supported: ['SM2'] } });
    const offered = gm.issuer.createOffer({ configurationIds: ['realname'], subject: { a: 1 } });
    const [c] = await requestCredentials({
      offer: offered.offer,
      txCode: offered.txCode as string,
      holderKeys: [key],
      fetch: fetchFor(gm.issuer),
    });
    expect(decodeSdJwt(c as string).claims.cnf).toEqual({ jwk: key.jwk });
    // An Ed25519 proof is refused by an issuer that lists only SM2.
    const other = gm.issuer.createOffer({ configurationIds: ['realname'], subject: { a: 1 } });
    await expectCode(
      requestCredentials({
        offer: other.offer,
        txCode: other.txCode as string,
        holderKeys: holderKeys(2).slice(1),
        fetch: fetchFor(gm.issuer),
      }),
      'ERR_OID4VC_CREDENTIAL',
    );
    for (const bad of [['RS256'], [], 'SM2', ['none'], [1]])
      expect(() => makeIssuer(bad as never)).toThrow(TypeError);
  });

  it('metadata documents name the endpoints and the batch size', () => {
    const { issuer } = makeIssuer();
    const md = issuer.metadata();
    expect(md).toMatchObject({
      credential_issuer: ISS,
      credential_endpoint: `${ISS}/credential`,
      nonce_endpoint: `${ISS}/nonce`,
      batch_credential_issuance: { batch_size: 5 },
    });
    expect((md.credential_configurations_supported as Record<string, unknown>).realname).toMatchObject({
      format: 'dc+sd-jwt',
      vct: VCT,
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256', 'ES256K'] } },
    });
    expect(issuer.authorizationServerMetadata()).toMatchObject({
      issuer: ISS,
      token_endpoint: `${ISS}/token`,
    });
  });
});
