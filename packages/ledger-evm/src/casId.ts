import { constantTimeEqual } from '@realdid/crypto';
import { CID } from 'multiformats/cid';
import { contentId, digestFromId, sha256Bytes } from './internal/contentId.js';

/**
 * The id a {@link CasStore} gives bytes: `'z' + base58btc(0x12 0x20 || sha256(bytes))`.
 *
 * @param bytes - the file
 * @returns its content id
 * @example
 * ```ts
 * casId(new TextEncoder().encode('hello')); // 'zQm…'
 * ```
 */
export function casId(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  return contentId(bytes);
}

/**
 * Checks that bytes are what a content id names. Accepts the multihash form of {@link casId} and
 * CIDv1 with the raw codec and sha2-256 (what an IPFS adapter returns for a single-block file).
 *
 * @param id - the content id (from the chain)
 * @param bytes - the bytes a store returned
 * @returns true when sha256(bytes) is the digest inside `id`
 */
export function verifyCasId(id: string, bytes: Uint8Array): boolean {
  if (typeof id !== 'string' || !(bytes instanceof Uint8Array)) return false;
  const digest = casIdDigest(id);
  if (digest === undefined) return false;
  return constantTimeEqual(digest, sha256Bytes(bytes));
}

/**
 * The sha2-256 digest named by a content id, or undefined when the id is not one that
 * {@link verifyCasId} could ever accept (so no store needs to be asked for it).
 *
 * @param id - a content id: the multihash form of {@link casId}, or a CIDv1 (raw codec, sha2-256)
 * @returns the 32-byte digest, or undefined
 */
export function casIdDigest(id: string): Uint8Array | undefined {
  if (typeof id !== 'string') return undefined;
  let digest = digestFromId(id);
  if (digest === undefined && id.startsWith('b') && id.length < 100) {
    try {
      const cid = CID.parse(id);
      if (
        cid.version === 1 &&
        cid.code === 0x55 &&
        cid.multihash.code === 0x12 &&
        cid.multihash.size === 32
      ) {
        digest = cid.multihash.digest;
      }
    } catch {
      digest = undefined;
    }
  }
  return digest;
}
