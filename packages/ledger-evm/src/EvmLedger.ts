import { type Clock, constantTimeEqual, toClock } from '@realdid/crypto';
import type {
  AppendReceipt,
  LedgerAppend,
  LedgerClient,
  LedgerEntry,
  LedgerInfo,
  ReadOptions,
} from '@realdid/ledger';
import { validateAppend, validateBatch, validateReadOptions, validateTopic } from '@realdid/ledger';
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeAbiParameters,
  type Hex,
  http,
  isAddress,
  keccak256,
  type PublicClient,
  stringToBytes,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { BatchWriter, type BatchWriterOptions } from './BatchWriter.js';
import { decodeBatchFile } from './batchFile.js';
import type { CasStore } from './CasStore.js';
import { casIdDigest, verifyCasId } from './casId.js';
import { contentId, fromHex, idFromDigest, sha256Bytes, toHex } from './internal/contentId.js';
import { anchorNotAllowed, ledgerError, mapError, withRetry } from './internal/errors.js';
import {
  BATCH_SIG,
  type BatchLogData,
  decodeRegistryLog,
  ENTRY_SIG,
  type EntryLogData,
  isTooManyLogs,
  type RawLog,
  sortLogs,
} from './internal/logs.js';
import { redactText, redactUrl } from './internal/redact.js';
import {
  REGISTRY_ABI,
  REGISTRY_DEPLOYED_BYTECODE,
  REGISTRY_IMMUTABLE_RANGES,
} from './internal/registryArtifact.js';
import { MerkleTree, merkleLeaf, verifyMerkleProof } from './merkle.js';
import { parseEvmLedgerUri } from './parseEvmLedgerUri.js';

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
  /** The hash of the block (binds the anchor to one chain history and its timestamp). */
  blockHash: Hex;
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
  /** The hash of the block (binds the anchor to one chain history and its timestamp). */
  blockHash: Hex;
  logIndex: number;
  batchNumber: number;
  /** The batch's key in the contract: keccak(root, submitter, count, size, uri, topics). */
  key: Hex;
  /** Who anchored the batch. */
  submitter: Address;
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

/** The ledger's limits, fixed in the contract at deployment (the same for every reader). */
export interface EvmLedgerLimits {
  /** Largest payload of one entry. */
  maxEntryBytes: number;
  /** Most entries in one batch. */
  maxBatchEntries: number;
  /** Largest batch file. */
  maxBatchFileBytes: number;
  /** How long a reader waits for a batch file per attempt, in ms. */
  fetchTimeoutMs: number;
}

/**
 * What an account may anchor on the registry (`anchorRights` in the contract, set by its owner):
 * `'none'` — no batch files at all, only entries with their data on chain (direct `append` /
 * `appendMany`); `'topics'` — batches that name their topics; `'bulk'` — batches with or without
 * a topic list.
 */
export type AnchorRights = 'none' | 'topics' | 'bulk';

/** A batch whose file is not available yet: the topics it names wait for it. */
export interface PendingBatch {
  root: Hex;
  uri: string;
  blockNumber: string;
  submitter: Address;
  /** The topic hashes it holds up, or `'all'` for a bulk submitter's batch without a topic list. */
  topics: Hex[] | 'all';
  /** Why it is not available (not in the store, timed out, the store returned other bytes). */
  reason: string;
}

