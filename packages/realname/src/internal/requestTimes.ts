import { fail } from './errors.js';

/** The longest a site's signed request may live (seconds from `iat` to `exp`). */
export const MAX_REQUEST_LIFETIME = 3600;

/**
 * Checks a site request's validity window (seconds since the epoch): `exp` is a number after
 * `nowMs` (else `ERR_REQUEST_EXPIRED`), `iat` a whole number at most {@link MAX_REQUEST_LIFETIME}
 * before it and not after it (else `ERR_REQUEST_INVALID`). The same rule for the SD-JWT mode's
 * requests, their OpenID4VP form and the unlinkable mode's.
 *
 * @returns the request time `iat`
 */
export function checkRequestTimes(exp: unknown, iat: unknown, nowMs: number): number {
  if (typeof exp !== 'number' || exp * 1000 <= nowMs) {
    throw fail('ERR_REQUEST_EXPIRED', 'the request has expired');
  }
  if (
    typeof iat !== 'number' ||
    !Number.isSafeInteger(iat) ||
    iat > exp ||
    exp - iat > MAX_REQUEST_LIFETIME
  ) {
    throw fail('ERR_REQUEST_INVALID', 'iat: expected the request time, at most an hour before exp');
  }
  return iat;
}
