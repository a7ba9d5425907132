import { isRealDidError, TIMED_OUT, withTimeout } from '@realdid/crypto';
import type {
  StatusListCandidate,
  StatusListCandidateFetcher,
  StatusListCandidateOptions,
  StatusListCandidates,
  StatusListFetcher,
} from '../createLedgerStatusFetcher.js';
import type { Loaded } from './cache.js';
import { checkFunction, checkInteger, describe, statusError } from './errors.js';

/** The candidate source of a resolver, or undefined when only `fetch` is available. */
export interface CandidateSource {
  fetch: StatusListCandidateFetcher;
  max: number;
  timeoutMs: number;
  onSkip: ((uri: string, error: unknown) => void) | undefined;
}

/** Reads the candidate options of a resolver (misuse is a TypeError/RangeError). */
export function readCandidateSource(
  options: StatusListCandidateOptions & { fetch: StatusListFetcher },
  timeoutMs: number,
): CandidateSource | undefined {
  const max = checkInteger('maxCandidates', options.maxCandidates ?? 64, 1, 4096);
  const onSkip =
    options.onCandidateSkipped === undefined
      ? undefined
      : checkFunction<(uri: string, error: unknown) => void>(
          'onCandidateSkipped',
          options.onCandidateSkipped,
        );
  let fetch: StatusListCandidateFetcher | undefined;
  if (options.fetchCandidates !== undefined) {
    fetch = checkFunction<StatusListCandidateFetcher>('fetchCandidates', options.fetchCandidates);
  } else {
    const attached = (options.fetch as { candidates?: unknown }).candidates;
    if (typeof attached === 'function') fetch = attached as StatusListCandidateFetcher;
  }
  return fetch === undefined ? undefined : { fetch, max, onSkip, timeoutMs };
}

/**
 * Calls a fetcher with its time bound: its failure, or no answer in time, is
 * `ERR_STATUS_LIST_FETCH` (what it answers is checked by the caller).
 */
async function boundedFetch(call: () => unknown, uri: string, timeoutMs: number): Promise<unknown> {
  let res: unknown;
  try {
    res = await withTimeout(call(), timeoutMs);
  } catch (err) {
    throw statusError(
      'ERR_STATUS_LIST_FETCH',
      `could not retrieve the status list ${uri.slice(0, 200)}`,
      err,
    );
  }
  if (res === TIMED_OUT) {
    throw statusError(
      'ERR_STATUS_LIST_FETCH',
      `the status list ${uri.slice(0, 200)} did not arrive within ${timeoutMs} ms`,
    );
  }
  return res;
}

/** Fetches the candidates of a list and checks their shape (untrusted: a coded error). */
async function fetchCandidates(source: CandidateSource, uri: string): Promise<StatusListCandidates> {
  const res = await boundedFetch(() => source.fetch(uri, source.max), uri, source.timeoutMs);
  const r = res as Partial<StatusListCandidates> | null;
  if (
    typeof r !== 'object' ||
    r === null ||
    !Array.isArray(r.candidates) ||
    typeof r.truncated !== 'boolean'
  ) {
    throw statusError('ERR_STATUS_LIST_FETCH', `the candidate fetcher returned ${describe(res)}`);
  }
  const list = r.candidates as unknown[];
  const truncated = r.truncated || list.length > source.max;
  const candidates: StatusListCandidate[] = [];
  for (const c of list.slice(0, source.max)) {
    const o = c as Partial<StatusListCandidate> | null;
    if (
      typeof o !== 'object' ||
      o === null ||
      (typeof o.document !== 'string' && !(o.document instanceof Uint8Array)) ||
      typeof o.position !== 'number' ||
      !Number.isFinite(o.position)
    ) {
      throw statusError(
        'ERR_STATUS_LIST_FETCH',
        `the candidate fetcher returned ${describe(c)} as a candidate`,
      );
    }
    candidates.push({ document: o.document, position: o.position });
  }
  if (candidates.length === 0)
    throw statusError('ERR_STATUS_LIST_FETCH', `no status list published for ${uri.slice(0, 200)}`);
  return { candidates, truncated };
}

/** Errors that end the search: the candidate is authentic, so older ones must not win over it. */
const AUTHENTIC_FAILURES = new Set(['ERR_STATUS_LIST_EXPIRED']);

/**
 * Picks the newest publication that verifies among candidates read from a ledger topic. The
 * candidates are ordered by the issue time they claim (unverified; unknown last), ties by later
 * ledger position first, and verified in that order: the first that verifies is the newest
 * authentic one, since a forged claim cannot carry a valid signature. Junk, forgeries, lists of
 * another issuer or another URI are skipped and reported to `onSkip`. When nothing verifies, the
 * error of the first candidate examined is thrown, or `ERR_STATUS_LIST_NO_VALID_CANDIDATE` when
 * the topic held more entries than were examined.
 */
async function pickNewestCandidate<T>(
  uri: string,
  candidates: readonly StatusListCandidate[],
  truncated: boolean,
  claimedTime: (document: Uint8Array | string) => number | undefined,
  verify: (document: Uint8Array | string) => Promise<Loaded<T>>,
  onSkip: ((uri: string, error: unknown) => void) | undefined,
): Promise<Loaded<T>> {
  const ordered = candidates
    .map((c) => ({ c, time: claimedTime(c.document) ?? Number.NEGATIVE_INFINITY }))
    .sort((a, b) => (b.time === a.time ? b.c.position - a.c.position : b.time > a.time ? 1 : -1));
  let first: unknown;
  for (const { c } of ordered) {
    try {
      return await verify(c.document);
    } catch (err) {
      if (isRealDidError(err) && AUTHENTIC_FAILURES.has(err.code)) throw err;
      if (first === undefined) first = err;
      onSkip?.(uri, err);
    }
  }
  if (truncated) {
    throw statusError(
      'ERR_STATUS_LIST_NO_VALID_CANDIDATE',
      `none of the ${candidates.length} newest entries for ${uri.slice(0, 200)} is a valid status list`,
      first,
    );
  }
  if (first !== undefined) throw first;
  throw statusError('ERR_STATUS_LIST_FETCH', `no status list published for ${uri.slice(0, 200)}`);
}

/**
 * Loads the list at `uri`: from the candidate source when there is one (the newest candidate that
 * verifies), otherwise the one document `fetch` answers, which must be a string or bytes
 * (`ERR_STATUS_LIST_FETCH`).
 */
export async function loadList<T>(
  source: CandidateSource | undefined,
  fetch: StatusListFetcher,
  uri: string,
  timeoutMs: number,
  claimedTime: (document: Uint8Array | string) => number | undefined,
  verify: (document: Uint8Array | string) => Promise<Loaded<T>>,
): Promise<Loaded<T>> {
  if (source !== undefined) {
    const { candidates, truncated } = await fetchCandidates(source, uri);
    return pickNewestCandidate(uri, candidates, truncated, claimedTime, verify, source.onSkip);
  }
  const doc = await boundedFetch(() => fetch(uri), uri, timeoutMs);
  if (typeof doc !== 'string' && !(doc instanceof Uint8Array)) {
    throw statusError('ERR_STATUS_LIST_FETCH', `the fetcher returned ${describe(doc)} for ${uri}`);
  }
  return verify(doc);
}
