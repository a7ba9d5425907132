/**
 * The worker thread of {@link VerifierPool}: builds the plug-ins once (so their caches live as long
 * as the thread), then verifies what the pool sends.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RealDidError } from '@realdid/crypto';
import {
  jwkKeyResolver,
  type KeyResolver,
  type ResolvedKey,
  type StatusChecker,
  type StatusCheckResult,
  verifySdJwtVc,
} from '@realdid/sd-jwt';
import {
  ANSWER_FIELDS,
  CLONED,
  ENCODED,
  FAILED,
  TASK_FIELDS,
  type TaskBatch,
  toWire,
  VERIFY_AUTHORIZATION_RESPONSE,
  VERIFY_REGISTRATION,
  type WorkerInit,
  type WorkerMessage,
} from './internal/protocol.js';
import { encodeVerified } from './internal/resultCodec.js';
import { TtlCache } from './internal/ttlCache.js';

const MAX_CACHE_KEY_PART = 2048;

/** What a `relyingParty` plug-in must offer (a `RelyingParty` of `@realdid/realname` does). */
interface RegistrationVerifier {
  verifyRegistration(response: unknown): Promise<unknown>;
  /** OpenID4VP registrations (`RelyingParty` has it; a plug-in may leave it out). */
  verifyAuthorizationResponse?(response: unknown, options: unknown): Promise<unknown>;
}

interface Plugins {
  /** Undefined when the module gives only a `relyingParty`. */
  keyResolver: KeyResolver | undefined;
  holderKeyResolver: ((cnf: Readonly<Record<string, unknown>>) => Promise<ResolvedKey>) | undefined;
  checkStatus: StatusChecker | undefined;
  /**
   * True when every plug-in answers from memory at once (`issuerKeys` only): the verifier's race
   * of each answer against `timeoutMs` (a timer per call) can then never fire, so a call that sets
   * no `timeoutMs` runs without it.
   */
  inMemory: boolean;
  relyingParty: RegistrationVerifier | undefined;
}

/** A string fit to be part of a cache key, or undefined (then nothing is cached). */
function part(v: unknown): string | undefined | null {
  if (v === undefined) return undefined;
  return typeof v === 'string' && v.length <= MAX_CACHE_KEY_PART ? v : null;
}

function issuerKeysResolver(config: Record<string, Record<string, unknown>>): KeyResolver {
  const byIssuer = new Map<string, KeyResolver>();
  for (const [iss, jwk] of Object.entries(config)) byIssuer.set(iss, jwkKeyResolver(jwk));
  return async (header, payload) => {
    const iss = payload.iss;
    const r = typeof iss === 'string' ? byIssuer.get(iss) : undefined;
    if (r === undefined) {
      throw new RealDidError(
        'ERR_SD_JWT_KEY_RESOLUTION',
        'no key configured for the issuer of this credential',
      );
    }
    return r(header, payload);
  };
}

/** Caches resolved issuer keys by (iss, kid, alg) for `ttlMs`. */
function cachedKeyResolver(inner: KeyResolver, init: WorkerInit): KeyResolver {
  if (init.keyCacheTtlMs <= 0) return inner;
  const cache = new TtlCache<ResolvedKey>(init.keyCacheTtlMs, init.cacheMaxEntries);
  return async (header, payload) => {
    const parts = [part(payload.iss), part(header.kid), part(header.alg)];
    if (parts.includes(null)) return inner(header, payload);
    const key = JSON.stringify(parts);
    const now = Date.now();
    const hit = cache.get(key, now);
    if (hit !== undefined) return hit;
    const k = await inner(header, payload);
    cache.set(key, k, now);
    return k;
  };
}

/** Caches status answers by (uri, idx) for `ttlMs`. */
function cachedStatus(inner: StatusChecker, init: WorkerInit): StatusChecker {
  if (init.statusCacheTtlMs <= 0) return inner;
  const cache = new TtlCache<StatusCheckResult>(init.statusCacheTtlMs, init.cacheMaxEntries);
  return async (status, claims) => {
    const sl = (status as { status_list?: unknown }).status_list as
      | { uri?: unknown; idx?: unknown }
      | undefined;
    const uri = part(sl?.uri);
    const idx = sl?.idx;
    if (typeof uri !== 'string' || typeof idx !== 'number' || !Number.isSafeInteger(idx)) {
      return inner(status, claims);
    }
    const key = `${idx} ${uri}`;
    const now = Date.now();
    const hit = cache.get(key, now);
    if (hit !== undefined) return hit;
    const r = await inner(status, claims);
    cache.set(key, r, now);
    return r;
  };
}

function pluginError(message: string): RealDidError {
  return new RealDidError('ERR_POOL_PLUGIN', message);
}

