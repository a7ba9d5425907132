import { constantTimeEqual } from '@realdid/crypto';
import type {
  AppendReceipt,
  LedgerAppend,
  LedgerClient,
  LedgerEntry,
  LedgerInfo,
  ReadOptions,
} from '@realdid/ledger';
import {
  DEFAULT_MAX_ENTRY_BYTES,
  validateAppend,
  validateBatch,
  validateReadOptions,
  validateTopic,
} from '@realdid/ledger';
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  defineChain,
  getAbiItem,
  type Hex,
  http,
  isAddress,
  keccak256,
  type Log,
  type PublicClient,
  stringToBytes,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { BatchWriter, type BatchWriterOptions } from './BatchWriter.js';
import { decodeBatchFile } from './batchFile.js';
import type { CasStore } from './CasStore.js';
import { verifyCasId } from './casId.js';
import { contentId, fromHex, idFromDigest, sha256Bytes, toHex } from './internal/contentId.js';
import { ledgerError, mapError, withRetry } from './internal/errors.js';
import { redactUrl } from './internal/redact.js';
import { REGISTRY_ABI } from './internal/registryArtifact.js';
import { MerkleTree, merkleLeaf, verifyMerkleProof } from './merkle.js';
import { parseEvmLedgerUri } from './parseEvmLedgerUri.js';

const ENTRY_EVENT = getAbiItem({ abi: REGISTRY_ABI, name: 'Entry' });
const BATCH_EVENT = getAbiItem({ abi: REGISTRY_ABI, name: 'Batch' });

/** What one transaction of the ledger cost. */
export interface GasReport {
  /** Which contract function. */
  operation: 'append' | 'appendMany' | 'anchorBatch';
  txHash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  /** Entries the transaction carried (directly or under a Merkle root). */
  entries: number;
  /** Payload bytes the transaction carried (for `anchorBatch`: those of the batch file). */
  bytes: number;
}

/** Where an entry written directly (one `Entry` event) is anchored. */
export type EvmLogAnchor = {
  type: 'evm-log';
  chainId: number;
  contract: Address;
  txHash: Hex;
  blockNumber: number;
  logIndex: number;
  /** The position the contract gave the entry in its topic (among direct entries). */
  contractPosition: number;
};

/** Where a batched entry is anchored: a Merkle root in a `Batch` event, with the inclusion proof. */
export type MerkleBatchAnchor = {
  type: 'merkle-batch';
  chainId: number;
  contract: Address;
  txHash: Hex;
  blockNumber: number;
  logIndex: number;
  batchNumber: number;
  /** The Merkle root (0x hex) anchored on chain. */
  root: Hex;
  /** Leaves in the batch. */
  count: number;
  /** This entry's leaf index in the batch. */
  index: number;
  /** Sibling hashes (0x hex) from the leaf up. */
  proof: Hex[];
  /** The batch file's content id in the CAS. */
  uri: string;
};

/** Options of {@link EvmLedger}. */
export interface EvmLedgerOptions {
  /** Reads the chain. */
  publicClient: PublicClient<Transport, Chain | undefined>;
  /** Signs and sends transactions (with an account); without it the ledger is read-only. */
  walletClient?: WalletClient<Transport, Chain | undefined, Account>;
  /** The RealDidRegistry contract. */
  address: Address;
  /**
   * Confirmation depth: an entry counts only once `confirmations` blocks have been built on top of
   * its block (reads ignore newer blocks; appends wait that long). Default 0 (dev chains).
   */
  confirmations?: number;
  /** Largest block range of one `eth_getLogs` request (default 5,000). */
  maxBlockRange?: number;
  /** Retries of a failed RPC call (node down, timeout), with doubling delay. Default 3. */
  retries?: number;
  /** First retry delay in ms (default 200). */
  retryDelayMs?: number;
  /** Longest wait for a transaction to be mined and confirmed, in ms (default 120,000). */
  timeoutMs?: number;
  /** How often to poll for receipts and new blocks, in ms (default 250). */
  pollingIntervalMs?: number;
  /** Largest accepted payload (default 65,536). */
  maxEntryBytes?: number;
  /** Block to start scanning at (default: the contract's `deployedAt`). */
  fromBlock?: bigint;
  /**
   * A content-addressed store for batch files. With it, reads merge `Batch` anchors and direct
   * entries (see the package README on ordering); without it, only direct entries are read.
   */
  cas?: CasStore;
  /** `direct` (default): each append is a transaction. `batched`: appends go through a {@link BatchWriter} (needs `cas`). */
  mode?: 'direct' | 'batched';
  /** Options of the internal {@link BatchWriter} in `batched` mode. */
  batch?: BatchWriterOptions;
  /** Largest batch (in entries) a reader accepts from the chain (default 100,000). */
  maxBatchEntries?: number;
  /** Called after every mined transaction with its gas. */
  onGas?: (report: GasReport) => void;
  /** The node URL, for `info()` and error messages (credentials are removed). */
  url?: string;
}

/** Options of {@link EvmLedger.connect}. */
export interface EvmLedgerConnectOptions extends Omit<EvmLedgerOptions, 'publicClient' | 'walletClient'> {
  /** The node's JSON-RPC URL (`http://…` or `https://…`). */
  url: string;
  /** The account that signs (a viem local account, e.g. `privateKeyToAccount(key)`); omit for read-only. */
  account?: Account;
  /** Per-request HTTP timeout in ms (default 10,000). */
  requestTimeoutMs?: number;
}

