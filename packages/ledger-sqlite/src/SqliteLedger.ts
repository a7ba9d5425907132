import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isRealDidError } from '@realdid/crypto';
import type {
  AppendReceipt,
  LedgerAppend,
  LedgerClient,
  LedgerEntry,
  LedgerInfo,
  ReadOptions,
} from '@realdid/ledger';
import {
  checkLedgerOptions,
  entryIdFromDigest,
  isoTime,
  LedgerClock,
  validateAppend,
  validateBatch,
  validateReadOptions,
  validateTopic,
} from '@realdid/ledger';
import Database from 'better-sqlite3';
import { closedError, ledgerError } from './internal/errors.js';
import { APPLICATION_ID, SCHEMA_V1, SCHEMA_VERSION } from './internal/sqliteSchema.js';

/** Options of {@link SqliteLedger.open}. */
export interface SqliteLedgerOptions {
  /** Largest payload accepted, in bytes (default 64 KiB). Not stored in the file. */
  maxEntryBytes?: number;
  /** The source of ledger time (default `() => new Date()`). Times never go backwards within one instance. */
  clock?: () => Date;
  /**
   * `full` (default): each commit is fsynced before `append` resolves; an entry survives a killed
   * process, an OS crash and a power cut. `normal`: in WAL mode the commit is in the WAL file before
   * `append` resolves, so it survives a killed process (the OS still holds the written pages), but
   * the last commits may be lost on an OS crash or power cut. Choose `normal` only when the machine's
   * durability is handled elsewhere.
   */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another process's write lock before failing with `ERR_LEDGER_UNAVAILABLE` (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * Whether a missing file is created (default `true`). With `false`, opening a path where no file
   * exists fails with `ERR_LEDGER_NOT_FOUND` and creates nothing: a mistyped path is not silently
   * answered by a new, empty ledger.
   */
  create?: boolean;
  /**
   * Whether missing parent folders of a new file are created (default `true`). With `false`, a
   * path whose folder does not exist fails with `ERR_LEDGER_NOT_FOUND` and creates nothing.
   */
  createFolders?: boolean;
}

/** What {@link SqliteLedger.checkIntegrity} reports. */
export interface SqliteIntegrityReport {
  topics: number;
  entries: number;
}

type Row = [position: number, digest: Buffer, time: number, payload: Buffer];

/**
 * The embedded persistent `LedgerClient` (of `@realdid/ledger`): one SQLite file (better-sqlite3, WAL journal).
 * Node only; it lives in its own package, `@realdid/ledger-sqlite`, so that nothing else pulls
 * the native addon.
 *
 * - Each `append` and each `appendBatch` is one `BEGIN IMMEDIATE` transaction: it takes the write
 *   lock before reading the topic's next position, so positions stay consecutive even when several
 *   processes write to the same file (they wait up to `busyTimeoutMs` for each other).
 * - With the default `synchronous: 'full'` a resolved append is on disk.
 * - The file and its parent folders are created on first use (unless `create` / `createFolders`
 *   is `false`); the schema is versioned with
 *   `PRAGMA user_version` and the file is marked with `PRAGMA application_id` (`RDLG`).
 * - Calls run synchronously inside the returned promise: a large batch blocks the event loop for
 *   its duration (about a second per 100 000 small entries on a laptop).
 *
 * @example
 * ```ts
 * import { SqliteLedger } from '@realdid/ledger-sqlite';
 * const ledger = await SqliteLedger.open('.realdid/ledger.sqlite');
 * await ledger.appendBatch([
 *   { topic: 'a', payload: new Uint8Array([1]) },
 *   { topic: 'b', payload: new Uint8Array([2]) },
 * ]);
 * await ledger.size('a'); // 1
 * await ledger.close();
 * ```
 */
