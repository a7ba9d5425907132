import { toClock } from '@realdid/crypto';
import type { NonceConsumeResult, NonceStore } from '@realdid/realname';
import type Database from 'better-sqlite3';
import { mapSqliteError, storeError } from './internal/errors.js';
import { checkOptionsObject, intOption, type OpenOptions, openTable } from './internal/open.js';

/** Options of {@link SqliteNonceStore.open}. */
export interface SqliteNonceStoreOptions extends OpenOptions {
  /**
   * The table (default `realdid_nonce`), created when missing; it may live in the same file as
   * the accounts. `[A-Za-z_][A-Za-z0-9_]*`, at most 63 characters.
   */
  table?: string;
  /** How long a write waits for another thread's or process's write lock before failing with `ERR_ACCOUNT_STORE_UNAVAILABLE` (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * `normal` (default for nonces): in WAL mode a resolved `put` or `consume` survives a killed
   * process; an OS crash or power cut may lose the last ones — a lost `put` makes a pending
   * request fail (`unknown`), a lost `consume` could let that one nonce be used again after the
   * host restarts within its lifetime. `full` fsyncs every commit and closes that window.
   */
  synchronous?: 'full' | 'normal';
  /** Whether a missing file is created (default `true`). */
  create?: boolean;
  /** Clock in milliseconds (default `Date.now`); one answering anything but a finite time is a TypeError at each call. */
  now?: () => number;
  /**
   * How long past its expiry a nonce is remembered, in milliseconds (default 600,000): within it a
   * late consumer is told `expired` or `consumed` rather than `unknown`; after it the row is
   * deleted (a few expired rows with every `put`, so the table holds only the live and recent ones).
   */
  retainMs?: number;
  /** Largest `data` accepted by `put` and read back, in bytes of JSON (default 16 KiB). */
  maxDataBytes?: number;
}

const NONCE = /^[A-Za-z0-9_-]{1,512}$/;
const UTF8 = new TextEncoder();
/** Whether `json` is longer than `max` bytes of UTF-8 (its length in UTF-16 units bounds them from below). */
const tooLarge = (json: string, max: number): boolean => json.length > max || UTF8.encode(json).length > max;
/** Expired rows deleted with each put: more than one, so the table shrinks after a burst. */
const PRUNE_PER_PUT = 8;

type Row = [expiresAt: unknown, used: unknown, data: unknown];

/** A JSON replacer that refuses what JSON.parse would not give back unchanged. */
function unchanged(this: unknown, key: string, value: unknown): unknown {
  // toJSON ran (a Date, …): what is stored is not the value
  if ((this as Record<string, unknown>)[key] !== value) throw new TypeError('toJSON');
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON has no -0, NaN or ±Infinity (they come back as 0 and null)
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      break;
    case 'object': {
      if (value === null || Array.isArray(value)) return value; // a hole or undefined element: undefined next
      // A plain object (of any realm, or with a null prototype) without symbol keys; not a Map,
      // Set, boxed primitive, typed array or class instance, which JSON turns into something else.
      const proto = Object.getPrototypeOf(value) as object | null;
      if (
        (proto === null || Object.getPrototypeOf(proto) === null) &&
        Object.getOwnPropertySymbols(value).length === 0
      )
        return value;
      break;
    }
  }
  // undefined, a function, a symbol, a bigint: JSON drops, changes or refuses them
  throw new TypeError('not JSON');
}

/**
 * A `NonceStore` (of `@realdid/realname`) in a SQLite file, shared by every thread and process
 * of a relying party on one host: a nonce issued by one server process (or the main thread) is
 * spent once on any other (a `VerifierPool` worker, another process). `consume` is one
 * `UPDATE … RETURNING` statement, atomic under SQLite's write lock, so of any number of
 * concurrent consumers exactly one gets `ok`. A consumed or expired nonce is remembered until
 * `retainMs` after its expiry, then deleted.
 *
 * Untrusted nonces are checked before any lookup (anything but 1–512 base64url characters is
 * `unknown` at once); rows read back are checked (`ERR_ACCOUNT_STORE_CORRUPT` for one that is
 * not). For servers on several hosts, use `@realdid/nonce-redis`.
 *
 * @example
 * ```ts
 * import { SqliteNonceStore } from '@realdid/accounts-sqlite';
 * const nonces = await SqliteNonceStore.open(':memory:'); // a file path in production
 * await nonces.put('n0nce', Date.now() + 60_000, { kind: 'login' });
 * (await nonces.consume('n0nce')).status; // 'ok'
 * (await nonces.consume('n0nce')).status; // 'consumed'
 * nonces.close();
 * // with a site: RelyingParty.create({ ledger, registryDid, traceCommittee, accounts, nonceStore: nonces })
 * ```
 */
