import type { DIDDocument, Service, VerificationMethod } from 'did-resolver';
import { PURPOSES } from '../Operation.js';
import type { DidState } from './state.js';

export const MULTIKEY_CONTEXT = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'];

/** Builds the DID document of a state, under the DID `id` (short or long form). */
export function buildDocument(id: string, state: DidState): DIDDocument {
  const doc: DIDDocument = { '@context': [...MULTIKEY_CONTEXT], id };
  if (state.deactivated) return doc;
  const { publicKeys, services } = state.content;
  if (publicKeys.length > 0) {
    doc.verificationMethod = publicKeys.map(
      (k): VerificationMethod => ({
        id: `${id}#${k.id}`,
        type: 'Multikey',
        controller: id,
        publicKeyMultibase: k.publicKeyMultibase,
      }),
    );
    for (const purpose of PURPOSES) {
      const refs: string[] = [];
      for (const k of publicKeys) if (k.purposes.includes(purpose)) refs.push(`${id}#${k.id}`);
      if (refs.length > 0) doc[purpose] = refs;
    }
  }
  if (services.length > 0) {
    doc.service = services.map(
      (s): Service => ({
        id: `${id}#${s.id}`,
        type: s.type,
        serviceEndpoint: structuredClone(s.serviceEndpoint),
      }),
    );
  }
  return doc;
}