export class SqliteLedger implements LedgerClient {
  /** Always `sqlite`. */
  readonly kind = 'sqlite';
  /** Largest payload accepted, in bytes. */
  readonly maxEntryBytes: number;
  /** The absolute path of the file (or `:memory:`). */
  readonly path: string;
  readonly #db: Database.Database;
  readonly #clock: LedgerClock;
  readonly #synchronous: 'full' | 'normal';
  readonly #s: ReturnType<typeof prepare>;
  readonly #commitTx: (entries: readonly LedgerAppend[], digests: readonly Buffer[]) => AppendReceipt[];
  #closed = false;

  private constructor(
    path: string,
    db: Database.Database,
    options: Required<Pick<SqliteLedgerOptions, 'synchronous'>> & {
      maxEntryBytes: number;
      clock: (() => Date) | undefined;
    },
  ) {
    this.path = path;
    this.#db = db;
    this.maxEntryBytes = options.maxEntryBytes;
    this.#synchronous = options.synchronous;
    this.#clock = new LedgerClock(options.clock);
    this.#s = prepare(db);
    this.#commitTx = db.transaction((entries: readonly LedgerAppend[], digests: readonly Buffer[]) =>
      this.#write(entries, digests),
    ).immediate;
  }

  /**
   * Opens (and on first use creates) a ledger file.
   *
   * @param path - the file path (parent folders are created unless `createFolders: false`), or
   *   `:memory:` for a throw-away ledger
   * @param options - see {@link SqliteLedgerOptions}
   * @returns the open ledger
   * @throws TypeError / RangeError for invalid arguments; RealDidError `ERR_LEDGER_CORRUPT` when the
   *   file is not a RealDID ledger, `ERR_LEDGER_UNAVAILABLE` when it cannot be opened or was written
   *   by a newer schema version, `ERR_LEDGER_NOT_FOUND` when the file (with `create: false`) or its
   *   folder (with `createFolders: false`) does not exist
   */
  static async open(path: string, options: SqliteLedgerOptions = {}): Promise<SqliteLedger> {
    return SqliteLedger.openSync(path, options);
  }

  /**
   * Synchronous form of {@link SqliteLedger.open}, for scripts and child processes.
   *
   * @param path - the file path, or `:memory:`
   * @param options - see {@link SqliteLedgerOptions}
   * @returns the open ledger
   * @throws as {@link SqliteLedger.open}
   */
  static openSync(path: string, options: SqliteLedgerOptions = {}): SqliteLedger {
    if (typeof path !== 'string') throw new TypeError('path must be a string');
    if (path.length === 0) throw new RangeError('path must not be empty');
    const common = checkLedgerOptions(options, 'SqliteLedger');
    const synchronous = options.synchronous ?? 'full';
    if (synchronous !== 'full' && synchronous !== 'normal') {
      // Never String() a caller's value: a cyclic array overflows the stack.
      const given: unknown = synchronous;
      const found = typeof given === 'string' ? JSON.stringify(given.slice(0, 20)) : typeof given;
      throw new RangeError(`synchronous must be 'full' or 'normal', found ${found}`);
    }
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (typeof busyTimeoutMs !== 'number') throw new TypeError('busyTimeoutMs must be a number');
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new RangeError(`busyTimeoutMs must be a non-negative integer, found ${busyTimeoutMs}`);
    }
    const create = options.create ?? true;
    if (typeof create !== 'boolean') throw new TypeError('create must be a boolean');
    const createFolders = options.createFolders ?? true;
    if (typeof createFolders !== 'boolean') throw new TypeError('createFolders must be a boolean');
    const memory = path === ':memory:';
    const abs = memory ? path : resolve(path);
    if (!memory && !create && !existsSync(abs)) {
      throw ledgerError('ERR_LEDGER_NOT_FOUND', `no ledger file at ${abs}`);
    }
    if (!memory && !createFolders && !isFolder(dirname(abs))) {
      throw ledgerError(
        'ERR_LEDGER_NOT_FOUND',
        `the folder of the ledger file does not exist: ${dirname(abs)}`,
      );
    }
    let db: Database.Database | undefined;
    try {
      if (!memory && createFolders) mkdirSync(dirname(abs), { recursive: true });
      // fileMustExist closes the gap between the check above and the open: a file removed
      // in between is reported, not created.
      db = new Database(abs, { timeout: busyTimeoutMs, fileMustExist: !memory && !create });
      if (!memory) {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (mode !== 'wal')
          throw ledgerError(
            'ERR_LEDGER_UNAVAILABLE',
            `could not switch the ledger file to WAL mode (got ${String(mode)})`,
          );
      }
      db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
      migrate(db);
      return new SqliteLedger(abs, db, { ...common, synchronous });
    } catch (err) {
      db?.close();
      throw mapSqliteError(err, 'open');
    }
  }

  /**
   * Appends one entry to a topic (see `LedgerClient.append` in `@realdid/ledger`): one
   * `BEGIN IMMEDIATE` transaction; a payload the topic already holds returns its first receipt with
   * `duplicate: true`.
   *
   * @param topic - the topic, matching `TOPIC_PATTERN`
   * @param payload - the entry bytes (copied)
   * @returns the receipt: topic, position, id, time, duplicate
   * @throws TypeError for wrong types; RealDidError `ERR_LEDGER_TOPIC_INVALID`,
   *   `ERR_LEDGER_ENTRY_INVALID`, `ERR_LEDGER_ENTRY_TOO_LARGE`, `ERR_LEDGER_CLOSED`,
   *   `ERR_LEDGER_UNAVAILABLE`
   */
  async append(topic: string, payload: Uint8Array): Promise<AppendReceipt> {
    this.#open();
    validateAppend(topic, payload, this.maxEntryBytes);
    return this.#commit([{ topic, payload }])[0]!;
  }

  /**
   * Appends several entries atomically (see `LedgerClient.appendBatch` in `@realdid/ledger`). The
   * whole batch is one SQLite transaction: fast (one fsync) and atomic.
   *
   * @param entries - the entries, in order
   * @returns one receipt per entry, in order
   * @throws as {@link SqliteLedger.append}; nothing is written when one entry is refused
   */
  async appendBatch(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    this.#open();
    const checked = validateBatch(entries, this.maxEntryBytes);
    if (checked.length === 0) return [];
    return this.#commit(checked);
  }

  /**
   * Reads a topic's entries in ledger order (see `LedgerClient.read` in `@realdid/ledger`).
   *
   * @param topic - the topic
   * @param options - `from` (first position, default 0) and `limit`
   * @returns the entries, each with topic, position, id, time and a copy of its payload
   * @throws TypeError / RangeError for bad options; RealDidError `ERR_LEDGER_TOPIC_INVALID`,
   *   `ERR_LEDGER_CLOSED`, `ERR_LEDGER_CORRUPT` for a stored row that is not well-formed
   */
  async read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]> {
    this.#open();
    validateTopic(topic);
    const { from, limit } = validateReadOptions(options);
    if (limit === 0) return [];
    let rows: Row[];
    try {
      rows = this.#s.read.all(topic, from, limit === Number.POSITIVE_INFINITY ? -1 : limit) as Row[];
    } catch (err) {
      throw mapSqliteError(err, 'read');
    }
    const out: LedgerEntry[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [position, digest, time, payload] = checkRow(rows[i]!);
      out[i] = {
        topic,
        position,
        id: entryIdFromDigest(digest),
        time: isoTime(time),
        payload: new Uint8Array(payload),
      };
    }
    return out;
  }

  /**
   * The number of entries in a topic (0 for a topic never written).
   *
   * @param topic - the topic
   * @returns the next free position
   * @throws RealDidError `ERR_LEDGER_TOPIC_INVALID`, `ERR_LEDGER_CLOSED`
   */
  async size(topic: string): Promise<number> {
    this.#open();
    validateTopic(topic);
    try {
      return (this.#s.size.get(topic) as number | undefined) ?? 0;
    } catch (err) {
      throw mapSqliteError(err, 'size');
    }
  }

  /**
   * What the ledger is and holds (see `LedgerClient.info` in `@realdid/ledger`): kind, location,
   * `maxEntryBytes`, topic and entry counts; adds `schemaVersion`, `synchronous` and `journalMode`.
   *
   * @returns the ledger info
   * @throws RealDidError `ERR_LEDGER_CLOSED`
   */
  async info(): Promise<LedgerInfo> {
    this.#open();
    try {
      const counts = this.#s.counts.get() as { topics: number; entries: number };
      return {
        kind: this.kind,
        location: this.path,
        maxEntryBytes: this.maxEntryBytes,
        topics: counts.topics,
        entries: counts.entries,
        schemaVersion: SCHEMA_VERSION,
        synchronous: this.#synchronous,
        journalMode: this.#db.pragma('journal_mode', { simple: true }),
      };
    } catch (err) {
      throw mapSqliteError(err, 'info');
    }
  }

  /**
   * Checks the file: SQLite's `integrity_check`, then that every topic's positions are exactly
   * 0 … size-1, and (with `digests: true`) that every stored digest is the sha2-256 of its payload.
   *
   * @param options - `digests`: also rehash every payload (reads the whole file)
   * @returns the counts it checked
   * @throws RealDidError `ERR_LEDGER_CORRUPT` with the first problem found
   */
  async checkIntegrity(options: { digests?: boolean } = {}): Promise<SqliteIntegrityReport> {
    this.#open();
    try {
      return this.#checkIntegrity(options);
    } catch (err) {
      // A damaged file makes SQLite itself throw (SQLITE_CORRUPT…), and a tampered row of the
      // wrong type makes the digest check throw a TypeError: both are a corrupt ledger here, never
      // an uncoded error.
      if (isRealDidError(err)) throw err;
      const mapped = mapSqliteError(err, 'integrity check');
      if (isRealDidError(mapped)) throw mapped;
      throw ledgerError('ERR_LEDGER_CORRUPT', `integrity check failed: ${(err as Error).message}`, err);
    }
  }

  #checkIntegrity(options: { digests?: boolean }): SqliteIntegrityReport {
    const problems = this.#db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (problems.length !== 1 || problems[0]?.integrity_check !== 'ok') {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `integrity_check failed: ${problems
          .map((p) => p.integrity_check)
          .slice(0, 3)
          .join('; ')}`,
      );
    }
    const bad = this.#db
      .prepare(
        `SELECT t.name AS name, t.size AS size, count(e.seq) AS n, coalesce(min(e.position), 0) AS lo, coalesce(max(e.position), -1) AS hi
         FROM topic t LEFT JOIN entry e ON e.tid = t.tid GROUP BY t.tid
         HAVING n != size OR lo != 0 OR hi != size - 1 LIMIT 1`,
      )
      .get() as { name: string; size: number; n: number } | undefined;
    if (bad !== undefined) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `topic ${bad.name} claims ${bad.size} entries and holds ${bad.n} (or has gaps)`,
      );
    }
    const orphans = this.#db
      .prepare('SELECT count(*) FROM entry WHERE tid NOT IN (SELECT tid FROM topic)')
      .pluck()
      .get() as number;
    if (orphans !== 0) throw ledgerError('ERR_LEDGER_CORRUPT', `${orphans} entries belong to no topic`);
    if (options.digests === true) {
      for (const row of this.#db
        .prepare('SELECT seq, digest, payload FROM entry')
        .raw()
        .iterate() as Iterable<[number, Buffer, Buffer]>) {
        const [seq, digest, payload] = row;
        if (!(payload instanceof Uint8Array) || !(digest instanceof Uint8Array)) {
          throw ledgerError('ERR_LEDGER_CORRUPT', `entry #${seq}: digest and payload must be blobs`);
        }
        if (!createHash('sha256').update(payload).digest().equals(digest)) {
          throw ledgerError('ERR_LEDGER_CORRUPT', `entry #${seq}: the stored id does not match its payload`);
        }
      }
    }
    const counts = this.#s.counts.get() as { topics: number; entries: number };
    return { topics: counts.topics, entries: counts.entries };
  }

  /**
   * Closes the file. Later calls fail with `ERR_LEDGER_CLOSED`; `close` itself may be called again.
   *
   * @returns when the database is closed
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #open(): void {
    if (this.#closed) throw closedError(this.kind);
  }

  #commit(entries: readonly LedgerAppend[]): AppendReceipt[] {
    const digests = entries.map((e) => createHash('sha256').update(e.payload).digest());
    try {
      return this.#commitTx(entries, digests);
    } catch (err) {
      throw mapSqliteError(err, 'append');
    }
  }

  /**
   * The body of the write transaction; runs under the write lock. Entries are grouped by topic
   * (keeping their order within each topic): a new topic is inserted once with its final size, an
   * existing one has its size updated once.
   */
  #write(entries: readonly LedgerAppend[], digests: readonly Buffer[]): AppendReceipt[] {
    const s = this.#s;
    // Another process may have written a later time: ledger time never goes back in the file.
    const last = s.maxTime.get() as number | undefined;
    if (last !== undefined) this.#clock.observe(last);
    const time = this.#clock.now();
    const iso = isoTime(time);
    const groups = new Map<string, number[]>();
    for (let i = 0; i < entries.length; i++) {
      const topic = entries[i]!.topic;
      const g = groups.get(topic);
      if (g === undefined) groups.set(topic, [i]);
      else g.push(i);
    }
    const receipts: AppendReceipt[] = new Array(entries.length);
    for (const [topic, indexes] of groups) {
      const row = s.topic.get(topic) as { tid: number; size: number } | undefined;
      // Positions given in this batch, by digest, for payloads repeated inside the batch.
      const fresh = indexes.length > 1 ? new Map<string, number>() : undefined;
      if (row === undefined) {
        // A new topic: no stored duplicates; count the distinct payloads, insert the topic with its size.
        const positions = indexes.map((i) => {
          if (fresh === undefined) return 0;
          const key = digests[i]!.toString('latin1');
          const at = fresh.get(key);
          if (at !== undefined) return -1 - at;
          fresh.set(key, fresh.size);
          return fresh.size - 1;
        });
        const tid = Number(s.insertTopic.run(topic, fresh?.size ?? 1).lastInsertRowid);
        indexes.forEach((i, k) => {
          const p = positions[k]!;
          const digest = digests[i]!;
          const id = entryIdFromDigest(digest);
          if (p < 0) {
            receipts[i] = { topic, position: -1 - p, id, time: iso, duplicate: true };
            return;
          }
          s.insertEntry.run(tid, p, digest, time, entries[i]!.payload);
          receipts[i] = { topic, position: p, id, time: iso, duplicate: false };
        });
        continue;
      }
      let size = row.size;
      for (const i of indexes) {
        const digest = digests[i]!;
        const id = entryIdFromDigest(digest);
        const key = fresh === undefined ? '' : digest.toString('latin1');
        const inBatch = fresh?.get(key);
        if (inBatch !== undefined) {
          receipts[i] = { topic, position: inBatch, id, time: iso, duplicate: true };
          continue;
        }
        const dup = s.duplicate.get(row.tid, digest) as { position: number; time: number } | undefined;
        if (dup !== undefined) {
          receipts[i] = { topic, position: dup.position, id, time: isoTime(dup.time), duplicate: true };
          continue;
        }
        s.insertEntry.run(row.tid, size, digest, time, entries[i]!.payload);
        fresh?.set(key, size);
        receipts[i] = { topic, position: size, id, time: iso, duplicate: false };
        size++;
      }
      if (size !== row.size) s.setSize.run(size, row.tid);
    }
    return receipts;
  }
}

