import type { Clock } from '@realdid/crypto';
import { base64urlDecode, checkTimeoutMs, utf8Decode } from '@realdid/crypto';
import type { StatusListCandidateOptions, StatusListFetcher } from './createLedgerStatusFetcher.js';
import { ListCache } from './internal/cache.js';
import { loadList, readCandidateSource } from './internal/candidates.js';
import { checkFunction, checkInteger, describe, statusError } from './internal/errors.js';
import type { SizeLimits } from './internal/limits.js';
import { renamedOption } from './internal/options.js';
import type { StatusListKeyResolver } from './StatusListKeyResolver.js';
import { TokenStatus } from './TokenStatus.js';
import {
  readAlgorithms,
  type VerifiedStatusListToken,
  verifyStatusListToken,
} from './verifyStatusListToken.js';

/** Options of {@link createTokenStatusResolver} and {@link createTokenStatusChecker}. */
export interface TokenStatusResolverOptions extends SizeLimits, StatusListCandidateOptions {
  /** Retrieves a Status List Token by URI (e.g. {@link createLedgerStatusFetcher}, or HTTP). */
  fetch: StatusListFetcher;
  /**
   * Finds the status issuer's public key; {@link createStatusListKeyResolver} takes it from the
   * issuer's DID document and refuses a list signed by any other DID.
   */
  keyResolver?: StatusListKeyResolver;
  /** @deprecated the former name of `keyResolver` (kept for one minor version). */
  resolveKey?: StatusListKeyResolver;
  /** Clock in milliseconds (default `Date.now`); drives expiry and the cache. */
  now?: Clock;
  /** Tolerated clock difference in seconds (default 60). */
  clockSkewSeconds?: number;
  /** @deprecated the former name of `clockSkewSeconds` (kept for one minor version). */
  clockSkewSec?: number;
  /**
   * Allowed JWS algorithms of the lists (default `EdDSA`, `ES256`, `ES256K`; SM2 only when listed,
   * as `SM2` or `SM2SM3`).
   */
  algorithms?: readonly string[];
  /** Cache lifetime in seconds for tokens without `ttl` (default 300). */
  defaultTtlSec?: number;
  /** Upper bound on the cache lifetime in seconds, whatever `ttl` says (default 86,400). */
  maxTtlSec?: number;
  /** Most lists kept in the cache (default 1,000). */
  maxCacheEntries?: number;
  /** Largest token accepted, in bytes (default 3 MiB). */
  maxTokenBytes?: number;
  /**
   * Whether the list's `iss` must equal the credential's `iss` passed in the context (default
   * **true**: a list signed by anybody else is refused, and a lookup without the credential's `iss`
   * is `ERR_STATUS_LIST_ISSUER_MISMATCH`). `false` is an explicit opt-out, for a status list
   * deliberately run by another party than the credential's issuer.
   */
  matchIssuer?: boolean;
  /**
   * Bound on each answer of a plug-in — `fetch`, `fetchCandidates`, `resolveKey` — in ms (default
   * 10,000; `Infinity` for none). A fetcher that does not answer in time is
   * `ERR_STATUS_LIST_FETCH`, a key resolver `ERR_STATUS_LIST_KEY`: a stuck status server or ledger
   * never hangs verification.
   */
  timeoutMs?: number;
}

/** What the status list says about one credential. */
export interface TokenStatusResult {
  /** The status value: 0 VALID, 1 INVALID, 2 SUSPENDED, 3 and up application-specific. */
  status: number;
  /** The value's meaning: `valid` (0), `revoked` (1), `suspended` (2) or `other`. */
  state: 'valid' | 'revoked' | 'suspended' | 'other';
  /** The list URI. */
  uri: string;
  /** The index. */
  idx: number;
  /** `iat` of the list that answered, in seconds. */
  listIssuedAt: number;
}

/** Context the credential verifier passes along with the status claim. */
export interface TokenStatusContext {
  /** The credential's `iss`. */
  iss?: string;
}

/**
 * Looks up the status of a credential from its `status` claim. It rejects with a coded error when
 * the list cannot be fetched or verified; a revoked or suspended credential is an answer, not an error.
 */
