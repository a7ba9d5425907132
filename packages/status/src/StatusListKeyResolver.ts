import type { KeyType } from '@realdid/crypto';

/** What a key resolver is told about a status list whose signature is to be checked. */
export interface StatusListKeyRequest {
  /** The JWS `alg` of the list (already checked against the allow-list). */
  alg: string;
  /** The `kid` header, when present. */
  kid?: string;
  /** The list's `iss` claim (Token Status List) or `issuer` (Bitstring), when present. */
  iss?: string;
  /** The list's URI. */
  uri: string;
}

/** A public key as `@realdid/crypto` takes it. */
export interface StatusListPublicKey {
  type: KeyType;
  publicKey: Uint8Array;
}

/**
 * Finds the public key that must have signed a status list: from a DID document, a pinned key, a
 * JWKS… The resolver decides which keys it trusts; throwing or returning nothing rejects the list
 * with `ERR_STATUS_LIST_KEY`.
 */
export type StatusListKeyResolver = (
  request: StatusListKeyRequest,
) => StatusListPublicKey | undefined | Promise<StatusListPublicKey | undefined>;
