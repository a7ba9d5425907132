import type { Clock } from '@realdid/crypto';
import { checkTimeoutMs, TIMED_OUT, withTimeout } from '@realdid/crypto';
import { BITSTRING_MIN_ENTRIES, Bitstring } from './Bitstring.js';
import type { StatusListCandidateOptions, StatusListFetcher } from './createLedgerStatusFetcher.js';
import { decodeBitstring } from './encodeBitstring.js';
import { ListCache } from './internal/cache.js';
import { loadList, readCandidateSource } from './internal/candidates.js';
import { checkFunction, checkInteger, describe, statusError } from './internal/errors.js';
import { parseJsonObject } from './internal/jwt.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, documentText, type SizeLimits } from './internal/limits.js';
import { renamedOption } from './internal/options.js';

/**
 * Verifies the proof of a fetched `BitstringStatusListCredential` (for instance with
 * `@realdid/vc`) and decides whether its issuer is trusted for this list. Resolve to `true` (or
 * `{ verified: true }`) to accept; anything else, or a throw, rejects with `ERR_STATUS_LIST_SIGNATURE`.
 */
export type CredentialProofVerifier = (
  credential: Record<string, unknown>,
) => boolean | { verified: boolean } | Promise<boolean | { verified: boolean }>;

/** Options of {@link createBitstringStatusResolver} and {@link createBitstringStatusChecker}. */
export interface BitstringStatusResolverOptions extends SizeLimits, StatusListCandidateOptions {
  /** Retrieves a status list credential by URL (e.g. {@link createLedgerStatusFetcher}, or HTTP). */
  fetch: StatusListFetcher;
  /** Verifies the list credential's proof. */
  verifyCredential: CredentialProofVerifier;
  /** Clock in milliseconds (default `Date.now`). */
  now?: Clock;
  /** Tolerated clock difference in seconds (default 60). */
  clockSkewSeconds?: number;
  /** @deprecated the former name of `clockSkewSeconds` (kept for one minor version). */
  clockSkewSec?: number;
  /**
   * Whether the list credential's `issuer` must be the credential's issuer, given in the context
   * (default **true**: a list issued by anybody else is refused, and a lookup without the
   * credential's issuer is `ERR_STATUS_LIST_ISSUER_MISMATCH`). `false` is an explicit opt-out.
   */
  matchIssuer?: boolean;
  /** Upper bound on the cache lifetime in milliseconds, whatever `ttl` says (default 86,400,000). */
  maxTtlMs?: number;
  /** Most lists kept in the cache (default 1,000). */
  maxCacheEntries?: number;
  /** Fewest entries a list must have (default 131,072, the spec's minimum). */
  minEntries?: number;
  /** Largest credential document accepted, in bytes (default 3 MiB). */
  maxDocumentBytes?: number;
  /**
   * Bound on each answer of a plug-in — `fetch`, `fetchCandidates`, `verifyCredential` — in ms
   * (default 10,000; `Infinity` for none). A fetcher that does not answer in time is
   * `ERR_STATUS_LIST_FETCH`, a proof verifier `ERR_STATUS_LIST_SIGNATURE`: a stuck status server
   * or ledger never hangs verification.
   */
  timeoutMs?: number;
}

/** The result of one `BitstringStatusListEntry`, as the spec's validate algorithm returns it. */
export interface BitstringStatusResult {
  /** The entry's purpose. */
  purpose: string;
  /** The status value. */
  status: number;
  /** True when the status is 0. */
  valid: boolean;
  /**
   * `valid` (0), `revoked` (set `revocation` bit), `suspended` (set `suspension` bit), or `other`
   * (a non-zero value of another purpose, e.g. `message`).
   */
  state: 'valid' | 'revoked' | 'suspended' | 'other';
  /** For `message` entries, the message of the value. */
  message?: string;
  /** The list URL. */
  statusListCredential: string;
  /** The index. */
  index: number;
}

/**
 * Looks up one `BitstringStatusListEntry`. It rejects with a coded error when the entry is
 * malformed or the list cannot be fetched or verified; a set bit is an answer, not an error.
 */
export type BitstringStatusResolver = (
  entry: unknown,
  context?: BitstringStatusContext,
) => Promise<BitstringStatusResult>;

/** Context the credential verifier passes along with the entry. */
export interface BitstringStatusContext {
  /** The credential's issuer (its `issuer`, or `issuer.id`). */
  issuer?: string;
}

