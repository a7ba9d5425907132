import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { base64urlDecode, base64urlEncode, hkdf, hmac, randomBytes } from '@realdid/crypto';
import {
  assertBytes,
  assertString,
  bytesEqual,
  concat,
  isPlainObject,
  lengthPrefixed,
  utf8,
  utf8Text,
} from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import type { VaultStorage } from './VaultStorage.js';

const HEADER_KEY = 'vault.header';
const ITEM_PREFIX = 'item.';
const BLOB_VERSION = 1;
const CHECK_LABEL = 'realdid/vault/v1/check';
const MAX_NAME = 256;

/** scrypt cost parameters. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two (default 2^17). */
  N: number;
  /** Block size (default 8). */
  r: number;
  /** Parallelism (default 1). */
  p: number;
}

/** Default scrypt parameters: N = 2^17, r = 8, p = 1 (128 MiB, OWASP's recommendation). */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/** Largest parameters {@link Vault.open} accepts from a header (so a tampered header cannot exhaust memory). */
const MAX_SCRYPT = { N: 2 ** 20, r: 16, p: 4 };

/** Options of {@link Vault.create}. */
export interface VaultCreateOptions {
  /** scrypt parameters (default {@link DEFAULT_SCRYPT}; lower only for tests). */
  scrypt?: ScryptParams;
}

interface Header {
  v: 1;
  id: string;
  kdf: { alg: 'scrypt'; N: number; r: number; p: number; salt: string };
  aead: 'XChaCha20-Poly1305';
  check: string;
}

/**
 * An encrypted store for a wallet's secrets and credentials. A password is stretched with scrypt
 * into a key; each item is sealed with XChaCha20-Poly1305 (random 192-bit nonce) under a key
 * derived with HKDF, with the vault id and the item's storage key as associated data. Item names
 * are hidden from the storage behind an HMAC. The storage ({@link VaultStorage}) sees ciphertext
 * only.
 *
 * Errors: `ERR_VAULT_WRONG_PASSWORD` (the key check fails — also what a tampered header gives),
 * `ERR_VAULT_TAMPERED` (an item blob fails authentication or was moved), `ERR_VAULT_CORRUPT`
 * (unparseable blob or header), `ERR_VAULT_NOT_FOUND`, `ERR_VAULT_EXISTS`.
 *
 * @example
 * ```ts
 * const vault = await Vault.create(new MemoryStorage(), 'correct horse battery staple');
 * await vault.put('master', secret);
 * const again = await Vault.open(storage, 'correct horse battery staple');
 * ```
 */
export class Vault {
  readonly #storage: VaultStorage;
  readonly #id: Uint8Array;
  #encKey: Uint8Array | undefined;
  #nameKey: Uint8Array | undefined;

  private constructor(storage: VaultStorage, id: Uint8Array, encKey: Uint8Array, nameKey: Uint8Array) {
    this.#storage = storage;
    this.#id = id;
    this.#encKey = encKey;
    this.#nameKey = nameKey;
  }

  /**
   * Creates a new vault in an empty storage.
   *
   * @param storage - where blobs go
   * @param password - a string (NFKC-normalised) or bytes
   * @param options - scrypt parameters
   * @returns the open vault
   * @throws RealDidError `ERR_VAULT_EXISTS` when the storage already holds a vault
   */
  static async create(
    storage: VaultStorage,
    password: string | Uint8Array,
    options?: VaultCreateOptions,
  ): Promise<Vault> {
    assertStorage(storage);
    const pw = passwordBytes(password);
    const params = options?.scrypt ?? DEFAULT_SCRYPT;
    checkScrypt(params, true);
    if ((await storage.get(HEADER_KEY)) !== undefined)
      throw fail('ERR_VAULT_EXISTS', 'the storage already holds a vault');
    const id = randomBytes(16);
    const salt = randomBytes(16);
    const kdf = {
      alg: 'scrypt' as const,
      N: params.N,
      r: params.r,
      p: params.p,
      salt: base64urlEncode(salt),
    };
    const { enc, names, check } = await deriveKeys(pw, salt, params);
    const nonce = randomBytes(24);
    const checkCt = xchacha20poly1305(check, nonce, headerAad(id, kdf)).encrypt(utf8(CHECK_LABEL));
    const header: Header = {
      v: 1,
      id: base64urlEncode(id),
      kdf,
      aead: 'XChaCha20-Poly1305',
      check: base64urlEncode(concat(nonce, checkCt)),
    };
    await storage.put(HEADER_KEY, utf8(JSON.stringify(header)));
    return new Vault(storage, id, enc, names);
  }

