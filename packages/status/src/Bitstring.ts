import { checkBytes, checkInteger } from './internal/errors.js';
import { MAX_STATUS_ENTRIES } from './StatusList.js';

/** The default and minimum number of entries of a Bitstring Status List (16 KiB of 1-bit entries). */
export const BITSTRING_MIN_ENTRIES = 131_072;

/**
 * A W3C Bitstring Status List bitstring (Bitstring Status List v1.0 §2.2): `length` entries of
 * `statusSize` bits, where entry 0 starts at the left-most (most significant) bit of byte 0.
 * Note the opposite bit order from the Token Status List ({@link StatusList}).
 *
 * @example
 * ```ts
 * import { Bitstring } from '@realdid/status';
 * const bits = new Bitstring(); // 131,072 one-bit entries
 * bits.set(7, 1);
 * bits.toBytes()[0]; // 0b0000_0001
 * ```
 */
export class Bitstring {
  /** Number of entries. */
  readonly length: number;
  /** Bits per entry (1 to 8). */
  readonly statusSize: number;
  readonly #bytes: Uint8Array;

  /**
   * @param length - number of entries (default {@link BITSTRING_MIN_ENTRIES}); the byte array is
   *   rounded up to whole bytes
   * @param statusSize - bits per entry, 1 (default) to 8
   * @throws TypeError / RangeError for bad sizes
   */
  constructor(length: number = BITSTRING_MIN_ENTRIES, statusSize = 1) {
    checkInteger('length', length, 1, MAX_STATUS_ENTRIES);
    checkInteger('statusSize', statusSize, 1, 8);
    this.length = length;
    this.statusSize = statusSize;
    this.#bytes = new Uint8Array(Math.ceil((length * statusSize) / 8));
  }

  /**
   * Makes a bitstring from its uncompressed bytes (copied); it has `floor(bytes.length * 8 / statusSize)` entries.
   *
   * @param bytes - the uncompressed bitstring
   * @param statusSize - bits per entry, 1 to 8
   * @returns the bitstring
   * @throws TypeError / RangeError for an empty array or a bad size
   */
  static fromBytes(bytes: Uint8Array, statusSize = 1): Bitstring {
    checkBytes('bytes', bytes);
    checkInteger('statusSize', statusSize, 1, 8);
    const length = Math.floor((bytes.length * 8) / statusSize);
    if (length < 1) throw new RangeError('bytes: too short for one entry');
    const b = new Bitstring(Math.min(length, MAX_STATUS_ENTRIES), statusSize);
    b.#bytes.set(bytes.subarray(0, b.#bytes.length));
    return b;
  }

  /**
   * @param index - the entry, 0 ≤ index < length
   * @returns its value (0 to 2^statusSize − 1)
   * @throws TypeError / RangeError for an index out of range
   */
  get(index: number): number {
    checkInteger('index', index, 0, this.length - 1);
    let value = 0;
    const start = index * this.statusSize;
    for (let k = 0; k < this.statusSize; k++) {
      const pos = start + k;
      value = (value << 1) | ((this.#bytes[Math.floor(pos / 8)]! >>> (7 - (pos % 8))) & 1);
    }
    return value;
  }

  /**
   * @param index - the entry, 0 ≤ index < length
   * @param value - 0 to 2^statusSize − 1
   * @throws TypeError / RangeError for an index or value out of range
   */
  set(index: number, value: number): void {
    checkInteger('index', index, 0, this.length - 1);
    checkInteger('value', value, 0, (1 << this.statusSize) - 1);
    const start = index * this.statusSize;
    for (let k = 0; k < this.statusSize; k++) {
      const pos = start + k;
      const bit = (value >>> (this.statusSize - 1 - k)) & 1;
      const mask = 1 << (7 - (pos % 8));
      const at = Math.floor(pos / 8);
      this.#bytes[at] = bit ? this.#bytes[at]! | mask : this.#bytes[at]! & ~mask;
    }
  }

  /** @returns a copy of the uncompressed bitstring */
  toBytes(): Uint8Array {
    return this.#bytes.slice();
  }
}
