import { DEFAULT_MAX_ENTRY_BYTES, type LedgerClient } from './LedgerClient.js';

/**
 * Checks the options every {@link LedgerClient} implementation shares (`maxEntryBytes`, `clock`)
 * and returns them with their defaults. Other members are left to the implementation.
 *
 * @param options - the options object given to the implementation
 * @param kind - the implementation's name, for messages
 * @throws TypeError / RangeError when an option has the wrong type or range
 *
 * @example
 * ```ts
 * const { maxEntryBytes, clock } = checkLedgerOptions(options, 'MyLedger');
 * ```
 */
export function checkLedgerOptions(
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
