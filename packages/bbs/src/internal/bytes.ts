import { bytesToNumberBE, concatBytes, numberToBytesBE } from '@noble/curves/utils.js';

export { bytesToNumberBE, concatBytes };

const encoder = new TextEncoder();

/** ASCII / UTF-8 bytes of a constant string. */
export function ascii(s: string): Uint8Array {
  return encoder.encode(s);
}

/** I2OSP(n, len). */
export function i2osp(n: number | bigint, len: number): Uint8Array {
  return numberToBytesBE(n, len);
}
