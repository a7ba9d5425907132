export type { RedisCommand, RedisNonceStoreOptions } from './RedisNonceStore.js';
export { RedisNonceStore } from './RedisNonceStore.js';
