import type { RealNameErrorCode } from '../RealNameErrorCode.js';
import { bytesEqual, isPlainObject } from './bytes.js';
import { type DidResolvable, didKey, didOf } from './dids.js';
import { fail } from './errors.js';
import { verifyJson } from './signedJson.js';

/**
 * Verifies a signed JSON object whose body names its verification method in `vm`: the signature
 * must verify, `vm` must be an `assertionMethod` key of `expectedDid` (resolved), and equal the
 * signing key.
 */
export async function verifyDidSignedJson(
  value: unknown,
  resolver: DidResolvable,
  expectedDid: string,
  code: RealNameErrorCode,
): Promise<Record<string, unknown>> {
  if (!isPlainObject(value) || typeof value.vm !== 'string')
    throw fail(code, 'expected a signed object with vm');
  if (didOf(value.vm) !== expectedDid) throw fail(code, 'signed by another DID');
  const signer = verifyJson(value);
  if (signer === undefined) throw fail(code, 'signature does not verify');
  const { publicKey } = await didKey(resolver, value.vm, 'assertionMethod', code);
  if (!bytesEqual(publicKey, signer)) throw fail(code, 'the signing key is not the DID key it names');
  return value;
}