interface IndexedTopic {
  entries: LedgerEntry[];
  ids: Map<string, number>;
}

interface Pending {
  txHash: Hex;
}

/**
 * The RealDID ledger on an EVM chain, through a `RealDidRegistry` contract and viem.
 *
 * - **Direct** entries: one `Entry` event each, positions from the contract's per-topic counter.
 * - **Batched** entries (with a {@link CasStore}): many entries under one Merkle root
 *   (`anchorBatch`), the batch file in the store, each entry read back with its inclusion proof.
 * - Ledger time is the block timestamp. Entries count only after `confirmations` blocks.
 * - Failures are coded: `ERR_LEDGER_UNAVAILABLE` (node unreachable, after retries),
 *   `ERR_LEDGER_TIMEOUT`, `ERR_LEDGER_TX_REVERTED` (with the revert reason), `ERR_LEDGER_CORRUPT`
 *   (the node returned something inconsistent). Node URLs in messages have no credentials.
 *
 * @example
 * ```ts
 * import { privateKeyToAccount } from 'viem/accounts';
 * const account = privateKeyToAccount(key);
 * const ledger = await EvmLedger.connect({ url: 'http://127.0.0.1:8545', address, account });
 * const r = await ledger.append('did:realdid:zabc', payload);
 * const entries = await ledger.read('did:realdid:zabc');
 * ```
 */
export class EvmLedger implements LedgerClient {
  /** Always `evm`. */
  readonly kind = 'evm';
  /** The registry contract. */
  readonly address: Address;
  /** The confirmation depth in force. */
  readonly confirmations: number;
  /** The content store for batch files, if any. */
  readonly cas: CasStore | undefined;
  /** `direct` or `batched`. */
  readonly mode: 'direct' | 'batched';

  readonly #pub: PublicClient<Transport, Chain | undefined>;
  readonly #wallet: WalletClient<Transport, Chain | undefined, Account> | undefined;
  readonly #maxBlockRange: bigint;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #timeoutMs: number;
  readonly #pollingMs: number;
  readonly #maxEntryBytes: number;
  readonly #maxBatchEntries: number;
  readonly #onGas: ((r: GasReport) => void) | undefined;
  readonly #where: string;
  readonly #batcher: BatchWriter | undefined;
  #fromBlock: bigint | undefined;
  #deployBlock: bigint | undefined;
  #chainId: number | undefined;
  #closed = false;
  #sendChain: Promise<unknown> = Promise.resolve();
  readonly #timeCache = new Map<Hex, string>();
  readonly #gas = { transactions: 0, gasUsed: 0n, entries: 0 };
  // merged index (only with a CAS)
  #index = new Map<string, IndexedTopic>();
  #indexEntries = 0;
  #indexBatches = 0;
  #rejectedBatches: { root: Hex; uri: string; reason: string }[] = [];
  #syncedBlock = -1n;
  #syncedHash: Hex | undefined;
  #syncing: Promise<void> = Promise.resolve();

  /**
   * @param options - clients, contract address and behaviour (see {@link EvmLedgerOptions})
   * @throws TypeError / RangeError for malformed options
   */
  constructor(options: EvmLedgerOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    if (typeof options.publicClient?.request !== 'function')
      throw new TypeError('options.publicClient must be a viem PublicClient');
    if (options.walletClient !== undefined && options.walletClient.account === undefined) {
      throw new TypeError('options.walletClient must have an account');
    }
    if (typeof options.address !== 'string' || !isAddress(options.address, { strict: false })) {
      throw new TypeError('options.address must be a 0x address');
    }
    const nonNeg = (v: unknown, name: string, def: number): number => {
      if (v === undefined) return def;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
        throw new RangeError(`${name} must be an integer >= 0`);
      return v;
    };
    this.#pub = options.publicClient;
    this.#wallet = options.walletClient;
    this.address = options.address;
    this.confirmations = nonNeg(options.confirmations, 'confirmations', 0);
    this.#maxBlockRange = BigInt(Math.max(1, nonNeg(options.maxBlockRange, 'maxBlockRange', 5000)));
    this.#retries = nonNeg(options.retries, 'retries', 3);
    this.#retryDelayMs = nonNeg(options.retryDelayMs, 'retryDelayMs', 200);
    this.#timeoutMs = nonNeg(options.timeoutMs, 'timeoutMs', 120_000);
    this.#pollingMs = Math.max(1, nonNeg(options.pollingIntervalMs, 'pollingIntervalMs', 250));
    this.#maxEntryBytes = nonNeg(options.maxEntryBytes, 'maxEntryBytes', DEFAULT_MAX_ENTRY_BYTES);
    this.#maxBatchEntries = nonNeg(options.maxBatchEntries, 'maxBatchEntries', 100_000);
    this.#onGas = options.onGas;
    this.#fromBlock = options.fromBlock;
    this.cas = options.cas;
    this.mode = options.mode ?? 'direct';
    if (this.mode !== 'direct' && this.mode !== 'batched')
      throw new TypeError("mode must be 'direct' or 'batched'");
    if (this.mode === 'batched' && this.cas === undefined)
      throw new TypeError("mode 'batched' needs options.cas");
    this.#where = options.url === undefined ? 'evm' : redactUrl(options.url);
    this.#batcher = this.mode === 'batched' ? new BatchWriter(this, options.batch) : undefined;
  }

