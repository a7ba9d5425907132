import { RealDidError } from '@realdid/crypto';
import type { LedgerErrorCode } from '../LedgerClient.js';

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

/** Describes a value's type for a message, without printing the value. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' ? `an object (${name})` : 'an object';
  }
  return typeof value;
}
