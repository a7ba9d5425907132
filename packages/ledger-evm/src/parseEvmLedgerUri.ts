import { type Address, isAddress } from 'viem';

/** A parsed EVM ledger URI. */
export interface EvmLedgerUri {
  /** The node's JSON-RPC URL (`http://…` or `https://…`), credentials included if the URI had them. */
  rpcUrl: string;
  /** The registry contract. */
  contract: Address;
  /** `confirmations=` when present. */
  confirmations?: number;
  /** `fromBlock=` when present. */
  fromBlock?: bigint;
  /** `maxBlockRange=` when present. */
  maxBlockRange?: number;
  /** `chainId=` when present: the chain the node must be on. */
  chainId?: number;
  /** `codeHash=` when present: keccak-256 of the registry's runtime code. */
  codeHash?: `0x${string}`;
}

const OWN = new Set(['contract', 'confirmations', 'fromBlock', 'maxBlockRange', 'chainId', 'codeHash']);

/**
 * Parses a ledger URI of the form `evm+http://host:port/path?contract=0x…[&chainId=N]
 * [&codeHash=0x…][&confirmations=N][&fromBlock=N][&maxBlockRange=N]` (or `evm+https://…`). The
 * ledger's own parameters are parsed and taken off the RPC URL (each may appear once); other query
 * parameters (an API key, for instance) stay on the RPC URL.
 *
 * @param uri - the ledger URI
 * @returns the RPC URL, the contract address and options
 * @throws TypeError for anything that is not such a URI (the message never repeats credentials)
 * @example
 * ```ts
 * parseEvmLedgerUri('evm+http://127.0.0.1:8545?contract=0x5FbDB2315678afecb367f032d93F642f64180aa3');
 * // { rpcUrl: 'http://127.0.0.1:8545/', contract: '0x5FbD…' }
 * ```
 */
export function parseEvmLedgerUri(uri: string): EvmLedgerUri {
  if (typeof uri !== 'string') throw new TypeError('the ledger URI must be a string');
  const m = /^evm\+(https?):\/\//i.exec(uri);
  if (!m) throw new TypeError('expected a ledger URI starting with evm+http:// or evm+https://');
  let url: URL;
  try {
    url = new URL(uri.slice(4));
  } catch {
    throw new TypeError('the ledger URI is not a valid URL');
  }
  for (const k of OWN) {
    if (url.searchParams.getAll(k).length > 1)
      throw new TypeError(`the ledger URI gives ${k} more than once`);
  }
  const contract = url.searchParams.get('contract');
  if (contract === null || !isAddress(contract, { strict: false })) {
    throw new TypeError('the ledger URI needs contract=0x<40 hex digits>');
  }
  const int = (name: string): number | undefined => {
    const v = url.searchParams.get(name);
    if (v === null) return undefined;
    if (!/^\d{1,15}$/.test(v)) throw new TypeError(`the ledger URI's ${name} must be a non-negative integer`);
    return Number(v);
  };
  const confirmations = int('confirmations');
  const fromBlock = int('fromBlock');
  const maxBlockRange = int('maxBlockRange');
  if (maxBlockRange === 0) throw new TypeError("the ledger URI's maxBlockRange must be >= 1");
  const chainId = int('chainId');
  if (chainId === 0) throw new TypeError("the ledger URI's chainId must be >= 1");
  const codeHash = url.searchParams.get('codeHash');
  if (codeHash !== null && !/^0x[0-9a-fA-F]{64}$/.test(codeHash))
    throw new TypeError("the ledger URI's codeHash must be 0x followed by 64 hex digits");
  for (const k of [...url.searchParams.keys()]) if (OWN.has(k)) url.searchParams.delete(k);
  const out: EvmLedgerUri = { rpcUrl: url.toString(), contract: contract as Address };
  if (confirmations !== undefined) out.confirmations = confirmations;
  if (fromBlock !== undefined) out.fromBlock = BigInt(fromBlock);
  if (maxBlockRange !== undefined) out.maxBlockRange = maxBlockRange;
  if (chainId !== undefined) out.chainId = chainId;
  if (codeHash !== null) out.codeHash = codeHash.toLowerCase() as `0x${string}`;
  return out;
}