function prepare(db: Database.Database) {
  return {
    topic: db.prepare('SELECT tid, size FROM topic WHERE name = ?'),
    insertTopic: db.prepare('INSERT INTO topic (name, size) VALUES (?, ?)'),
    setSize: db.prepare('UPDATE topic SET size = ? WHERE tid = ?'),
    duplicate: db.prepare('SELECT position, time FROM entry WHERE tid = ? AND digest = ?'),
    insertEntry: db.prepare(
      'INSERT INTO entry (tid, position, digest, time, payload) VALUES (?, ?, ?, ?, ?)',
    ),
    read: db
      .prepare(
        `SELECT e.position, e.digest, e.time, e.payload FROM topic t JOIN entry e ON e.tid = t.tid
         WHERE t.name = ? AND e.position >= ? ORDER BY e.position LIMIT ?`,
      )
      .raw(),
    size: db.prepare('SELECT size FROM topic WHERE name = ?').pluck(),
    // Rows are never deleted and a rolled-back insert does not use up a rowid, so max(rowid) is the count.
    counts: db.prepare(
      'SELECT (SELECT coalesce(max(tid), 0) FROM topic) AS topics, (SELECT coalesce(max(seq), 0) FROM entry) AS entries',
    ),
    maxTime: db.prepare('SELECT time FROM entry ORDER BY seq DESC LIMIT 1').pluck(),
  };
}

