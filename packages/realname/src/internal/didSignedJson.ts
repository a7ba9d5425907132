import type { RealNameErrorCode } from '../RealNameErrorCode.js';
import { bytesEqual, isPlainObject } from './bytes.js';
import { type DidResolvable, didKey, didOf } from './dids.js';
import { fail } from './errors.js';
import { verifyJson } from './signedJson.js';

const SIGNED_JSON_TYPES = ['Ed25519', 'SM2'] as const;

/**
 * Verifies a signed JSON object whose body names its verification method in `vm`: the signature
 * must verify, `vm` must be an `assertionMethod` key of `expectedDid` (resolved), and equal the
 * signing key. The key is an Ed25519 or an SM2 key: the DID's controller chose it, and the DID is
 * the trust anchor (a registry, a relying party), so either profile's signer is read.
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
  const signer = verifyJson(value, SIGNED_JSON_TYPES);
  if (signer === undefined) throw fail(code, 'signature does not verify');
  const { publicKey } = await didKey(resolver, value.vm, 'assertionMethod', code, SIGNED_JSON_TYPES);
  if (!bytesEqual(publicKey, signer)) throw fail(code, 'the signing key is not the DID key it names');
  return value;
}