  /**
   * Opens an existing vault.
   *
   * @param storage - where the vault lives
   * @param password - the password
   * @returns the open vault
   * @throws RealDidError `ERR_VAULT_NOT_FOUND`, `ERR_VAULT_CORRUPT`, `ERR_VAULT_WRONG_PASSWORD`
   */
  static async open(storage: VaultStorage, password: string | Uint8Array): Promise<Vault> {
    assertStorage(storage);
    const pw = passwordBytes(password);
    const raw = await storage.get(HEADER_KEY);
    if (raw === undefined) throw fail('ERR_VAULT_NOT_FOUND', 'no vault in this storage');
    const header = parseHeader(raw);
    const params = { N: header.kdf.N, r: header.kdf.r, p: header.kdf.p };
    const salt = b64(header.kdf.salt, 16);
    const id = b64(header.id, 16);
    const checkBlob = b64(header.check);
    if (checkBlob.length !== 24 + CHECK_LABEL.length + 16)
      throw fail('ERR_VAULT_CORRUPT', 'vault header: bad key check');
    const { enc, names, check } = await deriveKeys(pw, salt, params);
    let ok = false;
    try {
      const pt = xchacha20poly1305(check, checkBlob.subarray(0, 24), headerAad(id, header.kdf)).decrypt(
        checkBlob.subarray(24),
      );
      ok = bytesEqual(pt, utf8(CHECK_LABEL));
    } catch {
      ok = false;
    }
    if (!ok) throw fail('ERR_VAULT_WRONG_PASSWORD', 'wrong password (or a tampered vault header)');
    return new Vault(storage, id, enc, names);
  }