export type TokenStatusResolver = ((
  status: unknown,
  context?: TokenStatusContext,
) => Promise<TokenStatusResult>) & {
  /**
   * The same lookup answered at once from the cache: the result when the list is cached and
   * fresh, undefined when it would have to be fetched (then call the resolver). It throws what the
   * resolver would reject with (a malformed claim, an expired list, an index out of range). Set
   * by {@link createTokenStatusResolver}; optional for other resolvers.
   */
  cached?: (status: unknown, context?: TokenStatusContext) => TokenStatusResult | undefined;
};

/** The `iat` a compact JWT claims, unverified (for ordering candidates only), or undefined. */
function claimedIat(doc: Uint8Array | string): number | undefined {
  try {
    const text = typeof doc === 'string' ? doc : utf8Decode(doc);
    const parts = text.split('.');
    if (parts.length !== 3 || parts[1] === undefined) return undefined;
    const iat = (JSON.parse(utf8Decode(base64urlDecode(parts[1]))) as { iat?: unknown }).iat;
    return typeof iat === 'number' && Number.isFinite(iat) ? iat : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the reference of a Referenced Token's `status` claim: `{ status_list: { idx, uri } }`
 * (or the inner `{ idx, uri }`), untrusted.
 *
 * @param status - the `status` claim
 * @returns the index and the list URI
 * @throws RealDidError `ERR_STATUS_CLAIM_INVALID` when it is not an object, `idx` is not a
 *   non-negative integer or `uri` not a string of 1 to 2,048 characters
 * @example
 * ```ts
 * import { readTokenStatusReference } from '@realdid/status';
 * readTokenStatusReference({ status_list: { idx: 7, uri: 'https://status.example/lists/1' } });
 * // { idx: 7, uri: 'https://status.example/lists/1' }
 * ```
 */
export function readTokenStatusReference(status: unknown): { idx: number; uri: string } {
  if (typeof status !== 'object' || status === null || Array.isArray(status)) {
    throw statusError('ERR_STATUS_CLAIM_INVALID', `status: expected an object, found ${describe(status)}`);
  }
  const inner = Object.hasOwn(status, 'status_list')
    ? (status as { status_list: unknown }).status_list
    : status;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      `status.status_list: expected an object, found ${describe(inner)}`,
    );
  }
  const { idx, uri } = inner as Record<string, unknown>;
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) {
    throw statusError(
      'ERR_STATUS_CLAIM_INVALID',
      `status_list.idx: expected a non-negative integer, found ${describe(idx)}`,
    );
  }
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 2048) {
    throw statusError('ERR_STATUS_CLAIM_INVALID', `status_list.uri: expected a URI, found ${describe(uri)}`);
  }
  return { idx, uri };
}

/**
 * Makes a Token Status List resolver. It fetches the Status List Token the credential points to,
 * verifies it (signature, `typ`, `sub` = uri, expiry, sizes), caches it for `min(ttl, maxTtlSec)`
 * or until `exp` (clock injectable; concurrent lookups share one fetch), refuses a list older than
 * one already seen, and reads the entry. With a ledger fetcher (`fetch.candidates`) or
 * `fetchCandidates`, it examines up to `maxCandidates` (default 64) of the newest entries and takes
 * the newest (by `iat`, later position on a tie) that verifies, skipping junk and replayed lists.
 *
 * @param options - fetcher, key resolver, clock, cache and size limits
 * @returns the resolver
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * const resolveStatus = createTokenStatusResolver({ fetch: createLedgerStatusFetcher(ledger), resolveKey });
 * const { state } = await resolveStatus({ status_list: { idx: 90417, uri: 'https://status.example/lists/1' } });
 * ```
 */
