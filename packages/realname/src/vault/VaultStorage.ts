/**
 * Where a {@link Vault} keeps its blobs. A storage sees only opaque keys (`[A-Za-z0-9._-]{1,128}`)
 * and ciphertext; it never sees a password, a key or a plaintext. Implementations:
 * {@link MemoryStorage}, `FileStorage` (`@realdid/realname/node`), {@link IndexedDBStorage}.
 * Implement it to keep a vault elsewhere (a mobile keystore, a sync service).
 */
export interface VaultStorage {
  /** @returns the blob stored under `key`, or undefined */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Stores (or replaces) a blob. */
  put(key: string, value: Uint8Array): Promise<void>;
  /** Deletes a blob; no error when absent. */
  delete(key: string): Promise<void>;
  /** @returns every key held */
  list(): Promise<string[]>;
}

/** Keys a storage must accept. */
export const STORAGE_KEY_PATTERN: RegExp = /^[A-Za-z0-9._-]{1,128}$/;

/** @internal */
export function assertStorageKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError('storage key: expected a string');
  if (!STORAGE_KEY_PATTERN.test(key))
    throw new RangeError('storage key: expected 1-128 characters of A-Z a-z 0-9 . _ -');
}
