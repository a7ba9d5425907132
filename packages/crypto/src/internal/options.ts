import type { KeyType } from '../KeyType.js';
import { describe } from './assert.js';

/** Reads `options.format`: false for raw (default), true for DER. Cheap; throws on misuse. */
export function readDer(type: KeyType, options: { format?: unknown } | undefined, name: string): boolean {
  if (options === undefined) return false;
  if (
    typeof options !== 'object' ||
    options === null ||
    Array.isArray(options) ||
    ArrayBuffer.isView(options)
  ) {
    throw new TypeError(`${name}: expected an options object, found ${describe(options)}`);
  }
  const format = options.format;
  if (format === undefined || format === 'raw') return false;
  if (format === 'der') {
    if (type === 'Ed25519') throw new RangeError(`${name}.format: "der" applies to ECDSA only, not Ed25519`);
    return true;
  }
  throw new TypeError(`${name}.format: expected "raw" or "der", found ${describe(format)}`);
}

/** Reads `options.lowS` (default false). */
export function readLowS(options: { lowS?: unknown } | undefined, name: string): boolean {
  if (options === undefined) return false;
  const lowS = options.lowS;
  if (lowS === undefined) return false;
  if (typeof lowS !== 'boolean')
    throw new TypeError(`${name}.lowS: expected a boolean, found ${describe(lowS)}`);
  return lowS;
}
