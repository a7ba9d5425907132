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
 * @param options - `allowList` for a restricted registry
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
  const where = 'evm';
  try {
    const client = walletClient.extend(publicActions);
    const hash = await walletClient.deployContract({
      abi: REGISTRY_ABI,
      bytecode: REGISTRY_BYTECODE,
      args: [list !== undefined, (list ?? []) as Address[]],
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
