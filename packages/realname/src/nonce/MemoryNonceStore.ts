import type { Clock } from '@realdid/crypto';
import { assertString } from '../internal/bytes.js';
import type { NonceConsumeResult, NonceStore } from './NonceStore.js';

/** Options of {@link MemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /** Clock in milliseconds (default `Date.now`). */
  now?: Clock;
  /** Most live nonces kept (default 100 000); the oldest are dropped beyond. */
  maxEntries?: number;
}

/**
 * A {@link NonceStore} in one process's memory, with expiry. Consumed nonces are remembered until
 * they expire so a replay is reported as `consumed`. For several servers use a shared store (see
 * {@link NonceStore}).
 *
 * @example
 * ```ts
 * const nonces = new MemoryNonceStore();
 * await nonces.put('n1', Date.now() + 60_000);
 * (await nonces.consume('n1')).status; // 'ok'
 * (await nonces.consume('n1')).status; // 'consumed'
 * ```
 */
export class MemoryNonceStore implements NonceStore {
  readonly #live = new Map<string, { expiresAt: number; data: unknown; used: boolean }>();
  readonly #now: () => number;
  readonly #max: number;

  /** @param options - clock and capacity */
  constructor(options: MemoryNonceStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#max = options.maxEntries ?? 100_000;
  }

  /** The size at which the next full sweep of expired nonces runs. */
  #sweepAt = 1024;

  /**
   * Drops expired nonces, then the oldest beyond capacity. A full sweep runs only when the map has
   * doubled since the last one (or is full), so `put` costs amortized O(1) however many nonces
   * are live; an expired nonce met earlier is refused by `consume` on its own.
   */
  #sweep(): void {
    if (this.#live.size < this.#sweepAt && this.#live.size < this.#max) return;
    const now = this.#now();
    for (const [k, v] of this.#live) if (v.expiresAt <= now) this.#live.delete(k);
    while (this.#live.size >= this.#max) {
      const first = this.#live.keys().next();
      if (first.done) break;
      this.#live.delete(first.value);
    }
    this.#sweepAt = Math.max(1024, 2 * this.#live.size);
  }

  /** @inheritDoc */
  async put(nonce: string, expiresAt: number, data?: unknown): Promise<void> {
    assertString(nonce, 'nonce');
    if (!Number.isFinite(expiresAt)) throw new TypeError('expiresAt: expected milliseconds since the epoch');
    this.#sweep();
    if (this.#live.has(nonce)) throw new RangeError('nonce: already in use');
    this.#live.set(nonce, { expiresAt, data, used: false });
  }

  /** @inheritDoc */
  async consume(nonce: string): Promise<NonceConsumeResult> {
    assertString(nonce, 'nonce');
    const e = this.#live.get(nonce);
    if (e === undefined) return { status: 'unknown' };
    if (e.expiresAt <= this.#now()) {
      this.#live.delete(nonce);
      return { status: 'expired' };
    }
    if (e.used) return { status: 'consumed' };
    e.used = true; // synchronous check-and-set: atomic within this process
    return { status: 'ok', data: e.data };
  }
}
