import { decodeBlsMultikey } from './multikey.js';

const BLS_DID_KEY = /^did:key:(zUC7[1-9A-HJ-NP-Za-km-z]{100,200})$/;

/**
 * The DID document of a `did:key` holding a BLS12-381 G2 key (`did:key:zUC7…`, the keys of
 * `bbs-2023` issuers), per the did:key method: one Multikey verification method, `#` + the
 * Multikey as its fragment, listed under every verification relationship. `undefined` for any
 * other DID; a `zUC7…` that is not a 96-byte G2 key is refused (`ERR_VC_VERIFICATION_METHOD`).
 */
export function blsDidKeyDocument(did: string): Record<string, unknown> | undefined {
  const m = BLS_DID_KEY.exec(did);
  if (m === null) return undefined;
  const mb = m[1] as string;
  decodeBlsMultikey(mb);
  const id = `${did}#${mb}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: mb }],
    assertionMethod: [id],
    authentication: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  };
}

/** The verification method a BLS12-381 `did:key` URL names, or `undefined` when it names another. */
export function blsDidKeyVerificationMethod(
  id: string,
): { id: string; type: 'Multikey'; controller: string; publicKeyMultibase: string } | undefined {
  const hash = id.indexOf('#');
  if (hash < 0) return undefined;
  const did = id.slice(0, hash);
  const doc = blsDidKeyDocument(did);
  if (doc === undefined || id.slice(hash + 1) !== did.slice('did:key:'.length)) return undefined;
  return { id, type: 'Multikey', controller: did, publicKeyMultibase: did.slice('did:key:'.length) };
}
