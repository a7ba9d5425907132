import { RealDidError } from '@realdid/crypto';
import type { AccountStoreErrorCode } from '../AccountStoreErrorCode.js';

/** Makes a coded account-store error. */
export function storeError(
  code: AccountStoreErrorCode,
  message: string,
  cause?: unknown,
): RealDidError<AccountStoreErrorCode> {
  return new RealDidError<AccountStoreErrorCode>(code, message, cause === undefined ? undefined : { cause });
}

/**
 * Maps an error of better-sqlite3 to a coded one: a file that is not a database or is damaged is
 * `ERR_ACCOUNT_STORE_CORRUPT`, anything else (busy, read-only, I/O, full disk) is
 * `ERR_ACCOUNT_STORE_UNAVAILABLE`. Coded errors and caller misuse pass through.
 */
export function mapSqliteError(err: unknown, doing: string, what = 'account'): unknown {
  if (err instanceof RealDidError || err instanceof TypeError || err instanceof RangeError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'))
    return storeError(
      'ERR_ACCOUNT_STORE_CORRUPT',
      `the ${what} database is damaged (${code}) while ${doing}`,
      err,
    );
  const failure = typeof code === 'string' ? code : 'an error';
  return storeError(
    'ERR_ACCOUNT_STORE_UNAVAILABLE',
    `the ${what} database failed with ${failure} while ${doing}`,
    err,
  );
}
