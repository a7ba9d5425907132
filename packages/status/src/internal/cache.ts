import { statusError } from './errors.js';

/** One loaded list with its freshness. */
export interface Loaded<T> {
  value: T;
  /** Until when (ms) the value may be used without refetching. */
  expiresAt: number;
  /** When the list was issued (ms): a later fetch must not be older. */
  issuedAt: number;
}

/**
 * A small cache of verified status lists keyed by URI, with: expiry by an injectable clock,
 * in-flight de-duplication (concurrent checks of one list fetch it once), a bound on entries, and
 * rollback protection (a refetched list older than the newest seen is rejected).
 */
export class ListCache<T> {
  readonly #entries = new Map<string, Loaded<T>>();
  readonly #newest = new Map<string, number>();
  readonly #inflight = new Map<string, Promise<T>>();
  readonly #now: () => number;
  readonly #max: number;

  constructor(now: () => number, maxEntries: number) {
    this.#now = now;
    this.#max = maxEntries;
  }

  get(uri: string, load: () => Promise<Loaded<T>>): Promise<T> {
    const hit = this.#entries.get(uri);
    if (hit !== undefined && this.#now() < hit.expiresAt) return Promise.resolve(hit.value);
    const pending = this.#inflight.get(uri);
    if (pending !== undefined) return pending;
    const p = (async () => {
      try {
        const loaded = await load();
        const newest = this.#newest.get(uri);
        if (newest !== undefined && loaded.issuedAt < newest) {
          throw statusError(
            'ERR_STATUS_LIST_ROLLBACK',
            `the fetched status list ${uri} is older than one already seen`,
          );
        }
        this.#remember(uri, loaded);
        return loaded.value;
      } finally {
        this.#inflight.delete(uri);
      }
    })();
    this.#inflight.set(uri, p);
    return p;
  }

  /** The cached value when there is one and it has not expired (never loads). */
  peek(uri: string): T | undefined {
    const hit = this.#entries.get(uri);
    return hit !== undefined && this.#now() < hit.expiresAt ? hit.value : undefined;
  }

  /** Forgets a cached list (its newest issue time is kept). */
  delete(uri: string): void {
    this.#entries.delete(uri);
  }

  #remember(uri: string, loaded: Loaded<T>): void {
    this.#entries.delete(uri);
    this.#newest.delete(uri);
    while (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    while (this.#newest.size >= this.#max * 4) this.#newest.delete(this.#newest.keys().next().value!);
    this.#entries.set(uri, loaded);
    this.#newest.set(uri, loaded.issuedAt);
  }
}
