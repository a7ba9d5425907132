import { checkTimeoutMs, TIMED_OUT, withTimeout } from '@realdid/crypto';
import { createResolutionCache, getResolver, Resolver } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createAuthorizer, DID_TOPIC } from './internal/authorize.js';
import { errorBody, HttpError, toHttpError } from './internal/errors.js';
import { ledgerRoutes } from './internal/ledgerRoutes.js';
import { Metrics } from './internal/Metrics.js';
import { RateLimiter } from './internal/RateLimiter.js';
import { type RegistrarOptions, universalRegistrarRoutes } from './internal/universalRegistrar.js';
import { universalResolverRoutes } from './internal/universalResolver.js';
import type { WriterRule } from './WriterRule.js';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** The ledger the gateway fronts (SQLite, EVM, memory, …). The gateway does not close it. */
  ledger: LedgerClient;
  /** The did:realdid network this ledger serves (default `main`). */
  network?: string;
  /** Who may append to topics that are not DID topics (default none: such appends are refused). */
  writers?: readonly WriterRule[];
  /** Accept did:realdid operations on DID topics, each verified against the DID's history (default true). */
  didTopics?: boolean;
  /** Largest request body in bytes (default 2 MiB). Larger bodies get 413 `ERR_GATEWAY_BODY_TOO_LARGE`. */
  bodyLimit?: number;
  /**
   * Requests per second and burst per client (by IP address; `trustProxy` decides which one),
   * or `false` for no limit. Default `{ perSecond: 100, burst: 200 }`. `/health` and `/metrics` are not limited.
   */
  rateLimit?: { perSecond: number; burst: number } | false;
  /** The longest a ledger call or a resolution may take, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** The longest a whole request may take, socket to answer, in milliseconds (default 30,000). */
  requestTimeoutMs?: number;
  /** Most entries per page of a topic read (default 1,000). */
  maxPageSize?: number;
  /** Most entries in one batch append (default 1,000). */
  maxBatchEntries?: number;
  /** Largest topic in which an entry is looked up by id, or whose DID history is read to check an operation (default 100,000). */
  maxScanEntries?: number;
  /** How long resolved DID documents (signing keys of writers, resolver answers) are cached, in ms (default 5,000; 0: no cache). */
  resolutionCacheTtlMs?: number;
  /** Fastify's logger option: `true` (JSON lines on stdout, the default), `false`, or pino options. */
  logger?: FastifyServerOptions['logger'];
  /** Fastify's `trustProxy` (default false): set it when the gateway runs behind a reverse proxy. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /**
   * The Universal Registrar driver for did:realdid (`POST /1.0/create|update|deactivate`): off
   * unless given. `{}` serves client-managed-secret mode only; `{ internalSecrets: true }` also
   * lets the gateway generate and hold keys (tests and demos only).
   */
  registrar?: RegistrarOptions;
}

function intOption(name: string, v: unknown, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`${name}: expected an integer`);
  if (v < min) throw new RangeError(`${name}: expected at least ${min}, found ${v}`);
  return v;
}

function checkWriters(v: unknown): readonly WriterRule[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new TypeError('options.writers: expected an array of rules');
  return v.map((r: unknown, i) => {
    const rule = r as WriterRule;
    if (rule === null || typeof rule !== 'object')
      throw new TypeError(`options.writers[${i}]: expected an object`);
    const t = rule.topic;
    if (typeof t !== 'string' && !(t instanceof RegExp) && typeof t !== 'function')
      throw new TypeError(`options.writers[${i}].topic: expected a string, RegExp or function`);
    if (
      !Array.isArray(rule.writers) ||
      !rule.writers.every((w) => typeof w === 'string' && w.startsWith('did:'))
    )
      throw new TypeError(`options.writers[${i}].writers: expected an array of DIDs`);
    return { topic: t, writers: [...rule.writers] };
  });
}

/**
 * Creates the RealDID gateway: a Fastify server in front of a `LedgerClient` (`@realdid/ledger`), with
 *
 * - the ledger API under `/v1/` (reads open; appends checked: DID operations must apply to the DID's
 *   history, other topics need a signed-append envelope from a configured writer);
 * - the Universal Resolver driver `GET /1.0/identifiers/{did}` (did:realdid on this ledger, did:key, did:jwk);
 * - optionally the Universal Registrar driver (`/1.0/create`, `/1.0/update`, `/1.0/deactivate`);
 * - `/health`, Prometheus `/metrics`, a per-client rate limit, body and time limits, coded JSON
 *   errors `{ "error": { "code", "message" } }` and structured (JSON) logs.
 *
 * The server is returned ready but not listening: call `listen({ host, port })`, and `close()` to stop it.
 *
 * @param options - see {@link GatewayOptions}
 * @returns the Fastify instance
 * @throws TypeError/RangeError on a malformed option
 * @example
 * ```ts
 * import { createGateway } from '@realdid/gateway';
 * import { MemoryLedger } from '@realdid/ledger';
 * const app = await createGateway({ ledger: new MemoryLedger(), logger: false });
 * const res = await app.inject({ method: 'GET', url: '/health' });
 * res.statusCode; // 200
 * await app.close();
 * ```
 */
