import type { Clock } from '@realdid/crypto';
import type { DIDResolutionResult } from 'did-resolver';

/** Options of {@link createResolutionCache}. */
export interface ResolutionCacheOptions {
  /** Most results kept; the least recently used is dropped first (default 10,000). */
  maxEntries?: number;
  /** How long a result stays valid, in milliseconds (default 30,000). */
  ttlMs?: number;
  /** The clock, in milliseconds (default `Date.now`); for tests. */
  now?: Clock;
}

/**
 * A bounded cache of DID resolution results (LRU with a time to live). Results are deeply frozen,
 * so a hit returns the stored object itself, without copying.
 */
export interface ResolutionCache {
  /** @returns the cached result for the key, or undefined when absent or expired */
  get(key: string): DIDResolutionResult | undefined;
  /** Stores a (frozen) result. */
  set(key: string, value: DIDResolutionResult): void;
  /** Drops every cached result of one DID (all versions and representations). */
  delete(did: string): void;
  /** Drops everything. */
  clear(): void;
  /** How many results are held. */
  readonly size: number;
}

interface Slot {
  value: DIDResolutionResult;
  expires: number;
}

/**
 * Creates a resolution cache: least-recently-used eviction beyond `maxEntries`, expiry after
 * `ttlMs`. Give it to {@link getResolver} or {@link resolveDid}; one cache should serve one set of
 * networks.
 *
 * @param options - `maxEntries`, `ttlMs`, `now`
 * @returns the cache
 * @throws RangeError when a limit is not a positive integer
 * @example
 * ```ts
 * import { createResolutionCache } from '@realdid/did';
 * const cache = createResolutionCache({ maxEntries: 1000, ttlMs: 60_000 });
 * cache.size; // 0
 * ```
 */
export function createResolutionCache(options: ResolutionCacheOptions = {}): ResolutionCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
    throw new RangeError('maxEntries: expected a positive integer');
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new RangeError('ttlMs: expected a positive integer');
  if (typeof now !== 'function') throw new TypeError('now: expected a function');
  const map = new Map<string, Slot>();
  return {
    get(key) {
      const slot = map.get(key);
      if (slot === undefined) return undefined;
      if (slot.expires <= now()) {
        map.delete(key);
        return undefined;
      }
      // refresh recency: a Map iterates in insertion order, so re-inserting moves the key last
      map.delete(key);
      map.set(key, slot);
      return slot.value;
    },
    set(key, value) {
      map.delete(key);
      map.set(key, { value, expires: now() + ttlMs });
      if (map.size > maxEntries) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) map.delete(oldest);
      }
    },
    delete(did) {
      for (const k of [...map.keys()]) {
        if (k === did || k.startsWith(`${did}\n`) || k.startsWith(`${did}:`)) map.delete(k);
      }
    },
    clear() {
      map.clear();
    },
    get size() {
      return map.size;
    },
  };
}
