import type { OneTimeStore } from './types.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** How long a consumed value is remembered, in milliseconds (default 600 000). */
  ttlMs?: number;
  /** Most values remembered; the oldest are forgotten first (default 100 000). */
  maxEntries?: number;
  /** Clock in milliseconds (default `Date.now`). */
  now?: () => number;
}

/**
 * A {@link OneTimeStore} in memory, for one process. Remember values at least as long as they
 * are valid (a transaction's lifetime, a code's `expires_in`): after `ttlMs` a value is forgotten.
 *
 * @param options - time to live, size bound and clock
 * @returns a store whose `consume` answers true once per value
 * @throws TypeError / RangeError on malformed options
 * @example
 * ```ts
 * import { createMemoryStore } from '@realdid/openid4vc';
 * const store = createMemoryStore();
 * store.consume('n-1'); // true
 * store.consume('n-1'); // false
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): OneTimeStore {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const ttl = options.ttlMs ?? 600_000;
  const max = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  if (typeof ttl !== 'number' || !(ttl > 0)) throw new RangeError('ttlMs must be a positive number');
  if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEntries must be a positive integer');
  if (typeof now !== 'function') throw new TypeError('now must be a function');
  const seen = new Map<string, number>();
  return Object.freeze({
    consume(value: string): boolean {
      if (typeof value !== 'string') throw new TypeError('value must be a string');
      const t = now();
      const at = seen.get(value);
      if (at !== undefined && t - at < ttl) return false;
      seen.delete(value);
      seen.set(value, t);
      while (seen.size > max) {
        const oldest = seen.keys().next().value as string;
        seen.delete(oldest);
      }
      return true;
    },
  });
}
