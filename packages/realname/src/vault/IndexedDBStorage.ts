import { assertBytes, assertString } from '../internal/bytes.js';
import { assertStorageKey, type VaultStorage } from './VaultStorage.js';

const STORE = 'blobs';

/**
 * A {@link VaultStorage} in the browser's IndexedDB (one database, one object store `blobs`).
 * Uses only `globalThis.indexedDB`; no Node imports.
 *
 * @example
 * ```ts
 * const vault = await Vault.open(new IndexedDBStorage('realdid-wallet'), password);
 * ```
 */
export class IndexedDBStorage implements VaultStorage {
  readonly #name: string;
  readonly #factory: IDBFactory;
  #db: Promise<IDBDatabase> | undefined;

  /**
   * @param name - the database name
   * @param factory - the IndexedDB factory (default `globalThis.indexedDB`)
   * @throws TypeError when no IndexedDB is available
   */
  constructor(name: string, factory?: IDBFactory) {
    assertString(name, 'name');
    const f = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (f === undefined) throw new TypeError('IndexedDBStorage: no indexedDB in this environment');
    this.#name = name;
    this.#factory = f;
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise((resolve, reject) => {
      const req = this.#factory.open(this.#name, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.#db;
  }

  async #run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = op(tx.objectStore(STORE));
      let result: T;
      req.onsuccess = () => {
        result = req.result;
      };
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  /** @inheritDoc */
  async get(key: string): Promise<Uint8Array | undefined> {
    assertStorageKey(key);
    const v = await this.#run('readonly', (s) => s.get(key) as IDBRequest<unknown>);
    return v instanceof Uint8Array
      ? v.slice()
      : v instanceof ArrayBuffer
        ? new Uint8Array(v.slice(0))
        : undefined;
  }

  /** @inheritDoc */
  async put(key: string, value: Uint8Array): Promise<void> {
    assertStorageKey(key);
    assertBytes(value, 'value');
    await this.#run('readwrite', (s) => s.put(value.slice(), key));
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.#run('readwrite', (s) => s.delete(key));
  }

  /** @inheritDoc */
  async list(): Promise<string[]> {
    const keys = await this.#run('readonly', (s) => s.getAllKeys());
    return keys.filter((k): k is string => typeof k === 'string');
  }

  /** Closes the database connection. */
  async close(): Promise<void> {
    if (this.#db !== undefined) (await this.#db).close();
    this.#db = undefined;
  }
}
