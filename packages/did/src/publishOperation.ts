import type { AppendReceipt, LedgerClient } from '@realdid/ledger';
import { describe } from './internal/errors.js';
import type { BuiltOperation } from './Operation.js';
import type { ResolutionCache } from './ResolutionCache.js';

function assertLedger(ledger: unknown): LedgerClient {
  const l = ledger as LedgerClient | null;
  if (
    l === null ||
    typeof l !== 'object' ||
    typeof l.append !== 'function' ||
    typeof l.appendBatch !== 'function'
  ) {
    throw new TypeError(`ledger: expected a LedgerClient, found ${describe(ledger)}`);
  }
  return l;
}

/** Options of {@link publishOperation}, {@link publishOperations} and {@link anchorDid}. */
export interface PublishOptions {
  /**
   * A resolution cache to invalidate: once the append succeeds, every cached result of the DID
   * is dropped, so that this process never serves keys that its own recovery, deactivation or
   * update has just replaced. Other processes' caches keep theirs until they expire (spec §5.1).
   */
  cache?: ResolutionCache;
}

function cacheOf(options: PublishOptions | undefined): ResolutionCache | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, found ${describe(options)}`);
  const c = options.cache;
  if (c === undefined) return undefined;
  if (c === null || typeof c !== 'object' || typeof (c as ResolutionCache).delete !== 'function')
    throw new TypeError(`options.cache: expected a ResolutionCache, found ${describe(c)}`);
  return c;
}

function invalidate(cache: ResolutionCache | undefined, built: BuiltOperation): void {
  if (cache === undefined) return;
  const network = built.operation.type === 'create' ? built.operation.network : undefined;
  const did =
    built.did ??
    (network === undefined ? `did:realdid:${built.topic}` : `did:realdid:${network}:${built.topic}`);
  cache.delete(did);
}

function assertBuilt(op: unknown, where: string): BuiltOperation {
  const o = op as BuiltOperation | null;
  if (
    o === null ||
    typeof o !== 'object' ||
    !(o.payload instanceof Uint8Array) ||
    typeof o.topic !== 'string' ||
    o.topic === ''
  ) {
    throw new TypeError(
      `${where}: expected an operation built by createDid/updateDid/recoverDid/deactivateDid`,
    );
  }
  return o;
}

/**
 * Anchors a DID: appends its create operation to the ledger topic named by its suffix. The short
 * form resolves from then on. Anchoring twice adds nothing (the ledger de-duplicates).
 *
 * @param ledger - the ledger client of the DID's network
 * @param created - what {@link createDid} returned
 * @param options - `cache`: a resolution cache to invalidate once the append succeeds
 * @returns the ledger receipt
 * @throws TypeError on misuse; the ledger's RealDidError when the append fails
 * @example
 * ```ts
 * import { anchorDid, createDid } from '@realdid/did';
 * import { MemoryLedger } from '@realdid/ledger';
 * const receipt = await anchorDid(new MemoryLedger(), createDid());
 * receipt.position; // 0
 * ```
 */
export async function anchorDid(
  ledger: LedgerClient,
  created: BuiltOperation,
  options?: PublishOptions,
): Promise<AppendReceipt> {
  const built = assertBuilt(created, 'created');
  if (built.operation.type !== 'create') throw new TypeError('created: expected a create operation');
  const cache = cacheOf(options);
  const receipt = await assertLedger(ledger).append(built.topic, built.payload);
  invalidate(cache, built);
  return receipt;
}

/**
 * Publishes one built operation (update, recover, deactivate, or create) on the ledger.
 *
 * @param ledger - the ledger client of the DID's network
 * @param operation - what one of the builders returned
 * @param options - `cache`: a resolution cache to invalidate once the append succeeds (pass the
 *   cache given to {@link getResolver} so that a recovery or deactivation shows at once)
 * @returns the ledger receipt
 * @throws TypeError on misuse; the ledger's RealDidError when the append fails
 */
export async function publishOperation(
  ledger: LedgerClient,
  operation: BuiltOperation,
  options?: PublishOptions,
): Promise<AppendReceipt> {
  const built = assertBuilt(operation, 'operation');
  const cache = cacheOf(options);
  const receipt = await assertLedger(ledger).append(built.topic, built.payload);
  invalidate(cache, built);
  return receipt;
}

/**
 * Publishes several built operations atomically, in order, with one `appendBatch` (for instance
 * many create operations at once).
 *
 * @param ledger - the ledger client
 * @param operations - what the builders returned
 * @param options - `cache`: a resolution cache to invalidate once the batch succeeds
 * @returns one receipt per operation, in order
 * @throws TypeError on misuse; the ledger's RealDidError when the batch fails
 */
export async function publishOperations(
  ledger: LedgerClient,
  operations: readonly BuiltOperation[],
  options?: PublishOptions,
): Promise<AppendReceipt[]> {
  const cache = cacheOf(options);
  if (!Array.isArray(operations))
    throw new TypeError(`operations: expected an array, found ${describe(operations)}`);
  const entries = operations.map((o, i) => {
    const b = assertBuilt(o, `operations[${i}]`);
    return { topic: b.topic, payload: b.payload };
  });
  const receipts = await assertLedger(ledger).appendBatch(entries);
  for (const o of operations) invalidate(cache, o);
  return receipts;
}
