import { contentIdFromDigest, sha256Digest } from './internal/contentId.js';

/**
 * Computes the id a RealDID ledger gives an entry: the multibase (base58btc) sha2-256 multihash of
 * its payload, `'z' + base58btc(0x12 0x20 || sha256(payload))`.
 *
 * @param payload - the entry bytes
 * @returns the content id, e.g. `zQm…` (47 characters)
 * @throws TypeError when `payload` is not a Uint8Array
 * @example
 * ```ts
 * import { entryId } from '@realdid/ledger';
 * entryId(new TextEncoder().encode('hello')); // 'zQmRN6wdp1S2A5EtjW9A3M1vKSBuQQGcgvuhoMUoEz4iiT5'
 * ```
 */
export function entryId(payload: Uint8Array): string {
  if (!(payload instanceof Uint8Array)) throw new TypeError('payload must be a Uint8Array');
  return contentIdFromDigest(sha256Digest(payload));
}
