export type { CliErrorCode } from './internal/errors.js';
export type { CliIo } from './internal/io.js';
export type { OpenLedgerOptions } from './openLedger.js';
export { DEFAULT_LEDGER_URI, openLedger } from './openLedger.js';
export { CLI_VERSION, runCli } from './runCli.js';
