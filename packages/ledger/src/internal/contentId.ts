import { sha256 } from '@noble/hashes/sha2.js';
import { base58btcEncode } from './base58.js';

/** Multihash header of a sha2-256 digest: code 0x12, length 0x20. */
const SHA2_256_HEADER = [0x12, 0x20] as const;

/** The content id of a sha2-256 digest: `'z' + base58btc(0x12 0x20 || digest)` (multibase base58btc of the multihash). */
export function contentIdFromDigest(digest: Uint8Array): string {
  const multihash = new Uint8Array(34);
  multihash[0] = SHA2_256_HEADER[0];
  multihash[1] = SHA2_256_HEADER[1];
  multihash.set(digest, 2);
  return `z${base58btcEncode(multihash)}`;
}

/** The sha2-256 digest of a payload (portable). */
export function sha256Digest(payload: Uint8Array): Uint8Array {
  return sha256(payload);
}
