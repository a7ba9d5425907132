import { describe, statusError } from './internal/errors.js';

/**
 * Turns a status lookup result into a pass/fail, for applications that check status outside the
 * SD-JWT and VC verifiers: returns when the state is `valid`, throws `ERR_STATUS_REVOKED`,
 * `ERR_STATUS_SUSPENDED` or `ERR_STATUS_UNKNOWN` otherwise.
 *
 * @param result - a result of {@link createTokenStatusResolver} or {@link createBitstringStatusResolver}
 * @throws RealDidError `ERR_STATUS_REVOKED`, `ERR_STATUS_SUSPENDED`, `ERR_STATUS_UNKNOWN`
 * @example
 * ```ts
 * assertStatusValid(await resolveStatus(credential.status));
 * ```
 */
export function assertStatusValid(result: { readonly state: string }): void {
  if (typeof result !== 'object' || result === null)
    throw new TypeError(`result: expected an object, found ${describe(result)}`);
  if (result.state === 'valid') return;
  if (result.state === 'revoked') throw statusError('ERR_STATUS_REVOKED', 'the credential is revoked');
  if (result.state === 'suspended') throw statusError('ERR_STATUS_SUSPENDED', 'the credential is suspended');
  throw statusError('ERR_STATUS_UNKNOWN', `the credential has the status ${JSON.stringify(result.state)}`);
}
