/** Token buckets per client key, bounded in number (the least recently seen client is dropped). */
export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #max: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(perSecond: number, burst: number, maxClients = 100_000) {
    this.#rate = perSecond;
    this.#burst = burst;
    this.#max = maxClients;
  }

  /** @returns 0 when the request may proceed, else the seconds to wait before retrying */
  take(key: string, now = Date.now()): number {
    let b = this.#buckets.get(key);
    if (b === undefined) {
      b = { tokens: this.#burst, at: now };
    } else {
      this.#buckets.delete(key);
      b.tokens = Math.min(this.#burst, b.tokens + ((now - b.at) / 1000) * this.#rate);
      b.at = now;
    }
    this.#buckets.set(key, b);
    if (this.#buckets.size > this.#max) this.#buckets.delete(this.#buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.#rate));
  }
}
