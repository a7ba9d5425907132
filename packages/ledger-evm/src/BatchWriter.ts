import type { AppendReceipt, LedgerAppend } from '@realdid/ledger';
import { encodeBatchFile } from './batchFile.js';
import type { EvmLedger } from './EvmLedger.js';
import { idFromDigest, sha256Bytes } from './internal/contentId.js';
import { anchorNotAllowed, ledgerError } from './internal/errors.js';
import { MerkleTree, merkleLeaf } from './merkle.js';

/** Options of {@link BatchWriter}. */
export interface BatchWriterOptions {
  /** Anchor as soon as this many entries wait (default 1,000). */
  maxEntries?: number;
  /** Anchor at the latest this long after the first waiting entry, in ms (default 50). */
  maxWaitMs?: number;
}

/** What one anchored batch holds. */
export interface BatchResult {
  root: Uint8Array;
  count: number;
  uri: string;
  txHash: `0x${string}`;
  blockNumber: bigint;
  gasUsed: bigint;
}

interface Job {
  entries: LedgerAppend[];
  resolve: (r: AppendReceipt[]) => void;
  reject: (e: unknown) => void;
}

/**
 * Collects entries and anchors them many at a time: builds the Merkle tree (see `merkleLeaf`),
 * stores the batch file in the ledger's {@link CasStore}, anchors the root in one transaction
 * (`anchorBatch`), waits for the confirmation depth, and resolves every entry with its receipt
 * from the ledger's merged view (so positions are those every reader sees).
 *
 * The ledger's account must be an anchor submitter (see {@link EvmLedger.anchorRights}): for any
 * other account every batch fails with `ERR_LEDGER_TX_REVERTED` (`AnchorNotAllowed`) before its
 * file is stored; it does not fall back to direct writes.
 *
 * Entries a topic already holds are answered at once with `duplicate: true` and left out of the
 * batch. Entries given together to {@link BatchWriter.addMany} always share one batch (atomic).
 *
 * @example
 * ```ts
 * const ledger = await EvmLedger.connect({ url, address, account, cas: new FsCasStore('./batches') });
 * const writer = new BatchWriter(ledger, { maxEntries: 500, maxWaitMs: 100 });
 * const receipts = await Promise.all(dids.map((d) => writer.add(d.topic, d.payload)));
 * ```
 */
export class BatchWriter {
  readonly #ledger: EvmLedger;
  readonly #maxEntries: number;
  readonly #maxWaitMs: number;
  #queue: Job[] = [];
  #queued = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> = Promise.resolve();
  #closed = false;
  /** Batches anchored so far. */
  readonly batches: BatchResult[] = [];

  /**
   * @param ledger - an {@link EvmLedger} with a CAS and a wallet
   * @param options - when to anchor
   */
  constructor(ledger: EvmLedger, options: BatchWriterOptions = {}) {
    if (typeof ledger !== 'object' || ledger === null || typeof ledger.anchorBatch !== 'function') {
      throw new TypeError('ledger must be an EvmLedger');
    }
    if (ledger.cas === undefined) throw new TypeError('the ledger needs a CAS (options.cas) for batches');
    const maxEntries = options.maxEntries ?? 1000;
    const maxWaitMs = options.maxWaitMs ?? 50;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('maxEntries must be an integer >= 1');
    if (!Number.isSafeInteger(maxWaitMs) || maxWaitMs < 0)
      throw new RangeError('maxWaitMs must be an integer >= 0');
    this.#ledger = ledger;
    this.#maxEntries = maxEntries;
    this.#maxWaitMs = maxWaitMs;
  }

  /**
   * Queues one entry.
   * @returns its receipt once its batch is anchored and confirmed
   */
  async add(topic: string, payload: Uint8Array): Promise<AppendReceipt> {
    const [r] = await this.addMany([{ topic, payload }]);
    return r as AppendReceipt;
  }

  /**
   * Queues entries that must land together (one batch, one transaction).
   * @returns their receipts, in order
   */
  addMany(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    if (this.#closed) return Promise.reject(ledgerError('ERR_LEDGER_CLOSED', 'the batch writer is closed'));
    if (!Array.isArray(entries)) throw new TypeError('entries must be an array');
    if (entries.length === 0) return Promise.resolve([]);
    for (const e of entries) {
      if (typeof e?.topic !== 'string' || !(e.payload instanceof Uint8Array)) {
        throw new TypeError('each entry needs a string topic and a Uint8Array payload');
      }
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({
        entries: entries.map((e) => ({ topic: e.topic, payload: e.payload.slice() })),
        resolve,
        reject,
      });
      this.#queued += entries.length;
      if (this.#queued >= this.#maxEntries) {
        void this.flush();
      } else if (this.#timer === undefined) {
        this.#timer = setTimeout(() => void this.flush(), this.#maxWaitMs);
      }
    });
  }

