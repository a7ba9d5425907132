export type { AccountStoreErrorCode } from './AccountStoreErrorCode.js';
export type { SqliteAccountStoreOptions } from './SqliteAccountStore.js';
export { SqliteAccountStore } from './SqliteAccountStore.js';
