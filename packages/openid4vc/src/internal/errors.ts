import { RealDidError } from '@realdid/crypto';
import type { OpenId4VcErrorCode } from '../OpenId4VcErrorCode.js';

/** Builds a coded error (the caller throws it, so control flow stays visible). */
export function oidError(
  code: OpenId4VcErrorCode,
  message: string,
  cause?: unknown,
): RealDidError<OpenId4VcErrorCode> {
  return new RealDidError<OpenId4VcErrorCode>(code, message, cause === undefined ? undefined : { cause });
}
