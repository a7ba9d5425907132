import { base64urlDecode, jwkToPublicKey, utf8Decode } from '@realdid/crypto';
import type { DIDDocument, DIDResolutionResult, JsonWebKey } from 'did-resolver';
import { errorResult, okResult } from './result.js';

const JWK_CONTEXT = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'];

/** Checks a public JWK of a supported type; returns its key type, or a message. */
export function checkPublicJwk(jwk: unknown): { type: string; publicKey: Uint8Array } | string {
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) return 'not a JSON object';
  const o = jwk as Record<string, unknown>;
  if ('d' in o || 'p' in o || 'q' in o || 'k' in o) return 'holds private key material';
  if (o.kty === 'OKP' && o.crv === 'X25519') {
    if (typeof o.x !== 'string') return 'x missing';
    try {
      const x = base64urlDecode(o.x);
      if (x.length !== 32) return 'x is not 32 bytes';
      return { type: 'X25519', publicKey: x };
    } catch {
      return 'x is not base64url';
    }
  }
  try {
    return jwkToPublicKey(jwk);
  } catch (e) {
    return (e as Error).message;
  }
}

/** Resolves a did:jwk (Ed25519, P-256, secp256k1, SM2, X25519) to its DID document; an SM2 key only signs. */
export function resolveDidJwk(did: string, id: string, contentType: string): DIDResolutionResult {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(id)) return errorResult('invalidDid', 'did:jwk: expected base64url');
  let jwk: unknown;
  try {
    jwk = JSON.parse(utf8Decode(base64urlDecode(id)));
  } catch {
    return errorResult('invalidDid', 'did:jwk: not base64url of a UTF-8 JSON object');
  }
  const key = checkPublicJwk(jwk);
  if (typeof key === 'string') return errorResult('invalidDid', `did:jwk: ${key}`);
  const use = (jwk as { use?: unknown }).use;
  if (use !== undefined && use !== 'sig' && use !== 'enc')
    return errorResult('invalidDid', 'did:jwk: use must be sig or enc');
  const vmId = `${did}#0`;
  const doc: DIDDocument = {
    '@context': [...JWK_CONTEXT],
    id: did,
    verificationMethod: [
      { id: vmId, type: 'JsonWebKey2020', controller: did, publicKeyJwk: structuredClone(jwk) as JsonWebKey },
    ],
  };
  const canSign = key.type !== 'X25519' && use !== 'enc';
  const canAgree = key.type !== 'Ed25519' && key.type !== 'SM2' && use !== 'sig';
  if (canSign) {
    doc.assertionMethod = [vmId];
    doc.authentication = [vmId];
    doc.capabilityInvocation = [vmId];
    doc.capabilityDelegation = [vmId];
  }
  if (canAgree) doc.keyAgreement = [vmId];
  return okResult(contentType, doc, {});
}
