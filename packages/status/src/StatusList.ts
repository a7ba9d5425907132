import { checkBytes, checkInteger, describe } from './internal/errors.js';
import { isStatusBits, type StatusBits } from './TokenStatus.js';

/** Largest number of entries a {@link StatusList} or {@link Bitstring} can be created with (2^31 − 1). */
export const MAX_STATUS_ENTRIES = 0x7fff_ffff;

/**
 * A Token Status List (draft-ietf-oauth-status-list §4): a byte array holding `size` statuses of
 * `bits` bits each (1, 2, 4 or 8). Entries are packed from the least significant bit of each byte:
 * with 1 bit per entry, index 0 is bit 0 of byte 0 and index 8 is bit 0 of byte 1.
 *
 * This class holds the uncompressed list. Use {@link encodeStatusList} / {@link decodeStatusList}
 * for the compressed `{ bits, lst }` form that goes into a Status List Token.
 *
 * @example
 * ```ts
 * import { StatusList, TokenStatus } from '@realdid/status';
 * const list = new StatusList(16, 2);
 * list.set(3, TokenStatus.SUSPENDED);
 * list.get(3); // 2
 * ```
 */
export class StatusList {
  /** Bits per entry. */
  readonly bits: StatusBits;
  /** Number of entries. */
  readonly size: number;
  readonly #bytes: Uint8Array;
  readonly #perByte: number;
  readonly #mask: number;

  /**
   * @param size - the number of entries (1 to 2^31 − 1); all start at 0 (VALID)
   * @param bits - bits per entry: 1 (default), 2, 4 or 8
   * @throws TypeError / RangeError for a bad size or bit count
   */
  constructor(size: number, bits: StatusBits = 1) {
    checkInteger('size', size, 1, MAX_STATUS_ENTRIES);
    if (!isStatusBits(bits)) throw new RangeError(`bits: expected 1, 2, 4 or 8, found ${describe(bits)}`);
    this.bits = bits;
    this.size = size;
    this.#perByte = 8 / bits;
    this.#mask = (1 << bits) - 1;
    this.#bytes = new Uint8Array(Math.ceil(size / this.#perByte));
  }

  /**
   * Makes a list from its uncompressed bytes (copied). The list has `bytes.length * 8 / bits` entries.
   *
   * @param bytes - the uncompressed byte array
   * @param bits - bits per entry
   * @returns the list
   * @throws TypeError / RangeError for an empty array or a bad bit count
   */
  static fromBytes(bytes: Uint8Array, bits: StatusBits): StatusList {
    checkBytes('bytes', bytes);
    if (!isStatusBits(bits)) throw new RangeError(`bits: expected 1, 2, 4 or 8, found ${describe(bits)}`);
    if (bytes.length === 0) throw new RangeError('bytes: expected at least one byte');
    const list = new StatusList(Math.min(MAX_STATUS_ENTRIES, (bytes.length * 8) / bits), bits);
    list.#bytes.set(bytes.subarray(0, list.#bytes.length));
    return list;
  }

  /**
   * @param index - the entry, 0 ≤ index < size
   * @returns the status value at that index
   * @throws TypeError / RangeError for an index that is not an integer in range
   */
  get(index: number): number {
    checkInteger('index', index, 0, this.size - 1);
    const byte = this.#bytes[Math.floor(index / this.#perByte)]!;
    return (byte >> ((index % this.#perByte) * this.bits)) & this.#mask;
  }

  /**
   * Sets the status at an index.
   *
   * @param index - the entry, 0 ≤ index < size
   * @param value - the status, 0 ≤ value < 2^bits
   * @throws TypeError / RangeError for an index or value out of range
   */
  set(index: number, value: number): void {
    checkInteger('index', index, 0, this.size - 1);
    checkInteger('value', value, 0, this.#mask);
    const at = Math.floor(index / this.#perByte);
    const shift = (index % this.#perByte) * this.bits;
    this.#bytes[at] = (this.#bytes[at]! & ~(this.#mask << shift)) | (value << shift);
  }

  /** @returns a copy of the uncompressed byte array */
  toBytes(): Uint8Array {
    return this.#bytes.slice();
  }
}