  /**
   * Connects to a node over HTTP.
   *
   * @param options - `url`, `address`, optional `account` and the {@link EvmLedgerOptions}
   * @returns a ledger (the chain id is read once from the node)
   * @throws RealDidError `ERR_LEDGER_UNAVAILABLE` when the node cannot be reached
   */
  static async connect(options: EvmLedgerConnectOptions): Promise<EvmLedger> {
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    if (typeof options.url !== 'string' || !/^https?:\/\//.test(options.url)) {
      throw new TypeError('options.url must be an http(s) URL');
    }
    const { url, account, requestTimeoutMs, ...rest } = options;
    const transport = http(url, { retryCount: 0, timeout: requestTimeoutMs ?? 10_000 });
    const where = redactUrl(url);
    const probe = createPublicClient({ transport });
    const chainId = await withRetry(() => probe.getChainId(), {
      retries: rest.retries ?? 3,
      delayMs: rest.retryDelayMs ?? 200,
      what: 'eth_chainId',
      where,
      isClosed: () => false,
    });
    const chain = defineChain({
      id: chainId,
      name: `evm-${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [url] } },
    });
    const polling = rest.pollingIntervalMs ?? 250;
    const publicClient = createPublicClient({ chain, transport, pollingInterval: polling, cacheTime: 0 });
    const walletClient =
      account === undefined
        ? undefined
        : createWalletClient({ chain, transport, account, pollingInterval: polling, cacheTime: 0 });
    const ledger = new EvmLedger({
      ...rest,
      publicClient,
      ...(walletClient === undefined ? {} : { walletClient }),
      url,
    });
    ledger.#chainId = chainId;
    return ledger;
  }

  /**
   * Opens a ledger from a URI such as `evm+http://127.0.0.1:8545?contract=0x…&confirmations=2`
   * (see {@link parseEvmLedgerUri}).
   *
   * @param uri - the ledger URI
   * @param options - the signing `account` and any further {@link EvmLedgerOptions}
   * @returns the connected ledger
   */
  static async fromUri(
    uri: string,
    options: Omit<EvmLedgerConnectOptions, 'url' | 'address'> & { address?: Address } = {},
  ): Promise<EvmLedger> {
    const parsed = parseEvmLedgerUri(uri);
    const { address, ...rest } = options;
    return EvmLedger.connect({
      ...(parsed.confirmations === undefined ? {} : { confirmations: parsed.confirmations }),
      ...(parsed.fromBlock === undefined ? {} : { fromBlock: parsed.fromBlock }),
      ...(parsed.maxBlockRange === undefined ? {} : { maxBlockRange: parsed.maxBlockRange }),
      ...rest,
      url: parsed.rpcUrl,
      address: address ?? parsed.contract,
    });
  }

  // ---------------------------------------------------------------- LedgerClient

  /** @inheritDoc */
  async append(topic: string, payload: Uint8Array): Promise<AppendReceipt> {
    this.#open();
    validateAppend(topic, payload, this.#maxEntryBytes);
    const copy = payload.slice();
    if (this.#batcher) return this.#batcher.add(topic, copy);
    const [r] = await this.#appendDirect([{ topic, payload: copy }]);
    return r as AppendReceipt;
  }

  /** @inheritDoc */
  async appendBatch(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    this.#open();
    const checked = validateBatch(entries, this.#maxEntryBytes);
    if (checked.length === 0) return [];
    const copy = checked.map((e) => ({ topic: e.topic, payload: e.payload.slice() }));
    if (this.#batcher) return this.#batcher.addMany(copy);
    return this.#appendDirect(copy);
  }

  /** @inheritDoc */
  async read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]> {
    this.#open();
    validateTopic(topic);
    const o = validateReadOptions(options);
    const from = o.from;
    const limit = Math.min(o.limit, Number.MAX_SAFE_INTEGER - from);
    if (limit === 0) return [];
    if (this.cas) {
      await this.sync();
      const t = this.#index.get(topic);
      return t ? t.entries.slice(from, from + limit).map(cloneEntry) : [];
    }
    return this.#readDirect(topic, from, limit);
  }

  /** @inheritDoc */
  async size(topic: string): Promise<number> {
    this.#open();
    validateTopic(topic);
    if (this.cas) {
      await this.sync();
      return this.#index.get(topic)?.entries.length ?? 0;
    }
    const safe = await this.#safeHead();
    if (safe < 0n) return 0;
    const [count] = await this.#topicState(topic, safe);
    return Number(count);
  }

  /** @inheritDoc */
  async info(): Promise<LedgerInfo> {
    this.#open();
    const chainId = await this.#getChainId();
    const safe = await this.#safeHead();
    let topics = 0;
    let entries = 0;
    let batches = 0;
    if (this.cas) {
      await this.sync();
      topics = this.#index.size;
      entries = this.#indexEntries;
      batches = this.#indexBatches;
    } else if (safe >= 0n) {
      const totals = await this.#call('totals', () =>
        this.#pub.readContract({
          address: this.address,
          abi: REGISTRY_ABI,
          functionName: 'totals',
          blockNumber: safe,
        }),
      );
      entries = Number(totals[0]);
      topics = Number(totals[1]);
      batches = Number(totals[2]);
    }
    return {
      kind: this.kind,
      location: `evm:${chainId}:${this.address}${this.#where === 'evm' ? '' : ` via ${this.#where}`}`,
      maxEntryBytes: this.#maxEntryBytes,
      topics,
      entries,
      chainId,
      contract: this.address,
      mode: this.mode,
      confirmations: this.confirmations,
      safeBlock: safe.toString(),
      batches,
      rejectedBatches: this.#rejectedBatches.map((b) => ({ ...b })),
      gas: {
        transactions: this.#gas.transactions,
        gasUsed: this.#gas.gasUsed.toString(),
        entries: this.#gas.entries,
      },
    };
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#batcher) await this.#batcher.close().catch(() => undefined);
    this.#closed = true;
  }

  // ---------------------------------------------------------------- batches

  /**
   * Anchors a Merkle root on chain (`anchorBatch`), waits for the confirmation depth, and returns
   * where it landed. Anchoring a root that is already on chain adds nothing (`duplicate: true`).
   * Used by {@link BatchWriter}; call it yourself only with a batch file already in the CAS.
   *
   * @param root - the 32-byte Merkle root
   * @param count - the number of leaves
   * @param uri - the batch file's content id
   * @param bytes - the batch file size, for gas reports
   * @returns the transaction hash and block, the batch number, whether it was already there
   * @throws RealDidError `ERR_LEDGER_TX_REVERTED`, `ERR_LEDGER_UNAVAILABLE`, `ERR_LEDGER_TIMEOUT`
   */
  async anchorBatch(
    root: Uint8Array,
    count: number,
    uri: string,
    bytes = 0,
  ): Promise<{ txHash: Hex; blockNumber: bigint; batchNumber: number; duplicate: boolean; gasUsed: bigint }> {
    this.#open();
    if (!(root instanceof Uint8Array) || root.length !== 32) throw new TypeError('root must be 32 bytes');
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be an integer >= 1');
    if (typeof uri !== 'string' || uri.length === 0) throw new TypeError('uri must be a non-empty string');
    const { receipt, logs } = await this.#transact(
      'anchorBatch',
      [toHex(root), BigInt(count), uri],
      count,
      bytes,
    );
    const log = logs.find((l) => l.eventName === 'Batch');
    if (log) {
      return {
        txHash: receipt.transactionHash,
        blockNumber: receipt.blockNumber,
        batchNumber: Number(log.args.batchNumber),
        duplicate: false,
        gasUsed: receipt.gasUsed,
      };
    }
    const [exists, batchNumber] = await this.#call('batchOf', () =>
      this.#pub.readContract({
        address: this.address,
        abi: REGISTRY_ABI,
        functionName: 'batchOf',
        args: [toHex(root)],
        blockNumber: receipt.blockNumber,
      }),
    );
    if (!exists) throw ledgerError('ERR_LEDGER_CORRUPT', 'anchorBatch mined without a Batch event or record');
    return {
      txHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      batchNumber: Number(batchNumber),
      duplicate: true,
      gasUsed: receipt.gasUsed,
    };
  }

