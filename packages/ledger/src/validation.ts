import { describeType, ledgerError } from './internal/errors.js';
import type { LedgerAppend, ReadOptions } from './LedgerClient.js';
import { TOPIC_PATTERN } from './LedgerClient.js';

/**
 * Checks a topic name the way every RealDID ledger does.
 *
 * A topic that is not a string is caller misuse (`TypeError`); a string that does not match
 * {@link TOPIC_PATTERN} may come from untrusted input (a DID suffix) and is rejected with the coded
 * error `ERR_LEDGER_TOPIC_INVALID`.
 *
 * @param topic - the value to check
 * @throws TypeError when `topic` is not a string
 * @throws RealDidError `ERR_LEDGER_TOPIC_INVALID` when it does not match {@link TOPIC_PATTERN}
 * @example
 * ```ts
 * import { validateTopic } from '@realdid/ledger';
 * validateTopic('did:realdid:zQm'); // ok
 * ```
 */
export function validateTopic(topic: unknown): asserts topic is string {
  if (typeof topic !== 'string') throw new TypeError(`topic must be a string, found ${describeType(topic)}`);
  if (!TOPIC_PATTERN.test(topic)) {
    throw ledgerError(
      'ERR_LEDGER_TOPIC_INVALID',
      `topic must be 1 to 200 characters of A-Z a-z 0-9 : . _ -, found ${topic.length} characters that do not match`,
    );
  }
}

/**
 * Checks one entry to append the way every RealDID ledger does, before anything is written.
 *
 * - `topic`: see {@link validateTopic}.
 * - `payload` not a `Uint8Array` → `TypeError` (caller misuse);
 *   empty → `ERR_LEDGER_ENTRY_INVALID`; longer than `maxEntryBytes` → `ERR_LEDGER_ENTRY_TOO_LARGE`.
 *
 * @param topic - the topic name
 * @param payload - the entry bytes
 * @param maxEntryBytes - the ledger's size limit
 * @throws TypeError, RealDidError `ERR_LEDGER_TOPIC_INVALID` / `ERR_LEDGER_ENTRY_INVALID` / `ERR_LEDGER_ENTRY_TOO_LARGE`
 * @example
 * ```ts
 * import { validateAppend } from '@realdid/ledger';
 * validateAppend('status:list-1', new Uint8Array([1]), 65536); // ok
 * ```
 */
export function validateAppend(topic: unknown, payload: unknown, maxEntryBytes: number): void {
  validateTopic(topic);
  if (!(payload instanceof Uint8Array)) {
    throw new TypeError(`payload must be a Uint8Array, found ${describeType(payload)}`);
  }
  if (payload.length === 0)
    throw ledgerError('ERR_LEDGER_ENTRY_INVALID', 'payload must hold at least one byte, found 0');
  if (payload.length > maxEntryBytes) {
    throw ledgerError(
      'ERR_LEDGER_ENTRY_TOO_LARGE',
      `payload must be at most ${maxEntryBytes} bytes, found ${payload.length}`,
    );
  }
}

/**
 * Checks the argument of `appendBatch`: an array of `{ topic, payload }` objects, each checked with
 * {@link validateAppend}. Nothing is appended when any entry fails.
 *
 * @param entries - the value to check
 * @param maxEntryBytes - the ledger's size limit
 * @returns the entries as a fresh array of fresh `{ topic, payload }` objects (the caller's objects are not kept)
 * @throws TypeError when `entries` is not an array or an entry is not an object; otherwise as {@link validateAppend},
 *   with the index of the failing entry in the message
 * @example
 * ```ts
 * import { validateBatch } from '@realdid/ledger';
 * validateBatch([{ topic: 't', payload: new Uint8Array([1]) }], 65536).length; // 1
 * ```
 */
export function validateBatch(entries: unknown, maxEntryBytes: number): LedgerAppend[] {
  if (!Array.isArray(entries))
    throw new TypeError(`entries must be an array, found ${describeType(entries)}`);
  const out: LedgerAppend[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e: unknown = entries[i];
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      throw new TypeError(`entries[${i}] must be an object { topic, payload }, found ${describeType(e)}`);
    }
    const { topic, payload } = e as { topic?: unknown; payload?: unknown };
    try {
      validateAppend(topic, payload, maxEntryBytes);
    } catch (err) {
      if (err instanceof Error) err.message = `entries[${i}]: ${err.message}`;
      throw err;
    }
    out.push({ topic: topic as string, payload: payload as Uint8Array });
  }
  return out;
}

/**
 * Checks the options of `read`.
 *
 * @param options - `undefined` or `{ from?, limit? }`, each a non-negative safe integer
 * @returns `from` (default 0) and `limit` (default `Infinity`)
 * @throws TypeError for a wrong type, RangeError for a negative or fractional number
 * @example
 * ```ts
 * import { validateReadOptions } from '@realdid/ledger';
 * validateReadOptions({ from: 2 }); // { from: 2, limit: Infinity }
 * ```
 */
export function validateReadOptions(options: unknown): { from: number; limit: number } {
  if (options === undefined) return { from: 0, limit: Number.POSITIVE_INFINITY };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`read options must be an object, found ${describeType(options)}`);
  }
  const o = options as ReadOptions;
  return {
    from: o.from === undefined ? 0 : checkCount(o.from, 'from'),
    limit: o.limit === undefined ? Number.POSITIVE_INFINITY : checkCount(o.limit, 'limit'),
  };
}

function checkCount(value: unknown, name: string): number {
  if (typeof value !== 'number')
    throw new TypeError(`${name} must be a number, found ${describeType(value)}`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, found ${value}`);
  }
  return value;
}