/** The id of a VC `issuer` (a string, or an object with a string `id`), else undefined. */
export function issuerIdOf(issuer: unknown): string | undefined {
  if (typeof issuer === 'string') return issuer;
  if (typeof issuer === 'object' && issuer !== null && !Array.isArray(issuer)) {
    const id = (issuer as { id?: unknown }).id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

interface CachedList {
  credential: Record<string, unknown>;
  purposes: string[];
  bytes: Uint8Array;
  views: Map<number, Bitstring>;
  validUntil: number | undefined;
}

interface Entry {
  purpose: string;
  index: number;
  url: string;
  statusSize: number;
  messages: Map<number, string> | undefined;
}

function readEntry(value: unknown): Entry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      `credentialStatus: expected an object, found ${describe(value)}`,
    );
  }
  const e = value as Record<string, unknown>;
  if (e.type !== 'BitstringStatusListEntry') {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      `credentialStatus.type: expected "BitstringStatusListEntry", found ${describe(e.type)}`,
    );
  }
  if (typeof e.statusPurpose !== 'string' || e.statusPurpose.length === 0) {
    throw statusError('ERR_STATUS_CLAIM_INVALID', 'credentialStatus.statusPurpose: expected a string');
  }
  const idx = e.statusListIndex;
  if (typeof idx !== 'string' || !/^(0|[1-9][0-9]{0,14})$/.test(idx)) {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      `credentialStatus.statusListIndex: expected a base-10 integer string, found ${describe(idx)}`,
    );
  }
  const url = e.statusListCredential;
  if (
    typeof url !== 'string' ||
    url.length === 0 ||
    url.length > 2048 ||
    !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)
  ) {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      `credentialStatus.statusListCredential: expected a URL, found ${describe(url)}`,
    );
  }
  const size = e.statusSize ?? 1;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 8) {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      `credentialStatus.statusSize: expected an integer 1..8, found ${describe(size)}`,
    );
  }
  let messages: Map<number, string> | undefined;
  if (e.statusMessage !== undefined) {
    if (!Array.isArray(e.statusMessage) || e.statusMessage.length !== 2 ** size) {
      throw statusError(
        'ERR_STATUS_CLAIM_INVALID',
        `credentialStatus.statusMessage: expected ${2 ** size} entries`,
      );
    }
    messages = new Map();
    for (const m of e.statusMessage as unknown[]) {
      const { status, message } = (m ?? {}) as Record<string, unknown>;
      if (typeof status !== 'string' || !/^0x[0-9a-fA-F]+$/.test(status) || typeof message !== 'string') {
        throw statusError(
          'ERR_STATUS_CLAIM_INVALID',
          'credentialStatus.statusMessage: expected { status: "0x…", message }',
        );
      }
      messages.set(Number.parseInt(status.slice(2), 16), message);
    }
  } else if (size > 1) {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      'credentialStatus.statusMessage: required when statusSize > 1',
    );
  }
  return { purpose: e.statusPurpose, index: Number(idx), url, statusSize: size, messages };
}

function dateMs(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t))
    throw statusError('ERR_STATUS_LIST_MALFORMED', `${name}: expected a date-time, found ${describe(v)}`);
  return t;
}

/**
 * Makes a Bitstring Status List resolver (Bitstring Status List v1.0 §3.2). For a
 * `BitstringStatusListEntry` it fetches the status list credential, checks its
 * type, its proof (through the injected verifier), that its `id` is the URL fetched, its validity
 * period, the purpose, and the minimum length (decompressing with a cap), caches it for `ttl`
 * (default 300,000 ms; clock injectable), refuses a list older than one already seen, and reads
 * the entry. With a ledger fetcher (`fetch.candidates`) or `fetchCandidates`, it examines up to
 * `maxCandidates` (default 64) of the newest entries and takes the newest (by `validFrom`, later
 * position on a tie) that verifies, skipping junk and replayed lists.
 *
 * @param options - fetcher, proof verifier, clock, cache and size limits
 * @returns the resolver
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * const resolveStatus = createBitstringStatusResolver({ fetch: createLedgerStatusFetcher(ledger), verifyCredential });
 * const { state } = await resolveStatus(credential.credentialStatus);
 * ```
 */
