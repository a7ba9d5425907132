import { CIPHERSUITES, type Ciphersuite } from '../Ciphersuite.js';
import { bytesToNumberBE } from './bytes.js';
import { R } from './curve.js';
import { bbsError } from './errors.js';

/** The default cap on the number of messages a signature or proof may carry. */
export const DEFAULT_MAX_MESSAGES = 1024;

/** A plain object of options; anything else is misuse. */
export function assertOptions(value: unknown, fn: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${fn}: expected an options object, found ${value === null ? 'null' : typeof value}`);
  }
}

export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name}: expected a Uint8Array, found ${value === null ? 'null' : typeof value}`);
  }
}

/** An optional byte string (header, presentation header): undefined means empty. */
export function optionalBytes(value: unknown, name: string): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  assertBytes(value, name);
  return value;
}

export function ciphersuiteOption(value: unknown): Ciphersuite {
  if (value === undefined) return 'BLS12-381-SHAKE-256';
  if (typeof value !== 'string' || !(CIPHERSUITES as readonly string[]).includes(value)) {
    const found = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
    throw new TypeError(`ciphersuite: expected one of ${CIPHERSUITES.join(', ')}, found ${found}`);
  }
  return value as Ciphersuite;
}

export function maxMessagesOption(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_MESSAGES;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError('maxMessages: expected a non-negative safe integer');
  }
  return value;
}

/** An array of byte strings (messages): copied, so later mutation by the caller has no effect. */
export function bytesArray(value: unknown, name: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new TypeError(`${name}: expected an array of Uint8Array`);
  return value.map((m, i) => {
    assertBytes(m, `${name}[${i}]`);
    return m.slice();
  });
}

/** A secret key: 32 bytes, 0 < SK < r. The caller's own key, so a bad one is misuse. */
export function secretKeyScalar(value: unknown): bigint {
  assertBytes(value, 'secretKey');
  if (value.length !== 32) throw new RangeError(`secretKey: expected 32 bytes, found ${value.length}`);
  const sk = bytesToNumberBE(value);
  if (sk === 0n || sk >= R) throw new RangeError('secretKey: expected a scalar in [1, r-1]');
  return sk;
}

/** The count of messages against the limit; over it is a coded error (untrusted sizes). */
export function checkCount(count: number, max: number): void {
  if (count > max) {
    throw bbsError('ERR_BBS_LIMIT', `expected at most ${max} messages (maxMessages), found ${count}`);
  }
}

/**
 * Disclosed indexes: strictly ascending integers in [0, total - 1]. `untrusted` decides between a
 * coded error (a presentation being verified) and a RangeError (the caller's own request).
 */
export function indexesOption(value: unknown, total: number, untrusted: boolean): number[] {
  if (!Array.isArray(value)) throw new TypeError('disclosedIndexes: expected an array of integers');
  const out: number[] = [];
  for (const [k, i] of value.entries()) {
    if (typeof i !== 'number' || !Number.isInteger(i)) {
      throw new TypeError(`disclosedIndexes[${k}]: expected an integer, found ${typeof i}`);
    }
    const prev = out.length === 0 ? -1 : out[out.length - 1]!;
    if (i < 0 || i >= total || i <= prev) {
      const msg = `disclosedIndexes[${k}] = ${i}: expected strictly ascending indexes in [0, ${total - 1}]`;
      if (untrusted) throw bbsError('ERR_BBS_INDEXES_INVALID', msg);
      throw new RangeError(msg);
    }
    out.push(i);
  }
  return out;
}

/**
 * The disclosed positions of a blind layout — L signer messages, the prover blind, then M committed
 * scalars — from the signer and committed indexes. With `disclosedCounts` (a verifier's: the number
 * of disclosed signer and committed messages received) the indexes are untrusted and there must be
 * exactly one per disclosed message.
 */
export function blindDisclosed(
  options: { disclosedIndexes?: readonly number[]; disclosedCommittedIndexes?: readonly number[] },
  L: number,
  M: number,
  disclosedCounts?: readonly [number, number],
): number[] {
  const untrusted = disclosedCounts !== undefined;
  const di = indexesOption(options.disclosedIndexes ?? [], L, untrusted);
  const dci = indexesOption(options.disclosedCommittedIndexes ?? [], M, untrusted);
  if (untrusted && (di.length !== disclosedCounts[0] || dci.length !== disclosedCounts[1])) {
    throw bbsError('ERR_BBS_INDEXES_INVALID', 'expected one index per disclosed message');
  }
  return [...di, ...dci.map((j) => j + L + 1)];
}

/** The indexes in [0, total - 1] that are not in `disclosed` (ascending). */
export function complement(disclosed: readonly number[], total: number): number[] {
  const set = new Set(disclosed);
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (!set.has(i)) out.push(i);
  return out;
}
