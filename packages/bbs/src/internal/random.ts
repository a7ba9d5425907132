import { randomBytes } from '@noble/hashes/utils.js';
import { bytesToNumberBE } from './bytes.js';
import { EXPAND_LEN, R } from './curve.js';

/** A source of the random scalars ProofGen needs: `count` scalars in [0, r-1]. */
export type RandomScalars = (count: number) => bigint[];

/** calculate_random_scalars of the draft: OS2IP(get_random(expand_len)) mod r, from the platform CSPRNG. */
export const calculateRandomScalars: RandomScalars = (count) => {
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) out.push(bytesToNumberBE(randomBytes(EXPAND_LEN)) % R);
  return out;
};
