import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRealDidError } from '@realdid/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthorizationRequest,
  createAuthorizationResponse,
  createMemoryStore,
  createVpToken,
  submitAuthorizationResponse,
  type VerifierTransaction,
  verifyAuthorizationRequest,
  verifyAuthorizationResponse,
} from '../src/index.js';
import { AGE_QUERY, expectCode, setup } from './helpers.js';

// A relying party on 127.0.0.1: its response endpoint verifies what wallets post.
let server: Server;
let base = '';
let s: Awaited<ReturnType<typeof setup>>;
const transactions = new Map<string, VerifierTransaction>();
const replayStore = createMemoryStore();
const requestObjects = new Map<string, string>();
let lastRefusal = '';

beforeAll(async () => {
  s = await setup();
  server = createServer((req, res) => {
    const served = requestObjects.get(req.url ?? '');
    if (req.method === 'GET' && served !== undefined) {
      res.writeHead(200, { 'content-type': 'application/oauth-authz-req+jwt' }).end(served);
      return;
    }
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', async () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      const transaction = transactions.get(req.url ?? '');
      try {
        if (transaction === undefined) throw new Error('no transaction');
        await verifyAuthorizationResponse(form, {
          transaction,
          replayStore,
          keyResolver: s.keyResolver,
          requireStatusCheck: false,
        });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ redirect_uri: `${base}/done` }));
      } catch (e) {
        const code = isRealDidError(e) ? e.code : 'error';
        lastRefusal = code;
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'invalid_request', code }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('direct_post over HTTP on 127.0.0.1', () => {
  for (const responseMode of ['direct_post', 'direct_post.jwt'] as const) {
    it(`${responseMode}: the wallet posts, the RP verifies once; a replayed post is refused`, async () => {
      const path = `/post/${responseMode}`;
      const created = await createAuthorizationRequest({
        clientId: `decentralized_identifier:${s.rpDid}`,
        signer: s.rpSigner,
        kid: s.rpKid,
        responseMode,
        responseUri: `${base}${path}`,
        dcqlQuery: AGE_QUERY,
      });
      transactions.set(path, created.transaction);
      const request = await verifyAuthorizationRequest(created.params, { resolver: s.resolver });
      const { vpToken } = await createVpToken(request, {
        credentials: [s.credential],
        holderSigner: () => s.holderSigner,
      });
      const response = await createAuthorizationResponse(request, vpToken);
      expect(await submitAuthorizationResponse(request, response)).toEqual({ redirect_uri: `${base}/done` });
      await expectCode(submitAuthorizationResponse(request, response), 'ERR_OID4VC_RESPONSE_INVALID');
      expect(lastRefusal).toBe('ERR_OID4VC_REPLAY');
    });
  }
});

describe('request_uri over HTTP on 127.0.0.1', () => {
  it('the wallet fetches the signed request object by reference (only when given fetch)', async () => {
    const created = await createAuthorizationRequest({
      clientId: `decentralized_identifier:${s.rpDid}`,
      signer: s.rpSigner,
      kid: s.rpKid,
      responseMode: 'direct_post',
      responseUri: `${base}/post/by-reference`,
      dcqlQuery: AGE_QUERY,
    });
    requestObjects.set('/request/1', created.requestObject as string);
    const byReference = { client_id: created.params.client_id, request_uri: `${base}/request/1` };
    await expectCode(
      verifyAuthorizationRequest(byReference, { resolver: s.resolver }),
      'ERR_OID4VC_REQUEST_INVALID',
    );
    const request = await verifyAuthorizationRequest(byReference, {
      resolver: s.resolver,
      fetch: globalThis.fetch,
    });
    expect(request.nonce).toBe(created.transaction.nonce);
    await expectCode(
      verifyAuthorizationRequest(
        { ...byReference, client_id: 'decentralized_identifier:did:example:other' },
        { resolver: s.resolver, fetch: globalThis.fetch },
      ),
      'ERR_OID4VC_CLIENT_ID',
    );
    await expectCode(
      verifyAuthorizationRequest(
        { ...byReference, request_uri: `${base}/request/none` },
        { resolver: s.resolver, fetch: globalThis.fetch },
      ),
      'ERR_OID4VC_REQUEST_INVALID',
    );
  });
});
