/**
 * The codes of the errors `@realdid/accounts-sqlite` throws. Switch on `err.code`.
 *
 * - `ERR_ACCOUNT_STORE_CORRUPT` — a row read back is not a well-formed account (wrong column
 *   type, JSON that does not parse, a field missing or of the wrong type, another DID than its
 *   key, larger than `maxAccountBytes`), or the file is not a SQLite database.
 * - `ERR_ACCOUNT_STORE_UNAVAILABLE` — the file cannot be opened or written (for instance another
 *   process held the write lock for longer than `busyTimeoutMs`).
 * - `ERR_ACCOUNT_STORE_CLOSED` — a call on a store after `close()`.
 */
export type AccountStoreErrorCode =
  | 'ERR_ACCOUNT_STORE_CORRUPT'
  | 'ERR_ACCOUNT_STORE_UNAVAILABLE'
  | 'ERR_ACCOUNT_STORE_CLOSED';