export function createBitstringStatusResolver(
  options: BitstringStatusResolverOptions,
): BitstringStatusResolver {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const fetch = checkFunction<StatusListFetcher>('fetch', options.fetch);
  const verifyCredential = checkFunction<CredentialProofVerifier>(
    'verifyCredential',
    options.verifyCredential,
  );
  const now = checkFunction<() => number>('now', options.now ?? Date.now);
  const skewMs =
    checkInteger(
      'clockSkewSeconds',
      renamedOption<number>(options as never, 'clockSkewSeconds', 'clockSkewSec') ?? 60,
      0,
      86_400,
    ) * 1000;
  const matchIssuer = options.matchIssuer ?? true;
  if (typeof matchIssuer !== 'boolean')
    throw new TypeError(`matchIssuer: expected a boolean, found ${describe(matchIssuer)}`);
  const maxTtl = checkInteger('maxTtlMs', options.maxTtlMs ?? 86_400_000, 0, Number.MAX_SAFE_INTEGER);
  const minEntries = checkInteger('minEntries', options.minEntries ?? BITSTRING_MIN_ENTRIES, 1, 2 ** 31 - 1);
  const maxDoc = checkInteger(
    'maxDocumentBytes',
    options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    1,
    2 ** 31,
  );
  const cache = new ListCache<CachedList>(
    now,
    checkInteger('maxCacheEntries', options.maxCacheEntries ?? 1000, 1, 1e7),
  );

  const timeoutMs = checkTimeoutMs(options.timeoutMs);
  const source = readCandidateSource(options, timeoutMs);

  /** The `validFrom` a candidate claims, unverified (for ordering only), in ms, or undefined. */
  const claimedValidFrom = (doc: Uint8Array | string): number | undefined => {
    try {
      const text = documentText(doc, maxDoc, 'status list credential');
      const v = (JSON.parse(text) as { validFrom?: unknown }).validFrom;
      if (typeof v !== 'string') return undefined;
      const ms = Date.parse(v);
      return Number.isFinite(ms) ? ms : undefined;
    } catch {
      return undefined;
    }
  };

  const verifyDoc = async (url: string, issuer: string | undefined, doc: Uint8Array | string) => {
    const what = 'status list credential';
    const vc = parseJsonObject(documentText(doc, maxDoc, what), what);
    const types = vc.type;
    if (
      !Array.isArray(types) ||
      !types.includes('BitstringStatusListCredential') ||
      !types.includes('VerifiableCredential')
    ) {
      throw statusError(
        'ERR_STATUS_LIST_TYPE',
        'type: expected VerifiableCredential and BitstringStatusListCredential',
      );
    }
    let verdict: unknown;
    try {
      verdict = await withTimeout(verifyCredential(vc), timeoutMs);
    } catch (err) {
      throw statusError(
        'ERR_STATUS_LIST_SIGNATURE',
        `the proof of the status list ${url} does not verify`,
        err,
      );
    }
    if (verdict === TIMED_OUT) {
      throw statusError(
        'ERR_STATUS_LIST_SIGNATURE',
        `the proof of the status list ${url} was not checked within ${timeoutMs} ms`,
      );
    }
    const ok =
      verdict === true ||
      (typeof verdict === 'object' &&
        verdict !== null &&
        (verdict as { verified?: unknown }).verified === true);
    if (!ok)
      throw statusError('ERR_STATUS_LIST_SIGNATURE', `the proof of the status list ${url} does not verify`);
    if (matchIssuer && issuerIdOf(vc.issuer) !== issuer) {
      throw statusError(
        'ERR_STATUS_LIST_ISSUER_MISMATCH',
        `issuer: expected ${JSON.stringify(issuer)}, found ${describe(issuerIdOf(vc.issuer))}`,
      );
    }
    if (vc.id !== undefined && vc.id !== url) {
      throw statusError(
        'ERR_STATUS_LIST_SUBJECT_MISMATCH',
        `id: expected ${JSON.stringify(url)}, found ${describe(vc.id)}`,
      );
    }
    const t = now();
    const validFrom = dateMs(vc.validFrom, 'validFrom');
    const validUntil = dateMs(vc.validUntil, 'validUntil');
    if (validFrom !== undefined && validFrom > t + skewMs)
      throw statusError('ERR_STATUS_LIST_NOT_YET_VALID', 'validFrom is in the future');
    if (validUntil !== undefined && validUntil <= t - skewMs)
      throw statusError('ERR_STATUS_LIST_EXPIRED', 'the status list credential has expired');
    const subject = vc.credentialSubject;
    if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) {
      throw statusError('ERR_STATUS_LIST_MALFORMED', 'credentialSubject: expected one object');
    }
    const s = subject as Record<string, unknown>;
    if (s.type !== 'BitstringStatusList')
      throw statusError('ERR_STATUS_LIST_TYPE', 'credentialSubject.type: expected "BitstringStatusList"');
    const sp = s.statusPurpose;
    const purposes =
      typeof sp === 'string'
        ? [sp]
        : Array.isArray(sp) && sp.every((x) => typeof x === 'string')
          ? (sp as string[])
          : undefined;
    if (purposes === undefined || purposes.length === 0)
      throw statusError('ERR_STATUS_LIST_MALFORMED', 'credentialSubject.statusPurpose: expected strings');
    const ttl = s.ttl ?? 300_000;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0)
      throw statusError('ERR_STATUS_LIST_MALFORMED', 'credentialSubject.ttl: expected milliseconds');
    // Decode once at statusSize 1 with the byte minimum; entry-specific sizes are checked on use.
    const b = decodeBitstring(s.encodedList, { ...options, statusSize: 1, minEntries: 8 });
    const bytes = b.toBytes();
    let expiresAt = t + Math.min(ttl, maxTtl);
    if (validUntil !== undefined) expiresAt = Math.min(expiresAt, validUntil);
    const value: CachedList = { credential: vc, purposes, bytes, views: new Map([[1, b]]), validUntil };
    return { value, expiresAt, issuedAt: validFrom ?? 0 };
  };

  const checkOne = async (entry: Entry, issuer: string | undefined): Promise<BitstringStatusResult> => {
    const key = matchIssuer ? JSON.stringify([issuer, entry.url]) : entry.url; // unambiguous
    const list = await cache.get(key, () =>
      loadList(source, fetch, entry.url, timeoutMs, claimedValidFrom, (doc) =>
        verifyDoc(entry.url, issuer, doc),
      ),
    );
    if (list.validUntil !== undefined && list.validUntil <= now() - skewMs) {
      cache.delete(key);
      throw statusError('ERR_STATUS_LIST_EXPIRED', 'the status list credential has expired');
    }
    if (!list.purposes.includes(entry.purpose)) {
      throw statusError(
        'ERR_STATUS_PURPOSE_MISMATCH',
        `the list ${entry.url} has no purpose ${JSON.stringify(entry.purpose)}`,
      );
    }
    let view = list.views.get(entry.statusSize);
    if (view === undefined) {
      view = Bitstring.fromBytes(list.bytes, entry.statusSize);
      list.views.set(entry.statusSize, view);
    }
    if (view.length < minEntries) {
      throw statusError(
        'ERR_STATUS_LIST_LENGTH',
        `the list holds ${view.length} entries, fewer than ${minEntries}`,
      );
    }
    if (entry.index >= view.length) {
      throw statusError(
        'ERR_STATUS_INDEX_OUT_OF_RANGE',
        `index ${entry.index} is beyond the ${view.length} entries of ${entry.url}`,
      );
    }
    const status = view.get(entry.index);
    const state =
      status === 0
        ? 'valid'
        : entry.purpose === 'revocation'
          ? 'revoked'
          : entry.purpose === 'suspension'
            ? 'suspended'
            : 'other';
    const result: BitstringStatusResult = {
      purpose: entry.purpose,
      status,
      valid: status === 0,
      state,
      statusListCredential: entry.url,
      index: entry.index,
    };
    const message = entry.messages?.get(status);
    if (message !== undefined) result.message = message;
    return result;
  };

  return async (entry: unknown, context?: BitstringStatusContext) => {
    const e = readEntry(entry);
    // The context is checked before it keys the cache.
    if (context !== undefined && (typeof context !== 'object' || context === null))
      throw new TypeError(`context: expected an object, found ${describe(context)}`);
    const issuer = context?.issuer;
    if (issuer !== undefined && typeof issuer !== 'string')
      throw new TypeError(`context.issuer: expected a string, found ${describe(issuer)}`);
    if (matchIssuer && (issuer === undefined || issuer.length === 0)) {
      throw statusError(
        'ERR_STATUS_LIST_ISSUER_MISMATCH',
        "the credential's issuer is needed to match the status list's issuer (or set matchIssuer: false)",
      );
    }
    return checkOne(e, issuer);
  };
}
