import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isRealDidError, RealDidError } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { cliError } from './internal/errors.js';
import { loadEvmLedger } from './internal/loadEvmLedger.js';

/** The ledger the CLI uses when `--ledger` is not given. */
export const DEFAULT_LEDGER_URI = 'sqlite:./.realdid/ledger.db';

/** Options of {@link openLedger}. */
export interface OpenLedgerOptions {
  /**
   * Whether a `sqlite:` ledger file that does not exist is created (default `false`: it is refused
   * with `ERR_LEDGER_NOT_FOUND`, so that a mistyped path is not answered by a new, empty ledger).
   * Folders are never created, except the `.realdid` folder of {@link DEFAULT_LEDGER_URI}.
   */
  create?: boolean;
}

/**
 * Opens a ledger from a URI:
 * - `sqlite:<path>` — the embedded SQLite ledger (`@realdid/ledger-sqlite`). The file must exist
 *   unless `options.create` is set; its folder must exist in any case (only the default ledger's
 *   own `./.realdid` folder is created, and only with `create`);
 * - `memory:` — an in-memory ledger that lives as long as the process;
 * - `evm+http://host:port?contract=0x…` (or `evm+https://`) — a registry contract on an EVM chain,
 *   through `@realdid/ledger-evm`, an optional peer dependency loaded only for these URIs.
 *
 * @param uri - the ledger URI
 * @param cwd - the folder relative SQLite paths are resolved against
 * @param env - the environment; `REALDID_EVM_PRIVATE_KEY` (0x-hex) is the account that signs EVM
 *   transactions (without it an EVM ledger is read-only)
 * @param options - see {@link OpenLedgerOptions}
 * @returns an open ledger client; close it when done
 * @throws RealDidError `ERR_CLI_LEDGER_URI` for an unknown scheme or a malformed URI;
 *   `ERR_LEDGER_NOT_FOUND` for a `sqlite:` file (without `create`) or folder that does not exist;
 *   `ERR_CLI_MISSING_PACKAGE` for an `evm+http(s)://` URI when `@realdid/ledger-evm` is not installed
 * @example
 * ```ts
 * import { openLedger } from '@realdid/cli';
 * const ledger = await openLedger('memory:');
 * (await ledger.info()).kind; // 'memory'
 * await ledger.close();
 * ```
 */
export async function openLedger(
  uri: string,
  cwd: string = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: OpenLedgerOptions = {},
): Promise<LedgerClient> {
  if (typeof uri !== 'string') throw new TypeError('uri must be a string');
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const create = options.create ?? false;
  if (typeof create !== 'boolean') throw new TypeError('options.create must be a boolean');
  if (uri === 'memory:' || uri === 'memory') return new MemoryLedger();
  if (uri.startsWith('sqlite:')) {
    const path = uri.slice('sqlite:'.length);
    if (path.length === 0)
      throw cliError('ERR_CLI_LEDGER_URI', 'sqlite: needs a file path, as in sqlite:./ledger.db');
    const abs = resolve(cwd, path);
    // The default ledger lives in a folder of its own that the CLI may make; any other folder is
    // the user's, and a missing one is more likely a typo than a wish.
    const ownFolder =
      uri === DEFAULT_LEDGER_URI &&
      basename(dirname(abs)) === '.realdid' &&
      existsSync(dirname(dirname(abs))); // only .realdid itself, never the working folder
    try {
      return await SqliteLedger.open(abs, { create, createFolders: create && ownFolder });
    } catch (err) {
      if (isRealDidError(err, 'ERR_LEDGER_NOT_FOUND')) {
        throw new RealDidError(
          'ERR_LEDGER_NOT_FOUND',
          create
            ? `${err.message}; create the folder first (the CLI makes no folders)`
            : `${err.message}; check the --ledger path, or pass --create (or run \`realdid ledger init\`) to start a new ledger there`,
          { cause: err },
        );
      }
      throw err;
    }
  }
  if (uri.startsWith('evm+http://') || uri.startsWith('evm+https://')) {
    const { EvmLedger, privateKeyToAccount } = await loadEvmLedger();
    const key = env.REALDID_EVM_PRIVATE_KEY;
    if (key !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(key)) {
      throw cliError('ERR_CLI_LEDGER_URI', 'REALDID_EVM_PRIVATE_KEY must be 0x followed by 64 hex digits');
    }
    try {
      return await EvmLedger.fromUri(uri, key === undefined ? {} : { account: privateKeyToAccount(key) });
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
