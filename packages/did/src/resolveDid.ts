import { checkTimeoutMs } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import type { DIDResolutionResult } from 'did-resolver';
import { resolveDidJwk } from './internal/didJwk.js';
import { resolveDidKey } from './internal/didKey.js';
import { type DidUrlParts, parseDidUrl } from './internal/didUrl.js';
import { deepFreeze } from './internal/freeze.js';
import { isHashString } from './internal/hash.js';
import { checkBudget, DEFAULT_MAX_LEDGER_BYTES, DEFAULT_MAX_LEDGER_ENTRIES } from './internal/limits.js';
import { type ResolutionBudget, resolveRealDid } from './internal/resolveRealDid.js';
import { errorResult } from './internal/result.js';
import { parseRealDid } from './parseRealDid.js';
import type { ResolutionCache } from './ResolutionCache.js';

/** Options of {@link resolveDid}. */
export interface ResolveDidOptions {
  /** One ledger client per network; the main network is `main`. */
  networks?: Readonly<Record<string, LedgerClient>>;
  /** A resolution cache (none by default). */
  cache?: ResolutionCache;
  /** Bypass the cache for this call (the fresh result still refreshes the cache). */
  noCache?: boolean;
  /** The representation asked for: `application/did+json` (default) or `application/did+ld+json`. */
  accept?: string;
  /** Resolve the version with this id (also readable from a `?versionId=` query). */
  versionId?: string;
  /** Resolve the version current at this time, an XML Schema dateTime (also `?versionTime=`). */
  versionTime?: string;
  /**
   * The longest this resolution may take, ledger read and history fold together, in
   * milliseconds: an integer from 1 to 2,147,483,647, or `Infinity` for no bound (default
   * 10,000). On expiry the result is an `internalError` with `code: 'ERR_DID_RESOLUTION_LIMIT'`,
   * and it is not cached.
   */
  timeoutMs?: number;
  /**
   * The most ledger entries one resolution examines (default 200,000; `Infinity` for no bound).
   * A topic holding more gives an `internalError` with `code: 'ERR_DID_RESOLUTION_LIMIT'`.
   */
  maxLedgerEntries?: number;
  /**
   * The most bytes of ledger entries one resolution examines (default 268,435,456 = 256 MiB;
   * `Infinity` for no bound). Beyond it: `internalError`, `code: 'ERR_DID_RESOLUTION_LIMIT'`.
   */
  maxLedgerBytes?: number;
}

