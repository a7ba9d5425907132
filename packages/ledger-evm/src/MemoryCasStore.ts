import type { CasStore } from './CasStore.js';
import { casId } from './casId.js';

/**
 * A {@link CasStore} in memory: for tests, demos and a single process.
 *
 * @example
 * ```ts
 * const cas = new MemoryCasStore();
 * const id = await cas.put(new Uint8Array([1, 2, 3]));
 * await cas.get(id); // Uint8Array [1, 2, 3]
 * ```
 */
export class MemoryCasStore implements CasStore {
  readonly #files = new Map<string, Uint8Array>();

  /** @inheritDoc */
  async put(bytes: Uint8Array): Promise<string> {
    const id = casId(bytes);
    if (!this.#files.has(id)) this.#files.set(id, bytes.slice());
    return id;
  }

  /** @inheritDoc */
  async get(id: string): Promise<Uint8Array | undefined> {
    if (typeof id !== 'string') throw new TypeError('id must be a string');
    return this.#files.get(id)?.slice();
  }

  /**
   * Replaces the bytes stored under an id without checking them — only to test that readers
   * reject a store that returns the wrong file.
   */
  tamper(id: string, bytes: Uint8Array): void {
    this.#files.set(id, bytes.slice());
  }
}
