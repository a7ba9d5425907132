import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CasStore } from './CasStore.js';
import { casId } from './casId.js';

const ID = /^z[1-9A-HJ-NP-Za-km-z]{40,60}$/;

/**
 * A {@link CasStore} on the file system (Node): each file is written once to `<dir>/<id>`
 * (through a temporary file and a rename, so a crash never leaves a half-written file under an id).
 *
 * Import from `@realdid/ledger-evm/fs-cas`.
 *
 * @example
 * ```ts
 * import { FsCasStore } from '@realdid/ledger-evm/fs-cas';
 * const cas = new FsCasStore('./batches');
 * const id = await cas.put(new Uint8Array([1, 2, 3]));
 * ```
 */
export class FsCasStore implements CasStore {
  readonly #dir: string;
  #ready: Promise<unknown> | undefined;

  /** @param dir - the folder that holds the files (created when missing) */
  constructor(dir: string) {
    if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('dir must be a non-empty string');
    this.#dir = dir;
  }

  /** @inheritDoc */
  async put(bytes: Uint8Array): Promise<string> {
    const id = casId(bytes);
    this.#ready ??= mkdir(this.#dir, { recursive: true });
    await this.#ready;
    const path = join(this.#dir, id);
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, bytes, { flush: true });
    await rename(tmp, path);
    return id;
  }

  /** @inheritDoc */
  async get(id: string): Promise<Uint8Array | undefined> {
    if (typeof id !== 'string') throw new TypeError('id must be a string');
    if (!ID.test(id)) return undefined;
    try {
      const buf = await readFile(join(this.#dir, id));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
