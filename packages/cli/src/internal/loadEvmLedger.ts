import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EvmLedger } from '@realdid/ledger-evm';
import { cliError } from './errors.js';

/** What the CLI needs of `@realdid/ledger-evm` (and of the viem it brings). */
export interface EvmModule {
  EvmLedger: typeof EvmLedger;
  /** viem's `privateKeyToAccount`, taken from the viem that `@realdid/ledger-evm` depends on. */
  privateKeyToAccount(
    key: string,
  ): NonNullable<NonNullable<Parameters<typeof EvmLedger.fromUri>[1]>['account']>;
}

/** How a module is loaded; a parameter so that the tests can make a package be missing. */
export type Importer = (specifier: string) => Promise<unknown>;

/** How a CommonJS request is resolved to a file path from another file (`require.resolve`). */
export type Resolver = (request: string, from: string) => string;

const nodeResolve: Resolver = (request, from) => createRequire(from).resolve(request);

const PACKAGE = '@realdid/ledger-evm';

/**
 * Loads `@realdid/ledger-evm` — an optional peer dependency of the CLI, so that installing the CLI
 * does not install viem — only when an `evm+http(s)://` ledger is asked for. viem is not a
 * dependency of the CLI either: the signing account comes from the viem that `@realdid/ledger-evm`
 * itself resolves, whatever the layout of node_modules.
 *
 * @param importer - loads a module specifier or file URL (default: `import()`)
 * @param resolve - resolves a request from a file (default: Node's `require.resolve`)
 * @returns the EVM ledger class and viem's `privateKeyToAccount`
 * @throws RealDidError `ERR_CLI_MISSING_PACKAGE` naming what to install when the package is absent
 */
export async function loadEvmLedger(
  importer: Importer = (s) => import(s),
  resolve: Resolver = nodeResolve,
): Promise<EvmModule> {
  let evm: { EvmLedger: typeof EvmLedger };
  let accountsUrl: string;
  try {
    evm = (await importer(PACKAGE)) as { EvmLedger: typeof EvmLedger };
    const evmPackageJson = resolve(`${PACKAGE}/package.json`, import.meta.url);
    accountsUrl = pathToFileURL(resolve('viem/accounts', evmPackageJson)).href;
  } catch (err) {
    if (isMissing(err, PACKAGE)) {
      throw cliError(
        'ERR_CLI_MISSING_PACKAGE',
        `evm+http(s):// ledgers need the optional package ${PACKAGE}, which is not installed: run \`npm install ${PACKAGE}\` next to @realdid/cli (for a global CLI: \`npm install -g ${PACKAGE}\`)`,
        err,
      );
    }
    throw err;
  }
  const accounts = (await importer(accountsUrl)) as { privateKeyToAccount: EvmModule['privateKeyToAccount'] };
  return { EvmLedger: evm.EvmLedger, privateKeyToAccount: accounts.privateKeyToAccount };
}

/** Whether `err` says that `name` itself (not something it imports) cannot be found. */
export function isMissing(err: unknown, name: string): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return new RegExp(`['"]${name.replace(/[/]/g, '\\/')}(?:/package\\.json)?['"]`).test(err.message);
}
