import type { AppendReceipt, LedgerClient } from '@realdid/ledger';
import { describe } from './internal/errors.js';
import type { BuiltOperation } from './Operation.js';

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
export async function anchorDid(ledger: LedgerClient, created: BuiltOperation): Promise<AppendReceipt> {
  const built = assertBuilt(created, 'created');
  if (built.operation.type !== 'create') throw new TypeError('created: expected a create operation');
  return assertLedger(ledger).append(built.topic, built.payload);
}

/**
 * Publishes one built operation (update, recover, deactivate, or create) on the ledger.
 *
 * @param ledger - the ledger client of the DID's network
 * @param operation - what one of the builders returned
 * @returns the ledger receipt
 * @throws TypeError on misuse; the ledger's RealDidError when the append fails
 */
export async function publishOperation(
  ledger: LedgerClient,
  operation: BuiltOperation,
): Promise<AppendReceipt> {
  const built = assertBuilt(operation, 'operation');
  return assertLedger(ledger).append(built.topic, built.payload);
}

/**
 * Publishes several built operations atomically, in order, with one `appendBatch` (for instance
 * many create operations at once).
 *
 * @param ledger - the ledger client
 * @param operations - what the builders returned
 * @returns one receipt per operation, in order
 * @throws TypeError on misuse; the ledger's RealDidError when the batch fails
 */
export async function publishOperations(
  ledger: LedgerClient,
  operations: readonly BuiltOperation[],
): Promise<AppendReceipt[]> {
  if (!Array.isArray(operations))
    throw new TypeError(`operations: expected an array, found ${describe(operations)}`);
  const entries = operations.map((o, i) => {
    const b = assertBuilt(o, `operations[${i}]`);
    return { topic: b.topic, payload: b.payload };
  });
  return assertLedger(ledger).appendBatch(entries);
}
