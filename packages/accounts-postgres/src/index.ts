export type { AccountStoreErrorCode } from './AccountStoreErrorCode.js';
export type { PostgresAccountStoreOptions, PostgresQuery } from './PostgresAccountStore.js';
export { PostgresAccountStore } from './PostgresAccountStore.js';
