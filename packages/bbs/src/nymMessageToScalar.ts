import type { Ciphersuite } from './Ciphersuite.js';
import { ciphersuiteOption } from './internal/assert.js';
import { i2osp } from './internal/bytes.js';
import { messagesToScalars } from './internal/core.js';
import { SCALAR_LEN } from './internal/curve.js';
import { nymApi } from './internal/nym.js';

/**
 * MapMessageToScalarAsHash of the pseudonym interface (api_id ciphersuite_id ||
 * "H2G_HM2S_PSEUDONYM_"): the scalar a message is signed as by `blindSignWithNym` and proved as by
 * `proofGenWithNym`, as 32 big-endian bytes. Needed to relate a hidden message to a value outside
 * the proof (e.g. the plaintext of an encryption).
 *
 * @param message - the message bytes
 * @param ciphersuite - default `BLS12-381-SHAKE-256`
 * @returns the 32-byte scalar
 * @example
 * ```ts
 * // const m = nymMessageToScalar(new TextEncoder().encode('handle'));
 * ```
 */
export function nymMessageToScalar(message: Uint8Array, ciphersuite?: Ciphersuite): Uint8Array {
  if (!(message instanceof Uint8Array)) throw new TypeError('message: expected a Uint8Array');
  const api = nymApi(ciphersuiteOption(ciphersuite));
  return i2osp(messagesToScalars(api, [message])[0]!, SCALAR_LEN);
}
