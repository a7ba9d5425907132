import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDBStorage, Vault } from '../src/index.js';

describe('IndexedDBStorage (on fake-indexeddb)', () => {
  it('stores ciphertext blobs and round-trips a vault', async () => {
    const factory = new IDBFactory();
    const storage = new IndexedDBStorage('wallet', factory);
    const v = await Vault.create(storage, 'pw', { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    await v.put('master', new Uint8Array([1, 2, 3]));
    await storage.close();
    const again = await Vault.open(new IndexedDBStorage('wallet', factory), 'pw');
    expect(await again.get('master')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await again.list()).toEqual(['master']);
    await again.delete('master');
    expect(await again.list()).toEqual([]);
    await expect(Vault.open(new IndexedDBStorage('wallet', factory), 'wrong')).rejects.toMatchObject({
      code: 'ERR_VAULT_WRONG_PASSWORD',
    });
  });

  it('needs an IndexedDB', () => {
    expect(() => new IndexedDBStorage('x')).toThrow(TypeError);
    expect(() => new IndexedDBStorage(1 as never, new IDBFactory())).toThrow(TypeError);
  });
});
