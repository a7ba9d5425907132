import { isRealDidError } from '@realdid/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allHostileValues } from '../../../test-support/hostile.js';
import {
  createAuthorizationRequest,
  createCredentialIssuer,
  createMemoryStore,
  createVpToken,
  parseCredentialOffer,
  verifyAuthorizationRequest,
  verifyAuthorizationResponse,
} from '../src/index.js';
import { AGE_QUERY, RESPONSE_URI, setup } from './helpers.js';

async function codeOf(p: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await p();
    return 'accepted';
  } catch (e) {
    if (isRealDidError(e)) return e.code;
    throw e;
  }
}

describe('untrusted input gets a coded error, never a crash', () => {
  it('verifyAuthorizationRequest, verifyAuthorizationResponse, parseCredentialOffer', async () => {
    const s = await setup();
    const { transaction } = await createAuthorizationRequest({
      clientId: `redirect_uri:${RESPONSE_URI}`,
      responseMode: 'direct_post',
      responseUri: RESPONSE_URI,
      dcqlQuery: AGE_QUERY,
    });
    const vOpts = {
      transaction,
      replayStore: createMemoryStore(),
      keyResolver: s.keyResolver,
      requireStatusCheck: false,
    };
    for (const v of allHostileValues()) {
      expect(await codeOf(() => verifyAuthorizationRequest(v as never, { resolver: s.resolver }))).toMatch(
        /^ERR_OID4VC_/,
      );
      expect(
        await codeOf(() => verifyAuthorizationRequest({ request: v } as never, { resolver: s.resolver })),
      ).toMatch(/^ERR_OID4VC_/);
      expect(await codeOf(() => verifyAuthorizationResponse(v as never, vOpts))).toMatch(/^ERR_OID4VC_/);
      expect(
        await codeOf(() => verifyAuthorizationResponse({ vp_token: v, state: transaction.state }, vOpts)),
      ).toMatch(/^ERR_OID4VC_/);
      expect(await codeOf(() => parseCredentialOffer(v))).toMatch(/^ERR_OID4VC_/);
    }
  });

  it('issuer handlers answer 4xx to anything', async () => {
    const issuer = createCredentialIssuer({
      credentialIssuer: 'https://authority.example',
      configurations: { c: { format: 'dc+sd-jwt', vct: 'urn:x' } },
      issue: async () => 'x',
    });
    for (const v of allHostileValues()) {
      for (const req of [
        v,
        { body: v },
        { headers: v, body: v },
        { headers: { authorization: v }, body: {} },
      ]) {
        expect((await issuer.token(req as never)).status).toBe(400);
        expect((await issuer.credential(req as never)).status).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('random request objects and responses are refused with a code', async () => {
    const s = await setup();
    const { transaction } = await createAuthorizationRequest({
      clientId: `redirect_uri:${RESPONSE_URI}`,
      responseMode: 'direct_post',
      responseUri: RESPONSE_URI,
      dcqlQuery: AGE_QUERY,
    });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string(), async (j, str) => {
        const vOpts = {
          transaction,
          replayStore: createMemoryStore(),
          keyResolver: s.keyResolver,
          requireStatusCheck: false,
        };
        expect(
          await codeOf(() => verifyAuthorizationResponse({ vp_token: j, state: transaction.state }, vOpts)),
        ).toMatch(/^ERR_OID4VC_/);
        expect(
          await codeOf(() => verifyAuthorizationRequest({ request: str }, { resolver: s.resolver })),
        ).toMatch(/^ERR_OID4VC_/);
        expect(await codeOf(() => verifyAuthorizationRequest(j as never, { requireSigned: false }))).toMatch(
          /^ERR_OID4VC_/,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('mutations of a valid response are refused', () => {
  it('any one-character change to the presentation or the state', async () => {
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
    const vp = vpToken.pid?.[0] as string;
    const opts = () => ({
      transaction,
      replayStore: createMemoryStore(),
      keyResolver: s.keyResolver,
      requireStatusCheck: false,
    });
    // The unmutated response passes with the same options.
    await expect(
      verifyAuthorizationResponse({ vp_token: vpToken, state: request.state }, opts()),
    ).resolves.toBeTruthy();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    await fc.assert(
      fc.asyncProperty(fc.nat(vp.length - 1), fc.constantFrom(...alphabet), async (i, c) => {
        fc.pre(vp[i] !== c);
        const mutated = `${vp.slice(0, i)}${c}${vp.slice(i + 1)}`;
        const code = await codeOf(() =>
          verifyAuthorizationResponse({ vp_token: { pid: [mutated] }, state: request.state }, opts()),
        );
        expect(code).toMatch(/^ERR_OID4VC_/);
      }),
      { numRuns: 150 },
    );
    const stateFlip = `${request.state?.slice(0, -1)}${request.state?.endsWith('A') ? 'B' : 'A'}`;
    expect(
      await codeOf(() => verifyAuthorizationResponse({ vp_token: vpToken, state: stateFlip }, opts())),
    ).toBe('ERR_OID4VC_STATE');
  });
});