  /**
   * Finds an entry in the confirmed, merged view (needs a CAS) after syncing it.
   *
   * @param topic - the topic
   * @param id - the entry's content id
   * @param options - `sync: false` to look only at the view as last synced
   * @returns the entry, or undefined when the confirmed view does not hold it
   */
  async locate(
    topic: string,
    id: string,
    options: { sync?: boolean } = {},
  ): Promise<LedgerEntry | undefined> {
    this.#open();
    if (!this.cas) throw new TypeError('locate needs a ledger with a CAS');
    if (options.sync !== false) await this.sync();
    const t = this.#index.get(topic);
    const p = t?.ids.get(id);
    return p === undefined ? undefined : cloneEntry(t?.entries[p] as LedgerEntry);
  }

  /**
   * Where an entry stands in the confirmed, merged view (needs a CAS): like {@link EvmLedger.locate}
   * without copying the payload.
   *
   * @param topic - the topic
   * @param id - the entry's content id
   * @param options - `sync: false` to look only at the view as last synced
   * @returns position, ledger time and anchoring transaction, or undefined
   */
  async positionOf(
    topic: string,
    id: string,
    options: { sync?: boolean } = {},
  ): Promise<{ position: number; time: string; txHash: string | undefined } | undefined> {
    this.#open();
    if (!this.cas) throw new TypeError('positionOf needs a ledger with a CAS');
    if (options.sync !== false) await this.sync();
    const t = this.#index.get(topic);
    const p = t?.ids.get(id);
    if (p === undefined) return undefined;
    const e = t?.entries[p] as LedgerEntry;
    return { position: p, time: e.time, txHash: (e.anchor as { txHash?: string } | undefined)?.txHash };
  }

