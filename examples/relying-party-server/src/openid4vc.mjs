// Enrolment and registration over the standard protocols, next to the native routes:
//
//   the real-name authority's OpenID4VCI issuer (pre-authorized code + transaction code, batch):
//   POST /authority/offer                             { evidence } -> { offerUri, txCode }
//        (stands in for the authority's front office: it checks the person, then hands out the
//        offer, and the transaction code out of band — here both come back to the page)
//   GET  /.well-known/openid-credential-issuer/authority   Credential Issuer Metadata
//   GET  /.well-known/oauth-authorization-server/authority Authorization Server Metadata
//   POST /authority/token                             the token endpoint (form)
//   POST /authority/nonce                             a fresh c_nonce
//   POST /authority/credential                        proofs of possession in, the batch out
//
//   the site's OpenID4VP verifier (JAR signed by its did:realdid, DCQL, direct_post.jwt):
//   POST /rp/openid4vp/request                        -> { params } for the wallet
//   POST /rp/openid4vp/response/:id                   the wallet's direct_post (form) -> { redirect_uri }
//   GET  /rp/openid4vp/result/:code                   the account the response registered (once)
//   (with VERIFIER_THREADS, responses are verified on the VerifierPool's threads, as the native
//   registrations are: see ./verifierPool.mjs)
import { base64urlEncode, randomBytes } from '@realdid/crypto';
import { createEnrolmentIssuer } from '@realdid/realname/openid4vc';

/** How long a transaction and a result are kept, in milliseconds. */
const TTL_MS = 300_000;

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{
 *   rp: import('@realdid/realname').RelyingParty,
 *   pool?: import('@realdid/pool').VerifierPool,
 *   world: Awaited<ReturnType<typeof import('./world.mjs').createWorld>>,
 *   claims: import('@realdid/realname').RealNameClaim[],
 * }} options
 * @returns {{ start(origin: string): void }} call `start` with the origin the server listens on
 */
export function mountOpenId4Vc(app, { rp, pool, world, claims }) {
  /** @type {ReturnType<typeof createEnrolmentIssuer> | undefined} */
  let issuer;
  /** @type {string | undefined} */
  let origin;
  /** @type {Map<string, { transaction: import('@realdid/openid4vc').VerifierTransaction, expires: number }>} */
  const transactions = new Map();
  /** @type {Map<string, { account: { did: string, claims: object }, expires: number }>} */
  const results = new Map();
  const sweep = (/** @type {Map<string, { expires: number }>} */ m) => {
    const now = Date.now();
    for (const [k, v] of m) if (v.expires < now) m.delete(k);
  };
  const started = () => {
    if (issuer === undefined || origin === undefined)
      throw Object.assign(new Error('not listening yet'), { statusCode: 503, code: 'ERR_NOT_READY' });
    return { issuer, origin };
  };
  const send = (reply, r) => reply.code(r.status).headers(r.headers).send(r.body);

  app.register(async (scope) => {
    // OAuth endpoints take form parameters (the token endpoint, the wallet's direct_post).
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 256 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body))),
    );

    scope.post('/authority/offer', async (req) => {
      const evidence = req.body?.evidence;
      const { offerUri, txCode } = await started().issuer.createOffer(evidence);
      return { offerUri, txCode };
    });
    scope.get('/.well-known/openid-credential-issuer/authority', async () => started().issuer.metadata());
    scope.get('/.well-known/oauth-authorization-server/authority', async () =>
      started().issuer.authorizationServerMetadata(),
    );
    scope.post('/authority/token', async (req, reply) =>
      send(reply, await started().issuer.token({ body: req.body })),
    );
    scope.post('/authority/nonce', async (_req, reply) => send(reply, await started().issuer.nonce()));
    scope.post('/authority/credential', async (req, reply) =>
      send(
        reply,
        await started().issuer.credential({
          headers: { authorization: req.headers.authorization },
          body: req.body,
        }),
      ),
    );

    scope.post('/rp/openid4vp/request', async () => {
      const id = base64urlEncode(randomBytes(16));
      const { params, transaction } = await rp.createAuthorizationRequest(claims, {
        responseUri: `${started().origin}/rp/openid4vp/response/${id}`,
        responseMode: 'direct_post.jwt',
      });
      sweep(transactions);
      // the transaction holds the response decryption key: it stays on the server
      transactions.set(id, { transaction, expires: Date.now() + TTL_MS });
      return { params };
    });
    scope.post('/rp/openid4vp/response/:id', async (req, reply) => {
      const t = transactions.get(req.params.id);
      if (t === undefined || t.expires < Date.now())
        return reply
          .code(400)
          .send({ error: 'invalid_request', error_description: 'unknown or expired request' });
      // a replayed post reaches verifyAuthorizationResponse again, which refuses its spent nonce;
      // with VERIFIER_THREADS, on one of the pool's threads (the transaction goes with the response)
      const account = await (pool ?? rp).verifyAuthorizationResponse(req.body ?? {}, {
        transaction: t.transaction,
      });
      if (pool)
        req.log.info({ verifierThreads: pool.stats().workers }, 'registration verified on the verifier pool');
      const code = base64urlEncode(randomBytes(16));
      sweep(results);
      results.set(code, {
        account: { did: account.did, claims: account.claims },
        expires: Date.now() + TTL_MS,
      });
      return { redirect_uri: `${started().origin}/#response_code=${code}` };
    });
    scope.get('/rp/openid4vp/result/:code', async (req, reply) => {
      const r = results.get(req.params.code);
      results.delete(req.params.code);
      if (r === undefined || r.expires < Date.now())
        return reply.code(404).send({ error: { code: 'ERR_NOT_FOUND', message: 'no such result' } });
      return r.account;
    });
  });

  return {
    start(listeningOrigin) {
      origin = listeningOrigin;
      issuer = createEnrolmentIssuer({
        authority: world.authority,
        identityVerifier: world.identityVerifier,
        credentialIssuer: `${listeningOrigin}/authority`,
      });
    },
  };
}
