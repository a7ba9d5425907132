import { RealDidError } from '@realdid/crypto';
import type { LedgerErrorCode } from '@realdid/ledger';

/** Makes a coded ledger error. */
export function ledgerError(
  code: LedgerErrorCode,
  message: string,
  cause?: unknown,
): RealDidError<LedgerErrorCode> {
  return new RealDidError<LedgerErrorCode>(code, message, cause === undefined ? undefined : { cause });
}

/** The error every call on a closed ledger fails with. */
export function closedError(kind: string): RealDidError<LedgerErrorCode> {
  return ledgerError('ERR_LEDGER_CLOSED', `the ${kind} ledger is closed`);
}
