// The one place the gateway tests name the SQLite ledger's module.
export { SqliteLedger } from '@realdid/ledger-sqlite';
