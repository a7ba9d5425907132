import {
  createTokenStatusResolver,
  type TokenStatusResolverOptions,
  type TokenStatusResult,
} from './createTokenStatusResolver.js';
import { statusError } from './internal/errors.js';

/** The answer `@realdid/sd-jwt`'s status hook expects. */
export type TokenStatusAnswer = 'valid' | 'revoked' | 'suspended';

/**
 * The status hook of `@realdid/sd-jwt` (`verifySdJwtVc(…, { checkStatus })`): given the verified
 * `status` claim and the processed claims, it answers `'valid'`, `'revoked'` or `'suspended'`, and
 * throws a coded error when the status cannot be established.
 */
export type TokenStatusChecker = ((
  status: unknown,
  claims?: Readonly<Record<string, unknown>>,
) => Promise<TokenStatusAnswer>) & {
  /**
   * The same answer at once, from the cached list: undefined when the list would have to be
   * fetched (then call the checker). It throws what the checker would reject with. Set by
   * {@link createTokenStatusChecker}; optional for other checkers.
   */
  cached?: (status: unknown, claims?: Readonly<Record<string, unknown>>) => TokenStatusAnswer | undefined;
};

/** Options of {@link createTokenStatusChecker}. */
export interface TokenStatusCheckerOptions extends TokenStatusResolverOptions {
  /** Application-specific status values (3 and up) that count as valid (default: none; they throw `ERR_STATUS_UNKNOWN`). */
  acceptStatuses?: readonly number[];
}

/**
 * Makes the Token Status List hook for `@realdid/sd-jwt`'s verifier, on top of
 * {@link createTokenStatusResolver} (fetch, verify, cache with TTL). INVALID answers `'revoked'`
 * and SUSPENDED `'suspended'` — the verifier turns them into `ERR_SD_JWT_REVOKED` /
 * `ERR_SD_JWT_SUSPENDED`. A list that cannot be fetched or verified throws its `ERR_STATUS_*` code.
 * The list's `iss` must equal the credential's `iss` claim (`matchIssuer`, default true); wire
 * `keyResolver` to {@link createStatusListKeyResolver} so that its signature must be a key of
 * that issuer.
 *
 * @param options - fetcher, key resolver, clock, cache and size limits, accepted extra statuses
 * @returns the hook
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { verifySdJwtVc } from '@realdid/sd-jwt';
 * const checkStatus = createTokenStatusChecker({
 *   fetch: createLedgerStatusFetcher(ledger),
 *   keyResolver: createStatusListKeyResolver(didResolver),
 * });
 * await verifySdJwtVc(presentation, { ...options, checkStatus });
 * ```
 */
export function createTokenStatusChecker(options: TokenStatusCheckerOptions): TokenStatusChecker {
  const resolve = createTokenStatusResolver(options);
  const accepted = new Set(options.acceptStatuses ?? []);
  const answerOf = (result: TokenStatusResult): TokenStatusAnswer => {
    if (result.state === 'other') {
      if (accepted.has(result.status)) return 'valid';
      throw statusError(
        'ERR_STATUS_UNKNOWN',
        `the credential has the application-specific status ${result.status}`,
      );
    }
    return result.state;
  };
  const contextOf = (claims?: Readonly<Record<string, unknown>>) => {
    const iss = claims?.iss;
    return typeof iss === 'string' ? { iss } : {};
  };
  const checker: TokenStatusChecker = async (status, claims) =>
    answerOf(await resolve(status, contextOf(claims)));
  checker.cached = (status, claims) => {
    const result = resolve.cached?.(status, contextOf(claims));
    return result === undefined ? undefined : answerOf(result);
  };
  return checker;
}
