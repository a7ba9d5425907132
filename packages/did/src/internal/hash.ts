import { base58btcDecode, base58btcEncode, sha256, utf8Encode } from '@realdid/crypto';
import { SUFFIX_PATTERN } from './limits.js';

/** `z` + base58btc(0x12 0x20 ‖ sha256(bytes)): the hash of the did:realdid method. */
export function multihashOf(bytes: Uint8Array): string {
  const digest = sha256(bytes);
  const mh = new Uint8Array(34);
  mh[0] = 0x12;
  mh[1] = 0x20;
  mh.set(digest, 2);
  return `z${base58btcEncode(mh)}`;
}

/** The commitment to a Multikey: hash(UTF-8(multikey)). */
export function commitmentOf(multikey: string): string {
  return multihashOf(utf8Encode(multikey));
}

/** True when `s` is a well-formed hash (`zQm…`, decoding to a sha2-256 multihash). */
export function isHashString(s: unknown): s is string {
  if (typeof s !== 'string' || !SUFFIX_PATTERN.test(s)) return false;
  try {
    const b = base58btcDecode(s.slice(1));
    return b.length === 34 && b[0] === 0x12 && b[1] === 0x20;
  } catch {
    return false;
  }
}
