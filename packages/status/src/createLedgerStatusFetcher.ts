import type { LedgerClient } from '@realdid/ledger';
import { checkFunction, statusError } from './internal/errors.js';
import { statusListTopic } from './statusListTopic.js';

/**
 * Retrieves the published bytes (or text) of a status list by its URI: from a ledger, over HTTP,
 * from a holder-supplied copy… A failure to retrieve must throw (any error); it is reported as
 * `ERR_STATUS_LIST_FETCH`.
 */
export type StatusListFetcher = (uri: string) => Promise<Uint8Array | string>;

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
): StatusListFetcher {
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
  return async (uri: string) => {
    const topic = topicForUri(uri);
    const size = await ledger.size(topic);
    if (size === 0) throw statusError('ERR_STATUS_LIST_FETCH', `no status list published for ${uri}`);
    const [entry] = await ledger.read(topic, { from: size - 1, limit: 1 });
    if (entry === undefined)
      throw statusError('ERR_STATUS_LIST_FETCH', `no status list published for ${uri}`);
    return entry.payload;
  };
}
