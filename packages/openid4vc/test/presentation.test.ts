import { describe, expect, it } from 'vitest';
import {
  createAuthorizationRequest,
  createAuthorizationResponse,
  createMemoryStore,
  createVpToken,
  type ResponseMode,
  verifyAuthorizationRequest,
  verifyAuthorizationResponse,
} from '../src/index.js';
import { AGE_QUERY, expectCode, RESPONSE_URI, setup } from './helpers.js';

describe('OpenID4VP round trip with a decentralized_identifier: client', () => {
  for (const responseMode of ['direct_post', 'direct_post.jwt', 'dc_api', 'dc_api.jwt'] as ResponseMode[]) {
    it(`${responseMode}: signed request, exactly the requested claims, verified`, async () => {
      const s = await setup();
      const dcApi = responseMode.startsWith('dc_api');
      const { params, transaction, requestObject } = await createAuthorizationRequest({
        clientId: `decentralized_identifier:${s.rpDid}`,
        signer: s.rpSigner,
        kid: s.rpKid,
        responseMode,
        ...(dcApi
          ? { expectedOrigins: ['https://rp.example'], origin: 'https://rp.example' }
          : { responseUri: RESPONSE_URI }),
        dcqlQuery: AGE_QUERY,
      });
      expect(requestObject?.split('.')).toHaveLength(3);
      const request = await verifyAuthorizationRequest(params, {
        resolver: s.resolver,
        ...(dcApi ? { origin: 'https://rp.example' } : {}),
      });
      expect(request.clientDid).toBe(s.rpDid);
      expect(request.signed).toBe(true);
      expect(request.audience).toBe(
        dcApi ? 'origin:https://rp.example' : `decentralized_identifier:${s.rpDid}`,
      );
      const other = await s.issue({ age_over_18: false });
      const { vpToken, used } = await createVpToken(request, {
        credentials: [other, s.credential],
        holderSigner: () => s.holderSigner,
      });
      expect(used.pid).toBe(1);
      const response = await createAuthorizationResponse(request, vpToken);
      if (responseMode.endsWith('.jwt')) expect(Object.keys(response)).toEqual(['response']);
      const out = await verifyAuthorizationResponse(JSON.parse(JSON.stringify(response)), {
        transaction,
        replayStore: createMemoryStore(),
        keyResolver: s.keyResolver,
        requireStatusCheck: false,
      });
      const claims = out.presentations.pid?.[0]?.claims;
      expect(claims?.age_over_18).toBe(true);
      expect(claims?.address).toEqual({ region: 'Beijing' });
      expect(claims?.given_name).toBeUndefined();
      expect(claims?.birthdate).toBeUndefined();
      const kbIat = out.presentations.pid?.[0]?.keyBinding?.payload.iat as number;
      expect(kbIat % 60).toBe(0); // the device clock reaches the site to the minute only
    });
  }

  it('an unsigned dc_api request: the audience is origin:<origin>', async () => {
    const s = await setup();
    const { params, transaction, protocol } = await createAuthorizationRequest({
      responseMode: 'dc_api',
      origin: 'https://rp.example',
      dcqlQuery: AGE_QUERY,
    });
    expect(protocol).toBe('openid4vp-v1-unsigned');
    await expectCode(
      verifyAuthorizationRequest(params, { origin: 'https://rp.example' }),
      'ERR_OID4VC_REQUEST_UNSIGNED',
    );
    const request = await verifyAuthorizationRequest(params, {
      origin: 'https://rp.example',
      requireSigned: false,
    });
    expect(request.audience).toBe('origin:https://rp.example');
    const { vpToken } = await createVpToken(request, {
      credentials: [s.credential],
      holderSigner: () => s.holderSigner,
    });
    const response = await createAuthorizationResponse(request, vpToken);
    const out = await verifyAuthorizationResponse(response, {
      transaction,
      replayStore: createMemoryStore(),
      keyResolver: s.keyResolver,
      requireStatusCheck: false,
    });
    expect(out.presentations.pid).toHaveLength(1);
  });

  it('redirect_uri: client (unsigned, for tests) with direct_post', async () => {
    const s = await setup();
    const { params, transaction } = await createAuthorizationRequest({
      clientId: `redirect_uri:${RESPONSE_URI}`,
      responseMode: 'direct_post',
      responseUri: RESPONSE_URI,
      dcqlQuery: AGE_QUERY,
    });
    const request = await verifyAuthorizationRequest(params, { requireSigned: false });
    const { vpToken } = await createVpToken(request, {
      credentials: [s.credential],
      holderSigner: () => s.holderSigner,
    });
    const response = await createAuthorizationResponse(request, vpToken);
    const out = await verifyAuthorizationResponse(response, {
      transaction,
      replayStore: createMemoryStore(),
      keyResolver: s.keyResolver,
      requireStatusCheck: false,
    });
    expect(out.verified).toBe(true);
  });
});
