export { checkLedgerOptions } from './checkLedgerOptions.js';
export { entryId } from './entryId.js';
export { entryIdFromDigest } from './entryIdFromDigest.js';
export type {
  AppendReceipt,
  LedgerAppend,
  LedgerClient,
  LedgerEntry,
  LedgerErrorCode,
  LedgerInfo,
  ReadOptions,
} from './LedgerClient.js';
export { DEFAULT_MAX_ENTRY_BYTES, TOPIC_PATTERN } from './LedgerClient.js';
export { isoTime, LedgerClock } from './LedgerClock.js';
export type { MemoryLedgerOptions } from './MemoryLedger.js';
export { MemoryLedger } from './MemoryLedger.js';
export { validateAppend, validateBatch, validateReadOptions, validateTopic } from './validation.js';
