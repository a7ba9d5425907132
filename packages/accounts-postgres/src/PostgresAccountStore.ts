import { isRealDidError, RealDidError } from '@realdid/crypto';
import { type Account, type AccountStore, parseStoredAccount, storedAccountJson } from '@realdid/realname';
import type { AccountStoreErrorCode } from './AccountStoreErrorCode.js';

/**
 * Runs one parameterised SQL statement and resolves with its rows — the only thing the store needs
 * from a PostgreSQL client. node-postgres fits as is: `(text, params) => pool.query(text, params)`;
 * postgres.js: `async (text, params) => ({ rows: await sql.unsafe(text, params) })`. A failed
 * statement must reject.
 */
export type PostgresQuery = (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>;

/** Options of {@link PostgresAccountStore.open}. */
export interface PostgresAccountStoreOptions {
  /** Runs a statement (see {@link PostgresQuery}). */
  query: PostgresQuery;
  /**
   * The table (default `realdid_account`), created when missing; `[a-z_][a-z0-9_]*`, at most 63
   * characters, optionally after a schema name and a dot.
   */
  table?: string;
  /** Largest account accepted by `put` and read back, in bytes of JSON (default 64 KiB). */
  maxAccountBytes?: number;
}

const TABLE = /^(?:[a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,62}$/;
/** Longest DID an account may have (parseAccount's bound): nothing longer is ever looked up. */
const MAX_DID_LENGTH = 2048;

function storeError(
  code: AccountStoreErrorCode,
  message: string,
  cause?: unknown,
): RealDidError<AccountStoreErrorCode> {
  return new RealDidError<AccountStoreErrorCode>(code, message, cause === undefined ? undefined : { cause });
}

/**
 * An `AccountStore` (of `@realdid/realname`) in a PostgreSQL table, for a relying party whose
 * servers run on several hosts: one row per account, keyed by its pairwise DID, the account as JSON
 * text. Bring your own client (see {@link PostgresQuery}); the store holds no connection of its own.
 *
 * - `put` is one upsert statement (`INSERT … ON CONFLICT (did) DO UPDATE`): atomic, the last write
 *   of an account wins; `list` returns accounts in the order they were first stored.
 * - Every row read back is checked field by field (`parseAccount`): a malformed one fails with
 *   `ERR_ACCOUNT_STORE_CORRUPT`, never with a crash or a half-checked object.
 * - Statements are parameterised; the table name is checked against a strict pattern.
 *
 * @example
 * ```ts norun
 * import pg from 'pg';
 * import { PostgresAccountStore } from '@realdid/accounts-postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const accounts = await PostgresAccountStore.open({ query: (text, params) => pool.query(text, params) });
 * ```
 */
export class PostgresAccountStore implements AccountStore {
  /** The table holding the accounts. */
  readonly table: string;
  readonly #query: PostgresQuery;
  readonly #maxBytes: number;

  private constructor(query: PostgresQuery, table: string, maxBytes: number) {
    this.#query = query;
    this.table = table;
    this.#maxBytes = maxBytes;
  }

  /**
   * Checks the options, creates the table when missing and checks its columns.
   *
   * @param options - see {@link PostgresAccountStoreOptions}
   * @returns the store
   * @throws TypeError / RangeError for invalid options; RealDidError `ERR_ACCOUNT_STORE_UNAVAILABLE`
   *   when a statement fails, `ERR_ACCOUNT_STORE_CORRUPT` when the table has other columns
   */
  static async open(options: PostgresAccountStoreOptions): Promise<PostgresAccountStore> {
    if (options === null || typeof options !== 'object' || Array.isArray(options))
      throw new TypeError('options: expected an object');
    if (typeof options.query !== 'function') throw new TypeError('options.query: expected a function');
    const table = options.table ?? 'realdid_account';
    if (typeof table !== 'string') throw new TypeError('options.table: expected a string');
    if (!TABLE.test(table))
      throw new RangeError('options.table: expected [schema.]name, lower-case [a-z_][a-z0-9_]*');
    const maxBytes = options.maxAccountBytes ?? 64 * 1024;
    if (typeof maxBytes !== 'number') throw new TypeError('options.maxAccountBytes: expected a number');
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 256)
      throw new RangeError('options.maxAccountBytes: expected an integer ≥ 256');
    const store = new PostgresAccountStore(options.query, table, maxBytes);
    await store.#run(
      `CREATE TABLE IF NOT EXISTS ${table} (seq BIGINT GENERATED ALWAYS AS IDENTITY, did TEXT PRIMARY KEY, account TEXT NOT NULL)`,
      [],
      'creating the account table',
    );
    const [schema, name] = table.includes('.') ? table.split('.') : [undefined, table];
    const cols = await store.#run(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_name = $1 AND table_schema = coalesce($2, current_schema()) ORDER BY ordinal_position`,
      [name, schema ?? null],
      'checking the account table',
    );
    const shape = cols
      .map((c) => {
        const r = c as { column_name?: unknown; data_type?: unknown };
        return `${String(r.column_name)}:${String(r.data_type)}`;
      })
      .join(',');
    if (shape !== 'seq:bigint,did:text,account:text')
      throw storeError(
        'ERR_ACCOUNT_STORE_CORRUPT',
        `table ${table} exists with other columns (${shape.slice(0, 200)})`,
      );
    return store;
  }

  /**
   * @param did - the account's pairwise DID
   * @returns the account (a fresh, checked copy), or undefined when there is none
   * @throws TypeError when `did` is not a string; RealDidError `ERR_ACCOUNT_STORE_CORRUPT` for a
   *   malformed row, `ERR_ACCOUNT_STORE_UNAVAILABLE`
   */
  async get(did: string): Promise<Account | undefined> {
    if (typeof did !== 'string') throw new TypeError('did must be a string');
    // Only an ASCII DID of bounded length is ever stored (parseAccount): no lookup for anything else
    // (PostgreSQL text cannot even hold U+0000).
    if (did.length === 0 || did.length > MAX_DID_LENGTH || !/^[\x21-\x7e]+$/.test(did)) return undefined;
    const rows = await this.#run(
      `SELECT did, account FROM ${this.table} WHERE did = $1`,
      [did],
      'reading an account',
    );
    if (rows.length === 0) return undefined;
    return this.#parse(rows[0], did);
  }

  /**
   * Stores an account, replacing the one of the same DID (one upsert statement).
   *
   * @param account - the account (copied; not kept)
   * @throws TypeError / RangeError when `account` is not a well-formed account or is larger than
   *   `maxAccountBytes`; RealDidError `ERR_ACCOUNT_STORE_UNAVAILABLE`
   */
  async put(account: Account): Promise<void> {
    const { did, json } = storedAccountJson(account, this.#maxBytes);
    await this.#run(
      `INSERT INTO ${this.table} (did, account) VALUES ($1, $2) ON CONFLICT (did) DO UPDATE SET account = excluded.account`,
      [did, json],
      'writing an account',
    );
  }

  /**
   * @returns every account, in the order they were first stored (each a fresh, checked copy)
   * @throws RealDidError `ERR_ACCOUNT_STORE_CORRUPT` for a malformed row, `ERR_ACCOUNT_STORE_UNAVAILABLE`
   */
  async list(): Promise<Account[]> {
    const rows = await this.#run(
      `SELECT did, account FROM ${this.table} ORDER BY seq`,
      [],
      'listing the accounts',
    );
    return rows.map((r) => this.#parse(r, undefined));
  }

  async #run(text: string, params: unknown[], doing: string): Promise<unknown[]> {
    let result: unknown;
    try {
      result = await this.#query(text, params);
    } catch (err) {
      if (isRealDidError(err)) throw err;
      throw storeError('ERR_ACCOUNT_STORE_UNAVAILABLE', `the account database failed while ${doing}`, err);
    }
    const rows = (result as { rows?: unknown } | null)?.rows;
    if (!Array.isArray(rows))
      throw storeError(
        'ERR_ACCOUNT_STORE_UNAVAILABLE',
        `the query function returned no rows array while ${doing}`,
      );
    return rows;
  }

  /** A row read back, checked: `{ did, account }` whose account is well-formed and has that DID. */
  #parse(row: unknown, expectedDid: string | undefined): Account {
    const r = (row !== null && typeof row === 'object' ? row : {}) as { did?: unknown; account?: unknown };
    const key = r.did;
    const at =
      typeof key === 'string' && key.length <= MAX_DID_LENGTH ? `the row of ${JSON.stringify(key)}` : 'a row';
    const corrupt = (m: string, cause?: unknown): never => {
      throw storeError('ERR_ACCOUNT_STORE_CORRUPT', `${at} of ${this.table}: ${m}`, cause);
    };
    try {
      return parseStoredAccount(key, r.account, {
        maxBytes: this.#maxBytes,
        ...(expectedDid === undefined ? {} : { expectedDid }),
      });
    } catch (cause) {
      return corrupt(cause instanceof TypeError ? cause.message : 'not an account', cause);
    }
  }
}