  #keys(): { enc: Uint8Array; names: Uint8Array } {
    if (this.#encKey === undefined || this.#nameKey === undefined)
      throw new TypeError('Vault: the vault is locked');
    return { enc: this.#encKey, names: this.#nameKey };
  }

  #storageKey(name: string): string {
    return ITEM_PREFIX + base64urlEncode(hmac('sha-256', this.#keys().names, utf8(name)));
  }

  /**
   * Seals and stores an item.
   *
   * @param name - the item name (1-256 characters; hidden from the storage)
   * @param data - the plaintext
   */
  async put(name: string, data: Uint8Array): Promise<void> {
    checkName(name);
    assertBytes(data, 'data');
    const key = this.#storageKey(name);
    const nonce = randomBytes(24);
    const ct = xchacha20poly1305(this.#keys().enc, nonce, itemAad(this.#id, key)).encrypt(
      concat(lengthPrefixed(utf8(name)), data),
    );
    await this.#storage.put(key, concat(Uint8Array.of(BLOB_VERSION), nonce, ct));
  }

  /**
   * @param name - the item name
   * @returns the plaintext, or undefined when absent
   * @throws RealDidError `ERR_VAULT_TAMPERED`, `ERR_VAULT_CORRUPT`
   */
  async get(name: string): Promise<Uint8Array | undefined> {
    checkName(name);
    const key = this.#storageKey(name);
    const blob = await this.#storage.get(key);
    if (blob === undefined) return undefined;
    const opened = this.#open(key, blob);
    if (opened.name !== name) throw fail('ERR_VAULT_TAMPERED', 'vault item holds another name');
    return opened.data;
  }

  #open(key: string, blob: Uint8Array): { name: string; data: Uint8Array } {
    if (blob.length < 1 + 24 + 16 + 4 || blob[0] !== BLOB_VERSION)
      throw fail('ERR_VAULT_CORRUPT', 'vault item: bad format');
    let pt: Uint8Array;
    try {
      pt = xchacha20poly1305(this.#keys().enc, blob.subarray(1, 25), itemAad(this.#id, key)).decrypt(
        blob.subarray(25),
      );
    } catch (cause) {
      throw fail('ERR_VAULT_TAMPERED', 'vault item failed authentication', undefined, cause);
    }
    const len = new DataView(pt.buffer, pt.byteOffset, pt.byteLength).getUint32(0, false);
    const name = new TextDecoder().decode(pt.subarray(4, 4 + len));
    return { name, data: pt.slice(4 + len) };
  }

  /** Deletes an item (no error when absent). */
  async delete(name: string): Promise<void> {
    checkName(name);
    await this.#storage.delete(this.#storageKey(name));
  }

  /**
   * @returns the names of all items (each blob is opened to read its name)
   * @throws RealDidError `ERR_VAULT_TAMPERED` when a blob fails authentication
   */
  async list(): Promise<string[]> {
    const out: string[] = [];
    for (const key of await this.#storage.list()) {
      if (!key.startsWith(ITEM_PREFIX)) continue;
      const blob = await this.#storage.get(key);
      if (blob === undefined) continue;
      const { name } = this.#open(key, blob);
      if (this.#storageKey(name) !== key)
        throw fail('ERR_VAULT_TAMPERED', 'vault item stored under another key');
      out.push(name);
    }
    return out.sort();
  }

  /** Stores a JSON value. */
  async putJson(name: string, value: unknown): Promise<void> {
    await this.put(name, utf8(JSON.stringify(value)));
  }

  /**
   * @returns a stored JSON value, or undefined
   * @throws RealDidError `ERR_VAULT_CORRUPT` when the item is not JSON
   */
  async getJson(name: string): Promise<unknown> {
    const b = await this.get(name);
    if (b === undefined) return undefined;
    try {
      return JSON.parse(utf8Text(b));
    } catch (cause) {
      throw fail('ERR_VAULT_CORRUPT', `vault item "${name}" is not JSON`, undefined, cause);
    }
  }

  /** Wipes the keys from memory; later calls throw a TypeError. */
  lock(): void {
    this.#encKey?.fill(0);
    this.#nameKey?.fill(0);
    this.#encKey = undefined;
    this.#nameKey = undefined;
  }
}

function assertStorage(s: unknown): asserts s is VaultStorage {
  const o = s as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || typeof o.get !== 'function' || typeof o.put !== 'function') {
    throw new TypeError('storage: expected a VaultStorage (get/put/delete/list)');
  }
}

function passwordBytes(password: unknown): Uint8Array {
  if (typeof password === 'string') {
    if (password.length === 0) throw new RangeError('password: must not be empty');
    return utf8(password.normalize('NFKC'));
  }
  assertBytes(password, 'password');
  if (password.length === 0) throw new RangeError('password: must not be empty');
  return password;
}

function checkName(name: unknown): void {
  assertString(name, 'name');
  if (name.length > MAX_NAME) throw new RangeError(`name: at most ${MAX_NAME} characters`);
}

function checkScrypt(p: ScryptParams, caller: boolean): void {
  const okN = Number.isInteger(p.N) && p.N >= 2 && (p.N & (p.N - 1)) === 0 && p.N <= MAX_SCRYPT.N;
  const ok =
    okN &&
    Number.isInteger(p.r) &&
    p.r >= 1 &&
    p.r <= MAX_SCRYPT.r &&
    Number.isInteger(p.p) &&
    p.p >= 1 &&
    p.p <= MAX_SCRYPT.p;
  if (!ok) {
    if (caller) throw new RangeError('scrypt: N a power of two ≤ 2^20, 1 ≤ r ≤ 16, 1 ≤ p ≤ 4');
    throw fail('ERR_VAULT_CORRUPT', 'vault header: scrypt parameters out of range');
  }
}

async function deriveKeys(pw: Uint8Array, salt: Uint8Array, params: ScryptParams) {
  const master = await scryptAsync(pw, salt, {
    N: params.N,
    r: params.r,
    p: params.p,
    dkLen: 32,
    maxmem: 2 ** 31,
  });
  const noSalt = new Uint8Array(0); // RFC 5869: an absent salt is a string of zeros
  const k = (label: string) => hkdf('sha-256', master, noSalt, utf8(label), 32);
  const out = {
    enc: k('realdid/vault/v1/enc'),
    names: k('realdid/vault/v1/names'),
    check: k('realdid/vault/v1/check'),
  };
  master.fill(0);
  return out;
}

function headerAad(id: Uint8Array, kdf: Header['kdf']): Uint8Array {
  return lengthPrefixed(
    utf8('realdid/vault/v1/header'),
    id,
    utf8(`${kdf.alg}:${kdf.N}:${kdf.r}:${kdf.p}:${kdf.salt}`),
  );
}

function itemAad(id: Uint8Array, key: string): Uint8Array {
  return lengthPrefixed(utf8('realdid/vault/v1/item'), id, utf8(key));
}

function b64(s: unknown, length?: number): Uint8Array {
  if (typeof s !== 'string') throw fail('ERR_VAULT_CORRUPT', 'vault header: expected base64url');
  let b: Uint8Array;
  try {
    b = base64urlDecode(s);
  } catch (cause) {
    throw fail('ERR_VAULT_CORRUPT', 'vault header: bad base64url', undefined, cause);
  }
  if (length !== undefined && b.length !== length)
    throw fail('ERR_VAULT_CORRUPT', 'vault header: bad length');
  return b;
}

function parseHeader(raw: Uint8Array): Header {
  let h: unknown;
  try {
    h = JSON.parse(utf8Text(raw));
  } catch (cause) {
    throw fail('ERR_VAULT_CORRUPT', 'vault header: not JSON', undefined, cause);
  }
  if (!isPlainObject(h) || h.v !== 1 || !isPlainObject(h.kdf) || h.kdf.alg !== 'scrypt') {
    throw fail('ERR_VAULT_CORRUPT', 'vault header: unknown version or KDF');
  }
  const kdf = h.kdf;
  const params = { N: Number(kdf.N), r: Number(kdf.r), p: Number(kdf.p) };
  checkScrypt(params, false);
  if (typeof kdf.salt !== 'string' || typeof h.id !== 'string' || typeof h.check !== 'string') {
    throw fail('ERR_VAULT_CORRUPT', 'vault header: missing fields');
  }
  return {
    v: 1,
    id: h.id,
    kdf: { alg: 'scrypt', ...params, salt: kdf.salt },
    aead: 'XChaCha20-Poly1305',
    check: h.check,
  };
}
