// What a profile built on this package (realname over OpenID4VC) relies on: the protocol layer of
// response checks alone, extension response parameters (inside the JWE when encrypted), batch
// issuance in one call, loopback http endpoints, and well-known URLs of issuers with a path.
import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { issueSdJwtVc } from '@realdid/sd-jwt';
import { describe, expect, it } from 'vitest';
import {
  type CredentialIssuer,
  createAuthorizationRequest,
  createAuthorizationResponse,
  createCredentialIssuer,
  createVpToken,
  openAuthorizationResponse,
  parseCredentialOffer,
  requestCredentials,
  verifyAuthorizationRequest,
} from '../src/index.js';
import { AGE_QUERY, expectCode, setup, VCT } from './helpers.js';
import { fetchFor } from './issuerFixture.js';

async function answered(responseMode: 'direct_post' | 'direct_post.jwt') {
  const s = await setup();
  const created = await createAuthorizationRequest({
    clientId: `decentralized_identifier:${s.rpDid}`,
    signer: s.rpSigner,
    kid: s.rpKid,
    responseMode,
    responseUri: 'https://rp.example/post',
    dcqlQuery: AGE_QUERY,
  });
  const request = await verifyAuthorizationRequest(created.params, { resolver: s.resolver });
  const { vpToken } = await createVpToken(request, {
    credentials: [s.credential],
    holderSigner: () => s.holderSigner,
  });
  const response = await createAuthorizationResponse(request, vpToken, { ext_proof: 'proof-value' });
  return { created, request, vpToken, response };
}

describe('openAuthorizationResponse and extension parameters', () => {
  it('direct_post: the extension parameter travels next to vp_token; nothing is verified yet', async () => {
    const { created, vpToken, response } = await answered('direct_post');
    expect(response).toMatchObject({ ext_proof: 'proof-value' });
    const opened = await openAuthorizationResponse(
      { ...(response as Record<string, unknown>), vp_token: JSON.stringify(vpToken) },
      created.transaction,
    );
    expect(opened.vpToken).toEqual(vpToken);
    expect(opened.params.ext_proof).toBe('proof-value');
    // a state that is not well-formed UTF-16 is a wrong state, not a crash
    await expectCode(
      openAuthorizationResponse(
        { ...(response as Record<string, unknown>), state: '\ud800' },
        created.transaction,
      ),
      'ERR_OID4VC_STATE',
    );
    await expectCode(
      openAuthorizationResponse(
        { ...(response as Record<string, unknown>), vp_token: { other: ['x'] } },
        created.transaction,
      ),
      'ERR_OID4VC_RESPONSE_INVALID',
    );
  });

  it('direct_post.jwt: the extension parameter is inside the JWE, and comes out decrypted', async () => {
    const { created, response } = await answered('direct_post.jwt');
    expect(Object.keys(response)).toEqual(['response']);
    expect(JSON.stringify(response)).not.toContain('proof-value');
    const opened = await openAuthorizationResponse(response as Record<string, unknown>, created.transaction);
    expect(opened.params.ext_proof).toBe('proof-value');
    await expectCode(
      openAuthorizationResponse({ vp_token: '{}', state: created.transaction.state }, created.transaction),
      'ERR_OID4VC_RESPONSE_ENCRYPTION',
    );
  });

  it('extensions cannot replace vp_token, state or response, and are strings', async () => {
    const { request, vpToken } = await answered('direct_post');
    for (const k of ['vp_token', 'state', 'response'])
      await expect(createAuthorizationResponse(request, vpToken, { [k]: 'x' })).rejects.toThrow(TypeError);
    await expect(createAuthorizationResponse(request, vpToken, { a: 1 } as never)).rejects.toThrow(TypeError);
  });
});

describe('issuance hooks', () => {
  const iss = 'http://127.0.0.1:9/tenant';

  const routed = (issuer: CredentialIssuer, log: string[]) => fetchFor(issuer, log, { iss });

  it('issueBatch signs the whole batch in one call; metadata of an issuer with a path is looked up before the path', async () => {
    const key = generateKeyPair('Ed25519');
    const calls: number[] = [];
    const issuer = createCredentialIssuer({
      credentialIssuer: iss,
      configurations: { realname: { format: 'dc+sd-jwt', vct: VCT } },
      issueBatch: async ({ cnfs }) => {
        calls.push(cnfs.length);
        return Promise.all(
          cnfs.map((cnf) =>
            issueSdJwtVc({ signer: createSigner(key), vct: VCT, iss, cnf, claims: { a: 1 } }),
          ),
        );
      },
    });
    const { offerUri, txCode } = issuer.createOffer({ configurationIds: ['realname'], subject: {} });
    expect(parseCredentialOffer(offerUri).credential_issuer).toBe(iss);
    const holderKeys = [1, 2, 3].map(() => {
      const k = generateKeyPair('Ed25519');
      return {
        signer: createSigner(k),
        jwk: publicKeyToJwk('Ed25519', k.publicKey) as unknown as Record<string, unknown>,
      };
    });
    const log: string[] = [];
    const creds = await requestCredentials({
      offer: offerUri,
      txCode: txCode as string,
      holderKeys,
      fetch: routed(issuer, log),
    });
    expect(creds).toHaveLength(3);
    expect(calls).toEqual([3]);
    expect(log[0]).toBe('http://127.0.0.1:9/.well-known/openid-credential-issuer/tenant');
  });

  it('issue and issueBatch: exactly one; a batch of the wrong length is a server error', async () => {
    const base = {
      credentialIssuer: 'https://a.example',
      configurations: { c: { format: 'dc+sd-jwt' as const, vct: VCT } },
    };
    expect(() => createCredentialIssuer(base as never)).toThrow(TypeError);
    expect(() =>
      createCredentialIssuer({ ...base, issue: async () => 'x', issueBatch: async () => ['x'] }),
    ).toThrow(TypeError);
    const short = createCredentialIssuer({ ...base, credentialIssuer: iss, issueBatch: async () => [] });
    const { offerUri, txCode } = short.createOffer({ configurationIds: ['c'], subject: {} });
    const k = generateKeyPair('Ed25519');
    const holderKeys = [
      {
        signer: createSigner(k),
        jwk: publicKeyToJwk('Ed25519', k.publicKey) as unknown as Record<string, unknown>,
      },
    ];
    // the handler throws (a server bug, not the wallet's fault); the wallet sees the call fail
    const err = await requestCredentials({
      offer: offerUri,
      txCode: txCode as string,
      holderKeys,
      fetch: routed(short, []),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OID4VC_CREDENTIAL' });
    expect((err as Error).cause).toBeInstanceOf(TypeError);
  });

  it('http endpoints only on the loopback', () => {
    const c = { configurations: { c: { format: 'dc+sd-jwt' as const, vct: VCT } }, issue: async () => 'x' };
    for (const ok of ['http://127.0.0.1:8080', 'http://localhost:3000/x', 'https://a.example/t'])
      expect(() => createCredentialIssuer({ ...c, credentialIssuer: ok })).not.toThrow();
    for (const bad of [
      'http://a.example',
      'http://127.0.0.2',
      'https://u:p@a.example',
      'https://a.example/',
      'ftp://a',
    ])
      expect(() => createCredentialIssuer({ ...c, credentialIssuer: bad })).toThrow(TypeError);
    expect(() =>
      parseCredentialOffer({ credential_issuer: 'http://a.example', credential_configuration_ids: ['c'] }),
    ).toThrow(expect.objectContaining({ code: 'ERR_OID4VC_OFFER_INVALID' }));
  });
});
