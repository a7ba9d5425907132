import { checkTimeoutMs } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import type { DIDResolutionOptions, DIDResolver, ParsedDID, ResolverRegistry } from 'did-resolver';
import { withoutFragment } from './internal/didUrl.js';
import { describe } from './internal/errors.js';
import { checkBudget, DEFAULT_MAX_LEDGER_BYTES, DEFAULT_MAX_LEDGER_ENTRIES } from './internal/limits.js';
import {
  createResolutionCache,
  type ResolutionCache,
  type ResolutionCacheOptions,
} from './ResolutionCache.js';
import { resolveDid } from './resolveDid.js';

/** Options of {@link getResolver}. */
export interface GetResolverOptions {
  /** One ledger client per network; the main network is `main`. */
  networks?: Readonly<Record<string, LedgerClient>>;
  /**
   * The resolution cache: a cache, options for a new one, or `false` for none. Default: a new
   * cache (10,000 results, 30 s).
   */
  cache?: ResolutionCache | ResolutionCacheOptions | false;
  /**
   * The longest one resolution may take (ledger read and fold), in milliseconds: an integer from
   * 1 to 2,147,483,647, or `Infinity` for no bound (default 10,000). On expiry the result is an
   * `internalError` with `code: 'ERR_DID_RESOLUTION_LIMIT'`, and it is not cached.
   */
  timeoutMs?: number;
  /** The most ledger entries one resolution examines (default 200,000; see {@link resolveDid}). */
  maxLedgerEntries?: number;
  /** The most bytes of ledger entries one resolution examines (default 256 MiB). */
  maxLedgerBytes?: number;
}

function isCache(c: unknown): c is ResolutionCache {
  return typeof c === 'object' && c !== null && typeof (c as ResolutionCache).get === 'function';
}

/**
 * Returns the resolvers of this package for the `did-resolver` package: `realdid`, `key` and
 * `jwk`. Pass the result to `new Resolver(...)`. Per call, `{ noCache: true }` (or did-resolver's
 * `{ cache: false }`) bypasses the cache.
 *
 * @param options - the ledger client of each network, the cache, and the ledger timeout
 * @returns a did-resolver `ResolverRegistry`
 * @throws TypeError when a network's client is not a LedgerClient or `timeoutMs`,
 *   `maxLedgerEntries` or `maxLedgerBytes` is not a number; RangeError when `timeoutMs` is not an
 *   integer from 1 to 2,147,483,647 or `Infinity`, or a limit not a positive integer or `Infinity`
 * @example
 * ```ts
 * import { anchorDid, createDid, getResolver, Resolver } from '@realdid/did';
 * import { MemoryLedger } from '@realdid/ledger';

 * const ledger = new MemoryLedger();
 * const created = createDid();
 * await anchorDid(ledger, created);
 * const resolver = new Resolver(getResolver({ networks: { main: ledger } }));
 * const { didDocument } = await resolver.resolve(created.did);
 * didDocument?.id === created.did; // true
 * ```
 */
export function getResolver(options: GetResolverOptions = {}): ResolverRegistry {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, found ${describe(options)}`);
  const networks = options.networks ?? {};
  if (networks === null || typeof networks !== 'object')
    throw new TypeError('networks: expected an object of LedgerClient');
  for (const [name, client] of Object.entries(networks)) {
    if (
      client === null ||
      typeof client !== 'object' ||
      typeof (client as LedgerClient).read !== 'function'
    ) {
      throw new TypeError(`networks.${name}: expected a LedgerClient, found ${describe(client)}`);
    }
  }
  const timeoutMs = checkTimeoutMs(options.timeoutMs);
  const maxLedgerEntries = checkBudget(
    options.maxLedgerEntries,
    'maxLedgerEntries',
    DEFAULT_MAX_LEDGER_ENTRIES,
  );
  const maxLedgerBytes = checkBudget(options.maxLedgerBytes, 'maxLedgerBytes', DEFAULT_MAX_LEDGER_BYTES);
  const frozenNetworks = Object.freeze({ ...networks });
  const cache =
    options.cache === false
      ? undefined
      : isCache(options.cache)
        ? options.cache
        : createResolutionCache(options.cache ?? {});

  const resolver: DIDResolver = (
    _did: string,
    parsed: ParsedDID,
    _r: unknown,
    opts: DIDResolutionOptions,
  ) => {
    return resolveDid(withoutFragment(parsed), {
      networks: frozenNetworks,
      timeoutMs,
      maxLedgerEntries,
      maxLedgerBytes,
      ...(cache === undefined ? {} : { cache }),
      noCache: opts?.noCache === true || opts?.cache === false,
      ...(typeof opts?.accept === 'string' ? { accept: opts.accept } : {}),
      ...(typeof opts?.versionId === 'string' ? { versionId: opts.versionId } : {}),
      ...(typeof opts?.versionTime === 'string' ? { versionTime: opts.versionTime } : {}),
    });
  };
  return { realdid: resolver, key: resolver, jwk: resolver };
}
