import { checkLedgerOptions } from './checkLedgerOptions.js';
import { contentIdFromDigest, sha256Digest } from './internal/contentId.js';
import { closedError } from './internal/errors.js';
import type {
  AppendReceipt,
  LedgerAppend,
  LedgerClient,
  LedgerEntry,
  LedgerInfo,
  ReadOptions,
} from './LedgerClient.js';
import { isoTime, LedgerClock } from './LedgerClock.js';
import { validateAppend, validateBatch, validateReadOptions, validateTopic } from './validation.js';

/** Options of {@link MemoryLedger}. */
export interface MemoryLedgerOptions {
  /** Largest payload accepted, in bytes (default {@link DEFAULT_MAX_ENTRY_BYTES}, 64 KiB). */
  maxEntryBytes?: number;
  /** The source of ledger time (default `() => new Date()`). Times never go backwards within one ledger. */
  clock?: () => Date;
}

interface StoredEntry {
  readonly id: string;
  readonly time: number;
  readonly payload: Uint8Array;
}

interface TopicLog {
  readonly entries: StoredEntry[];
  /** id → position */
  readonly byId: Map<string, number>;
}

/**
 * A {@link LedgerClient} that keeps its topics in memory: for tests, demos and browsers. Portable
 * (no Node imports). Everything is lost when the object is dropped.
 *
 * Payloads are copied on append and on read, so neither the caller's buffers nor the returned
 * entries alias the ledger's state.
 *
 * @example
 * ```ts
 * import { MemoryLedger } from '@realdid/ledger';
 * const ledger = new MemoryLedger();
 * const receipt = await ledger.append('demo', new TextEncoder().encode('hello'));
 * receipt.position; // 0
 * (await ledger.read('demo'))[0]?.id === receipt.id; // true
 * await ledger.close();
 * ```
 */
export class MemoryLedger implements LedgerClient {
  /** Always `memory`. */
  readonly kind = 'memory';
  /** Largest payload accepted, in bytes. */
  readonly maxEntryBytes: number;
  readonly #clock: LedgerClock;
  readonly #topics = new Map<string, TopicLog>();
  #entries = 0;
  #closed = false;

  /**
   * @param options - see {@link MemoryLedgerOptions}
   * @throws TypeError / RangeError for invalid options
   */
  constructor(options: MemoryLedgerOptions = {}) {
    const { maxEntryBytes, clock } = checkLedgerOptions(options, 'MemoryLedger');
    this.maxEntryBytes = maxEntryBytes;
    this.#clock = new LedgerClock(clock);
  }

  /** {@inheritDoc LedgerClient.append} */
  async append(topic: string, payload: Uint8Array): Promise<AppendReceipt> {
    this.#open();
    validateAppend(topic, payload, this.maxEntryBytes);
    return this.#commit([{ topic, payload }])[0]!;
  }

  /** {@inheritDoc LedgerClient.appendBatch} */
  async appendBatch(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    this.#open();
    const checked = validateBatch(entries, this.maxEntryBytes);
    if (checked.length === 0) return [];
    return this.#commit(checked);
  }

  /** {@inheritDoc LedgerClient.read} */
  async read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]> {
    this.#open();
    validateTopic(topic);
    const { from, limit } = validateReadOptions(options);
    const log = this.#topics.get(topic);
    if (log === undefined || from >= log.entries.length || limit === 0) return [];
    const end = Math.min(log.entries.length, from + limit);
    const out: LedgerEntry[] = [];
    for (let position = from; position < end; position++) {
      const e = log.entries[position]!;
      out.push({ topic, position, id: e.id, time: isoTime(e.time), payload: e.payload.slice() });
    }
    return out;
  }

  /** {@inheritDoc LedgerClient.size} */
  async size(topic: string): Promise<number> {
    this.#open();
    validateTopic(topic);
    return this.#topics.get(topic)?.entries.length ?? 0;
  }

  /** {@inheritDoc LedgerClient.info} */
  async info(): Promise<LedgerInfo> {
    this.#open();
    return {
      kind: this.kind,
      location: 'memory',
      maxEntryBytes: this.maxEntryBytes,
      topics: this.#topics.size,
      entries: this.#entries,
    };
  }

  /** {@inheritDoc LedgerClient.close} */
  async close(): Promise<void> {
    this.#closed = true;
    this.#topics.clear();
  }

  #open(): void {
    if (this.#closed) throw closedError(this.kind);
  }

  /**
   * Appends already-checked entries. Everything that can fail (the clock, hashing) happens before the
   * first write, so a batch commits whole or not at all; the body is synchronous, so concurrent
   * calls are serialised by the event loop.
   */
  #commit(entries: readonly LedgerAppend[]): AppendReceipt[] {
    const time = this.#clock.now();
    const prepared = entries.map((e) => ({
      topic: e.topic,
      id: contentIdFromDigest(sha256Digest(e.payload)),
      payload: e.payload.slice(),
    }));
    const receipts: AppendReceipt[] = [];
    for (const e of prepared) {
      let log = this.#topics.get(e.topic);
      if (log === undefined) {
        log = { entries: [], byId: new Map() };
        this.#topics.set(e.topic, log);
      }
      const existing = log.byId.get(e.id);
      if (existing !== undefined) {
        const stored = log.entries[existing]!;
        receipts.push({
          topic: e.topic,
          position: existing,
          id: e.id,
          time: isoTime(stored.time),
          duplicate: true,
        });
        continue;
      }
      const position = log.entries.length;
      log.entries.push({ id: e.id, time, payload: e.payload });
      log.byId.set(e.id, position);
      this.#entries++;
      receipts.push({ topic: e.topic, position, id: e.id, time: isoTime(time), duplicate: false });
    }
    return receipts;
  }
}
