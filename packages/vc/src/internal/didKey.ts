import { didKeyToPublicKey, publicKeyToMultibase } from '@realdid/crypto';
import { vcError } from './errors.js';
import type { ResolvedVerificationMethod } from './keys.js';

/**
 * The DID document of a did:key (did:key method, Multikey form). did:key is self-describing: its
 * one key is authorised for every verification relationship.
 */
export function didKeyDocument(did: string): Record<string, unknown> {
  let decoded: ReturnType<typeof didKeyToPublicKey>;
  try {
    decoded = didKeyToPublicKey(did);
  } catch (e) {
    throw vcError('ERR_VC_VERIFICATION_METHOD', 'not a resolvable did:key', e);
  }
  const mb = publicKeyToMultibase(decoded.type, decoded.publicKey);
  const vmId = `${did}#${mb}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: mb }],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityInvocation: [vmId],
    capabilityDelegation: [vmId],
  };
}

/** Resolves a did:key verification method (any purpose: did:key authorises its key for all). */
export function didKeyVerificationMethod(id: string): ResolvedVerificationMethod {
  const hash = id.indexOf('#');
  const did = hash < 0 ? id : id.slice(0, hash);
  const doc = didKeyDocument(did);
  const vm = (doc.verificationMethod as ResolvedVerificationMethod[])[0]!;
  if (vm.id !== id) throw vcError('ERR_VC_VERIFICATION_METHOD', 'the did:key fragment does not name its key');
  return vm;
}