/** Options of {@link EvmLedger}. */
export interface EvmLedgerOptions {
  /** Reads the chain. */
  publicClient: PublicClient<Transport, Chain | undefined>;
  /** Signs and sends transactions (with an account); without it the ledger is read-only. */
  walletClient?: WalletClient<Transport, Chain | undefined, Account>;
  /** The RealDidRegistry contract. */
  address: Address;
  /**
   * The chain the ledger lives on. The node's `eth_chainId` must give it (checked once, before the
   * first call); default: whatever the node says, pinned from then on.
   */
  chainId?: number;
  /**
   * keccak-256 of the contract's runtime code, when the deployment publishes it. In any case the
   * code at `address` must be this package's registry (immutables aside), or nothing is read.
   */
  codeHash?: Hex;
  /**
   * Confirmation depth: an entry counts only once `confirmations` blocks have been built on top of
   * its block (reads ignore newer blocks; appends wait that long). Default 0 (dev chains).
   */
  confirmations?: number;
  /** Largest block range of one `eth_getLogs` request (default 5,000); a capped answer is split. */
  maxBlockRange?: number;
  /** Retries of a failed RPC call (node down, timeout), with doubling delay. Default 3. */
  retries?: number;
  /** First retry delay in ms (default 200). */
  retryDelayMs?: number;
  /** Longest wait for a transaction to be mined and confirmed, in ms (default 120,000). */
  timeoutMs?: number;
  /** How often to poll for receipts and new blocks, in ms (default 250). */
  pollingIntervalMs?: number;
  /** Block to start scanning at (default: the contract's `deployedAt`). */
  fromBlock?: bigint;
  /**
   * The clock for the block-time sanity check: milliseconds since the epoch, like `Date.now` (the
   * default). Deprecated for one minor version: a function returning a `Date`, or a fixed `Date`;
   * both are converted.
   */
  now?: Clock | (() => Date) | Date;
  /** How far a block's timestamp may run ahead of `now` before the node is not believed (default 300 s). */
  clockSkewSeconds?: number;
  /**
   * A content-addressed store for batch files. With it, reads merge `Batch` anchors and direct
   * entries (see the package README on ordering); without it, only direct entries are read.
   */
  cas?: CasStore;
  /**
   * Fetch every batch file at each sync (an indexer), instead of only the files of bulk batches
   * and of batches that name a topic this reader has read or written (default false). Either way
   * every reader gives every topic the same positions.
   */
  fetchAll?: boolean;
  /**
   * How long to wait before asking the store again for a batch file that was not available, in ms
   * (default 5,000). Between attempts, reads answer at once (the topics it names as pending).
   */
  retryPendingMs?: number;
  /**
   * `direct` (default): each append is a transaction. `batched`: appends go through a
   * {@link BatchWriter} (needs `cas`, and an account with anchor rights: see
   * {@link EvmLedger.anchorRights}; without them batched appends fail with `ERR_LEDGER_TX_REVERTED`,
   * `AnchorNotAllowed`, and nothing falls back to direct writes).
   */
  mode?: 'direct' | 'batched';
  /** Options of the internal {@link BatchWriter} in `batched` mode. */
  batch?: BatchWriterOptions;
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

interface Ready {
  chainId: number;
  deployedAt: bigint;
  limits: EvmLedgerLimits;
  codeHash: Hex;
}

/** An item of the merged view that waits: a batch whose file is missing, or an entry behind one. */
type Held =
  | { kind: 'entry'; topicHash: Hex; entry: LedgerEntry }
  | { kind: 'batch'; log: BatchLogData; reason: string; deferred?: boolean };

type BatchOutcome =
  | { kind: 'ok'; entries: LedgerEntry[] }
  | { kind: 'deferred' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'pending'; reason: string };

/**
 * The RealDID ledger on an EVM chain, through a `RealDidRegistry` contract and viem.
 *
 * - **Direct** entries: one `Entry` event each, positions from the contract's per-topic counter.
 * - **Batched** entries (with a {@link CasStore}): many entries under one Merkle root
 *   (`anchorBatch`), the batch file in the store, each entry read back with its inclusion proof.
 * - Ledger time is the block timestamp. Entries count only after `confirmations` blocks.
 * - The chain id and the contract code are checked once before the first call; the limits
 *   (entry size, batch size, file size, fetch time) are the contract's, the same for every reader.
 * - Failures are coded: `ERR_LEDGER_UNAVAILABLE` (node unreachable after retries, or a topic
 *   waiting for a batch file), `ERR_LEDGER_TIMEOUT`, `ERR_LEDGER_TX_REVERTED` (with the revert
 *   reason), `ERR_LEDGER_CORRUPT` (the node returned something inconsistent, another chain or
 *   another contract). Node URLs in messages have no credentials.
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
  readonly #onGas: ((r: GasReport) => void) | undefined;
  readonly #where: string;
  readonly #batcher: BatchWriter | undefined;
  readonly #expectChainId: number | undefined;
  readonly #expectCodeHash: Hex | undefined;
  readonly #now: Clock;
  readonly #skewMs: number;
  #fromBlock: bigint | undefined;
  #ready: Ready | undefined;
  #readying: Promise<Ready> | undefined;
  #closed = false;
  #sendChain: Promise<unknown> = Promise.resolve();
  readonly #timeCache = new Map<Hex, string>();
  readonly #gas = { transactions: 0, gasUsed: 0n, entries: 0 };
  // merged index (only with a CAS)
  #index = new Map<string, IndexedTopic>();
  #indexEntries = 0;
  #indexBatches = 0;
  #rejectedBatches: { root: Hex; uri: string; reason: string }[] = [];
  #held: Held[] = [];
  #skipped = 0;
  readonly #nextTry = new Map<string, number>();
  /** The block time of the newest entry in the merged view (block times never go back). */
  #lastTime = '';
  /** Topic hashes this reader has asked for: named batches are fetched only for these. */
  readonly #wanted = new Set<Hex>();
  readonly #fetchAll: boolean;
  readonly #retryPendingMs: number;
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
    for (const k of ['maxEntryBytes', 'maxBatchEntries']) {
      if ((options as unknown as Record<string, unknown>)[k] !== undefined)
        throw new TypeError(
          `${k} is fixed in the contract at deployment (see deployRegistry), not per reader`,
        );
    }
    const nonNeg = (v: unknown, name: string, def: number): number => {
      if (v === undefined) return def;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
        throw new RangeError(`${name} must be an integer >= 0`);
      return v;
    };
    if (options.chainId !== undefined && (!Number.isSafeInteger(options.chainId) || options.chainId < 1))
      throw new RangeError('chainId must be an integer >= 1');
    if (options.codeHash !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(String(options.codeHash)))
      throw new TypeError('codeHash must be 0x followed by 64 hex digits');
    const now = toClock(options.now, 'now');
    this.#pub = options.publicClient;
    this.#wallet = options.walletClient;
    this.address = options.address;
    this.#expectChainId = options.chainId;
    this.#expectCodeHash = options.codeHash?.toLowerCase() as Hex | undefined;
    this.#now = now;
    this.#skewMs = nonNeg(options.clockSkewSeconds, 'clockSkewSeconds', 300) * 1000;
    this.confirmations = nonNeg(options.confirmations, 'confirmations', 0);
    this.#maxBlockRange = BigInt(Math.max(1, nonNeg(options.maxBlockRange, 'maxBlockRange', 5000)));
    this.#retries = nonNeg(options.retries, 'retries', 3);
    this.#retryDelayMs = nonNeg(options.retryDelayMs, 'retryDelayMs', 200);
    this.#timeoutMs = nonNeg(options.timeoutMs, 'timeoutMs', 120_000);
    this.#pollingMs = Math.max(1, nonNeg(options.pollingIntervalMs, 'pollingIntervalMs', 250));
    this.#onGas = options.onGas;
    this.#retryPendingMs = nonNeg(options.retryPendingMs, 'retryPendingMs', 5_000);
    if (options.fetchAll !== undefined && typeof options.fetchAll !== 'boolean')
      throw new TypeError('fetchAll must be a boolean');
    this.#fetchAll = options.fetchAll ?? false;
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
   * Connects to a node over HTTP, checks the chain id and the contract code, and reads the
   * ledger's limits.
   *
   * @param options - `url`, `address`, optional `account` and the {@link EvmLedgerOptions}
   * @returns a ledger
   * @throws RealDidError `ERR_LEDGER_UNAVAILABLE` when the node cannot be reached;
   *   `ERR_LEDGER_CORRUPT` when the node is on another chain than `chainId` or the address holds
   *   no RealDidRegistry (or not the one `codeHash` names)
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
    if (rest.chainId !== undefined && rest.chainId !== chainId) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `expected chain ${rest.chainId}, the node is on chain ${chainId}`,
      );
    }
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
      chainId,
      publicClient,
      ...(walletClient === undefined ? {} : { walletClient }),
      url,
    });
    await ledger.#getReady();
    return ledger;
  }

  /**
   * Opens a ledger from a URI such as `evm+http://127.0.0.1:8545?contract=0x…&chainId=1&confirmations=2`
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
      ...(parsed.chainId === undefined ? {} : { chainId: parsed.chainId }),
      ...(parsed.codeHash === undefined ? {} : { codeHash: parsed.codeHash }),
      ...rest,
      url: parsed.rpcUrl,
      address: address ?? parsed.contract,
    });
  }

  // ---------------------------------------------------------------- LedgerClient

  /** @inheritDoc */
  async append(topic: string, payload: Uint8Array): Promise<AppendReceipt> {
    this.#open();
    validateAppend(topic, payload, Number.MAX_SAFE_INTEGER);
    const { limits } = await this.#getReady();
    validateAppend(topic, payload, limits.maxEntryBytes);
    const copy = payload.slice();
    if (this.#batcher) return this.#batcher.add(topic, copy);
    const [r] = await this.#appendDirect([{ topic, payload: copy }]);
    return r as AppendReceipt;
  }

  /** @inheritDoc */
  async appendBatch(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    this.#open();
    validateBatch(entries, Number.MAX_SAFE_INTEGER);
    const { limits } = await this.#getReady();
    const checked = validateBatch(entries, limits.maxEntryBytes);
    if (checked.length === 0) return [];
    const copy = checked.map((e) => ({ topic: e.topic, payload: e.payload.slice() }));
    if (this.#batcher) return this.#batcher.addMany(copy);
    return this.#appendDirect(copy);
  }

  /**
   * @inheritDoc
   * @throws RealDidError `ERR_LEDGER_UNAVAILABLE` also when the topic waits for a batch file that
   *   names it (see {@link EvmLedger.pending}); other topics read on.
   */
  async read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]> {
    this.#open();
    validateTopic(topic);
    const o = validateReadOptions(options);
    const from = o.from;
    const limit = Math.min(o.limit, Number.MAX_SAFE_INTEGER - from);
    if (limit === 0) return [];
    if (this.cas) {
      this.#want([topic]);
      await this.sync();
      this.#assertAvailable(topic);
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
      this.#want([topic]);
      await this.sync();
      this.#assertAvailable(topic);
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
    const ready = await this.#getReady();
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
      location: `evm:${ready.chainId}:${this.address}${this.#where === 'evm' ? '' : ` via ${this.#where}`}`,
      maxEntryBytes: ready.limits.maxEntryBytes,
      topics,
      entries,
      chainId: ready.chainId,
      contract: this.address,
      codeHash: ready.codeHash,
      limits: { ...ready.limits },
      mode: this.mode,
      confirmations: this.confirmations,
      safeBlock: safe.toString(),
      batches,
      rejectedBatches: this.#rejectedBatches.map((b) => ({ ...b })),
      pendingBatches: this.pending(),
      deferredBatches: this.#held.filter((h) => h.kind === 'batch' && h.deferred).length,
      skippedEntries: this.#skipped,
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
   * The ledger's limits, as the contract fixes them.
   * @returns entry size, batch size, file size and fetch time limits
   */
  async limits(): Promise<EvmLedgerLimits> {
    this.#open();
    return { ...(await this.#getReady()).limits };
  }

  /** The account this ledger writes with (undefined for a read-only ledger). */
  get account(): Address | undefined {
    return this.#wallet?.account.address;
  }

  /**
   * What an account may anchor, as the registry says now (the owner may change it at any time).
   * Batched writing needs `'topics'` or `'bulk'`; an account with `'none'` writes direct.
   *
   * @param account - the account to ask about (default: this ledger's own account)
   * @returns `'none'`, `'topics'` or `'bulk'`
   * @throws TypeError for an account that is not an address, or none on a read-only ledger
   * @throws RealDidError `ERR_LEDGER_UNAVAILABLE`, `ERR_LEDGER_TIMEOUT`, `ERR_LEDGER_CORRUPT`
   */
  async anchorRights(account?: Address): Promise<AnchorRights> {
    this.#open();
    const who = account === undefined ? this.#wallet?.account.address : account;
    if (who === undefined) throw new TypeError('this ledger is read-only: give an account to ask about');
    if (typeof who !== 'string' || !isAddress(who, { strict: false }))
      throw new TypeError('account must be an address');
    await this.#getReady();
    const r = await this.#call('anchorRights', () =>
      this.#pub.readContract({
        address: this.address,
        abi: REGISTRY_ABI,
        functionName: 'anchorRights',
        args: [who],
        blockTag: 'latest',
      }),
    );
    if (r === 0) return 'none';
    if (r === 1) return 'topics';
    if (r === 2) return 'bulk';
    throw ledgerError('ERR_LEDGER_CORRUPT', `the registry reports unknown anchor rights ${String(r)}`);
  }

  /**
   * Batches of the merged view whose file is not available yet, as of the last sync: the topics
   * each names read with `ERR_LEDGER_UNAVAILABLE` until the file arrives (every sync asks again,
   * waiting at most the contract's `fetchTimeoutMs` per file). Other topics are not affected.
   *
   * @returns the pending batches, oldest first
   */
  pending(): PendingBatch[] {
    const out: PendingBatch[] = [];
    for (const h of this.#held) {
      if (h.kind !== 'batch' || h.deferred) continue;
      out.push({
        root: h.log.root,
        uri: h.log.uri ?? '',
        blockNumber: h.log.blockNumber.toString(),
        submitter: h.log.submitter,
        topics: h.log.topicHashes.length === 0 ? 'all' : h.log.topicHashes.slice(),
        reason: h.reason,
      });
    }
    return out;
  }

  /**
   * Anchors a Merkle root on chain (`anchorBatch`), waits for the confirmation depth, and returns
   * where it landed. Anchoring the same batch again from the same account adds nothing
   * (`duplicate: true`). Used by {@link BatchWriter}; call it yourself only with a batch file
   * already in the CAS. Only an anchor submitter may anchor (see {@link EvmLedger.anchorRights}):
   * for any other account this refuses with `ERR_LEDGER_TX_REVERTED` (`AnchorNotAllowed`) and
   * sends nothing. The batch names its topics unless this account has `'bulk'` rights.
   *
   * @param root - the 32-byte Merkle root
   * @param count - the number of leaves
   * @param uri - the batch file's content id
   * @param file - `size`: the batch file's length in bytes; `topics`: the topics of its entries
   * @returns the transaction hash and block, the batch number, whether it was already there
   * @throws RealDidError `ERR_LEDGER_TX_REVERTED`, `ERR_LEDGER_UNAVAILABLE`, `ERR_LEDGER_TIMEOUT`
   */
  async anchorBatch(
    root: Uint8Array,
    count: number,
    uri: string,
    file: { size: number; topics: readonly string[] },
  ): Promise<{ txHash: Hex; blockNumber: bigint; batchNumber: number; duplicate: boolean; gasUsed: bigint }> {
    this.#open();
    if (!(root instanceof Uint8Array) || root.length !== 32) throw new TypeError('root must be 32 bytes');
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be an integer >= 1');
    if (typeof uri !== 'string' || uri.length === 0) throw new TypeError('uri must be a non-empty string');
    if (typeof file !== 'object' || file === null) throw new TypeError('file must be { size, topics }');
    if (!Number.isSafeInteger(file.size) || file.size < 1)
      throw new RangeError('file.size must be an integer >= 1');
    if (!Array.isArray(file.topics) || !file.topics.every((t) => typeof t === 'string'))
      throw new TypeError('file.topics must be an array of topics');
    const wallet = this.#wallet;
    if (!wallet) throw new TypeError('this ledger is read-only: give it a walletClient or an account');
    const rights = await this.anchorRights(wallet.account.address);
    if (rights === 'none') throw anchorNotAllowed(wallet.account.address);
    // The batch file is in the store now: whatever waited for it may be there too, ask again.
    this.#nextTry.clear();
    this.#want(file.topics);
    const topicHashes =
      rights === 'bulk' ? [] : [...new Set(file.topics.map((t) => keccak256(stringToBytes(t))))].sort();
    const args = [toHex(root), BigInt(count), BigInt(file.size), uri, topicHashes] as const;
    const { receipt, logs } = await this.#transact('anchorBatch', args, count, file.size);
    const log = logs.find((l): l is BatchLogData => l.kind === 'batch');
    if (log) {
      return {
        txHash: receipt.transactionHash,
        blockNumber: receipt.blockNumber,
        batchNumber: Number(log.batchNumber),
        duplicate: false,
        gasUsed: receipt.gasUsed,
      };
    }
    const key = batchKeyOf(toHex(root), wallet.account.address, count, file.size, uri, topicHashes);
    const [exists, batchNumber] = await this.#call('batchOf', () =>
      this.#pub.readContract({
        address: this.address,
        abi: REGISTRY_ABI,
        functionName: 'batchOf',
        args: [key],
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
    if (typeof topic === 'string') this.#want([topic]);
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
    if (typeof topic === 'string') this.#want([topic]);
    if (options.sync !== false) await this.sync();
    const t = this.#index.get(topic);
    const p = t?.ids.get(id);
    if (p === undefined) return undefined;
    const e = t?.entries[p] as LedgerEntry;
    return { position: p, time: e.time, txHash: (e.anchor as { txHash?: string } | undefined)?.txHash };
  }

  /**
   * Checks an entry against the chain, field by field: the chain id and contract are this
   * ledger's; the block is on the canonical chain at or below the confirmed head with the stated
   * hash, and its timestamp is the entry's `time`; the transaction's receipt is successful, in that
   * block, and holds at `logIndex` the registry's event for this entry (topic hash, content hash
   * and contract position for a direct entry; root, count, key and submitter for a batch, with the
   * inclusion proof leading to the root); and the entry's `position` is the one this ledger gives
   * it (the contract's counter without a CAS, the merged view with one).
   *
   * @param input - an entry with an `anchor`
   * @throws RealDidError `ERR_LEDGER_PROOF_INVALID` when any of it does not hold
   */
  async verifyEntry(input: LedgerEntry): Promise<void> {
    this.#open();
    if (typeof input !== 'object' || input === null) throw new TypeError('entry must be an object');
    // Plain data first: an entry from an indexer may be anything (getters, proxies, cycles).
    let entry: LedgerEntry;
    try {
      entry = structuredClone(input);
    } catch {
      throw ledgerError('ERR_LEDGER_PROOF_INVALID', 'the entry is not plain data');
    }
    validateTopic(entry.topic);
    if (!(entry.payload instanceof Uint8Array)) throw new TypeError('entry.payload must be a Uint8Array');
    const a = entry.anchor as Record<string, unknown> | undefined;
    const bad = (why: string) =>
      ledgerError(
        'ERR_LEDGER_PROOF_INVALID',
        `entry ${typeof entry.id === 'string' ? entry.id.slice(0, 60) : '?'}: ${why}`,
      );
    const digest = sha256Bytes(entry.payload);
    if (idFromDigest(digest) !== entry.id) throw bad('id does not match the payload');
    if (typeof entry.time !== 'string' || !Number.isSafeInteger(entry.position) || entry.position < 0)
      throw bad('time or position malformed');
    if (a === undefined || typeof a !== 'object' || a === null || Array.isArray(a)) throw bad('no anchor');
    const ready = await this.#getReady();
    if (a.chainId !== ready.chainId) throw bad(`the anchor names chain ${String(a.chainId)}`);
    if (typeof a.contract !== 'string' || a.contract.toLowerCase() !== this.address.toLowerCase())
      throw bad('the anchor names another contract');
    const isHash = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);
    if (!isHash(a.txHash) || !isHash(a.blockHash)) throw bad('the anchor needs txHash and blockHash');
    if (!Number.isSafeInteger(a.blockNumber) || (a.blockNumber as number) < 0) throw bad('bad blockNumber');
    if (!Number.isSafeInteger(a.logIndex) || (a.logIndex as number) < 0) throw bad('bad logIndex');
    const safe = await this.#safeHead();
    if (safe < 0n || BigInt(a.blockNumber as number) > safe) throw bad('its block is not yet confirmed');
    // the block: canonical, with that hash, and the entry's time is its timestamp
    const block = await this.#call('eth_getBlockByNumber', () =>
      this.#pub.getBlock({ blockNumber: BigInt(a.blockNumber as number) }),
    );
    if (block.hash?.toLowerCase() !== a.blockHash.toLowerCase())
      throw bad('the block at that height has another hash (not on this chain)');
    if (new Date(Number(block.timestamp) * 1000).toISOString() !== entry.time)
      throw bad("the time is not the block's timestamp");
    // the transaction: mined there, successful, holding the event
    const receipt = (await this.#call('eth_getTransactionReceipt', () =>
      this.#pub.request({ method: 'eth_getTransactionReceipt', params: [a.txHash as Hex] } as never),
    )) as { status?: string; blockHash?: string; logs?: RawLog[] } | null;
    if (receipt === null || typeof receipt !== 'object' || receipt.status !== '0x1')
      throw bad('no successful transaction with that hash');
    if (String(receipt.blockHash).toLowerCase() !== a.blockHash.toLowerCase())
      throw bad('the transaction is in another block');
    const raw = (Array.isArray(receipt.logs) ? receipt.logs : []).find(
      (l) => l !== null && typeof l === 'object' && Number(l.logIndex) === a.logIndex,
    );
    if (!raw || String(raw.address).toLowerCase() !== this.address.toLowerCase())
      throw bad('the transaction has no registry event at that log index');
    const ev = decodeRegistryLog(raw);
    if (a.type === 'evm-log') {
      if (ev?.kind !== 'entry') throw bad('the event is not an Entry');
      if (ev.topicHash !== keccak256(stringToBytes(entry.topic))) throw bad('the event is for another topic');
      if (ev.contentHash !== toHex(digest)) throw bad('the event is for another payload');
      if (!Number.isSafeInteger(a.contractPosition) || BigInt(a.contractPosition as number) !== ev.position)
        throw bad('the contract position is not the event');
      if (!this.cas && entry.position !== Number(ev.position)) throw bad('the position is not the contract');
    } else if (a.type === 'merkle-batch') {
      if (ev?.kind !== 'batch') throw bad('the event is not a Batch');
      if (typeof a.root !== 'string' || ev.root !== a.root.toLowerCase())
        throw bad('the event has another root');
      if (!Number.isSafeInteger(a.count) || !Number.isSafeInteger(a.index))
        throw bad('count or index malformed');
      if (BigInt(a.count as number) !== ev.count) throw bad('the leaf count is not the anchored one');
      if (typeof a.key !== 'string' || a.key.toLowerCase() !== ev.key) throw bad('the batch key differs');
      if (!Number.isSafeInteger(a.batchNumber) || BigInt(a.batchNumber as number) !== ev.batchNumber)
        throw bad('the batch number differs');
      if (typeof a.uri !== 'string' || a.uri !== ev.uri) throw bad('the batch file id differs');
      if (typeof a.submitter !== 'string' || a.submitter.toLowerCase() !== ev.submitter.toLowerCase())
        throw bad('the submitter differs');
      if (!Array.isArray(a.proof)) throw bad('the proof is not a list');
      const proof: unknown[] = a.proof;
      let ok = false;
      try {
        ok = verifyMerkleProof(
          merkleLeaf(entry.topic, digest),
          Number(a.index),
          Number(a.count),
          proof.map((p) => fromHex(typeof p === 'string' ? p : '')),
          fromHex(a.root),
        );
      } catch {
        ok = false;
      }
      if (!ok) throw bad('the inclusion proof does not lead to the root');
      if (!this.cas) throw bad("a batched entry's position needs the batch store (give the ledger a cas)");
    } else {
      throw bad('unknown anchor type');
    }
    if (this.cas) {
      const mine = await this.positionOf(entry.topic, entry.id);
      if (!mine || mine.position !== entry.position)
        throw bad(`position ${entry.position} is not the one this ledger gives the entry`);
      if (mine.txHash?.toLowerCase() !== a.txHash.toLowerCase())
        throw bad('the entry counts from another transaction');
    }
  }

  /**
   * Brings the merged view (direct entries and verified batches, needs a CAS) up to the confirmed
   * head. Called by `read`/`size`; call it to warm up. A reorg below the last synced block resets
   * the view and rebuilds it. A batch file that is not available holds up only the topics the
   * batch names (see {@link EvmLedger.pending}); it is asked for again at the next sync.
   *
   * @param options - `topics`: topics about to be read or written, so the batches naming them are
   *   fetched in this sync (read, size, locate, positionOf and appends do this themselves)
   * @throws RealDidError `ERR_LEDGER_UNAVAILABLE` (node unavailable)
   */
  async sync(options: { topics?: readonly string[] } = {}): Promise<void> {
    this.#open();
    if (!this.cas) return;
    if (options?.topics !== undefined) {
      if (!Array.isArray(options.topics)) throw new TypeError('options.topics must be an array of topics');
      for (const t of options.topics) validateTopic(t);
      this.#want(options.topics);
    }
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

  /** Checks chain id and contract code once, reads the limits (retried after a failure). */
  #getReady(): Promise<Ready> {
    if (this.#ready) return Promise.resolve(this.#ready);
    if (!this.#readying) {
      this.#readying = this.#loadReady().then(
        (r) => {
          this.#ready = r;
          return r;
        },
        (err) => {
          this.#readying = undefined;
          throw err;
        },
      );
    }
    return this.#readying;
  }

  async #loadReady(): Promise<Ready> {
    const chainId = await this.#call('eth_chainId', () => this.#pub.getChainId());
    if (this.#expectChainId !== undefined && chainId !== this.#expectChainId) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `expected chain ${this.#expectChainId}, the node is on chain ${chainId}`,
      );
    }
    const code = await this.#call('eth_getCode', () => this.#pub.getCode({ address: this.address }));
    if (code === undefined || !isRegistryCode(code)) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `the code at ${this.address} on chain ${chainId} is not this package's RealDidRegistry`,
      );
    }
    const codeHash = keccak256(code);
    if (this.#expectCodeHash !== undefined && codeHash !== this.#expectCodeHash) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `the code at ${this.address} has hash ${codeHash}, expected ${this.#expectCodeHash}`,
      );
    }
    const read = <T>(functionName: 'deployedAt' | 'limits') =>
      this.#call(functionName, () =>
        this.#pub.readContract({ address: this.address, abi: REGISTRY_ABI, functionName }),
      ) as Promise<T>;
    const deployedAt = BigInt(await read<bigint>('deployedAt'));
    const [entryBytes, batchEntries, fileBytes, fetchMs] =
      await read<readonly [number, number, bigint, number]>('limits');
    return {
      chainId,
      deployedAt,
      codeHash,
      limits: {
        maxEntryBytes: Number(entryBytes),
        maxBatchEntries: Number(batchEntries),
        maxBatchFileBytes: Number(fileBytes),
        fetchTimeoutMs: Number(fetchMs),
      },
    };
  }

  async #safeHead(): Promise<bigint> {
    const { deployedAt } = await this.#getReady();
    const head = await this.#call('eth_blockNumber', () => this.#pub.getBlockNumber({ cacheTime: 0 }));
    const safe = head - BigInt(this.confirmations);
    // Before the contract existed there is nothing to read (and no state to query).
    return safe < deployedAt ? -1n : safe;
  }

  async #startBlock(): Promise<bigint> {
    if (this.#fromBlock === undefined) this.#fromBlock = (await this.#getReady()).deployedAt;
    return this.#fromBlock;
  }

  async #topicState(topic: string, block: bigint): Promise<readonly [bigint, bigint, bigint, bigint]> {
    const r = await this.#call('topics', () =>
      this.#pub.readContract({
        address: this.address,
        abi: REGISTRY_ABI,
        functionName: 'topics',
        args: [keccak256(stringToBytes(topic))],
        blockNumber: block,
      }),
    );
    return [BigInt(r[0]), BigInt(r[1]), BigInt(r[2]), BigInt(r[3])];
  }

  /** The ISO time of a block; a timestamp ahead of `now` by more than the skew is not believed. */
  async #blockTime(blockHash: Hex, blockNumber: bigint): Promise<string> {
    const hit = this.#timeCache.get(blockHash);
    if (hit) return hit;
    const block = await this.#call('eth_getBlockByHash', () => this.#pub.getBlock({ blockHash }));
    if (block.number !== blockNumber)
      throw ledgerError('ERR_LEDGER_CORRUPT', 'block hash and number disagree');
    const ms = Number(block.timestamp) * 1000;
    if (ms > this.#now() + this.#skewMs) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `block ${blockNumber} claims a time ${new Date(ms).toISOString()} in the future: the node is not believed`,
      );
    }
    const iso = new Date(ms).toISOString();
    if (this.#timeCache.size > 10_000) this.#timeCache.clear();
    this.#timeCache.set(blockHash, iso);
    return iso;
  }

  /**
   * `eth_getLogs` of the registry over `[lo, hi]`, optionally for one topic hash; splits the range
   * in halves when the provider answers that the result is too large.
   */
  async #getLogs(lo: bigint, hi: bigint, topicHash?: Hex): Promise<RawLog[]> {
    const params = {
      address: this.address,
      fromBlock: `0x${lo.toString(16)}`,
      toBlock: `0x${hi.toString(16)}`,
      topics: topicHash === undefined ? [[ENTRY_SIG, BATCH_SIG]] : [ENTRY_SIG, topicHash],
    };
    const ask = () =>
      this.#pub.request({ method: 'eth_getLogs', params: [params] } as never) as Promise<RawLog[]>;
    let first: RawLog[];
    try {
      first = await ask();
    } catch (err) {
      if (hi > lo && isTooManyLogs(err)) {
        const mid = lo + (hi - lo) / 2n;
        return [
          ...(await this.#getLogs(lo, mid, topicHash)),
          ...(await this.#getLogs(mid + 1n, hi, topicHash)),
        ];
      }
      first = await this.#call('eth_getLogs', ask);
    }
    if (!Array.isArray(first)) throw ledgerError('ERR_LEDGER_CORRUPT', 'eth_getLogs did not return a list');
    return first;
  }

  /**
   * Direct reads walk the topic's block chain backwards (`topics().lastBlock`, then each Entry's
   * `prevBlock`): one `eth_getLogs` per block that holds the topic, down to the first wanted
   * position — or one call for the rest of the topic once it fits in one `maxBlockRange` window.
   */
  async #readDirect(topic: string, from: number, limit: number): Promise<LedgerEntry[]> {
    const safe = await this.#safeHead();
    if (safe < 0n) return [];
    const [count, first, last] = await this.#topicState(topic, safe);
    const n = Number(count);
    if (from >= n) return [];
    const end = Math.min(n, from + limit);
    const topicHash = keccak256(stringToBytes(topic));
    const { chainId } = await this.#getReady();
    const found: EntryLogData[] = [];
    let blk = last;
    for (;;) {
      // What is left of the topic fits in one window: one call for all of it.
      const rest = blk - first < this.#maxBlockRange;
      const logs = (await this.#getLogs(rest ? first : blk, blk, topicHash))
        .map(decodeRegistryLog)
        .filter((l): l is EntryLogData => l?.kind === 'entry' && l.topicHash === topicHash);
      if (logs.length === 0) throw ledgerError('ERR_LEDGER_CORRUPT', `no entry of the topic in block ${blk}`);
      found.push(...logs);
      if (rest) break;
      let lowest = (logs[0] as EntryLogData).position;
      for (const l of logs) if (l.position < lowest) lowest = l.position;
      if (lowest <= BigInt(from) || lowest === 0n) break;
      const prev = (logs[0] as EntryLogData).prevBlock;
      if (prev >= blk || prev < first || prev === 0n)
        throw ledgerError('ERR_LEDGER_CORRUPT', `the topic's block chain breaks at block ${blk}`);
      blk = prev;
    }
    const out: LedgerEntry[] = [];
    let lastTime = '';
    for (const log of sortLogs(found)) {
      const pos = Number(log.position);
      if (pos < from || pos >= end) continue;
      if (pos !== from + out.length) {
        throw ledgerError(
          'ERR_LEDGER_CORRUPT',
          `expected position ${from + out.length} in topic, found ${pos}`,
        );
      }
      const e = await this.#entryFromLog(log, chainId, pos);
      lastTime = checkTimeOrder(lastTime, e.time);
      out.push(e);
    }
    if (out.length !== end - from) {
      throw ledgerError(
        'ERR_LEDGER_CORRUPT',
        `expected ${end - from} entries from the node, found ${out.length}`,
      );
    }
    return out;
  }

  async #entryFromLog(log: EntryLogData, chainId: number, position: number): Promise<LedgerEntry> {
    const digest = sha256Bytes(log.payload);
    if (toHex(digest) !== log.contentHash) {
      throw ledgerError('ERR_LEDGER_CORRUPT', 'an Entry event whose content hash does not match its payload');
    }
    const anchor: EvmLogAnchor = {
      type: 'evm-log',
      chainId,
      contract: this.address,
      txHash: log.txHash,
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash,
      logIndex: log.logIndex,
      contractPosition: Number(log.position),
    };
    return {
      topic: log.topic,
      position,
      id: idFromDigest(digest),
      time: await this.#blockTime(log.blockHash, log.blockNumber),
      payload: log.payload,
      anchor,
    };
  }

  /** Sends one contract transaction (sends are serialised per ledger so nonces stay in order). */
  async #transact(
    fn: 'append' | 'appendMany' | 'anchorBatch',
    args: readonly unknown[],
    entries: number,
    bytes: number,
  ): Promise<{ receipt: TransactionReceipt; logs: (EntryLogData | BatchLogData)[] }> {
    const wallet = this.#wallet;
    if (!wallet) throw new TypeError('this ledger is read-only: give it a walletClient or an account');
    await this.#getReady();
    const send = this.#sendChain.then(() =>
      this.#call(fn, async () => {
        // The node estimates against the state it has now; appends already in flight can change
        // the storage this one writes (a topic's block pointer), so the estimate gets a margin
        // (an out-of-gas revert would otherwise surface as a failed append under concurrency).
        const estimate = await this.#pub.estimateContractGas({
          address: this.address,
          abi: REGISTRY_ABI,
          functionName: fn,
          args: args as never,
          account: wallet.account,
        } as never);
        return wallet.writeContract({
          address: this.address,
          abi: REGISTRY_ABI,
          functionName: fn,
          args: args as never,
          chain: wallet.chain ?? null,
          account: wallet.account,
          gas: estimate + estimate / 20n + 30_000n,
        } as never);
      }),
    ) as Promise<Hex>;
    this.#sendChain = send.catch(() => undefined);
    const txHash = await send;
    let receipt: TransactionReceipt;
    try {
      receipt = await this.#pub.waitForTransactionReceipt({
        hash: txHash,
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
    const logs: (EntryLogData | BatchLogData)[] = [];
    for (const l of receipt.logs) {
      if (l.address.toLowerCase() !== this.address.toLowerCase()) continue;
      const d = decodeRegistryLog(l as unknown as RawLog);
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
        this.#assertAvailable(e.topic);
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
      if (l.kind === 'entry') byKey.set(`${l.topicHash}/${l.contentHash}`, Number(l.position));
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
      this.#want(entries.map((e) => e.topic));
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

  /** Marks topics as read here, so the next sync fetches the named batches that hold them. */
  #want(topics: Iterable<string>): void {
    for (const t of topics) this.#wanted.add(keccak256(stringToBytes(t)));
  }

  /** Throws `ERR_LEDGER_UNAVAILABLE` when a pending batch holds up the topic. */
  #assertAvailable(topic: string): void {
    if (this.#held.length === 0) return;
    const th = keccak256(stringToBytes(topic));
    for (const h of this.#held) {
      if (h.kind !== 'batch') continue;
      if (h.log.topicHashes.length === 0 || h.log.topicHashes.includes(th)) {
        throw ledgerError(
          'ERR_LEDGER_UNAVAILABLE',
          `topic ${topic} is pending availability of batch file ${h.log.uri} (root ${h.log.root}, block ${h.log.blockNumber}): ${h.reason}`,
        );
      }
    }
  }

  #resetIndex(): void {
    this.#index = new Map();
    this.#indexEntries = 0;
    this.#indexBatches = 0;
    this.#rejectedBatches = [];
    this.#held = [];
    this.#nextTry.clear();
    this.#lastTime = '';
    this.#skipped = 0;
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
    const start = this.#syncedBlock >= 0n ? this.#syncedBlock + 1n : await this.#startBlock();
    if (start > safe && this.#held.length === 0) return;
    const { chainId } = await this.#getReady();
    // Work on a copy so a failure half-way leaves the view as it was.
    const snapshot = {
      index: new Map(
        [...this.#index].map(([k, v]) => [k, { entries: v.entries.slice(), ids: new Map(v.ids) }]),
      ),
      entries: this.#indexEntries,
      batches: this.#indexBatches,
      rejected: this.#rejectedBatches.slice(),
      held: this.#held.slice(),
      skipped: this.#skipped,
      lastTime: this.#lastTime,
    };
    try {
      // Items waiting from earlier syncs come first (they are older than anything new).
      const fresh: Held[] = [];
      let lastTime = this.#lastTime;
      if (start <= safe) {
        for (let lo = start; lo <= safe; lo += this.#maxBlockRange) {
          const hi = lo + this.#maxBlockRange - 1n < safe ? lo + this.#maxBlockRange - 1n : safe;
          const got: Held[] = [];
          for (const raw of await this.#getLogs(lo, hi)) {
            if (String(raw.address).toLowerCase() !== this.address.toLowerCase()) continue;
            const d = decodeRegistryLog(raw);
            if (d === undefined) {
              this.#skipped++;
              continue;
            }
            if (d.kind === 'batch') got.push({ kind: 'batch', log: d, reason: '' });
            else
              got.push({
                kind: 'entry',
                topicHash: d.topicHash,
                entry: await this.#entryFromLog(d, chainId, 0),
              });
          }
          got.sort((x, y) => {
            const a = placeOf(x);
            const b = placeOf(y);
            return a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1;
          });
          for (const g of got) if (g.kind === 'entry') lastTime = checkTimeOrder(lastTime, g.entry.time);
          fresh.push(...got);
        }
      }
      this.#held = await this.#advance([...this.#held, ...fresh], chainId);
      this.#lastTime = lastTime;
      if (start <= safe) {
        const b = await this.#call('eth_getBlockByNumber', () => this.#pub.getBlock({ blockNumber: safe }));
        this.#syncedBlock = safe;
        this.#syncedHash = b.hash ?? undefined;
      }
    } catch (err) {
      this.#index = snapshot.index;
      this.#indexEntries = snapshot.entries;
      this.#indexBatches = snapshot.batches;
      this.#rejectedBatches = snapshot.rejected;
      this.#held = snapshot.held;
      this.#skipped = snapshot.skipped;
      this.#lastTime = snapshot.lastTime;
      throw err;
    }
  }

  /**
   * Walks items in chain order: entries of topics no pending batch names go into the view; a
   * batch is loaded (available: its entries go on in batch order; rejected: skipped by everyone;
   * not available: it waits, and so does everything after it in the topics it names).
   * @returns what still waits, in order
   */
  async #advance(items: readonly Held[], chainId: number): Promise<Held[]> {
    const out: Held[] = [];
    const blocked = new Set<Hex>();
    let blockAll = false;
    const place = (topicHash: Hex, entry: LedgerEntry) => {
      if (blockAll || blocked.has(topicHash)) out.push({ kind: 'entry', topicHash, entry });
      else this.#indexAdd(entry);
    };
    // Fetch every batch that is due at once (a few at a time), so N slow or hanging files cost
    // about one fetch time, not N; a batch that was just asked for waits `retryPendingMs`.
    const now = Date.now();
    const deferred = (i: Extract<Held, { kind: 'batch' }>) =>
      !this.#fetchAll && i.log.topicHashes.length > 0 && !i.log.topicHashes.some((h) => this.#wanted.has(h));
    const due = items.filter(
      (i): i is Extract<Held, { kind: 'batch' }> =>
        i.kind === 'batch' && !deferred(i) && (this.#nextTry.get(batchId(i.log)) ?? 0) <= now,
    );
    const outcomes = new Map<Held, BatchOutcome>();
    for (let k = 0; k < due.length; k += FETCH_CONCURRENCY) {
      const chunk = due.slice(k, k + FETCH_CONCURRENCY);
      const rs = await Promise.all(chunk.map((i) => this.#loadBatch(i.log, chainId)));
      for (const [j, i] of chunk.entries()) outcomes.set(i, rs[j] as BatchOutcome);
    }
    for (const item of items) {
      if (item.kind === 'entry') {
        place(item.topicHash, item.entry);
        continue;
      }
      const r: BatchOutcome =
        outcomes.get(item) ??
        (deferred(item) ? { kind: 'deferred' } : { kind: 'pending', reason: item.reason });
      const id = batchId(item.log);
      if (r.kind === 'deferred') {
        // Nobody here reads its topics: it waits, unfetched, in front of their later entries.
        out.push({
          kind: 'batch',
          log: item.log,
          reason: 'not fetched: no topic of it was read',
          deferred: true,
        });
        for (const h of item.log.topicHashes) blocked.add(h);
        continue;
      }
      if (r.kind === 'pending') {
        if (outcomes.has(item)) this.#nextTry.set(id, Date.now() + this.#retryPendingMs);
      } else {
        this.#nextTry.delete(id);
      }
      if (r.kind === 'rejected') {
        this.#rejectedBatches.push({ root: item.log.root, uri: item.log.uri ?? '', reason: r.reason });
      } else if (r.kind === 'pending') {
        out.push({ kind: 'batch', log: item.log, reason: r.reason });
        if (item.log.topicHashes.length === 0) blockAll = true;
        for (const h of item.log.topicHashes) blocked.add(h);
      } else {
        this.#indexBatches++;
        for (const e of r.entries) place(keccak256(stringToBytes(e.topic)), e);
      }
    }
    return out;
  }

  /** Fetches and checks one batch file (at most the contract's fetch time per attempt). */
  async #loadBatch(log: BatchLogData, chainId: number): Promise<BatchOutcome> {
    const cas = this.cas as CasStore;
    const { limits } = await this.#getReady();
    const { root, count, uri, size } = log;
    // Rejected without a fetch: what no file could ever satisfy.
    if (uri === undefined || casIdDigest(uri) === undefined)
      return { kind: 'rejected', reason: 'the batch file id can never verify (not a sha2-256 content id)' };
    if (count < 1n || count > BigInt(limits.maxBatchEntries))
      return { kind: 'rejected', reason: `count ${count} out of range` };
    if (size < 1n || size > BigInt(limits.maxBatchFileBytes))
      return { kind: 'rejected', reason: `file size ${size} out of range` };
    if (BigInt(log.topicHashes.length) > count)
      return { kind: 'rejected', reason: 'more topics than entries' };
    let file: Uint8Array | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      file = await Promise.race([
        cas.get(uri),
        new Promise<undefined>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${limits.fetchTimeoutMs} ms`)),
            limits.fetchTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      return {
        kind: 'pending',
        reason: `the store failed: ${redactText(String((err as Error)?.message ?? err))}`,
      };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    if (!(file instanceof Uint8Array)) return { kind: 'pending', reason: 'not in the content store' };
    // A store that serves other bytes is unavailable, not a verdict on the batch: ask again later.
    if (!verifyCasId(uri, file))
      return { kind: 'pending', reason: 'the store returned bytes that do not hash to the id' };
    // From here on the bytes are the ones every reader gets: any failure rejects the batch for all.
    if (BigInt(file.length) !== size)
      return { kind: 'rejected', reason: `the file has ${file.length} bytes, the anchor says ${size}` };
    let entries: LedgerAppend[];
    try {
      entries = decodeBatchFile(file, {
        maxEntries: limits.maxBatchEntries,
        maxEntryBytes: limits.maxEntryBytes,
      });
    } catch (err) {
      return { kind: 'rejected', reason: (err as Error).message };
    }
    if (BigInt(entries.length) !== count)
      return { kind: 'rejected', reason: `expected ${count} entries, found ${entries.length}` };
    if (entries.some((e) => e.payload.length === 0)) return { kind: 'rejected', reason: 'an entry is empty' };
    if (log.topicHashes.length > 0) {
      const declared = new Set(log.topicHashes);
      const actual = new Set(entries.map((e) => keccak256(stringToBytes(e.topic))));
      if (
        declared.size !== log.topicHashes.length ||
        actual.size !== declared.size ||
        [...actual].some((h) => !declared.has(h))
      )
        return { kind: 'rejected', reason: 'the topics of the file are not the ones the anchor names' };
    }
    const digests = entries.map((e) => sha256Bytes(e.payload));
    const tree = new MerkleTree(entries.map((e, i) => merkleLeaf(e.topic, digests[i] as Uint8Array)));
    if (!constantTimeEqual(tree.root, fromHex(root)))
      return { kind: 'rejected', reason: 'the Merkle root of the batch file is not the anchored root' };
    const time = await this.#blockTime(log.blockHash, log.blockNumber);
    return {
      kind: 'ok',
      entries: entries.map((e, i) => ({
        topic: e.topic,
        position: 0,
        id: idFromDigest(digests[i] as Uint8Array),
        time,
        payload: e.payload,
        anchor: {
          type: 'merkle-batch',
          chainId,
          contract: this.address,
          txHash: log.txHash,
          blockNumber: Number(log.blockNumber),
          blockHash: log.blockHash,
          logIndex: log.logIndex,
          batchNumber: Number(log.batchNumber),
          key: log.key,
          submitter: log.submitter,
          root,
          count: entries.length,
          index: i,
          proof: tree.proof(i).map(toHex),
          uri,
        } satisfies MerkleBatchAnchor,
      })),
    };
  }
}

/** Block times along the chain never decrease; a node that says otherwise is not believed. */
function checkTimeOrder(last: string, time: string): string {
  if (last !== '' && time < last)
    throw ledgerError('ERR_LEDGER_CORRUPT', `block time ${time} is before an earlier block's ${last}`);
  return time;
}

/** Batch files fetched at once during a sync. */
const FETCH_CONCURRENCY = 16;

function batchId(log: BatchLogData): string {
  return `${log.txHash}:${log.logIndex}`;
}

function placeOf(h: Held): [bigint, number] {
  if (h.kind === 'batch') return [h.log.blockNumber, h.log.logIndex];
  const a = h.entry.anchor as EvmLogAnchor;
  return [BigInt(a.blockNumber), a.logIndex];
}

/** Whether runtime code is this package's registry (the bytes of immutables aside). */
function isRegistryCode(code: Hex): boolean {
  const want = REGISTRY_DEPLOYED_BYTECODE.toLowerCase();
  const got = code.toLowerCase();
  if (got.length !== want.length) return false;
  let at = 2;
  for (const [start, length] of REGISTRY_IMMUTABLE_RANGES) {
    const s = 2 + start * 2;
    if (got.slice(at, s) !== want.slice(at, s)) return false;
    at = s + length * 2;
  }
  return got.slice(at) === want.slice(at);
}

/** The contract's `batchKey`, computed locally. */
function batchKeyOf(
  root: Hex,
  submitter: Address,
  count: number,
  size: number,
  uri: string,
  topicHashes: readonly Hex[],
): Hex {
  const packed =
    topicHashes.length === 0 ? '0x' : (`0x${topicHashes.map((h) => h.slice(2)).join('')}` as Hex);
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'address' },
        { type: 'uint64' },
        { type: 'uint64' },
        { type: 'bytes32' },
        { type: 'bytes32' },
      ],
      [root, submitter, BigInt(count), BigInt(size), keccak256(stringToBytes(uri)), keccak256(packed as Hex)],
    ),
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
