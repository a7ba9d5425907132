import { resolve } from 'node:path';
import type { LedgerClient } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger/sqlite';
import { cliError } from './internal/errors.js';

/** The ledger the CLI uses when `--ledger` is not given. */
export const DEFAULT_LEDGER_URI = 'sqlite:./.realdid/ledger.db';

/**
 * Opens a ledger from a URI:
 * - `sqlite:<path>` — the embedded SQLite ledger (created on first use);
 * - `memory:` — an in-memory ledger that lives as long as the process;
 * - `evm+http://host:port?contract=0x…` (or `evm+https://`) — a registry contract on an EVM chain,
 *   through `@realdid/ledger-evm`.
 *
 * @param uri - the ledger URI
 * @param cwd - the folder relative SQLite paths are resolved against
 * @returns an open ledger client; close it when done
 * @throws RealDidError `ERR_CLI_LEDGER_URI` for an unknown scheme or a malformed URI
 */
export async function openLedger(uri: string, cwd: string = process.cwd()): Promise<LedgerClient> {
  if (typeof uri !== 'string') throw new TypeError('uri must be a string');
  if (uri === 'memory:' || uri === 'memory') return new MemoryLedger();
  if (uri.startsWith('sqlite:')) {
    const path = uri.slice('sqlite:'.length);
    if (path.length === 0)
      throw cliError('ERR_CLI_LEDGER_URI', 'sqlite: needs a file path, as in sqlite:./ledger.db');
    return SqliteLedger.open(resolve(cwd, path));
  }
  if (uri.startsWith('evm+http://') || uri.startsWith('evm+https://')) {
    const evm = await import('@realdid/ledger-evm');
    return evm.openEvmLedgerFromUri(uri);
  }
  throw cliError(
    'ERR_CLI_LEDGER_URI',
    `unknown ledger URI scheme in "${redact(uri)}": expected sqlite:<path>, memory: or evm+http://…`,
  );
}

/** Drops credentials (user:password@, query tokens) from a URI before it is shown. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');
}
