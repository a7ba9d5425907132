import type { CryptoErrorCode } from '../CryptoErrorCode.js';
import { RealDidError } from '../RealDidError.js';

/** Creates a coded error of this package. */
export function cryptoError(
  code: CryptoErrorCode,
  message: string,
  cause?: unknown,
): RealDidError<CryptoErrorCode> {
  return new RealDidError(code, message, cause === undefined ? undefined : { cause });
}