/** Creates the schema in a new file, or checks the version of an existing one. */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (version === 0) {
      const tables = db
        .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
        .pluck()
        .get() as number;
      if (tables !== 0 || (appId !== 0 && appId !== APPLICATION_ID)) {
        throw ledgerError('ERR_LEDGER_CORRUPT', 'the file is an SQLite database but not a RealDID ledger');
      }
      db.exec(SCHEMA_V1);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return;
    }
    if (appId !== APPLICATION_ID)
      throw ledgerError('ERR_LEDGER_CORRUPT', 'the file is an SQLite database but not a RealDID ledger');
    if (version > SCHEMA_VERSION) {
      throw ledgerError(
        'ERR_LEDGER_UNAVAILABLE',
        `the ledger file has schema version ${version}; this SqliteLedger reads version ${SCHEMA_VERSION} (upgrade @realdid/ledger-sqlite)`,
      );
    }
  }).immediate();
}

/**
 * Checks a row read back from the file before it is turned into a {@link LedgerEntry}. The file
 * is outside this process's control (another writer, a restored backup, tampering), and the
 * columns are not STRICT: a time out of Date's range used to throw an uncoded RangeError, a digest
 * of the wrong length "offset is out of bounds", and a TEXT payload such as '100000000' became a
 * 100 MB zero-filled array.
 *
 * @throws RealDidError ERR_LEDGER_CORRUPT
 */
function checkRow(row: Row): Row {
  const [position, digest, time, payload] = row;
  if (
    !Number.isSafeInteger(position) ||
    position < 0 ||
    !(digest instanceof Uint8Array) ||
    digest.length !== 32 ||
    !Number.isSafeInteger(time) ||
    Math.abs(time) > 8.64e15 ||
    !(payload instanceof Uint8Array)
  ) {
    throw ledgerError('ERR_LEDGER_CORRUPT', 'a stored entry has a malformed position, id, time or payload');
  }
  return row;
}

/** Maps SQLite failures to coded ledger errors; passes coded errors, TypeErrors and RangeErrors through. */
function mapSqliteError(err: unknown, what: string): unknown {
  if (!(err instanceof Error) || isRealDidError(err)) return err;
  if (err instanceof TypeError || err instanceof RangeError) return err;
  const code = String((err as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return ledgerError('ERR_LEDGER_CORRUPT', `SQLite ${what} failed: ${code}`, err);
  }
  return ledgerError('ERR_LEDGER_UNAVAILABLE', `SQLite ${what} failed: ${code || err.message}`, err);
}

/** Whether `path` is an existing folder. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
