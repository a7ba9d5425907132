/**
 * The codes of the errors `@realdid/accounts-postgres` throws (the same codes, with the same
 * meaning, as `@realdid/accounts-sqlite`). Switch on `err.code`.
 *
 * - `ERR_ACCOUNT_STORE_CORRUPT` — a row read back is not a well-formed account (not text, JSON that
 *   does not parse, a field missing or of the wrong type, another DID than its key, larger than
 *   `maxAccountBytes`), or the table exists with other columns.
 * - `ERR_ACCOUNT_STORE_UNAVAILABLE` — the query function failed (connection, permissions, timeout).
 */
export type AccountStoreErrorCode = 'ERR_ACCOUNT_STORE_CORRUPT' | 'ERR_ACCOUNT_STORE_UNAVAILABLE';
