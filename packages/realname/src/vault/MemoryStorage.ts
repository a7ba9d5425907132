import { assertBytes } from '../internal/bytes.js';
import { assertStorageKey, type VaultStorage } from './VaultStorage.js';

/**
 * A {@link VaultStorage} in memory (tests, short-lived sessions). Stores copies.
 *
 * @example
 * ```ts
 * const vault = await Vault.create(new MemoryStorage(), 'correct horse battery staple');
 * ```
 */
export class MemoryStorage implements VaultStorage {
  readonly #blobs = new Map<string, Uint8Array>();

  /** @inheritDoc */
  async get(key: string): Promise<Uint8Array | undefined> {
    assertStorageKey(key);
    return this.#blobs.get(key)?.slice();
  }

  /** @inheritDoc */
  async put(key: string, value: Uint8Array): Promise<void> {
    assertStorageKey(key);
    assertBytes(value, 'value');
    this.#blobs.set(key, value.slice());
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    this.#blobs.delete(key);
  }

  /** @inheritDoc */
  async list(): Promise<string[]> {
    return [...this.#blobs.keys()];
  }
}
