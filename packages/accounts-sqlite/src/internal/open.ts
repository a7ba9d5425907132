import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { mapSqliteError, storeError } from './errors.js';

/** The options every store of this package opens its file with. */
export interface OpenOptions {
  table?: string;
  busyTimeoutMs?: number;
  synchronous?: 'full' | 'normal';
  create?: boolean;
}

/** What a store needs to open its table: its default name, DDL and expected column shape. */
export interface TableSpec {
  /** What the file holds, for messages ("account", "nonce"). */
  what: string;
  defaultTable: string;
  /** `CREATE TABLE IF NOT EXISTS "%T" …`, `%T` standing for the table name. */
  ddl: string;
  /** Statements run once the table's shape is checked (`CREATE INDEX IF NOT EXISTS …`), `%T` as above. */
  after?: string;
  /** `name:TYPE,…` of pragma_table_info, in column order. */
  shape: string;
  /** The column the store's upsert conflicts on (its PRIMARY KEY). */
  key: string;
  /** `synchronous` when the options do not say (default `'full'`). */
  synchronous?: 'full' | 'normal';
}

/** The options argument of a store's `open`: an object (not an array), else a TypeError. */
export function checkOptionsObject(options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError('options must be an object');
}

/** What {@link openTable} hands the store's constructor. */
export interface OpenedTable {
  path: string;
  table: string;
  db: Database.Database;
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A safe integer option ≥ `min`, `def` when undefined. */
export function intOption(v: unknown, name: string, def: number, min: number): number {
  if (v === undefined) return def;
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number`);
  if (!Number.isSafeInteger(v) || v < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, found ${v}`);
  return v;
}

/**
 * Checks the path and options, opens the file (WAL for a file, the chosen `synchronous`), creates
 * the table when missing, checks its shape, and builds the store (which prepares its statements)
 * — closing the file again if anything fails.
 *
 * @param build - makes the store of the opened table
 * @returns the store
 * @throws TypeError / RangeError for invalid arguments; RealDidError `ERR_ACCOUNT_STORE_UNAVAILABLE`
 *   when the file cannot be opened (or is missing with `create: false`), `ERR_ACCOUNT_STORE_CORRUPT`
 *   when it is not a SQLite database or the table has another shape (other columns, or a key
 *   column that is not unique, on which the store's statements do not compile)
 */
export function openTable<T>(
  path: unknown,
  options: unknown,
  spec: TableSpec,
  build: (t: OpenedTable) => T,
): T {
  if (typeof path !== 'string') throw new TypeError('path must be a string');
  if (path.length === 0) throw new RangeError('path must not be empty');
  checkOptionsObject(options);
  const o = options as OpenOptions;
  const table = o.table ?? spec.defaultTable;
  if (typeof table !== 'string') throw new TypeError('table must be a string');
  if (!TABLE.test(table))
    throw new RangeError('table: expected [A-Za-z_][A-Za-z0-9_]*, at most 63 characters');
  const busyTimeoutMs = intOption(o.busyTimeoutMs, 'busyTimeoutMs', 5000, 0);
  const synchronous = o.synchronous ?? spec.synchronous ?? 'full';
  if (synchronous !== 'full' && synchronous !== 'normal')
    throw new RangeError("synchronous must be 'full' or 'normal'");
  const create = o.create ?? true;
  if (typeof create !== 'boolean') throw new TypeError('create must be a boolean');
  const memory = path === ':memory:';
  const abs = memory ? path : resolve(path);
  if (!memory && !create && !existsSync(abs))
    throw storeError('ERR_ACCOUNT_STORE_UNAVAILABLE', `no ${spec.what} database at ${abs}`);
  if (!memory && !existsSync(dirname(abs)))
    throw storeError(
      'ERR_ACCOUNT_STORE_UNAVAILABLE',
      `the folder of the ${spec.what} database does not exist: ${dirname(abs)}`,
    );
  let db: Database.Database | undefined;
  try {
    db = new Database(abs, { timeout: busyTimeoutMs, fileMustExist: !memory && !create });
    if (!memory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal')
        throw storeError(
          'ERR_ACCOUNT_STORE_UNAVAILABLE',
          `could not switch the ${spec.what} database to WAL mode (got ${String(mode)})`,
        );
    }
    db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    db.exec(spec.ddl.replaceAll('%T', table));
    const columns = db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').all(table) as {
      name: string;
      type: string;
    }[];
    const shape = columns.map((c) => `${c.name}:${c.type.toUpperCase()}`).join(',');
    if (shape !== spec.shape)
      throw storeError(
        'ERR_ACCOUNT_STORE_CORRUPT',
        `table ${table} exists with other columns (${shape.slice(0, 200)})`,
      );
    if (spec.after !== undefined) db.exec(spec.after.replaceAll('%T', table));
    try {
      return build({ path: abs, table, db });
    } catch (err) {
      // The statements compile against any table of these columns but one whose key column is
      // not unique (ON CONFLICT(<key>) needs its PRIMARY KEY or UNIQUE constraint).
      if ((err as { code?: unknown } | null)?.code === 'SQLITE_ERROR')
        throw storeError(
          'ERR_ACCOUNT_STORE_CORRUPT',
          `table ${table} exists without a unique ${spec.key} column`,
          err,
        );
      throw err;
    }
  } catch (err) {
    db?.close();
    throw mapSqliteError(err, `opening the ${spec.what} database`, spec.what);
  }
}
