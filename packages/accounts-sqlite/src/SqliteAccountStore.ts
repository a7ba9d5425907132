import { type Account, type AccountStore, parseStoredAccount, storedAccountJson } from '@realdid/realname';
import type Database from 'better-sqlite3';
import { mapSqliteError, storeError } from './internal/errors.js';
import { checkOptionsObject, intOption, openTable } from './internal/open.js';

/** Options of {@link SqliteAccountStore.open}. */
export interface SqliteAccountStoreOptions {
  /**
   * The table (default `realdid_account`), created when missing; it may live in the site's own
   * database next to its other tables. `[A-Za-z_][A-Za-z0-9_]*`, at most 63 characters.
   */
  table?: string;
  /** How long a write waits for another process's write lock before failing with `ERR_ACCOUNT_STORE_UNAVAILABLE` (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * `full` (default): a resolved `put` is on disk (fsync at each commit). `normal`: in WAL mode a
   * resolved `put` survives a killed process but the last ones may be lost on an OS crash or power
   * cut.
   */
  synchronous?: 'full' | 'normal';
  /** Largest account accepted by `put` and read back, in bytes of JSON (default 64 KiB). */
  maxAccountBytes?: number;
  /** Whether a missing file is created (default `true`); with `false` a missing file is `ERR_ACCOUNT_STORE_UNAVAILABLE`. */
  create?: boolean;
}

/** Longest DID an account may have (parseAccount's bound): nothing longer is ever looked up. */
const MAX_DID_LENGTH = 2048;

type Statements = {
  get: Database.Statement<[string], unknown>;
  put: Database.Statement<[string, string], unknown>;
  list: Database.Statement<[], unknown>;
};

/**
 * An `AccountStore` (of `@realdid/realname`) in a SQLite file, with better-sqlite3: one row per
 * account, keyed by its pairwise DID, the account as JSON. Several server processes on one host
 * share the file: it is opened in WAL mode (readers never wait for the writer), every write is one
 * statement, so one transaction, and a writer waits up to `busyTimeoutMs` for another's lock.
 *
 * - `put` is an upsert (`INSERT … ON CONFLICT(did) DO UPDATE`): the last write of an account wins.
 * - Every row read back is checked field by field before it is returned: a row that is not a
 *   well-formed account (edited by hand, damaged, written by something else) fails with
 *   `ERR_ACCOUNT_STORE_CORRUPT`, never with a crash or a half-checked object.
 * - Statements are prepared once; DIDs are bound parameters, never spliced into SQL.
 * - Calls run synchronously inside the returned promise (each is one indexed statement).
 *
 * For servers on several hosts, use a database server; the file must not be on a network file
 * system (SQLite's WAL needs shared memory on one host).
 *
 * @example
 * ```ts
 * import { SqliteAccountStore } from '@realdid/accounts-sqlite';
 * const accounts = await SqliteAccountStore.open(':memory:');
 * await accounts.put({
 *   did: 'did:realdid:zQmExample',
 *   claims: { age_over_18: true },
 *   trace: { committee: 'committee-1', token: 'AAAA', context: 'BBBB' },
 *   credential: { iss: 'did:realdid:zQmIssuer', exp: 2000000000, status: { status_list: { idx: 7, uri: 'https://status.example/1' } } },
 *   registeredAt: '2026-12-06T12:00:00.000Z',
 * });
 * (await accounts.get('did:realdid:zQmExample'))?.claims; // { age_over_18: true }
 * accounts.close();
 * // with a site: RelyingParty.create({ ledger, registryDid, traceCommittee, accounts })
 * ```
 */
export class SqliteAccountStore implements AccountStore {
  /** The absolute path of the file (or `:memory:`). */
  readonly path: string;
  /** The table holding the accounts. */
  readonly table: string;
  readonly #db: Database.Database;
  readonly #s: Statements;
  readonly #maxBytes: number;
  #closed = false;

