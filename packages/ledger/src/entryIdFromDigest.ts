import { contentIdFromDigest } from './internal/contentId.js';

/**
 * The entry id of a payload whose sha2-256 digest is already known: `'z' + base58btc(0x12 0x20 ||
 * digest)`, the same string {@link entryId} returns for the payload. For ledger implementations that
 * store the raw 32-byte digest (as `SqliteLedger` does) and rebuild ids on read.
 *
 * @param digest - the 32-byte sha2-256 digest of the payload
 * @returns the content id, e.g. `zQm…` (47 characters)
 * @throws TypeError when `digest` is not a Uint8Array; RangeError when it is not 32 bytes long
 * @example
 * ```ts
 * import { createHash } from 'node:crypto';
 * import { entryId, entryIdFromDigest } from '@realdid/ledger';
 * const payload = new TextEncoder().encode('hello');
 * const digest = new Uint8Array(createHash('sha256').update(payload).digest());
 * entryIdFromDigest(digest) === entryId(payload); // true
 * ```
 */
export function entryIdFromDigest(digest: Uint8Array): string {
  if (!(digest instanceof Uint8Array)) throw new TypeError('digest must be a Uint8Array');
  if (digest.length !== 32) throw new RangeError(`digest must be 32 bytes long, found ${digest.length}`);
  return contentIdFromDigest(digest);
}
