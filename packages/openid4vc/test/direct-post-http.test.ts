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
let lastRefusal = '';

beforeAll(async () => {
  s = await setup();
  server = createServer((req, res) => {
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
