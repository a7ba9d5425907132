import { randomBytes } from '@realdid/crypto';
import { checkBytes, checkInteger, describe, statusError } from './internal/errors.js';
import { MAX_STATUS_ENTRIES } from './StatusList.js';

/** A source of uniformly random bytes (a CSPRNG). */
export type RandomSource = (length: number) => Uint8Array;

/** Options of {@link IndexAllocator}. */
export interface IndexAllocatorOptions {
  /** A bitmap of indexes already in use (as from {@link IndexAllocator.toBytes}); copied. */
  used?: Uint8Array;
  /** The random source (default: `randomBytes` of `@realdid/crypto`, a CSPRNG). */
  random?: RandomSource;
}

/**
 * Hands out status list indexes at random, never the same one twice.
 *
 * Each index is drawn uniformly among the unused ones with a CSPRNG (32-bit draws,
 * rejection-sampled so there is no modulo bias), so an index says nothing about when a credential
 * was issued or which other credentials were issued with it. While at most half the list is used,
 * draws are retried on a used index; past that, the allocator picks the k-th free index for a
 * random k, so allocation stays fast until the list is full.
 *
 * Persist {@link IndexAllocator.toBytes} with the list and pass it back as `used` after a restart.
 *
 * @example
 * ```ts
 * import { IndexAllocator } from '@realdid/status';
 * const alloc = new IndexAllocator(131072);
 * const idx = alloc.allocate(); // e.g. 90417
 * alloc.isUsed(idx); // true
 * ```
 */
export class IndexAllocator {
  /** The number of indexes (0 … size − 1). */
  readonly size: number;
  readonly #used: Uint8Array;
  readonly #random: RandomSource;
  /** Used indexes per chunk of CHUNK_BYTES bytes of the bitmap: the k-th free index without a full scan. */
  readonly #chunkUsed: Uint16Array;
  #count = 0;

  /**
   * @param size - the number of indexes, 1 to 2^31 − 1
   * @param options - a `used` bitmap to restore, a random source
   * @throws TypeError / RangeError for a bad size or a bitmap of the wrong length
   */
  constructor(size: number, options: IndexAllocatorOptions = {}) {
    checkInteger('size', size, 1, MAX_STATUS_ENTRIES);
    this.size = size;
    this.#used = new Uint8Array(Math.ceil(size / 8));
    this.#chunkUsed = new Uint16Array(Math.ceil(this.#used.length / CHUNK_BYTES));
    const random = options.random ?? randomBytes;
    if (typeof random !== 'function')
      throw new TypeError(`random: expected a function, found ${describe(random)}`);
    this.#random = random;
    if (options.used !== undefined) {
      checkBytes('used', options.used);
      if (options.used.length !== this.#used.length) {
        throw new RangeError(`used: expected ${this.#used.length} bytes, found ${options.used.length}`);
      }
      this.#used.set(options.used);
      // Bits past the end must be clear.
      for (let i = size; i < this.#used.length * 8; i++) {
        if (this.#isSet(i)) throw new RangeError('used: bits set beyond size');
      }
      for (let at = 0; at < this.#used.length; at++) {
        const c = popcount(this.#used[at]!);
        this.#count += c;
        this.#chunkUsed[Math.floor(at / CHUNK_BYTES)]! += c;
      }
    }
  }

  /** How many indexes are in use. */
  get usedCount(): number {
    return this.#count;
  }

  /** How many indexes are free. */
  get freeCount(): number {
    return this.size - this.#count;
  }

  /**
   * @returns a fresh random index, now marked used
   * @throws RealDidError `ERR_STATUS_LIST_FULL` when every index is in use
   */
  allocate(): number {
    if (this.#count >= this.size) {
      throw statusError('ERR_STATUS_LIST_FULL', `all ${this.size} indexes of the status list are in use`);
    }
    let index: number;
    if (this.#count * 2 <= this.size) {
      do index = this.#uniform(this.size);
      while (this.#isSet(index));
    } else {
      index = this.#nthFree(this.#uniform(this.size - this.#count));
    }
    this.#mark(index);
    return index;
  }

  /**
   * Marks an index as used (for instance one allocated elsewhere).
   *
   * @param index - 0 ≤ index < size
   * @returns true when it was free
   */
  markUsed(index: number): boolean {
    checkInteger('index', index, 0, this.size - 1);
    if (this.#isSet(index)) return false;
    this.#mark(index);
    return true;
  }

  /**
   * @param index - 0 ≤ index < size
   * @returns whether the index is in use
   */
  isUsed(index: number): boolean {
    checkInteger('index', index, 0, this.size - 1);
    return this.#isSet(index);
  }

  /** @returns a copy of the used-index bitmap (bit i of byte i/8, least significant first) */
  toBytes(): Uint8Array {
    return this.#used.slice();
  }

  #isSet(i: number): boolean {
    return ((this.#used[Math.floor(i / 8)]! >> (i % 8)) & 1) === 1;
  }

  #mark(i: number): void {
    const at = Math.floor(i / 8);
    this.#used[at]! |= 1 << (i % 8);
    this.#chunkUsed[Math.floor(at / CHUNK_BYTES)]! += 1;
    this.#count++;
  }

  /** A uniform integer in [0, n) from 32-bit draws, rejecting the biased top range. */
  #uniform(n: number): number {
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const b = this.#random(4);
      if (!(b instanceof Uint8Array) || b.length !== 4)
        throw new TypeError('random: must return the bytes asked for');
      const x = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
      if (x < limit) return x % n;
    }
  }

  /** The k-th (0-based) free index: whole chunks are skipped by their counts, then one chunk is scanned. */
  #nthFree(k: number): number {
    let left = k;
    let chunk = 0;
    for (; chunk < this.#chunkUsed.length; chunk++) {
      const bits = Math.min(CHUNK_BYTES * 8, this.size - chunk * CHUNK_BYTES * 8);
      const free = bits - this.#chunkUsed[chunk]!;
      if (left < free) break;
      left -= free;
    }
    const end = Math.min(this.#used.length, (chunk + 1) * CHUNK_BYTES);
    for (let byteAt = chunk * CHUNK_BYTES; byteAt < end; byteAt++) {
      const byte = this.#used[byteAt]!;
      const base = byteAt * 8;
      const bitsHere = Math.min(8, this.size - base);
      const free = bitsHere - popcount(byte & ((1 << bitsHere) - 1));
      if (left >= free) {
        left -= free;
        continue;
      }
      for (let bit = 0; bit < bitsHere; bit++) {
        if (((byte >> bit) & 1) === 0) {
          if (left === 0) return base + bit;
          left--;
        }
      }
    }
    throw new Error('unreachable: free count out of sync');
  }
}

/** Bitmap bytes per counted chunk (1,024 indexes). */
const CHUNK_BYTES = 128;

function popcount(byte: number): number {
  let b = byte;
  let c = 0;
  while (b) {
    b &= b - 1;
    c++;
  }
  return c;
}
