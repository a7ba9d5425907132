import type { KeyType } from '../KeyType.js';
import { utf8Encode } from '../utf8.js';
import { describe, isBytes } from './assert.js';
import { MAX_SM2_USER_ID_BYTES } from './sm2.js';

/**
 * Reads `options.userId`, the SM2 user ID (distinguishing identifier): bytes, or a string taken as
 * UTF-8. Returns undefined when absent (the GM/T 0009 default then applies). Misuse throws at once:
 * a TypeError for a wrong type, a RangeError for more than 8191 bytes (ENTL is a 16-bit bit count)
 * or for a user ID given with a key type other than SM2.
 */
export function readUserId(
  type: KeyType,
  options: { userId?: unknown } | undefined,
  name: string,
): Uint8Array | undefined {
  if (options === undefined || typeof options !== 'object' || options === null) return undefined;
  const v = options.userId;
  if (v === undefined) return undefined;
  let bytes: Uint8Array;
  if (typeof v === 'string') bytes = utf8Encode(v);
  else if (isBytes(v))
    bytes = new Uint8Array(v); // a private copy
  else throw new TypeError(`${name}.userId: expected a Uint8Array or a string, found ${describe(v)}`);
  if (type !== 'SM2') throw new RangeError(`${name}.userId: applies to SM2 only, not ${type}`);
  if (bytes.length > MAX_SM2_USER_ID_BYTES) {
    throw new RangeError(
      `${name}.userId: expected at most ${MAX_SM2_USER_ID_BYTES} bytes, found ${bytes.length}`,
    );
  }
  return bytes;
}
