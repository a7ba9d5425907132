import {
  type BitstringStatusResolverOptions,
  type BitstringStatusResult,
  createBitstringStatusResolver,
  issuerIdOf,
} from './createBitstringStatusResolver.js';
import { statusError } from './internal/errors.js';

/**
 * The status hook of `@realdid/vc` (`verifyCredential(…, { checkStatus })`): it is given one
 * `credentialStatus` entry and the credential, and answers `{ status: 'valid' | 'revoked' |
 * 'suspended' }` (with the lookup's details alongside), or throws a coded error when the status
 * cannot be established.
 */
export type BitstringStatusChecker = (
  entry: unknown,
  credential?: Readonly<Record<string, unknown>>,
) => Promise<{ status: 'valid' | 'revoked' | 'suspended'; result: BitstringStatusResult }>;

/**
 * Makes the Bitstring Status List hook for `@realdid/vc`'s verifier, on top of
 * {@link createBitstringStatusResolver} (fetch, proof check, cache with TTL). A set `revocation`
 * bit answers `'revoked'` and a set `suspension` bit `'suspended'` — the verifier turns them into
 * `ERR_VC_REVOKED` / `ERR_VC_SUSPENDED`. A `message` entry answers `'valid'` with its message in
 * `result`. A non-zero value of any other purpose throws `ERR_STATUS_UNKNOWN`; a list that cannot
 * be fetched or verified throws its `ERR_STATUS_*` code. The list credential's `issuer` must be
 * the credential's (`matchIssuer`, default true).
 *
 * @param options - fetcher, proof verifier, clock, cache and size limits
 * @returns the hook
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { verifyCredential } from '@realdid/vc';
 * const checkStatus = createBitstringStatusChecker({ fetch: createLedgerStatusFetcher(ledger), verifyCredential: checkProof });
 * await verifyCredential(credential, { ...options, checkStatus });
 * ```
 */
export function createBitstringStatusChecker(
  options: BitstringStatusResolverOptions,
): BitstringStatusChecker {
  const resolve = createBitstringStatusResolver(options);
  return async (entry, credential) => {
    const issuer = issuerIdOf(credential?.issuer);
    const result = await resolve(entry, issuer === undefined ? {} : { issuer });
    if (result.state === 'other') {
      if (result.purpose === 'message') return { status: 'valid', result };
      throw statusError(
        'ERR_STATUS_UNKNOWN',
        `the credential has status ${result.status} for purpose ${JSON.stringify(result.purpose)}`,
      );
    }
    return { status: result.state, result };
  };
}
