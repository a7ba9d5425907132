import { resolve } from 'node:path';
import type { LedgerClient } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
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
 * @param env - the environment; `REALDID_EVM_PRIVATE_KEY` (0x-hex) is the account that signs EVM
 *   transactions (without it an EVM ledger is read-only)
 * @returns an open ledger client; close it when done
 * @throws RealDidError `ERR_CLI_LEDGER_URI` for an unknown scheme or a malformed URI
 */
export async function openLedger(
  uri: string,
  cwd: string = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<LedgerClient> {
  if (typeof uri !== 'string') throw new TypeError('uri must be a string');
  if (uri === 'memory:' || uri === 'memory') return new MemoryLedger();
  if (uri.startsWith('sqlite:')) {
    const path = uri.slice('sqlite:'.length);
    if (path.length === 0)
      throw cliError('ERR_CLI_LEDGER_URI', 'sqlite: needs a file path, as in sqlite:./ledger.db');
    return SqliteLedger.open(resolve(cwd, path));
  }
  if (uri.startsWith('evm+http://') || uri.startsWith('evm+https://')) {
    const [{ EvmLedger }, { privateKeyToAccount }] = await Promise.all([
      import('@realdid/ledger-evm'),
      import('viem/accounts'),
    ]);
    const key = env.REALDID_EVM_PRIVATE_KEY;
    if (key !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(key)) {
      throw cliError('ERR_CLI_LEDGER_URI', 'REALDID_EVM_PRIVATE_KEY must be 0x followed by 64 hex digits');
    }
    try {
      return await EvmLedger.fromUri(
        uri,
        key === undefined ? {} : { account: privateKeyToAccount(key as `0x${string}`) },
      );
    } catch (err) {
      if (err instanceof TypeError) throw cliError('ERR_CLI_LEDGER_URI', err.message, err);
      throw err;
    }
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
