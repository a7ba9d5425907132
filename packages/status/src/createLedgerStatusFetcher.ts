import type { LedgerClient } from '@realdid/ledger';
import { checkFunction, statusError } from './internal/errors.js';
import { statusListTopic } from './statusListTopic.js';

/**
 * Retrieves the published bytes (or text) of a status list by its URI: from a ledger, over HTTP,
 * from a holder-supplied copy… A failure to retrieve must throw (any error); it is reported as
 * `ERR_STATUS_LIST_FETCH`.
 */
export type StatusListFetcher = (uri: string) => Promise<Uint8Array | string>;

/** One publication read from a ledger topic, not yet verified. */
export interface StatusListCandidate {
  /** The entry's payload. */
  document: Uint8Array | string;
  /** Its position on the topic (later is larger). */
  position: number;
}

/** The newest entries of a list's topic, from {@link StatusListCandidateFetcher}. */
export interface StatusListCandidates {
  /** At most `limit` entries, newest (highest position) first. */
  candidates: readonly StatusListCandidate[];
  /** True when the topic holds older entries that were not read. */
  truncated: boolean;
}

/**
 * Reads up to `limit` of the newest publications of a list, newest first, for the resolvers to
 * pick the newest one that verifies. An empty or unreadable topic must throw (any error); it is
 * reported as `ERR_STATUS_LIST_FETCH`.
 */
export type StatusListCandidateFetcher = (uri: string, limit: number) => Promise<StatusListCandidates>;

/**
 * The fetcher of {@link createLedgerStatusFetcher}: called as a {@link StatusListFetcher} it returns
 * the last entry; its `candidates` reads the newest entries, which the resolvers use automatically.
 */
export type LedgerStatusFetcher = StatusListFetcher & { candidates: StatusListCandidateFetcher };

/** Options of the resolvers about choosing among the publications on a ledger topic. */
export interface StatusListCandidateOptions {
  /**
   * Reads the newest publications of a list (default: `fetch.candidates` when the fetcher has
   * one, as {@link createLedgerStatusFetcher}'s does; otherwise only `fetch` is used).
   */
  fetchCandidates?: StatusListCandidateFetcher;
  /** Most publications examined per load, bounding the work junk on a topic can cause (default 64). */
  maxCandidates?: number;
  /** Called for each publication skipped (junk, forgery, another issuer's or URI's list). */
  onCandidateSkipped?: (uri: string, error: unknown) => void;
}

/** Options of {@link createLedgerStatusFetcher}. */
export interface LedgerStatusFetcherOptions {
  /** Maps a list URI to its topic (default {@link statusListTopic}). */
  topicForUri?: (uri: string) => string;
}

/**
 * Makes a {@link StatusListFetcher} that reads the latest publication of a list from a ledger
 * topic. Every publication is a new entry; the latest in ledger order wins. The ledger is not
 * trusted for content: the fetched document is verified by its signature afterwards, and the
 * caching verifiers refuse a list older than one they have already seen.
 *
 * @param ledger - a `LedgerClient` (MemoryLedger, SqliteLedger, EvmLedger, …)
 * @param options - `topicForUri`
 * @returns the fetcher
 * @throws TypeError when `ledger` has no `read`/`size`
 * @example
 * ```ts
 * const fetch = createLedgerStatusFetcher(ledger);
 * const bytes = await fetch('https://status.example/lists/1');
 * ```
 */
export function createLedgerStatusFetcher(
  ledger: LedgerClient,
  options: LedgerStatusFetcherOptions = {},
): LedgerStatusFetcher {
  if (
    typeof ledger !== 'object' ||
    ledger === null ||
    typeof ledger.read !== 'function' ||
    typeof ledger.size !== 'function'
  ) {
    throw new TypeError('ledger: expected a LedgerClient');
  }
  const topicForUri = checkFunction<(uri: string) => string>(
    'topicForUri',
    options.topicForUri ?? statusListTopic,
  );
  const candidates: StatusListCandidateFetcher = async (uri: string, limit: number) => {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit: expected a positive integer');
    const topic = topicForUri(uri);
    const size = await ledger.size(topic);
    if (size === 0) throw statusError('ERR_STATUS_LIST_FETCH', `no status list published for ${uri}`);
    const from = Math.max(0, size - limit);
    const entries = await ledger.read(topic, { from, limit });
    return {
      candidates: entries.map((e) => ({ document: e.payload, position: e.position })).reverse(),
      truncated: from > 0,
    };
  };
  const fetch = async (uri: string) => {
    const topic = topicForUri(uri);
    const size = await ledger.size(topic);
    if (size === 0) throw statusError('ERR_STATUS_LIST_FETCH', `no status list published for ${uri}`);
    const [entry] = await ledger.read(topic, { from: size - 1, limit: 1 });
    if (entry === undefined)
      throw statusError('ERR_STATUS_LIST_FETCH', `no status list published for ${uri}`);
    return entry.payload;
  };
  return Object.assign(fetch, { candidates });
}
