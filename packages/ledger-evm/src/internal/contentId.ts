import { base58btc } from 'multiformats/bases/base58';
import { bytesToHex, hexToBytes, sha256 } from 'viem';

/** sha2-256 of bytes. */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return sha256(data, 'bytes');
}

/** 'z' + base58btc(0x12 0x20 || digest). */
export function idFromDigest(digest: Uint8Array): string {
  const mh = new Uint8Array(34);
  mh[0] = 0x12;
  mh[1] = 0x20;
  mh.set(digest, 2);
  return base58btc.encode(mh);
}

/** The content id of a payload: multibase base58btc of its sha2-256 multihash. */
export function contentId(payload: Uint8Array): string {
  return idFromDigest(sha256Bytes(payload));
}

/** The sha2-256 digest inside a content id, or undefined when it is not one. */
export function digestFromId(id: string): Uint8Array | undefined {
  if (typeof id !== 'string' || !id.startsWith('z') || id.length > 60) return undefined;
  let mh: Uint8Array;
  try {
    mh = base58btc.decode(id);
  } catch {
    return undefined;
  }
  if (mh.length !== 34 || mh[0] !== 0x12 || mh[1] !== 0x20) return undefined;
  return mh.slice(2);
}

export function toHex(bytes: Uint8Array): `0x${string}` {
  return bytesToHex(bytes);
}

export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^(0x)?(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError('expected hex');
  return hexToBytes((hex.startsWith('0x') ? hex : `0x${hex}`) as `0x${string}`);
}