const DEFAULT_TYPE = 'application/did+json';
const ACCEPTED = new Set([DEFAULT_TYPE, 'application/did+ld+json']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The cache key of a resolution: the DID (no query or fragment), the version asked for, the
 * representation. `ResolutionCache.delete` relies on it starting with the DID and a newline.
 */
function cacheKey(
  did: string,
  versionId: string | undefined,
  versionTime: string | undefined,
  contentType: string,
): string {
  return `${did}\n${versionId ?? ''}\n${versionTime ?? ''}\n${contentType}`;
}

/**
 * Resolves a DID: did:realdid (short form through the ledger of its network, long form offline,
 * the ledger state taking precedence once anchored), did:key and did:jwk. A fragment is ignored
 * (use {@link dereference} to select by fragment); the queries `versionId` and `versionTime` are
 * honoured.
 *
 * Bounded cost: the whole resolution (ledger read and history fold) is bounded by `timeoutMs`
 * (default 10,000 ms), and the fold by `maxLedgerEntries` and `maxLedgerBytes`; a resolution that
 * exceeds one gives an `internalError` with `code: 'ERR_DID_RESOLUTION_LIMIT'`.
 *
 * Never throws for untrusted input: a bad DID, an unknown method, or a ledger that fails or does
 * not answer in time come back as DID Resolution metadata errors (`invalidDid`, `notFound`,
 * `methodNotSupported`, `representationNotSupported`, `invalidOptions`, `internalError`). Errors
 * are never cached. Results are deeply frozen.
 *
 * @param did - the DID or DID URL (untrusted)
 * @param options - networks, cache, noCache, accept, versionId, versionTime, timeoutMs,
 *   maxLedgerEntries, maxLedgerBytes
 * @returns the DID resolution result
 * @throws (as a rejected promise) TypeError when `timeoutMs`, `maxLedgerEntries` or
 *   `maxLedgerBytes` is not a number; RangeError when `timeoutMs` is not an integer from 1 to
 *   2,147,483,647 or `Infinity`, or a limit not a positive integer or `Infinity`
 * @example
 * ```ts
 * import { createDid, resolveDid } from '@realdid/did';
 * const { longFormDid } = createDid();
 * const result = await resolveDid(longFormDid);
 * result.didDocument?.id === longFormDid; // true
 * (await resolveDid('did:realdid:not-a-did')).didResolutionMetadata.error; // 'invalidDid'
 * ```
 */
export function resolveDid(did: string, options: ResolveDidOptions = {}): Promise<DIDResolutionResult> {
  const opts = options ?? {};
  let budget: ResolutionBudget;
  try {
    const timeoutMs = checkTimeoutMs(opts.timeoutMs);
    budget = {
      timeoutMs,
      deadline: timeoutMs === Infinity ? Infinity : performance.now() + timeoutMs,
      maxEntries: checkBudget(opts.maxLedgerEntries, 'maxLedgerEntries', DEFAULT_MAX_LEDGER_ENTRIES),
      maxBytes: checkBudget(opts.maxLedgerBytes, 'maxLedgerBytes', DEFAULT_MAX_LEDGER_BYTES),
    };
  } catch (e) {
    return Promise.reject(e);
  }
  // The hot path: a plain DID already in the cache, with default options. Only results of valid
  // DIDs are stored, under keys built from the parsed DID, so a raw string without a newline,
  // query or fragment can only hit the entry of that very DID.
  const cache = opts.cache;
  if (
    cache !== undefined &&
    opts.noCache !== true &&
    typeof did === 'string' &&
    opts.versionId === undefined &&
    opts.versionTime === undefined &&
    (opts.accept === undefined || opts.accept === DEFAULT_TYPE) &&
    did.indexOf('\n') === -1
  ) {
    const hit = cache.get(cacheKey(did, undefined, undefined, DEFAULT_TYPE));
    if (hit !== undefined) return Promise.resolve(hit);
  }
  return resolveInner(did, opts, budget).catch(() =>
    deepFreeze(errorResult('internalError', 'resolution failed')),
  );
}

async function resolveInner(
  did: unknown,
  options: ResolveDidOptions,
  budget: ResolutionBudget,
): Promise<DIDResolutionResult> {
  const parts = parseDidUrl(did);
  if (parts === null) return deepFreeze(errorResult('invalidDid', 'not a DID URL'));
  if (parts.path !== undefined)
    return deepFreeze(errorResult('invalidDid', 'DID URL paths are not supported'));
  // query and options
  let versionId = options.versionId;
  let versionTime = options.versionTime;
  if (parts.params !== undefined) {
    for (const [k, v] of Object.entries(parts.params)) {
      if (k === 'versionId') {
        if (versionId !== undefined && versionId !== v)
          return deepFreeze(errorResult('invalidOptions', 'two different versionId'));
        versionId = v;
      } else if (k === 'versionTime') {
        if (versionTime !== undefined && versionTime !== v)
          return deepFreeze(errorResult('invalidOptions', 'two different versionTime'));
        versionTime = v;
      } else {
        return deepFreeze(errorResult('invalidDid', `unsupported DID URL parameter "${k.slice(0, 40)}"`));
      }
    }
  }
  if (versionId !== undefined && versionTime !== undefined) {
    return deepFreeze(errorResult('invalidOptions', 'versionId and versionTime are exclusive'));
  }
  let versionMs: number | undefined;
  if (versionTime !== undefined) {
    versionMs =
      typeof versionTime === 'string' && DATE_TIME.test(versionTime) ? Date.parse(versionTime) : Number.NaN;
    if (Number.isNaN(versionMs))
      return deepFreeze(errorResult('invalidOptions', 'versionTime: expected an XML Schema dateTime'));
  }
  if (versionId !== undefined && typeof versionId !== 'string')
    return deepFreeze(errorResult('invalidOptions', 'versionId: expected a string'));
  const accept = options.accept;
  if (accept !== undefined && !ACCEPTED.has(accept)) {
    return deepFreeze(
      errorResult('representationNotSupported', 'only application/did+json and application/did+ld+json'),
    );
  }
  const contentType = accept ?? DEFAULT_TYPE;

  const cache = options.cache;
  const key = cacheKey(parts.did, versionId, versionTime, contentType);
  if (cache !== undefined && options.noCache !== true) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const result = deepFreeze(await dispatch(parts, versionId, versionMs, contentType, options, budget));
  if (cache !== undefined && result.didResolutionMetadata.error === undefined) cache.set(key, result);
  return result;
}

async function dispatch(
  parts: DidUrlParts,
  versionId: string | undefined,
  versionMs: number | undefined,
  contentType: string,
  options: ResolveDidOptions,
  budget: ResolutionBudget,
): Promise<DIDResolutionResult> {
  switch (parts.method) {
    case 'realdid': {
      const parsed = parseRealDid(parts.did);
      if (parsed === null) return errorResult('invalidDid', 'not a valid did:realdid DID');
      if (versionId !== undefined && !isHashString(versionId))
        return errorResult('notFound', 'no version with this versionId');
      return resolveRealDid(
        parsed,
        { versionId, versionTime: versionMs },
        options.networks,
        contentType,
        budget,
      );
    }
    case 'key':
    case 'jwk': {
      if (versionId !== undefined) return errorResult('notFound', `did:${parts.method} has a single version`);
      return parts.method === 'key'
        ? resolveDidKey(parts.did, parts.id, contentType)
        : resolveDidJwk(parts.did, parts.id, contentType);
    }
    default:
      return errorResult('methodNotSupported', `did:${parts.method} is not supported`);
  }
}
