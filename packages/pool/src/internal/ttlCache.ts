/** A small bounded map with a time to live; the oldest entry goes first when full. */
export class TtlCache<V> {
  readonly #map = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, now: number): V | undefined {
    const e = this.#map.get(key);
    if (e === undefined) return undefined;
    if (e.expires <= now) {
      this.#map.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, now: number): void {
    if (this.ttlMs <= 0) return;
    this.#map.delete(key);
    if (this.#map.size >= this.maxEntries) {
      const oldest = this.#map.keys().next();
      if (oldest.done !== true) this.#map.delete(oldest.value);
    }
    this.#map.set(key, { value, expires: now + this.ttlMs });
  }
}
