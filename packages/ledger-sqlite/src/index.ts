export type { SqliteIntegrityReport, SqliteLedgerOptions } from './SqliteLedger.js';
export { SqliteLedger } from './SqliteLedger.js';
