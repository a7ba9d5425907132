import { RealDidError } from '@realdid/crypto';
import type { RealNameErrorCode } from '../RealNameErrorCode.js';

/**
 * Makes a coded error of this package. Extra fields (never secrets) are attached to the error so a
 * caller can act on them, e.g. `trustee` on a rejected partial decryption.
 */
export function fail(
  code: RealNameErrorCode,
  message: string,
  extra?: Record<string, unknown>,
  cause?: unknown,
): RealDidError<RealNameErrorCode> {
  const err = new RealDidError<RealNameErrorCode>(code, message, cause === undefined ? undefined : { cause });
  if (extra !== undefined) Object.assign(err, extra);
  return err;
}