export class SqliteNonceStore implements NonceStore {
  /** The absolute path of the file (or `:memory:`). */
  readonly path: string;
  /** The table holding the nonces. */
  readonly table: string;
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #retainMs: number;
  readonly #maxBytes: number;
  readonly #put: Database.Statement<[string, number, string, number, number]>;
  readonly #prune: Database.Statement<[number]>;
  readonly #take: Database.Statement<[string, number]>;
  readonly #peek: Database.Statement<[string]>;
  #closed = false;

  private constructor(
    path: string,
    table: string,
    db: Database.Database,
    now: () => number,
    retainMs: number,
    maxBytes: number,
  ) {
    this.path = path;
    this.table = table;
    this.#db = db;
    this.#now = now;
    this.#retainMs = retainMs;
    this.#maxBytes = maxBytes;
    // A row past its retention counts as absent: put may take its nonce again.
    this.#put = db.prepare(
      `INSERT INTO "${table}" (nonce, expires_at, data, used) VALUES (?, ?, ?, 0)
       ON CONFLICT(nonce) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data, used = 0
       WHERE "${table}".expires_at + ? <= ?`,
    );
    this.#prune = db.prepare(
      `DELETE FROM "${table}" WHERE rowid IN (SELECT rowid FROM "${table}" WHERE expires_at <= ? ORDER BY expires_at LIMIT ${PRUNE_PER_PUT})`,
    );
    this.#take = db
      .prepare(
        `UPDATE "${table}" SET used = 1 WHERE nonce = ? AND used = 0 AND expires_at > ? RETURNING expires_at, used, data`,
      )
      .raw();
    this.#peek = db.prepare(`SELECT expires_at, used, data FROM "${table}" WHERE nonce = ?`).raw();
  }

  /**
   * Opens (and on first use creates) the store.
   *
   * @param path - the database file, or `:memory:` for a store of one connection
   * @param options - see {@link SqliteNonceStoreOptions}
   * @returns the open store
   * @throws TypeError / RangeError for invalid arguments; RealDidError `ERR_ACCOUNT_STORE_UNAVAILABLE`
   *   when the file cannot be opened, `ERR_ACCOUNT_STORE_CORRUPT` when it is not a SQLite database
   *   or its table has another shape
   */
  static async open(path: string, options: SqliteNonceStoreOptions = {}): Promise<SqliteNonceStore> {
    return SqliteNonceStore.openSync(path, options);
  }

  /**
   * Synchronous form of {@link SqliteNonceStore.open}.
   *
   * @param path - the database file, or `:memory:`
   * @param options - see {@link SqliteNonceStoreOptions}
   * @returns the open store
   * @throws as {@link SqliteNonceStore.open}
   */
  static openSync(path: string, options: SqliteNonceStoreOptions = {}): SqliteNonceStore {
    checkOptionsObject(options);
    const o = options;
    // Read through readClock on every call: a clock that answers NaN or anything but a time is a
    // TypeError, never a NaN bound as NULL (no row would ever be pruned, every nonce `expired`).
    const now = toClock(o.now);
    const retainMs = intOption(o.retainMs, 'retainMs', 600_000, 0);
    const maxBytes = intOption(o.maxDataBytes, 'maxDataBytes', 16 * 1024, 16);
    return openTable(
      path,
      options,
      {
        what: 'nonce',
        synchronous: 'normal',
        defaultTable: 'realdid_nonce',
        ddl: 'CREATE TABLE IF NOT EXISTS "%T" (nonce TEXT PRIMARY KEY NOT NULL, expires_at INTEGER NOT NULL, data TEXT NOT NULL, used INTEGER NOT NULL) STRICT',
        after: 'CREATE INDEX IF NOT EXISTS "%T_expires_at" ON "%T" (expires_at)',
        shape: 'nonce:TEXT,expires_at:INTEGER,data:TEXT,used:INTEGER',
        key: 'nonce',
      },
      (t) => new SqliteNonceStore(t.path, t.table, t.db, now, retainMs, maxBytes),
    );
  }

  /**
   * Remembers a fresh nonce until `expiresAt`, and deletes a few rows past their retention.
   *
   * @param nonce - base64url, 1–512 characters
   * @param expiresAt - milliseconds since the epoch
   * @param data - JSON data handed back unchanged by `consume` (at most `maxDataBytes` of JSON);
   *   what JSON would not give back unchanged (-0, NaN, ±Infinity, undefined inside, a value with
   *   toJSON such as a Date, a Map, Set, boxed primitive, class instance, symbol key) is refused
   * @throws TypeError / RangeError on a malformed argument; RangeError when the nonce is already in
   *   use; RealDidError `ERR_ACCOUNT_STORE_UNAVAILABLE`, `ERR_ACCOUNT_STORE_CLOSED`
   */
  async put(nonce: string, expiresAt: number, data?: unknown): Promise<void> {
    this.#open();
    if (typeof nonce !== 'string' || !NONCE.test(nonce))
      throw new TypeError('nonce: expected 1 to 512 base64url characters');
    if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt <= 0)
      throw new TypeError('expiresAt: expected milliseconds since the epoch');
    // No data is stored as '' (no JSON text is empty), so null and undefined both come back as given.
    let json: string | undefined;
    try {
      json = data === undefined ? '' : JSON.stringify(data, unchanged);
    } catch {
      json = undefined;
    }
    if (json === undefined)
      throw new TypeError(
        'data: expected JSON data that reads back unchanged (no -0, NaN, Infinity, undefined, toJSON, Map, class instance, …)',
      );
    if (tooLarge(json, this.#maxBytes))
      throw new RangeError(`data: larger than maxDataBytes (${this.#maxBytes})`);
    const now = this.#now();
    let changes: number;
    try {
      changes = this.#db.transaction(() => {
        this.#prune.run(now - this.#retainMs);
        return this.#put.run(nonce, expiresAt, json, this.#retainMs, now).changes;
      })();
    } catch (err) {
      throw mapSqliteError(err, 'storing a nonce', 'nonce');
    }
    if (changes !== 1) throw new RangeError('nonce: already in use');
  }

  /**
   * Takes a nonce out, once, atomically across every thread and process sharing the file.
   *
   * @param nonce - the nonce received back (untrusted)
   * @returns `ok` with the data the first time before expiry; `expired`, `consumed` or `unknown`
   * @throws TypeError when `nonce` is not a string; RealDidError `ERR_ACCOUNT_STORE_CORRUPT` for a
   *   malformed row, `ERR_ACCOUNT_STORE_UNAVAILABLE`, `ERR_ACCOUNT_STORE_CLOSED`
   */
  async consume(nonce: string): Promise<NonceConsumeResult> {
    this.#open();
    if (typeof nonce !== 'string') throw new TypeError('nonce: expected a string');
    if (!NONCE.test(nonce)) return { status: 'unknown' };
    const now = this.#now();
    let taken: unknown;
    let row: unknown;
    try {
      taken = this.#take.get(nonce, now);
      if (taken === undefined) row = this.#peek.get(nonce);
    } catch (err) {
      throw mapSqliteError(err, 'consuming a nonce', 'nonce');
    }
    if (taken !== undefined) {
      const [, , data] = this.#checked(taken, nonce);
      return { status: 'ok', data };
    }
    if (row === undefined) return { status: 'unknown' };
    const [expiresAt, used] = this.#checked(row, nonce);
    if (expiresAt + this.#retainMs <= now) return { status: 'unknown' };
    return used ? { status: 'consumed' } : { status: 'expired' };
  }

  /** Closes the database; later calls fail with `ERR_ACCOUNT_STORE_CLOSED`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #open(): void {
    if (this.#closed) throw storeError('ERR_ACCOUNT_STORE_CLOSED', 'the nonce store is closed');
  }

  /** A row read back, checked: a safe integer expiry, a 0/1 flag, JSON data within the bound. */
  #checked(row: unknown, nonce: string): [expiresAt: number, used: boolean, data: unknown] {
    const [expiresAt, used, json] = (Array.isArray(row) ? row : []) as Row;
    const corrupt = (m: string, cause?: unknown): never => {
      throw storeError(
        'ERR_ACCOUNT_STORE_CORRUPT',
        `the row of nonce ${nonce} in ${this.table}: ${m}`,
        cause,
      );
    };
    if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt))
      return corrupt('expires_at is not an integer');
    if (used !== 0 && used !== 1) return corrupt('used is not 0 or 1');
    if (typeof json !== 'string' || tooLarge(json, this.#maxBytes))
      return corrupt('data is not JSON within maxDataBytes');
    if (json === '') return [expiresAt, used === 1, undefined];
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      // not as cause: JSON.parse's message quotes the text, which may be the data
      return corrupt('data is not JSON');
    }
    return [expiresAt, used === 1, data];
  }
}
