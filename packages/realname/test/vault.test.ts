import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryStorage, Vault, type VaultStorage } from '../src/index.js';
import { FileStorage } from '../src/node.js';

const fast = { scrypt: { N: 2 ** 10, r: 8, p: 1 } };

function flip(b: Uint8Array, i: number): Uint8Array {
  const c = b.slice();
  c[i % c.length]! ^= 1;
  return c;
}

describe('Vault', () => {
  it('round-trips items and reopens with the right password', async () => {
    const storage = new MemoryStorage();
    const v = await Vault.create(storage, 'pässwörd', fast);
    await v.put('master', new Uint8Array([1, 2, 3]));
    await v.putJson('creds', { a: [1, 2] });
    const again = await Vault.open(storage, 'pässwörd'.normalize('NFD'));
    expect(await again.get('master')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await again.getJson('creds')).toEqual({ a: [1, 2] });
    expect(await again.list()).toEqual(['creds', 'master']);
    expect(await again.get('missing')).toBeUndefined();
    await again.delete('master');
    expect(await again.list()).toEqual(['creds']);
  });

  it('property: any bytes under any name round-trip; storage sees neither', async () => {
    const storage = new MemoryStorage();
    const v = await Vault.create(storage, 'pw', fast);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ minLength: 8, maxLength: 200 }),
        async (name, data) => {
          await v.put(name, data);
          expect(await v.get(name)).toEqual(data);
          for (const key of await storage.list()) {
            expect(key).toMatch(/^(item\.[A-Za-z0-9_-]{43}|vault\.header)$/);
            const blob = (await storage.get(key))!;
            expect(containsSub(blob, data)).toBe(false);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('wrong password -> ERR_VAULT_WRONG_PASSWORD', async () => {
    const storage = new MemoryStorage();
    await Vault.create(storage, 'right', fast);
    await expect(Vault.open(storage, 'wrong')).rejects.toMatchObject({ code: 'ERR_VAULT_WRONG_PASSWORD' });
  });

  it('tampered or moved blobs -> ERR_VAULT_TAMPERED; bad header -> coded errors', async () => {
    const storage = new MemoryStorage();
    const v = await Vault.create(storage, 'pw', fast);
    await v.put('a', new Uint8Array(40).fill(7));
    const ka = (await storage.list()).find((k) => k.startsWith('item.'))!;
    await v.put('b', new Uint8Array(40).fill(9));
    const kb = (await storage.list()).find((k) => k.startsWith('item.') && k !== ka)!;
    const blobA = (await storage.get(ka))!;
    const blobB = (await storage.get(kb))!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: blobA.length - 1 }), async (i) => {
        await storage.put(ka, flip(blobA, i));
        await expect(v.get('a')).rejects.toMatchObject({ code: 'ERR_VAULT_TAMPERED' });
        await expect(v.list()).rejects.toMatchObject({ code: 'ERR_VAULT_TAMPERED' });
      }),
      { numRuns: 20 },
    );
    await storage.put(ka, blobB); // swap a blob into another slot
    await expect(v.get('a')).rejects.toMatchObject({ code: 'ERR_VAULT_TAMPERED' });
    await storage.put(ka, blobA);
    expect(await v.get('a')).toEqual(new Uint8Array(40).fill(7));
    await storage.put(ka, new Uint8Array([1, 2]));
    await expect(v.get('a')).rejects.toMatchObject({ code: 'ERR_VAULT_CORRUPT' });

    const header = new TextDecoder().decode((await storage.get('vault.header'))!);
    const h = JSON.parse(header);
    await storage.put(
      'vault.header',
      new TextEncoder().encode(JSON.stringify({ ...h, kdf: { ...h.kdf, N: 2 ** 11 } })),
    );
    await expect(Vault.open(storage, 'pw')).rejects.toMatchObject({ code: 'ERR_VAULT_WRONG_PASSWORD' });
    await storage.put(
      'vault.header',
      new TextEncoder().encode(JSON.stringify({ ...h, kdf: { ...h.kdf, N: 2 ** 30 } })),
    );
    await expect(Vault.open(storage, 'pw')).rejects.toMatchObject({ code: 'ERR_VAULT_CORRUPT' });
    await storage.put('vault.header', new TextEncoder().encode('{'));
    await expect(Vault.open(storage, 'pw')).rejects.toMatchObject({ code: 'ERR_VAULT_CORRUPT' });
    await expect(Vault.open(new MemoryStorage(), 'pw')).rejects.toMatchObject({
      code: 'ERR_VAULT_NOT_FOUND',
    });
    await storage.put('vault.header', new TextEncoder().encode(header));
    await expect(Vault.create(storage, 'pw', fast)).rejects.toMatchObject({ code: 'ERR_VAULT_EXISTS' });
  });

  it('lock wipes the keys', async () => {
    const v = await Vault.create(new MemoryStorage(), 'pw', fast);
    v.lock();
    await expect(v.put('a', new Uint8Array(1))).rejects.toThrow(TypeError);
  });

  it('wrong-typed inputs -> TypeError/RangeError', async () => {
    const storage = new MemoryStorage();
    const v = await Vault.create(storage, 'pw', fast);
    for (const w of [undefined, 1, [], {}]) {
      await expect(Vault.create(w as unknown as VaultStorage, 'pw', fast)).rejects.toThrow(TypeError);
      await expect(Vault.open(storage, w as unknown as string)).rejects.toThrow(TypeError);
      await expect(v.put(w as unknown as string, new Uint8Array(1))).rejects.toThrow(TypeError);
      await expect(v.put('a', w as unknown as Uint8Array)).rejects.toThrow(TypeError);
    }
    await expect(Vault.open(storage, '')).rejects.toThrow(RangeError);
    await expect(
      Vault.create(new MemoryStorage(), 'pw', { scrypt: { N: 1000, r: 8, p: 1 } }),
    ).rejects.toThrow(RangeError);
    await expect(storage.put('../etc', new Uint8Array(1))).rejects.toThrow(RangeError);
  });

  it('FileStorage writes 0600 files in a 0700 folder and round-trips a vault', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realdid-vault-'));
    try {
      const folder = join(dir, 'vault');
      const v = await Vault.create(new FileStorage(folder), 'pw', fast);
      await v.put('master', new Uint8Array([5, 6]));
      const files = await readdir(folder);
      expect(files.length).toBe(2);
      for (const f of files) expect((await stat(join(folder, f))).mode & 0o777).toBe(0o600);
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
      const again = await Vault.open(new FileStorage(folder), 'pw');
      expect(await again.get('master')).toEqual(new Uint8Array([5, 6]));
      await again.delete('master');
      expect(await again.list()).toEqual([]);
      expect(await new FileStorage(join(dir, 'none')).list()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function containsSub(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
