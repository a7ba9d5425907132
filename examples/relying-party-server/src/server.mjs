// The relying party's HTTP server (Fastify): anonymous registration and login with RealDID.
//
//   GET  /rp                     the site: its DID, name and the claims it asks for
//   POST /rp/register/request    a signed presentation request with a one-time nonce
//   POST /rp/register            { response } -> the new account: pairwise DID + the claims asked for
//                                (verified in this thread, or on the worker threads of a
//                                VerifierPool when `startVerifierPool` is given: see ./verifierPool.mjs)
//   POST /rp/login/challenge     a signed login challenge with a one-time nonce
//   POST /rp/login               { response } -> a session for the pairwise DID
//   GET  /rp/me                  the account of the session (Authorization: Bearer <session>)
//
// For wallets that cannot reach the ledger themselves (browsers), the server also mounts the
// RealDID gateway (@realdid/gateway's createGateway) in front of its ledger, the API that
// @realdid/ledger-http's HttpLedger talks to, and — standing in for the real-name authority's
// own service — enrolment:
//
//   GET  /v1/…, POST /v1/append|batch   the gateway's ledger API (reads open, appends verified)
//   GET  /1.0/identifiers/:did          the gateway's Universal Resolver driver
//   POST /authority/enrol               { evidence, holderKeys } -> { credentials }
//
// The same enrolment and registration over OpenID4VCI and OpenID4VP + DCQL: see ./openid4vc.mjs.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { base64urlEncode, isRealDidError, randomBytes } from '@realdid/crypto';
import { createGateway } from '@realdid/gateway';
import { MemoryAccountStore, RelyingParty } from '@realdid/realname';
import Fastify from 'fastify';
import { mountOpenId4Vc } from './openid4vc.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/**
 * @param {{
 *   ledger: import('@realdid/ledger').LedgerClient,
 *   world: Awaited<ReturnType<typeof import('./world.mjs').createWorld>>,
 *   site: { name: string, claims: import('@realdid/realname').RealNameClaim[], allowedClaims?: import('@realdid/realname').RealNameClaim[], origins?: string[] },
 *   staticDir?: string,
 *   logger?: boolean,
 *   rpState?: import('@realdid/realname').RelyingPartyState,
 *   accounts?: import("@realdid/realname").AccountStore,
 *   nonceStore?: import("@realdid/realname").NonceStore,
 *   startVerifierPool?: (rp: import('@realdid/realname').RelyingParty) => Promise<import('@realdid/pool').VerifierPool>,
 * }} options
 */