export function createTokenStatusResolver(options: TokenStatusResolverOptions): TokenStatusResolver {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const fetch = checkFunction<StatusListFetcher>('fetch', options.fetch);
  const keyResolver = checkFunction<StatusListKeyResolver>(
    'keyResolver',
    renamedOption(options as never, 'keyResolver', 'resolveKey'),
  );
  const skewSec = checkInteger(
    'clockSkewSeconds',
    renamedOption<number>(options as never, 'clockSkewSeconds', 'clockSkewSec') ?? 60,
    0,
    86_400,
  );
  const matchIssuer = options.matchIssuer ?? true;
  if (typeof matchIssuer !== 'boolean')
    throw new TypeError(`matchIssuer: expected a boolean, found ${describe(matchIssuer)}`);
  const now = checkFunction<() => number>('now', options.now ?? Date.now);
  const defaultTtl = checkInteger('defaultTtlSec', options.defaultTtlSec ?? 300, 0, 2 ** 31);
  const maxTtl = checkInteger('maxTtlSec', options.maxTtlSec ?? 86_400, 0, 2 ** 31);
  const cache = new ListCache<VerifiedStatusListToken>(
    now,
    checkInteger('maxCacheEntries', options.maxCacheEntries ?? 1000, 1, 1e7),
  );

  const timeoutMs = checkTimeoutMs(options.timeoutMs);
  const algorithms = readAlgorithms(options.algorithms);
  const source = readCandidateSource(options, timeoutMs);

  const verifyDoc = async (uri: string, iss: string | undefined, doc: Uint8Array | string) => {
    const { resolveKey: _old, clockSkewSec: _oldSkew, ...rest } = options;
    const verifyOptions: Parameters<typeof verifyStatusListToken>[1] = {
      ...rest,
      keyResolver,
      clockSkewSeconds: skewSec,
      uri,
      now,
      timeoutMs,
      algorithms,
    };
    if (matchIssuer && iss !== undefined) verifyOptions.iss = iss;
    const token = await verifyStatusListToken(doc, verifyOptions);
    const fetchedAt = now();
    const ttlSec = Math.min(token.ttl ?? defaultTtl, maxTtl);
    let expiresAt = fetchedAt + ttlSec * 1000;
    if (token.exp !== undefined) expiresAt = Math.min(expiresAt, token.exp * 1000);
    return { value: token, expiresAt, issuedAt: token.iat * 1000 };
  };

  /** The reference and context, checked before they key the cache. */
  const lookupOf = (status: unknown, context?: TokenStatusContext) => {
    const { idx, uri } = readTokenStatusReference(status);
    // The context is checked before it keys the cache.
    if (context !== undefined && (typeof context !== 'object' || context === null))
      throw new TypeError(`context: expected an object, found ${describe(context)}`);
    const iss = context?.iss;
    if (iss !== undefined && typeof iss !== 'string')
      throw new TypeError(`context.iss: expected a string, found ${describe(iss)}`);
    if (matchIssuer && (iss === undefined || iss.length === 0)) {
      throw statusError(
        'ERR_STATUS_LIST_ISSUER_MISMATCH',
        "the credential's iss is needed to match the status list's issuer (or set matchIssuer: false)",
      );
    }
    const key = matchIssuer ? JSON.stringify([iss, uri]) : uri; // unambiguous, whatever the strings hold
    return { idx, uri, iss, key };
  };

  /** The entry `idx` of a verified list. */
  const readEntry = (token: VerifiedStatusListToken, key: string, idx: number, uri: string) => {
    if (token.exp !== undefined && token.exp * 1000 <= now() - skewSec * 1000) {
      cache.delete(key);
      throw statusError('ERR_STATUS_LIST_EXPIRED', 'the status list token has expired');
    }
    if (idx >= token.list.size) {
      throw statusError(
        'ERR_STATUS_INDEX_OUT_OF_RANGE',
        `index ${idx} is beyond the ${token.list.size} entries of ${uri}`,
      );
    }
    const value = token.list.get(idx);
    const state =
      value === TokenStatus.VALID
        ? 'valid'
        : value === TokenStatus.INVALID
          ? 'revoked'
          : value === TokenStatus.SUSPENDED
            ? 'suspended'
            : 'other';
    return { status: value, state, uri, idx, listIssuedAt: token.iat } satisfies TokenStatusResult;
  };

  const resolver: TokenStatusResolver = async (status, context) => {
    const { idx, uri, iss, key } = lookupOf(status, context);
    const token = await cache.get(key, () =>
      loadList(source, fetch, uri, timeoutMs, claimedIat, (doc) => verifyDoc(uri, iss, doc)),
    );
    return readEntry(token, key, idx, uri);
  };
  resolver.cached = (status, context) => {
    const { idx, uri, key } = lookupOf(status, context);
    const token = cache.peek(key);
    return token === undefined ? undefined : readEntry(token, key, idx, uri);
  };
  return resolver;
}
