import { i2osp } from './internal/bytes.js';
import { SCALAR_LEN } from './internal/curve.js';
import { calculateRandomScalars } from './internal/random.js';

/**
 * A fresh random scalar in [1, r-1] as 32 bytes, from the platform CSPRNG (for a prover nym).
 *
 * @returns 32 bytes
 * @example
 * ```ts
 * import { randomScalar } from '@realdid/bbs';
 * const proverNym = randomScalar();
 * ```
 */
export function randomScalar(): Uint8Array {
  for (;;) {
    const s = calculateRandomScalars(1)[0]!;
    if (s !== 0n) return i2osp(s, SCALAR_LEN);
  }
}