export async function buildServer({
  ledger,
  world,
  site,
  staticDir,
  logger = false,
  rpState,
  accounts = new MemoryAccountStore(),
  nonceStore,
  startVerifierPool,
}) {
  const rpOptions = {
    ledger,
    registryDid: world.registry.did,
    traceCommittee: world.committee.committeeId,
    accounts,
    ...(nonceStore ? { nonceStore } : {}),
  };
  // A site keeps its DID across restarts: restore it when a saved state is given.
  const rp = rpState ? RelyingParty.restore(rpState, rpOptions) : await RelyingParty.create(rpOptions);
  // Registrations verify on the pool's threads (each with this relying party, restored over the
  // same shared stores) when one is started; everything else stays on this thread.
  const pool = startVerifierPool ? await startVerifierPool(rp) : undefined;
  const registrations = pool ?? rp;
  /**
   * Starts listening, then registers the site with the origin it serves from (plus `site.origins`):
   * wallets answer its requests only when they arrive from a registered origin.
   * @param {{ host: string, port: number }} options
   */
  const listen = async (options) => {
    const address = await app.listen(options);
    openId4Vc.start(new URL(address).origin);
    await world.registry.registerRelyingParty({
      rp: rp.did,
      name: site.name,
      allowedClaims: site.allowedClaims ?? site.claims,
      origins: [...new Set([new URL(address).origin, ...(site.origins ?? [])])],
    });
    return address;
  };
  /** @type {Map<string, { did: string, expires: number }>} */
  const sessions = new Map();

  const app = Fastify({ logger, bodyLimit: 256 * 1024 });
  // Runs once the server has stopped taking requests and answered those it had: the pool finishes
  // its accepted calls, then stops its threads.
  if (pool) app.addHook('onClose', () => pool.close());
  const openId4Vc = mountOpenId4Vc(app, { rp, pool, world, claims: site.claims });

  app.setErrorHandler((err, _req, reply) => {
    // The pool's own refusals (full queue, no answer in time, closing, a thread lost) are the
    // server's state, not the request's fault.
    if (isRealDidError(err) && err.code.startsWith('ERR_POOL_'))
      return reply.code(503).send({ error: { code: err.code, message: err.message } });
    if (isRealDidError(err)) return reply.code(400).send({ error: { code: err.code, message: err.message } });
    if (err.statusCode && err.statusCode < 500)
      return reply
        .code(err.statusCode)
        .send({ error: { code: err.code ?? 'ERR_BAD_REQUEST', message: err.message } });
    if (err instanceof TypeError || err instanceof RangeError)
      return reply.code(400).send({ error: { code: 'ERR_BAD_REQUEST', message: err.message } });
    app.log.error(err);
    return reply.code(500).send({ error: { code: 'ERR_INTERNAL', message: 'internal error' } });
  });

  const body = (req, field) => {
    const b = req.body;
    if (b === null || typeof b !== 'object' || Array.isArray(b) || !(field in b))
      throw Object.assign(new Error(`expected a JSON object with "${field}"`), {
        statusCode: 400,
        code: 'ERR_BAD_REQUEST',
      });
    return b[field];
  };

  // A real wallet ships with its trust anchor (the registry authority's DID); the example page
  // is provisioned with it from here.
  app.get('/wallet-config', async () => ({ registryDid: world.registry.did }));
  app.get('/rp', async () => ({ did: rp.did, name: site.name, claims: site.claims }));
  app.post('/rp/register/request', async () => rp.createRequest(site.claims));
  app.post('/rp/register', async (req) => {
    const account = await registrations.verifyRegistration(body(req, 'response'));
    if (pool)
      req.log.info({ verifierThreads: pool.stats().workers }, 'registration verified on the verifier pool');
    return { did: account.did, claims: account.claims };
  });
  app.post('/rp/login/challenge', async () => rp.createLoginChallenge());
  app.post('/rp/login', async (req) => {
    const account = await rp.verifyLogin(body(req, 'response'));
    const session = base64urlEncode(randomBytes(32));
    sessions.set(session, { did: account.did, expires: Date.now() + 3600_000 });
    return { did: account.did, session };
  });
  app.get('/rp/me', async (req, reply) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const s = token ? sessions.get(token) : undefined;
    if (!s || s.expires < Date.now())
      return reply.code(401).send({ error: { code: 'ERR_UNAUTHENTICATED', message: 'no valid session' } });
    const account = await accounts.get(s.did);
    return { did: s.did, claims: account?.claims ?? {} };
  });

  // The gateway is a Fastify instance of its own (its limits, errors and logs); the routes it
  // serves are handed to it unparsed, with the client's address so that its rate limit is per
  // client, and its answer is passed back as is.
  const gateway = await createGateway({ ledger, logger });
  app.addHook('onClose', () => gateway.close());
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, raw, done) => done(null, raw));
    const forward = async (req, reply) => {
      const res = await gateway.inject({
        method: req.method,
        url: req.url,
        headers: req.headers,
        remoteAddress: req.ip,
        ...(req.body === undefined ? {} : { payload: req.body }),
      });
      const headers = { ...res.headers };
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      delete headers.connection;
      return reply.code(res.statusCode).headers(headers).send(res.rawPayload);
    };
    scope.route({ method: ['GET', 'POST'], url: '/v1/*', handler: forward });
    scope.route({ method: 'GET', url: '/1.0/identifiers/*', handler: forward });
  });
  app.post('/authority/enrol', async (req) => {
    const credentials = await world.authority.enrol({
      evidence: body(req, 'evidence'),
      holderKeys: body(req, 'holderKeys'),
    });
    return { credentials };
  });

  if (staticDir) {
    app.get('/*', async (req, reply) => {
      const rel = normalize(decodeURIComponent(req.params['*'] || 'index.html')).replace(/^(\.\.[/\\])+/, '');
      try {
        const data = await readFile(join(staticDir, rel));
        return reply.type(TYPES[extname(rel)] ?? 'application/octet-stream').send(data);
      } catch {
        return reply.code(404).send({ error: { code: 'ERR_NOT_FOUND', message: 'not found' } });
      }
    });
  }

  return { app, rp, sessions, listen, verifierThreads: pool ? pool.stats().workers : 0 };
}
