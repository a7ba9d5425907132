import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  isAddress,
  publicActions,
  type Transport,
  type WalletClient,
} from 'viem';
import { ledgerError, mapError } from './internal/errors.js';
import { REGISTRY_ABI, REGISTRY_BYTECODE } from './internal/registryArtifact.js';

/** Options of {@link deployRegistry}. */
export interface DeployRegistryOptions {
  /**
   * Submitters allowed to append and anchor. When given (even empty), the registry is restricted
   * to this list (a consortium chain); the deployer becomes owner and manages it. Omit for an open
   * registry.
   */
  allowList?: readonly Address[];
  /**
   * Accounts trusted to keep their batch files available, which may anchor batches that name the
   * topics they touch (a withheld file of theirs holds up only those topics). Default: the
   * deployer. Nobody else may anchor a batch file: other accounts write with their data on chain
   * (`append`, `appendMany`). The owner changes the list later with `setAnchorSubmitter`.
   */
  anchorSubmitters?: readonly Address[];
  /**
   * Anchor submitters that may also anchor batches without a topic list (a withheld file of
   * theirs holds up every topic). Default: the deployer alone. Applied after `anchorSubmitters`.
   */
  bulkSubmitters?: readonly Address[];
  /** Largest payload of one entry (default 65,536). Part of the ledger's identity. */
  maxEntryBytes?: number;
  /** Most entries in one batch (default 10,000). Part of the ledger's identity. */
  maxBatchEntries?: number;
  /** Largest batch file in bytes (default 16 MiB). Part of the ledger's identity. */
  maxBatchFileBytes?: number;
  /** How long readers wait for a batch file per attempt, in ms (default 10,000). */
  fetchTimeoutMs?: number;
  /** Longest wait for the deployment to be mined, in ms (default 120,000). */
  timeoutMs?: number;
}

/** Where the registry was deployed. */
export interface DeployedRegistry {
  address: Address;
  txHash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
}

/**
 * Deploys a `RealDidRegistry` contract.
 *
 * @param walletClient - a viem wallet client with an account (the owner)
 * @param options - `allowList` for a restricted registry, `anchorSubmitters` and `bulkSubmitters`,
 *   and the ledger's limits
 * @returns the contract address, transaction, block and gas
 * @throws RealDidError `ERR_LEDGER_UNAVAILABLE`, `ERR_LEDGER_TX_REVERTED`
 * @example
 * ```ts
 * const { address } = await deployRegistry(walletClient, { allowList: [submitter.address] });
 * ```
 */
export async function deployRegistry(
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  options: DeployRegistryOptions = {},
): Promise<DeployedRegistry> {
  if (typeof walletClient?.deployContract !== 'function' || walletClient.account === undefined) {
    throw new TypeError('walletClient must be a viem WalletClient with an account');
  }
  const list = options.allowList;
  if (
    list !== undefined &&
    (!Array.isArray(list) || !list.every((a) => typeof a === 'string' && isAddress(a, { strict: false })))
  ) {
    throw new TypeError('allowList must be an array of addresses');
  }
  const addresses = (v: unknown, name: string): Address[] => {
    if (v === undefined) return [walletClient.account.address];
    if (!Array.isArray(v) || !v.every((a) => typeof a === 'string' && isAddress(a, { strict: false })))
      throw new TypeError(`${name} must be an array of addresses`);
    return v as Address[];
  };
  const anchorList = addresses(options.anchorSubmitters, 'anchorSubmitters');
  const bulkList = addresses(options.bulkSubmitters, 'bulkSubmitters');
  const limit = (v: unknown, name: string, def: number, min: number, max: number): number => {
    if (v === undefined) return def;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
      throw new RangeError(`${name} must be an integer in ${min}..${max}`);
    return v;
  };
  const U32 = 0xffff_ffff;
  const maxEntryBytes = limit(options.maxEntryBytes, 'maxEntryBytes', 65_536, 1, U32);
  const maxBatchEntries = limit(options.maxBatchEntries, 'maxBatchEntries', 10_000, 1, U32);
  const maxBatchFileBytes = limit(
    options.maxBatchFileBytes,
    'maxBatchFileBytes',
    16 * 1024 * 1024,
    16,
    2 ** 48,
  );
  const fetchTimeoutMs = limit(options.fetchTimeoutMs, 'fetchTimeoutMs', 10_000, 1, U32);
  const where = 'evm';
  try {
    const client = walletClient.extend(publicActions);
    const hash = await walletClient.deployContract({
      abi: REGISTRY_ABI,
      bytecode: REGISTRY_BYTECODE,
      args: [
        list !== undefined,
        (list ?? []) as Address[],
        anchorList,
        bulkList,
        maxEntryBytes,
        maxBatchEntries,
        BigInt(maxBatchFileBytes),
        fetchTimeoutMs,
      ],
      account: walletClient.account,
      chain: walletClient.chain ?? null,
    });
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: options.timeoutMs ?? 120_000 });
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw ledgerError('ERR_LEDGER_TX_REVERTED', `registry deployment ${hash} reverted`);
    }
    return {
      address: receipt.contractAddress,
      txHash: hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
    };
  } catch (err) {
    throw mapError(err, 'deploying the registry', where);
  }
}
