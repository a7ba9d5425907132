import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assertBytes, assertString } from '../internal/bytes.js';
import { assertStorageKey, type VaultStorage } from './VaultStorage.js';

const TMP_SUFFIX = '.tmp';

/**
 * A {@link VaultStorage} on the file system (Node only; import it from `@realdid/realname/node`).
 * One file per blob in a folder created with mode 0700; files are written with mode 0600 through
 * a temporary file, fsync and rename, so a crash leaves either the old or the new blob.
 *
 * @example
 * ```ts
 * import { FileStorage } from '@realdid/realname/node';
 * const vault = await Vault.open(new FileStorage('/home/me/.realdid/vault'), password);
 * ```
 */
export class FileStorage implements VaultStorage {
  readonly #dir: string;

  /**
   * @param dir - the folder (created on first write)
   */
  constructor(dir: string) {
    assertString(dir, 'dir');
    this.#dir = dir;
  }

  /** @inheritDoc */
  async get(key: string): Promise<Uint8Array | undefined> {
    assertStorageKey(key);
    try {
      const buf = await readFile(join(this.#dir, key));
      return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** @inheritDoc */
  async put(key: string, value: Uint8Array): Promise<void> {
    assertStorageKey(key);
    assertBytes(value, 'value');
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.#dir, `${key}.${process.pid}.${Date.now()}${TMP_SUFFIX}`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(value);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.#dir, key));
  }

  /** @inheritDoc */
  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await rm(join(this.#dir, key), { force: true });
  }

  /** @inheritDoc */
  async list(): Promise<string[]> {
    try {
      return (await readdir(this.#dir)).filter((f) => !f.endsWith(TMP_SUFFIX));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
  }
}
