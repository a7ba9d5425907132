/**
 * The RealDID ledger: a set of append-only topic logs.
 *
 * A ledger orders and timestamps entries; it is never trusted for their content. Everything read
 * back is verified by the reader (signatures and hash links inside the payload). Implementations:
 * `MemoryLedger`, `SqliteLedger` (`@realdid/ledger-sqlite`), `EvmLedger` (`@realdid/ledger-evm`).
 * Each runs the shared conformance suite (`@realdid/ledger/conformance`).
 *
 * Guarantees every implementation gives:
 * - **Order.** Entries of one topic have consecutive positions 0, 1, 2, … in the order the ledger
 *   accepted them. `read` returns them in that order, the same for every reader. Ledger time never
 *   decreases along a topic.
 * - **Content addressing and idempotence.** An entry's `id` is the multibase (base58btc) multihash
 *   (sha2-256) of its payload. Appending a payload that the topic already holds adds nothing and
 *   returns the existing entry's receipt with `duplicate: true`.
 * - **Atomicity.** An append either commits whole (payload, position, time) or not at all; a
 *   batch append commits all its entries or none.
 * - **Concurrency.** Concurrent appends to one topic are serialised: each gets its own position, no
 *   entry is lost, none is written twice.
 * - **Durability** (persistent ledgers): once `append` has resolved, the entry survives the process
 *   being killed.
 *
 * Input checks (the same in every implementation; `validateAppend`, `validateBatch`,
 * `validateTopic`, `validateReadOptions` implement them): wrong JS types — a topic that is not a
 * string, a payload that is not a `Uint8Array`, `entries` that is not an array of objects, read
 * options that are not numbers — are the caller's bug and reject with `TypeError`; a negative or
 * fractional `from`/`limit` with `RangeError`. A topic string outside {@link TOPIC_PATTERN} rejects
 * with `ERR_LEDGER_TOPIC_INVALID` (also in `read` and `size`), an empty payload with
 * `ERR_LEDGER_ENTRY_INVALID`, a payload over `maxEntryBytes` with `ERR_LEDGER_ENTRY_TOO_LARGE`.
 * Nothing is written when a check fails.
 */
export interface LedgerClient {
  /** A short name of the implementation: `memory`, `sqlite`, `evm`, … */
  readonly kind: string;

  /**
   * Appends one entry to a topic.
   *
   * @param topic - the topic name (see {@link TOPIC_PATTERN})
   * @param payload - the entry bytes, at most the ledger's `maxEntryBytes`
   * @returns the receipt: position, id, ledger time, and whether it was already there
   * @throws RealDidError `ERR_LEDGER_TOPIC_INVALID`, `ERR_LEDGER_ENTRY_TOO_LARGE`, `ERR_LEDGER_ENTRY_INVALID`,
   *   `ERR_LEDGER_CLOSED`, `ERR_LEDGER_UNAVAILABLE`
   */
  append(topic: string, payload: Uint8Array): Promise<AppendReceipt>;

  /**
   * Appends several entries, possibly to different topics, atomically: all commit or none do.
   *
   * @param entries - the entries in the order they are to be appended
   * @returns one receipt per entry, in the same order (an empty array for an empty batch). A payload
   *   repeated in the batch, or already in its topic, gets the first entry's receipt with `duplicate: true`.
   * @throws as {@link LedgerClient.append}; when any entry is rejected, none is appended
   */
  appendBatch(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]>;

  /**
   * Reads a topic in ledger order.
   *
   * @param topic - the topic name
   * @param options - `from` (first position, default 0) and `limit` (default: the whole topic)
   * @returns the entries from that position on; an empty array for an unknown topic
   */
  read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]>;

  /**
   * @param topic - the topic name
   * @returns how many entries the topic holds (0 for an unknown topic)
   */
  size(topic: string): Promise<number>;

  /** @returns facts about the ledger: kind, location (never with credentials), limits, counts. */
  info(): Promise<LedgerInfo>;

  /** Releases the ledger's resources. Later calls fail with `ERR_LEDGER_CLOSED`; calling `close` again does nothing. */
  close(): Promise<void>;
}

/** One entry to append. */
export interface LedgerAppend {
  topic: string;
  payload: Uint8Array;
}

/** What the ledger says about an accepted entry. */
export interface AppendReceipt {
  topic: string;
  /** 0-based position of the entry in its topic. */
  position: number;
  /** Content address: multibase base58btc of the sha2-256 multihash of the payload. */
  id: string;
  /** Ledger time of the entry, ISO 8601 UTC with milliseconds (`2026-01-01T00:00:00.000Z`). */
  time: string;
  /** True when the topic already held this payload and nothing was added. */
  duplicate: boolean;
}

/** An entry read back from a topic. */
export interface LedgerEntry {
  topic: string;
  position: number;
  id: string;
  time: string;
  payload: Uint8Array;
  /**
   * Where the entry is anchored, for ledgers that have such a thing (an EVM transaction, a Merkle
   * inclusion proof). Readers that care verify it; others ignore it.
   */
  anchor?: Readonly<Record<string, unknown>>;
}

/** Options of {@link LedgerClient.read}. */
export interface ReadOptions {
  /** First position to return (default 0). */
  from?: number;
  /** Most entries to return (default: all). */
  limit?: number;
}

/** Facts about a ledger. */
export interface LedgerInfo {
  kind: string;
  /** Where it lives (a file path, a chain id and contract), without credentials. */
  location: string;
  maxEntryBytes: number;
  topics: number;
  entries: number;
  [key: string]: unknown;
}

/** Topic names: 1 to 200 characters of `A–Z a–z 0–9 : . _ -`. */
export const TOPIC_PATTERN: RegExp = /^[A-Za-z0-9:._-]{1,200}$/;

/** Default largest entry a ledger accepts: 64 KiB. */
export const DEFAULT_MAX_ENTRY_BYTES = 65_536;

/** The codes of ledger errors. */
export type LedgerErrorCode =
  | 'ERR_LEDGER_TOPIC_INVALID'
  | 'ERR_LEDGER_ENTRY_TOO_LARGE'
  | 'ERR_LEDGER_ENTRY_INVALID'
  | 'ERR_LEDGER_CLOSED'
  | 'ERR_LEDGER_UNAVAILABLE'
  | 'ERR_LEDGER_TIMEOUT'
  | 'ERR_LEDGER_TX_REVERTED'
  | 'ERR_LEDGER_PROOF_INVALID'
  | 'ERR_LEDGER_CORRUPT'
  /** The named storage (a ledger file, or its folder) does not exist and the client was told not to create it. */
  | 'ERR_LEDGER_NOT_FOUND';