async function loadPlugins(init: WorkerInit): Promise<Plugins> {
  let fromModule: Record<string, unknown> = {};
  if (init.plugins !== undefined) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(init.plugins.module)) as Record<string, unknown>;
    } catch (err) {
      throw new RealDidError('ERR_POOL_PLUGIN', 'the plug-in module could not be loaded', { cause: err });
    }
    const create = mod.createVerifierPlugins;
    if (typeof create !== 'function')
      throw pluginError('the plug-in module must export createVerifierPlugins');
    const made: unknown = await create(init.plugins.options);
    if (typeof made !== 'object' || made === null) {
      throw pluginError('createVerifierPlugins must return an object');
    }
    fromModule = made as Record<string, unknown>;
    for (const name of ['keyResolver', 'holderKeyResolver', 'checkStatus']) {
      if (fromModule[name] !== undefined && typeof fromModule[name] !== 'function') {
        throw pluginError(`createVerifierPlugins: ${name} must be a function`);
      }
    }
    const rp = fromModule.relyingParty as { verifyRegistration?: unknown } | undefined;
    if (
      rp !== undefined &&
      (typeof rp !== 'object' || rp === null || typeof rp.verifyRegistration !== 'function')
    ) {
      throw pluginError('createVerifierPlugins: relyingParty must have a verifyRegistration method');
    }
  }
  const modResolver = fromModule.keyResolver as KeyResolver | undefined;
  if (modResolver !== undefined && init.issuerKeys !== undefined) {
    throw pluginError('give issuerKeys or a keyResolver plug-in, not both');
  }
  const relyingParty = fromModule.relyingParty as RegistrationVerifier | undefined;
  let keyResolver: KeyResolver | undefined;
  if (init.issuerKeys !== undefined) keyResolver = issuerKeysResolver(init.issuerKeys);
  else if (modResolver !== undefined) keyResolver = cachedKeyResolver(modResolver, init);
  else if (relyingParty === undefined) {
    throw pluginError(
      'nothing to verify with: give issuerKeys, or a plug-in with a keyResolver or a relyingParty',
    );
  }
  const status = fromModule.checkStatus as StatusChecker | undefined;
  return {
    keyResolver,
    holderKeyResolver: fromModule.holderKeyResolver as Plugins['holderKeyResolver'],
    checkStatus: status === undefined ? undefined : cachedStatus(status, init),
    inMemory:
      init.issuerKeys !== undefined && fromModule.holderKeyResolver === undefined && status === undefined,
    relyingParty,
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  let plugins: Plugins;
  try {
    plugins = await loadPlugins(workerData as WorkerInit);
  } catch (err) {
    post({ type: 'init-error', error: toWire(err) });
    return;
  }
  // Answers wait in `out` (flat: id, kind, payload) until nothing is left to run — then they go at
  // once, so a batch is answered while the next one (already sent) runs — or, when some call waits
  // on I/O, until the end of this turn of the event loop.
  let out: unknown[] = [];
  let running = 0;
  let flushQueued = false;
  const flush = (): void => {
    flushQueued = false;
    if (out.length === 0) return;
    const answers = out;
    out = [];
    try {
      post({ type: 'results', answers });
    } catch {
      // One answer could not be cloned: send them one by one, that one as an error.
      for (let i = 0; i < answers.length; i += ANSWER_FIELDS) {
        const one = answers.slice(i, i + ANSWER_FIELDS);
        try {
          post({ type: 'results', answers: one });
        } catch (err) {
          post({ type: 'results', answers: [one[0], FAILED, toWire(err)] });
        }
      }
    }
  };
  const answer = (id: unknown, kind: number, payload: unknown): void => {
    out.push(id, kind, payload);
    running--;
    if (running === 0) flush();
    else if (!flushQueued) {
      flushQueued = true;
      setImmediate(flush);
    }
  };
  const answerVerified = (id: unknown, value: unknown): void => {
    const encoded = encodeVerified(value);
    if (encoded !== undefined) answer(id, ENCODED, encoded);
    else answer(id, CLONED, value);
  };
  const answerError = (id: unknown, err: unknown): void => answer(id, FAILED, toWire(err));
  const verifyVc = (id: unknown, presentation: unknown, options: unknown, at: unknown): void => {
    const keyResolver = plugins.keyResolver;
    if (keyResolver === undefined) {
      running++;
      answer(
        id,
        FAILED,
        toWire(new TypeError('this pool has no issuer keys: it verifies registrations only')),
      );
      return;
    }
    const opts: Record<string, unknown> = { ...(options as Record<string, unknown>), keyResolver };
    if (plugins.holderKeyResolver !== undefined) opts.holderKeyResolver = plugins.holderKeyResolver;
    if (plugins.checkStatus !== undefined) opts.checkStatus = plugins.checkStatus;
    if (at !== undefined) opts.now = () => at;
    if (plugins.inMemory && opts.timeoutMs === undefined) opts.timeoutMs = Number.POSITIVE_INFINITY;
    running++;
    verifySdJwtVc(presentation as string, opts as unknown as Parameters<typeof verifySdJwtVc>[1]).then(
      (value) => answerVerified(id, value),
      (err: unknown) => answerError(id, err),
    );
  };
  const verifyRegistration = (id: unknown, kind: unknown, response: unknown, options: unknown): void => {
    running++;
    const rp = plugins.relyingParty;
    if (rp === undefined) {
      answer(id, FAILED, toWire(new TypeError('this pool has no relyingParty plug-in')));
      return;
    }
    // Answers are plain data (an Account): sent by structured clone.
    let p: Promise<unknown>;
    try {
      if (kind === VERIFY_REGISTRATION) p = Promise.resolve(rp.verifyRegistration(response));
      else if (typeof rp.verifyAuthorizationResponse === 'function') {
        p = Promise.resolve(rp.verifyAuthorizationResponse(response, options));
      } else throw new TypeError('the relyingParty plug-in has no verifyAuthorizationResponse');
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(
      (value) => answer(id, CLONED, value),
      (err: unknown) => answerError(id, err),
    );
  };
  port.on('message', (batch: TaskBatch) => {
    if (!Array.isArray(batch)) return;
    for (let i = 0; i + TASK_FIELDS <= batch.length; i += TASK_FIELDS) {
      const kind = batch[i + 1];
      if (kind === VERIFY_REGISTRATION || kind === VERIFY_AUTHORIZATION_RESPONSE) {
        verifyRegistration(batch[i], kind, batch[i + 2], batch[i + 3]);
      } else verifyVc(batch[i], batch[i + 2], batch[i + 3], batch[i + 4]);
    }
  });
  post({ type: 'ready' });
}

void main();
