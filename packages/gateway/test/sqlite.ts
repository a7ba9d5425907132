// The one place the gateway tests name the SQLite ledger's module: when SqliteLedger moves to
// its own package, only this import changes.
export { SqliteLedger } from '@realdid/ledger/sqlite';
