import { RealDidError } from '@realdid/crypto';
import type { BbsErrorCode } from '../BbsErrorCode.js';

/** Builds a coded error (the caller throws it, so control flow stays visible). */
export function bbsError(code: BbsErrorCode, message: string, cause?: unknown): RealDidError<BbsErrorCode> {
  return new RealDidError<BbsErrorCode>(code, message, cause === undefined ? undefined : { cause });
}
