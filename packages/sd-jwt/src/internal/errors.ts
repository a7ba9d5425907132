import { RealDidError } from '@realdid/crypto';
import type { SdJwtErrorCode } from '../SdJwtErrorCode.js';

/** Builds a coded error (the caller throws it, so control flow stays visible). */
export function sdError(
  code: SdJwtErrorCode,
  message: string,
  cause?: unknown,
): RealDidError<SdJwtErrorCode> {
  return new RealDidError<SdJwtErrorCode>(code, message, cause === undefined ? undefined : { cause });
}