  /**
   * Checks an entry read from this ledger against the chain: for a batched entry, its inclusion
   * proof against the root and that the root is anchored in the stated block; for a direct entry,
   * that the contract records its content hash in that topic, in the stated block.
   *
   * @param entry - an entry with an `anchor`
   * @throws RealDidError `ERR_LEDGER_PROOF_INVALID` when the anchor does not hold
   */
  async verifyEntry(entry: LedgerEntry): Promise<void> {
    this.#open();
    if (typeof entry !== 'object' || entry === null) throw new TypeError('entry must be an object');
    validateTopic(entry.topic);
    if (!(entry.payload instanceof Uint8Array)) throw new TypeError('entry.payload must be a Uint8Array');
    const a = entry.anchor as Record<string, unknown> | undefined;
    const bad = (why: string) => ledgerError('ERR_LEDGER_PROOF_INVALID', `entry ${entry.id}: ${why}`);
    const digest = sha256Bytes(entry.payload);
    if (idFromDigest(digest) !== entry.id) throw bad('id does not match the payload');
    if (a === undefined || typeof a !== 'object') throw bad('no anchor');
    const safe = await this.#safeHead();
    if (safe < 0n) throw bad('its block is not yet confirmed');
    if (a.type === 'merkle-batch') {
      const proof = Array.isArray(a.proof) ? a.proof : [];
      let ok = false;
      try {
        ok =
          typeof a.root === 'string' &&
          verifyMerkleProof(
            merkleLeaf(entry.topic, digest),
            Number(a.index),
            Number(a.count),
            proof.map((p) => fromHex(String(p))),
            fromHex(a.root),
          ) &&
          fromHex(a.root).length === 32;
      } catch {
        ok = false;
      }
      if (!ok) throw bad('the inclusion proof does not lead to the root');
      const [exists, , block] = await this.#call('batchOf', () =>
        this.#pub.readContract({
          address: this.address,
          abi: REGISTRY_ABI,
          functionName: 'batchOf',
          args: [a.root as Hex],
          blockNumber: safe,
        }),
      );
      if (!exists) throw bad('the root is not anchored (or not yet confirmed)');
      if (BigInt(block) !== BigInt(a.blockNumber as number))
        throw bad('the root was anchored in another block');
      // The leaf count and the transaction are those of the Batch event itself.
      const logs = await this.#call('eth_getLogs', () =>
        this.#pub.getLogs({
          address: this.address,
          event: BATCH_EVENT,
          args: { root: a.root as Hex },
          fromBlock: BigInt(block),
          toBlock: BigInt(block),
          strict: true,
        }),
      );
      const ev = logs[0];
      if (ev === undefined || BigInt(ev.args.count) !== BigInt(Number(a.count))) {
        throw bad('the leaf count is not the anchored one');
      }
      if (typeof a.txHash === 'string' && a.txHash.toLowerCase() !== ev.transactionHash.toLowerCase()) {
        throw bad('the root was anchored by another transaction');
      }
      return;
    }
    if (a.type === 'evm-log') {
      const [exists, , block] = await this.#call('entryOf', () =>
        this.#pub.readContract({
          address: this.address,
          abi: REGISTRY_ABI,
          functionName: 'entryOf',
          args: [keccak256(stringToBytes(entry.topic)), toHex(digest)],
          blockNumber: safe,
        }),
      );
      if (!exists) throw bad('the contract does not hold this entry (or not yet confirmed)');
      if (BigInt(block) !== BigInt(a.blockNumber as number))
        throw bad('the entry was recorded in another block');
      return;
    }
    throw bad('unknown anchor type');
  }

  /**
   * Brings the merged view (direct entries and verified batches, needs a CAS) up to the confirmed
   * head. Called by `read`/`size`; call it to warm up. A reorg below the last synced block resets
   * the view and rebuilds it.
   *
   * @throws RealDidError `ERR_LEDGER_UNAVAILABLE` (node or batch file unavailable)
   */
  async sync(): Promise<void> {
    this.#open();
    if (!this.cas) return;
    // Each call gets a sync that starts after it was made (so it sees blocks mined before the call).
    const run = this.#syncing.then(() => this.#doSync());
    this.#syncing = run.catch(() => undefined);
    return run;
  }

  // ---------------------------------------------------------------- internals

  #open(): void {
    if (this.#closed) throw ledgerError('ERR_LEDGER_CLOSED', 'the ledger is closed');
  }

  #call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, {
      retries: this.#retries,
      delayMs: this.#retryDelayMs,
      what,
      where: this.#where,
      isClosed: () => this.#closed,
    });
  }

  async #getChainId(): Promise<number> {
    if (this.#chainId === undefined) {
      this.#chainId = this.#pub.chain?.id ?? (await this.#call('eth_chainId', () => this.#pub.getChainId()));
    }
    return this.#chainId;
  }

  async #safeHead(): Promise<bigint> {
    const head = await this.#call('eth_blockNumber', () => this.#pub.getBlockNumber({ cacheTime: 0 }));
    const safe = head - BigInt(this.confirmations);
    // Before the contract existed there is nothing to read (and no state to query).
    return safe < (await this.#deployedAt()) ? -1n : safe;
  }

  async #deployedAt(): Promise<bigint> {
    if (this.#deployBlock === undefined) {
      const at = await this.#call('deployedAt', () =>
        this.#pub.readContract({ address: this.address, abi: REGISTRY_ABI, functionName: 'deployedAt' }),
      );
      this.#deployBlock = BigInt(at);
    }
    return this.#deployBlock;
  }

  async #startBlock(): Promise<bigint> {
    if (this.#fromBlock === undefined) this.#fromBlock = await this.#deployedAt();
    return this.#fromBlock;
  }

  async #topicState(topic: string, block: bigint): Promise<readonly [bigint, bigint, bigint]> {
    const r = await this.#call('topics', () =>
      this.#pub.readContract({
        address: this.address,
        abi: REGISTRY_ABI,
        functionName: 'topics',
        args: [keccak256(stringToBytes(topic))],
        blockNumber: block,
      }),
    );
    return [BigInt(r[0]), BigInt(r[1]), BigInt(r[2])];
  }

  async #blockTime(blockHash: Hex, blockNumber: bigint): Promise<string> {
    const hit = this.#timeCache.get(blockHash);
    if (hit) return hit;
    const block = await this.#call('eth_getBlockByHash', () => this.#pub.getBlock({ blockHash }));
    if (block.number !== blockNumber)
      throw ledgerError('ERR_LEDGER_CORRUPT', 'block hash and number disagree');
    const iso = new Date(Number(block.timestamp) * 1000).toISOString();
    if (this.#timeCache.size > 10_000) this.#timeCache.clear();
    this.#timeCache.set(blockHash, iso);
    return iso;
  }

  async #readDirect(topic: string, from: number, limit: number): Promise<LedgerEntry[]> {
    const safe = await this.#safeHead();
    if (safe < 0n) return [];
    const [count, first, last] = await this.#topicState(topic, safe);
    const n = Number(count);
    if (from >= n) return [];
    const end = Math.min(n, from + limit);
    const topicHash = keccak256(stringToBytes(topic));
    const chainId = await this.#getChainId();
    const out: LedgerEntry[] = [];
    for (const [lo, hi] of blockRanges(first, last, this.#maxBlockRange)) {
      if (out.length >= end - from) break;
      const logs = await this.#call('eth_getLogs', () =>
        this.#pub.getLogs({
          address: this.address,
          event: ENTRY_EVENT,
          args: { topicHash },
          fromBlock: lo,
          toBlock: hi,
          strict: true,
        }),
      );
      for (const log of sortLogs(logs)) {
        const pos = Number(log.args.position);
        if (pos < from || pos >= end) continue;
        if (pos !== from + out.length) {
          throw ledgerError(
            'ERR_LEDGER_CORRUPT',
            `expected position ${from + out.length} in topic, found ${pos}`,
          );
        }
        out.push(await this.#entryFromLog(log, chainId, pos));
      }
    }
    if (out.length !== end - from) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `expected ${end - from} entries from the node, found ${out.length}`,
      );
    }
    return out;
  }

  async #entryFromLog(log: EntryLog, chainId: number, position: number): Promise<LedgerEntry> {
    const payload = fromHex(log.args.payload);
    const digest = sha256Bytes(payload);
    if (toHex(digest) !== log.args.contentHash.toLowerCase()) {
      throw ledgerError('ERR_LEDGER_CORRUPT', 'an Entry event whose content hash does not match its payload');
    }
    if (keccak256(stringToBytes(log.args.topic)) !== log.args.topicHash) {
      throw ledgerError('ERR_LEDGER_CORRUPT', 'an Entry event whose topic does not match its topic hash');
    }
    const anchor: EvmLogAnchor = {
      type: 'evm-log',
      chainId,
      contract: this.address,
      txHash: log.transactionHash,
      blockNumber: Number(log.blockNumber),
      logIndex: log.logIndex,
      contractPosition: Number(log.args.position),
    };
    return {
      topic: log.args.topic,
      position,
      id: idFromDigest(digest),
      time: await this.#blockTime(log.blockHash, log.blockNumber),
      payload,
      anchor,
    };
  }

  /** Sends one contract transaction (sends are serialised per ledger so nonces stay in order). */
  async #transact(
    fn: 'append' | 'appendMany' | 'anchorBatch',
    args: readonly unknown[],
    entries: number,
    bytes: number,
  ): Promise<{ receipt: TransactionReceipt; logs: DecodedLog[] }> {
    const wallet = this.#wallet;
    if (!wallet) throw new TypeError('this ledger is read-only: give it a walletClient or an account');
    const send = this.#sendChain.then(() =>
      this.#call(fn, () =>
        wallet.writeContract({
          address: this.address,
          abi: REGISTRY_ABI,
          functionName: fn,
          args: args as never,
          chain: wallet.chain ?? null,
          account: wallet.account,
        } as never),
      ),
    ) as Promise<Hex>;
    this.#sendChain = send.catch(() => undefined);
    const txHash = await send;
    const pending: Pending = { txHash };
    let receipt: TransactionReceipt;
    try {
      receipt = await this.#pub.waitForTransactionReceipt({
        hash: pending.txHash,
        confirmations: this.confirmations + 1,
        pollingInterval: this.#pollingMs,
        timeout: this.#timeoutMs,
        retryCount: this.#retries,
      });
    } catch (err) {
      throw mapError(err, `waiting for ${fn} transaction ${txHash}`, this.#where);
    }
    if (receipt.status !== 'success') {
      throw ledgerError(
        'ERR_LEDGER_TX_REVERTED',
        `${fn} transaction ${txHash} reverted in block ${receipt.blockNumber}`,
      );
    }
    this.#gas.transactions++;
    this.#gas.gasUsed += receipt.gasUsed;
    this.#gas.entries += entries;
    this.#onGas?.({
      operation: fn,
      txHash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      effectiveGasPrice: receipt.effectiveGasPrice,
      entries,
      bytes,
    });
    const logs: DecodedLog[] = [];
    for (const l of receipt.logs) {
      if (l.address.toLowerCase() !== this.address.toLowerCase()) continue;
      const d = decodeRegistryLog(l);
      if (d) logs.push(d);
    }
    return { receipt, logs };
  }

  async #appendDirect(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    const digests = entries.map((e) => sha256Bytes(e.payload));
    const ids = digests.map(idFromDigest);
    // Skip the transaction when every entry is already there (no gas for a pure re-append).
    const safeDup = await this.#allKnown(entries);
    if (safeDup) return safeDup;
    const single = entries.length === 1;
    const bytes = entries.reduce((s, e) => s + e.payload.length, 0);
    const { receipt, logs } = single
      ? await this.#transact(
          'append',
          [entries[0]?.topic, toHex((entries[0] as LedgerAppend).payload)],
          1,
          bytes,
        )
      : await this.#transact(
          'appendMany',
          [entries.map((e) => e.topic), entries.map((e) => toHex(e.payload))],
          entries.length,
          bytes,
        );
    if (this.cas) {
      // Positions come from the merged view.
      const out: AppendReceipt[] = [];
      await this.sync();
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i] as LedgerAppend;
        const found = await this.positionOf(e.topic, ids[i] as string, { sync: false });
        if (!found)
          throw ledgerError('ERR_LEDGER_CORRUPT', 'an appended entry is missing from the confirmed view');
        const mine = found.txHash === receipt.transactionHash;
        const firstInCall = ids.findIndex((id, j) => id === ids[i] && entries[j]?.topic === e.topic) === i;
        out.push({
          topic: e.topic,
          position: found.position,
          id: ids[i] as string,
          time: found.time,
          duplicate: !(mine && firstInCall),
        });
      }
      return out;
    }
    const time = await this.#blockTime(receipt.blockHash, receipt.blockNumber);
    const byKey = new Map<string, number>();
    for (const l of logs) {
      if (l.eventName === 'Entry')
        byKey.set(`${l.args.topicHash}/${l.args.contentHash}`, Number(l.args.position));
    }
    const out: AppendReceipt[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as LedgerAppend;
      const key = `${keccak256(stringToBytes(e.topic))}/${toHex(digests[i] as Uint8Array)}`;
      const pos = byKey.get(key);
      if (pos !== undefined && !seen.has(key)) {
        seen.add(key);
        out.push({ topic: e.topic, position: pos, id: ids[i] as string, time, duplicate: false });
        continue;
      }
      if (pos !== undefined) {
        out.push({ topic: e.topic, position: pos, id: ids[i] as string, time, duplicate: true });
        continue;
      }
      const known = await this.#existing(e, receipt.blockNumber);
      if (!known) throw ledgerError('ERR_LEDGER_CORRUPT', 'an appended entry is neither new nor recorded');
      out.push(known);
    }
    return out;
  }

  /** Receipts for entries the chain already holds, or undefined when one of them is new. */
  async #allKnown(entries: readonly LedgerAppend[]): Promise<AppendReceipt[] | undefined> {
    if (this.cas) {
      const out: AppendReceipt[] = [];
      await this.sync();
      for (const e of entries) {
        const id = contentId(e.payload);
        const f = await this.positionOf(e.topic, id, { sync: false });
        if (!f) return undefined;
        out.push({ topic: e.topic, position: f.position, id, time: f.time, duplicate: true });
      }
      return out;
    }
    const safe = await this.#safeHead();
    if (safe < 0n) return undefined;
    const out: AppendReceipt[] = [];
    for (const e of entries) {
      const r = await this.#existing(e, safe);
      if (!r) return undefined;
      out.push(r);
    }
    return out;
  }

  /** The receipt of an entry the contract holds at `block`, with duplicate: true. */
  async #existing(e: LedgerAppend, block: bigint): Promise<AppendReceipt | undefined> {
    const topicHash = keccak256(stringToBytes(e.topic));
    const digest = sha256Bytes(e.payload);
    const [exists, position, at] = await this.#call('entryOf', () =>
      this.#pub.readContract({
        address: this.address,
        abi: REGISTRY_ABI,
        functionName: 'entryOf',
        args: [topicHash, toHex(digest)],
        blockNumber: block,
      }),
    );
    if (!exists) return undefined;
    const b = await this.#call('eth_getBlockByNumber', () => this.#pub.getBlock({ blockNumber: BigInt(at) }));
    return {
      topic: e.topic,
      position: Number(position),
      id: idFromDigest(digest),
      time: new Date(Number(b.timestamp) * 1000).toISOString(),
      duplicate: true,
    };
  }

  #resetIndex(): void {
    this.#index = new Map();
    this.#indexEntries = 0;
    this.#indexBatches = 0;
    this.#rejectedBatches = [];
    this.#syncedBlock = -1n;
    this.#syncedHash = undefined;
  }

  #indexAdd(entry: LedgerEntry): void {
    let t = this.#index.get(entry.topic);
    if (!t) {
      t = { entries: [], ids: new Map() };
      this.#index.set(entry.topic, t);
    }
    if (t.ids.has(entry.id)) return; // first occurrence wins
    entry.position = t.entries.length;
    t.ids.set(entry.id, entry.position);
    t.entries.push(entry);
    this.#indexEntries++;
  }

  async #doSync(): Promise<void> {
    const safe = await this.#safeHead();
    if (this.#syncedBlock > safe) {
      // The chain is now shorter than what was synced: a reorg. Rebuild.
      this.#resetIndex();
    } else if (this.#syncedBlock >= 0n && this.#syncedHash !== undefined) {
      const b = await this.#call('eth_getBlockByNumber', () =>
        this.#pub.getBlock({ blockNumber: this.#syncedBlock }),
      );
      if (b.hash !== this.#syncedHash) this.#resetIndex(); // reorg: rebuild
    }
    if (safe <= this.#syncedBlock) return;
    const start = this.#syncedBlock >= 0n ? this.#syncedBlock + 1n : await this.#startBlock();
    if (start > safe) return;
    const chainId = await this.#getChainId();
    // Work on a copy so a failure half-way leaves the view as it was.
    const snapshot = {
      index: new Map(
        [...this.#index].map(([k, v]) => [k, { entries: v.entries.slice(), ids: new Map(v.ids) }]),
      ),
      entries: this.#indexEntries,
      batches: this.#indexBatches,
      rejected: this.#rejectedBatches.slice(),
    };
    try {
      for (const [lo, hi] of blockRanges(start, safe, this.#maxBlockRange)) {
        const logs = await this.#call('eth_getLogs', () =>
          this.#pub.getLogs({
            address: this.address,
            events: [ENTRY_EVENT, BATCH_EVENT],
            fromBlock: lo,
            toBlock: hi,
            strict: true,
          }),
        );
        for (const log of sortLogs(logs as AnyRegistryLog[])) {
          if (log.eventName === 'Entry') {
            this.#indexAdd(await this.#entryFromLog(log as EntryLog, chainId, 0));
          } else {
            await this.#ingestBatch(log as BatchLog, chainId);
          }
        }
      }
      const b = await this.#call('eth_getBlockByNumber', () => this.#pub.getBlock({ blockNumber: safe }));
      this.#syncedBlock = safe;
      this.#syncedHash = b.hash ?? undefined;
    } catch (err) {
      this.#index = snapshot.index;
      this.#indexEntries = snapshot.entries;
      this.#indexBatches = snapshot.batches;
      this.#rejectedBatches = snapshot.rejected;
      throw err;
    }
  }

  async #ingestBatch(log: BatchLog, chainId: number): Promise<void> {
    const cas = this.cas as CasStore;
    const { root, count, uri, batchNumber } = log.args;
    const reject = (reason: string) => {
      this.#rejectedBatches.push({ root, uri, reason });
    };
    if (count < 1n || count > BigInt(this.#maxBatchEntries)) return reject(`count ${count} out of range`);
    let file: Uint8Array | undefined;
    try {
      file = await cas.get(uri);
    } catch (err) {
      throw ledgerError('ERR_LEDGER_UNAVAILABLE', `batch file ${uri} could not be fetched`, err);
    }
    if (file === undefined)
      throw ledgerError('ERR_LEDGER_UNAVAILABLE', `batch file ${uri} is not in the content store`);
    if (!verifyCasId(uri, file)) return reject('the batch file does not hash to its id');
    let entries: LedgerAppend[];
    try {
      entries = decodeBatchFile(file, {
        maxEntries: this.#maxBatchEntries,
        maxEntryBytes: this.#maxEntryBytes,
      });
    } catch (err) {
      return reject((err as Error).message);
    }
    if (BigInt(entries.length) !== count) return reject(`expected ${count} entries, found ${entries.length}`);
    const digests = entries.map((e) => sha256Bytes(e.payload));
    const tree = new MerkleTree(entries.map((e, i) => merkleLeaf(e.topic, digests[i] as Uint8Array)));
    if (!constantTimeEqual(tree.root, fromHex(root)))
      return reject('the Merkle root of the batch file is not the anchored root');
    const time = await this.#blockTime(log.blockHash, log.blockNumber);
    this.#indexBatches++;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as LedgerAppend;
      const anchor: MerkleBatchAnchor = {
        type: 'merkle-batch',
        chainId,
        contract: this.address,
        txHash: log.transactionHash,
        blockNumber: Number(log.blockNumber),
        logIndex: log.logIndex,
        batchNumber: Number(batchNumber),
        root,
        count: entries.length,
        index: i,
        proof: tree.proof(i).map(toHex),
        uri,
      };
      this.#indexAdd({
        topic: e.topic,
        position: 0,
        id: idFromDigest(digests[i] as Uint8Array),
        time,
        payload: e.payload,
        anchor,
      });
    }
  }
}

