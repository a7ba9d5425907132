import type { VerificationMethodResolver } from '@realdid/vc';

/**
 * Resolves `did:key` verification methods of BLS12-381 G2 keys (`did:key:zUC7…#zUC7…`), which
 * the default resolver does not know: the verification method is the Multikey the DID names.
 */
export const blsDidKeyResolver: VerificationMethodResolver = (id) => {
  const m = /^(did:key:(zUC7[1-9A-HJ-NP-Za-km-z]+))#(zUC7[1-9A-HJ-NP-Za-km-z]+)$/.exec(id);
  if (m === null || m[2] !== m[3]) return undefined;
  return { id, type: 'Multikey', controller: m[1], publicKeyMultibase: m[2] };
};

export function hexToBytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

/** The DID document of a BLS12-381 `did:key` (for document loaders that resolve DIDs). */
export async function blsDidDocument(did: string): Promise<Record<string, unknown> | undefined> {
  const m = /^did:key:(zUC7[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (m === null) return undefined;
  const id = `${did}#${m[1]}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: m[1] }],
    assertionMethod: [id],
    authentication: [id],
  };
}