  /** Anchors whatever is queued now (batches run one after another). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const run = this.#running.then(() => this.#flushOnce());
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Anchors what is queued, then refuses new entries. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }

  async #flushOnce(): Promise<void> {
    while (this.#queue.length > 0) {
      // Take whole jobs up to maxEntries (a single larger job goes alone).
      const jobs: Job[] = [];
      let n = 0;
      while (this.#queue.length > 0) {
        const j = this.#queue[0] as Job;
        if (jobs.length > 0 && n + j.entries.length > this.#maxEntries) break;
        this.#queue.shift();
        jobs.push(j);
        n += j.entries.length;
      }
      this.#queued -= n;
      try {
        await this.#anchor(jobs);
      } catch (err) {
        for (const j of jobs) j.reject(err);
      }
    }
  }

  async #anchor(jobs: Job[]): Promise<void> {
    const ledger = this.#ledger;
    const limits = await ledger.limits();
    await ledger.sync({ topics: jobs.flatMap((j) => j.entries.map((e) => e.topic)) });
    // Each payload is hashed once: its digest gives both its id and its Merkle leaf.
    const digests = jobs.map((j) => j.entries.map((e) => sha256Bytes(e.payload)));
    // Leave out what the ledger (or this batch) already holds.
    const batch: LedgerAppend[] = [];
    const leaves: Uint8Array[] = [];
    const keys = new Set<string>();
    for (const [n, j] of jobs.entries()) {
      for (const [k, e] of j.entries.entries()) {
        const digest = digests[n]![k]!;
        const id = idFromDigest(digest);
        const key = `${e.topic}\n${id}`;
        if (keys.has(key)) continue;
        keys.add(key);
        if (await ledger.positionOf(e.topic, id, { sync: false })) continue;
        batch.push(e);
        leaves.push(merkleLeaf(e.topic, digest));
      }
    }
    let mine: BatchResult | undefined;
    if (batch.length > 0) {
      const file = encodeBatchFile(batch);
      if (batch.length > limits.maxBatchEntries || file.length > limits.maxBatchFileBytes) {
        throw ledgerError(
          'ERR_LEDGER_ENTRY_TOO_LARGE',
          `a batch of ${batch.length} entries (${file.length} bytes) is over the ledger's limits (${limits.maxBatchEntries} entries, ${limits.maxBatchFileBytes} bytes)`,
        );
      }
      // An account without anchor rights stores nothing: the contract would refuse its anchor.
      if ((await ledger.anchorRights()) === 'none') throw anchorNotAllowed(ledger.account ?? '');
      const tree = new MerkleTree(leaves);
      const uri = await (ledger.cas as NonNullable<EvmLedger['cas']>).put(file);
      const a = await ledger.anchorBatch(tree.root, batch.length, uri, {
        size: file.length,
        topics: batch.map((e) => e.topic),
      });
      mine = {
        root: tree.root,
        count: batch.length,
        uri,
        txHash: a.txHash,
        blockNumber: a.blockNumber,
        gasUsed: a.gasUsed,
      };
      this.batches.push(mine);
    }
    await ledger.sync();
    const firsts = new Set<string>();
    for (const [n, j] of jobs.entries()) {
      const out: AppendReceipt[] = [];
      for (const [k, e] of j.entries.entries()) {
        const id = idFromDigest(digests[n]![k]!);
        const found = await ledger.positionOf(e.topic, id, { sync: false });
        if (!found) {
          const waiting = ledger.pending();
          if (waiting.length > 0)
            throw ledgerError(
              'ERR_LEDGER_UNAVAILABLE',
              `entry ${id} is anchored, but its topic is pending availability of batch file ${waiting[0]?.uri}`,
            );
          throw ledgerError(
            'ERR_LEDGER_CORRUPT',
            `entry ${id} is missing from the confirmed view after anchoring`,
          );
        }
        const key = `${e.topic}\n${id}`;
        const ours = mine !== undefined && found.txHash === mine.txHash && !firsts.has(key);
        firsts.add(key);
        out.push({ topic: e.topic, position: found.position, id, time: found.time, duplicate: !ours });
      }
      j.resolve(out);
    }
  }
}
