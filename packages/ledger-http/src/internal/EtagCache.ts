/** A small LRU of GET answers by URL, for `If-None-Match` revalidation. */
export class EtagCache {
  readonly #max: number;
  readonly #map = new Map<string, { etag: string; json: unknown }>();

  constructor(max: number) {
    this.#max = max;
  }

  get(url: string): { etag: string; json: unknown } | undefined {
    const v = this.#map.get(url);
    if (v === undefined) return undefined;
    this.#map.delete(url);
    this.#map.set(url, v);
    return v;
  }

  set(url: string, etag: string, json: unknown): void {
    if (this.#max === 0 || etag.length > 200) return;
    this.#map.delete(url);
    this.#map.set(url, { etag, json });
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
    }
  }

  clear(): void {
    this.#map.clear();
  }
}