type EntryLog = Log<bigint, number, false, typeof ENTRY_EVENT, true> & {
  blockHash: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};
type BatchLog = Log<bigint, number, false, typeof BATCH_EVENT, true> & {
  blockHash: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};
type AnyRegistryLog = (EntryLog | BatchLog) & { eventName: 'Entry' | 'Batch' };

type DecodedLog =
  | { eventName: 'Entry'; args: { topicHash: Hex; position: bigint; contentHash: Hex } }
  | { eventName: 'Batch'; args: { root: Hex; batchNumber: bigint } };

function decodeRegistryLog(l: { data: Hex; topics: readonly Hex[] }): DecodedLog | undefined {
  try {
    const d = decodeEventLog({ abi: REGISTRY_ABI, data: l.data, topics: l.topics as [Hex, ...Hex[]] });
    if (d.eventName === 'Entry' || d.eventName === 'Batch') return d as unknown as DecodedLog;
  } catch {
    return undefined;
  }
  return undefined;
}

/** Splits the blocks `first` … `last` into consecutive ranges of at most `size` blocks (for `eth_getLogs`). */
function* blockRanges(first: bigint, last: bigint, size: bigint): Generator<[bigint, bigint]> {
  for (let lo = first; lo <= last; lo += size) {
    const hi = lo + size - 1n;
    yield [lo, hi < last ? hi : last];
  }
}

function sortLogs<T extends { blockNumber: bigint; logIndex: number }>(logs: readonly T[]): T[] {
  return logs
    .slice()
    .sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
}

function cloneEntry(e: LedgerEntry): LedgerEntry {
  const out: LedgerEntry = {
    topic: e.topic,
    position: e.position,
    id: e.id,
    time: e.time,
    payload: e.payload.slice(),
  };
  if (e.anchor !== undefined) out.anchor = structuredClone(e.anchor);
  return out;
}
