// The same rules as MemoryLedger's (in @realdid/ledger), kept here so that the shared package exports no internals.
import { DEFAULT_MAX_ENTRY_BYTES } from '@realdid/ledger';

/** Checks the common ledger options and returns the entry size limit. */
export function checkCommonOptions(
  options: unknown,
  kind: string,
): { maxEntryBytes: number; clock: (() => Date) | undefined } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${kind} options must be an object`);
  }
  const o = options as { maxEntryBytes?: unknown; clock?: unknown };
  let maxEntryBytes = DEFAULT_MAX_ENTRY_BYTES;
  if (o.maxEntryBytes !== undefined) {
    if (typeof o.maxEntryBytes !== 'number') throw new TypeError('maxEntryBytes must be a number');
    if (!Number.isSafeInteger(o.maxEntryBytes) || o.maxEntryBytes < 1) {
      throw new RangeError(`maxEntryBytes must be a positive integer, found ${o.maxEntryBytes}`);
    }
    maxEntryBytes = o.maxEntryBytes;
  }
  if (o.clock !== undefined && typeof o.clock !== 'function') throw new TypeError('clock must be a function');
  return { maxEntryBytes, clock: o.clock as (() => Date) | undefined };
}