  private constructor(path: string, table: string, db: Database.Database, maxBytes: number) {
    this.path = path;
    this.table = table;
    this.#db = db;
    this.#maxBytes = maxBytes;
    this.#s = {
      get: db.prepare(`SELECT did, account FROM "${table}" WHERE did = ?`).raw() as Statements['get'],
      put: db.prepare(
        `INSERT INTO "${table}" (did, account) VALUES (?, ?) ON CONFLICT(did) DO UPDATE SET account = excluded.account`,
      ) as Statements['put'],
      list: db.prepare(`SELECT did, account FROM "${table}" ORDER BY rowid`).raw() as Statements['list'],
    };
  }

  /**
   * Opens (and on first use creates) the store.
   *
   * @param path - the database file, or `:memory:` for a throw-away store
   * @param options - see {@link SqliteAccountStoreOptions}
   * @returns the open store
   * @throws TypeError / RangeError for invalid arguments; RealDidError `ERR_ACCOUNT_STORE_UNAVAILABLE`
   *   when the file cannot be opened (or is missing with `create: false`), `ERR_ACCOUNT_STORE_CORRUPT`
   *   when it is not a SQLite database or its table has another shape
   */
  static async open(path: string, options: SqliteAccountStoreOptions = {}): Promise<SqliteAccountStore> {
    return SqliteAccountStore.openSync(path, options);
  }

  /**
   * Synchronous form of {@link SqliteAccountStore.open}, for scripts and start-up code.
   *
   * @param path - the database file, or `:memory:`
   * @param options - see {@link SqliteAccountStoreOptions}
   * @returns the open store
   * @throws as {@link SqliteAccountStore.open}
   */
  static openSync(path: string, options: SqliteAccountStoreOptions = {}): SqliteAccountStore {
    checkOptionsObject(options);
    const maxBytes = intOption(options.maxAccountBytes, 'maxAccountBytes', 64 * 1024, 256);
    // STRICT: SQLite refuses a value of another type in these columns (3.37+).
    return openTable(
      path,
      options,
      {
        what: 'account',
        defaultTable: 'realdid_account',
        ddl: 'CREATE TABLE IF NOT EXISTS "%T" (did TEXT PRIMARY KEY NOT NULL, account TEXT NOT NULL) STRICT',
        shape: 'did:TEXT,account:TEXT',
        key: 'did',
      },
      (t) => new SqliteAccountStore(t.path, t.table, t.db, maxBytes),
    );
  }

  /**
   * @param did - the account's pairwise DID
   * @returns the account (a fresh, checked copy), or undefined when there is none
   * @throws TypeError when `did` is not a string; RealDidError `ERR_ACCOUNT_STORE_CORRUPT` for a
   *   malformed row, `ERR_ACCOUNT_STORE_UNAVAILABLE`, `ERR_ACCOUNT_STORE_CLOSED`
   */
  async get(did: string): Promise<Account | undefined> {
    this.#open();
    if (typeof did !== 'string') throw new TypeError('did must be a string');
    // Only an ASCII DID of bounded length is ever stored (parseAccount): no lookup for anything else.
    if (did.length === 0 || did.length > MAX_DID_LENGTH || !/^[\x21-\x7e]+$/.test(did)) return undefined;
    let row: unknown;
    try {
      row = this.#s.get.get(did);
    } catch (err) {
      throw mapSqliteError(err, 'reading an account');
    }
    return row === undefined ? undefined : this.#parse(row, did);
  }

  /**
   * Stores an account, replacing the one of the same DID (an upsert, one statement).
   *
   * @param account - the account (copied; not kept)
   * @throws TypeError / RangeError when `account` is not a well-formed account or is larger than
   *   `maxAccountBytes`; RealDidError `ERR_ACCOUNT_STORE_UNAVAILABLE`, `ERR_ACCOUNT_STORE_CLOSED`
   */
  async put(account: Account): Promise<void> {
    this.#open();
    const { did, json } = storedAccountJson(account, this.#maxBytes);
    try {
      this.#s.put.run(did, json);
    } catch (err) {
      throw mapSqliteError(err, 'writing an account');
    }
  }

  /**
   * @returns every account, in the order they were first stored (each a fresh, checked copy)
   * @throws RealDidError `ERR_ACCOUNT_STORE_CORRUPT` for a malformed row (naming its key),
   *   `ERR_ACCOUNT_STORE_UNAVAILABLE`, `ERR_ACCOUNT_STORE_CLOSED`
   */
  async list(): Promise<Account[]> {
    this.#open();
    let rows: unknown[];
    try {
      rows = this.#s.list.all();
    } catch (err) {
      throw mapSqliteError(err, 'listing the accounts');
    }
    return rows.map((row) => this.#parse(row, undefined));
  }

  /** Closes the database; later calls fail with `ERR_ACCOUNT_STORE_CLOSED`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #open(): void {
    if (this.#closed) throw storeError('ERR_ACCOUNT_STORE_CLOSED', 'the account store is closed');
  }

  /** A row read back, checked: `[did, account JSON]` whose account is well-formed and has that DID. */
  #parse(row: unknown, expectedDid: string | undefined): Account {
    const [key, json] = Array.isArray(row) ? row : [];
    const at =
      typeof key === 'string' && key.length <= MAX_DID_LENGTH ? `the row of ${JSON.stringify(key)}` : 'a row';
    const corrupt = (m: string, cause?: unknown): never => {
      throw storeError('ERR_ACCOUNT_STORE_CORRUPT', `${at} of ${this.table}: ${m}`, cause);
    };
    try {
      return parseStoredAccount(key, json, {
        maxBytes: this.#maxBytes,
        ...(expectedDid === undefined ? {} : { expectedDid }),
      });
    } catch (cause) {
      return corrupt(cause instanceof TypeError ? cause.message : 'not an account', cause);
    }
  }
}
