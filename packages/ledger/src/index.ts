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
