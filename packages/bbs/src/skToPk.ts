import { secretKeyScalar } from './internal/assert.js';
import { G2 } from './internal/curve.js';

/**
 * SkToPk of draft-irtf-cfrg-bbs-signatures: W = SK * BP2, compressed (96 bytes). The same for both
 * ciphersuites.
 *
 * @param secretKey - 32 bytes, a scalar in [1, r-1]
 * @returns the 96-byte public key
 * @throws TypeError / RangeError when the secret key is not 32 bytes in range
 * @example
 * ```ts
 * import { generateKeyPair, skToPk } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * skToPk(secretKey); // equals publicKey
 * ```
 */
export function skToPk(secretKey: Uint8Array): Uint8Array {
  return G2.BASE.multiply(secretKeyScalar(secretKey)).toBytes(true);
}
