export type { AccountStoreErrorCode } from './AccountStoreErrorCode.js';
export type { SqliteAccountStoreOptions } from './SqliteAccountStore.js';
export { SqliteAccountStore } from './SqliteAccountStore.js';
export type { SqliteNonceStoreOptions } from './SqliteNonceStore.js';
export { SqliteNonceStore } from './SqliteNonceStore.js';
