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
  type TaskMessage,
  type TaskResult,
  toWire,
  type WorkerInit,
  type WorkerMessage,
} from './internal/protocol.js';
import { TtlCache } from './internal/ttlCache.js';

const MAX_CACHE_KEY_PART = 2048;

interface Plugins {
  keyResolver: KeyResolver;
  holderKeyResolver: ((cnf: Readonly<Record<string, unknown>>) => Promise<ResolvedKey>) | undefined;
  checkStatus: StatusChecker | undefined;
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
  }
  const modResolver = fromModule.keyResolver as KeyResolver | undefined;
  if (modResolver !== undefined && init.issuerKeys !== undefined) {
    throw pluginError('give issuerKeys or a keyResolver plug-in, not both');
  }
  let keyResolver: KeyResolver;
  if (init.issuerKeys !== undefined) keyResolver = issuerKeysResolver(init.issuerKeys);
  else if (modResolver !== undefined) keyResolver = cachedKeyResolver(modResolver, init);
  else throw pluginError('no issuer keys: give issuerKeys or a plug-in with a keyResolver');
  const status = fromModule.checkStatus as StatusChecker | undefined;
  return {
    keyResolver,
    holderKeyResolver: fromModule.holderKeyResolver as Plugins['holderKeyResolver'],
    checkStatus: status === undefined ? undefined : cachedStatus(status, init),
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
  let out: TaskResult[] = [];
  const flush = (): void => {
    const results = out;
    out = [];
    try {
      post({ type: 'results', results });
    } catch {
      // One answer could not be cloned: send them one by one, that one as an error.
      for (const r of results) {
        try {
          post({ type: 'results', results: [r] });
        } catch (err) {
          post({ type: 'results', results: [{ id: r.id, ok: false, error: toWire(err) }] });
        }
      }
    }
  };
  const answer = (r: TaskResult): void => {
    if (out.length === 0) setImmediate(flush);
    out.push(r);
  };
  const run = (task: TaskMessage): void => {
    const opts: Record<string, unknown> = { ...task.options, keyResolver: plugins.keyResolver };
    if (plugins.holderKeyResolver !== undefined) opts.holderKeyResolver = plugins.holderKeyResolver;
    if (plugins.checkStatus !== undefined) opts.checkStatus = plugins.checkStatus;
    const at = task.now;
    if (at !== undefined) opts.now = () => at;
    verifySdJwtVc(task.presentation as string, opts as unknown as Parameters<typeof verifySdJwtVc>[1]).then(
      (value) => answer({ id: task.id, ok: true, value }),
      (err: unknown) => answer({ id: task.id, ok: false, error: toWire(err) }),
    );
  };
  port.on('message', (tasks: TaskMessage[]) => {
    for (const task of tasks) run(task);
  });
  post({ type: 'ready' });
}

void main();
