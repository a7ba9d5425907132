import type { KeyType, Verifier } from '@realdid/crypto';
import { createVerifier, multibaseToPublicKey } from '@realdid/crypto';
import { vcError } from './errors.js';

/** A verification method as resolved from a DID document (Multikey only). */
export interface ResolvedVerificationMethod {
  readonly id: string;
  readonly type: string;
  readonly controller: string;
  readonly publicKeyMultibase: string;
}

const MAX_CACHED_VERIFIERS = 1024;
const verifiers = new Map<string, Verifier>();

/**
 * A `@realdid/crypto` verifier for a Multikey, cached by its multibase text so the platform key
 * object is built once (node:crypto `KeyObject` on Node).
 */
export function verifierFor(publicKeyMultibase: string, expected: readonly KeyType[]): Verifier {
  let v = verifiers.get(publicKeyMultibase);
  if (v === undefined) {
    let decoded: { type: KeyType; publicKey: Uint8Array };
    try {
      decoded = multibaseToPublicKey(publicKeyMultibase);
    } catch (e) {
      throw vcError('ERR_VC_VERIFICATION_METHOD', 'publicKeyMultibase is not a supported Multikey', e);
    }
    v = createVerifier(decoded.type, decoded.publicKey);
    if (verifiers.size >= MAX_CACHED_VERIFIERS) {
      const first = verifiers.keys().next();
      if (!first.done) verifiers.delete(first.value);
    }
    verifiers.set(publicKeyMultibase, v);
  }
  if (!expected.includes(v.type)) {
    throw vcError(
      'ERR_VC_VERIFICATION_METHOD',
      `the verification method holds a ${v.type} key; the cryptosuite needs ${expected.join(' or ')}`,
    );
  }
  return v;
}