export async function createGateway(options: GatewayOptions): Promise<FastifyInstance> {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const ledger = options.ledger;
  if (
    ledger === null ||
    typeof ledger !== 'object' ||
    typeof ledger.append !== 'function' ||
    typeof ledger.read !== 'function'
  )
    throw new TypeError('options.ledger: expected a LedgerClient');
  const network = options.network ?? 'main';
  if (typeof network !== 'string' || !/^[a-z0-9]{1,32}$/.test(network))
    throw new TypeError('options.network: expected a network name (a-z 0-9)');
  const writers = checkWriters(options.writers);
  const timeoutMs = checkTimeoutMs(options.timeoutMs, 10_000);
  const bodyLimit = intOption('options.bodyLimit', options.bodyLimit, 2 * 1024 * 1024, 1);
  const maxPageSize = intOption('options.maxPageSize', options.maxPageSize, 1_000, 1);
  const maxBatchEntries = intOption('options.maxBatchEntries', options.maxBatchEntries, 1_000, 1);
  const maxScanEntries = intOption('options.maxScanEntries', options.maxScanEntries, 100_000, 1);
  const requestTimeout = intOption('options.requestTimeoutMs', options.requestTimeoutMs, 30_000, 1);
  const ttl = intOption('options.resolutionCacheTtlMs', options.resolutionCacheTtlMs, 5_000, 0);
  const rl = options.rateLimit ?? { perSecond: 100, burst: 200 };
  let limiter: RateLimiter | undefined;
  if (rl !== false) {
    if (rl === null || typeof rl !== 'object')
      throw new TypeError('options.rateLimit: expected an object or false');
    if (!(rl.perSecond > 0) || !(rl.burst >= 1))
      throw new RangeError('options.rateLimit: expected perSecond > 0 and burst >= 1');
    limiter = new RateLimiter(rl.perSecond, rl.burst);
  }

  const networks = { [network]: ledger };
  const cache = ttl > 0 ? createResolutionCache({ ttlMs: ttl, maxEntries: 10_000 }) : undefined;
  const resolver = new Resolver(getResolver({ networks, cache: cache ?? false, timeoutMs }));
  const authorizer = createAuthorizer({
    ledger,
    network,
    resolver,
    writers,
    didTopics: options.didTopics ?? true,
    timeoutMs,
    maxTopicEntries: maxScanEntries,
  });
  const metrics = new Metrics();
  // This process wrote it: its own cached resolutions of the DID are stale at once.
  const appended = (topic: string) => {
    if (cache !== undefined && DID_TOPIC.test(topic))
      cache.delete(network === 'main' ? `did:realdid:${topic}` : `did:realdid:${network}:${topic}`);
  };

  const app = Fastify({
    logger: options.logger ?? true,
    bodyLimit,
    requestTimeout,
    connectionTimeout: requestTimeout,
    routerOptions: { maxParamLength: 16_384 },
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (req, reply) => {
    if (limiter === undefined || req.url === '/health' || req.url === '/metrics') return;
    const wait = limiter.take(req.ip);
    if (wait > 0) {
      const e = new HttpError(429, 'ERR_GATEWAY_RATE_LIMITED', 'too many requests', {
        'retry-after': String(wait),
      });
      reply.code(429).header('retry-after', String(wait)).send(errorBody(e));
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    metrics.request(
      req.routeOptions.url ?? 'unmatched',
      req.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((err, req, reply) => {
    let e: HttpError;
    const fe = err as { code?: unknown; statusCode?: unknown };
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      e = new HttpError(413, 'ERR_GATEWAY_BODY_TOO_LARGE', `the request body exceeds ${bodyLimit} bytes`);
    else if (
      typeof fe.code === 'string' &&
      fe.code.startsWith('FST_ERR') &&
      typeof fe.statusCode === 'number' &&
      fe.statusCode < 500
    )
      e = new HttpError(fe.statusCode === 415 ? 415 : 400, 'ERR_GATEWAY_BAD_REQUEST', 'malformed request');
    else if (err instanceof SyntaxError)
      e = new HttpError(400, 'ERR_GATEWAY_BAD_REQUEST', 'the body is not JSON');
    else e = toHttpError(err);
    if (e.status >= 500) req.log.error({ err, code: e.code }, 'request failed');
    else req.log.info({ code: e.code, status: e.status }, 'request refused');
    reply.code(e.status).headers(e.headers).header('content-type', 'application/json').send(errorBody(e));
  });

  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send(errorBody(new HttpError(404, 'ERR_GATEWAY_NOT_FOUND', 'no such route')));
  });

  app.get('/health', async (_req, reply) => {
    try {
      const r = await withTimeout(ledger.size('health'), Math.min(timeoutMs, 2_000));
      if (r === TIMED_OUT) throw new Error('timeout');
      return { status: 'ok', ledger: ledger.kind, network };
    } catch {
      reply.code(503);
      return { status: 'unavailable', ledger: ledger.kind, network };
    }
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', 'text/plain; version=0.0.4');
    return metrics.render();
  });

  ledgerRoutes(app, {
    ledger,
    authorizer,
    metrics,
    timeoutMs,
    maxPageSize,
    maxBatchEntries,
    maxScanEntries,
    appended,
  });
  universalResolverRoutes(app, { networks, cache, timeoutMs });
  if (options.registrar !== undefined) {
    const reg = options.registrar;
    if (reg === null || typeof reg !== 'object') throw new TypeError('options.registrar: expected an object');
    universalRegistrarRoutes(app, { ...reg, ledger, network, authorizer, appended, timeoutMs });
  }
  await app.ready();
  return app;
}
