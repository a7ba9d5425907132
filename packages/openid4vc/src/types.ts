/** The response modes of OpenID4VP 1.0 (§8.2, §8.3) and its Digital Credentials API profile (Appendix A). */
export type ResponseMode = 'direct_post' | 'direct_post.jwt' | 'dc_api' | 'dc_api.jwt';

/** The response modes, in a frozen list. */
export const RESPONSE_MODES: readonly ResponseMode[] = Object.freeze([
  'direct_post',
  'direct_post.jwt',
  'dc_api',
  'dc_api.jwt',
]);

/** Content encryption algorithms accepted for encrypted responses (OpenID4VP §8.3). */
export type ResponseEncryptionEnc = 'A128GCM' | 'A256GCM';

/** The `typ` of a signed authorization request object (RFC 9101 §10.8). */
export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';

/** The `typ` of a JWT proof of possession (OpenID4VCI Appendix F.1). */
export const PROOF_JWT_TYP = 'openid4vci-proof+jwt';

/**
 * Consumes one-time values (transaction nonces, pre-authorized codes, `c_nonce`s, access tokens).
 * `consume` answers true the first time it sees a value and false every later time; it must be
 * atomic (a shared store in a cluster). {@link createMemoryStore} is one for a single process.
 */
export interface OneTimeStore {
  /** Marks `value` as used; true when it had not been used before. */
  consume(value: string): boolean | Promise<boolean>;
}

/**
 * What a verifier keeps on its side between the request and the response. It holds the private
 * response decryption key for `*.jwt` modes: store it server-side, never send it anywhere.
 */
export interface VerifierTransaction {
  /** The client identifier as sent (with its prefix); absent for an unsigned `dc_api` request. */
  clientId?: string;
  /** The audience a wallet puts in the key binding: `clientId`, or `origin:<origin>` over the DC API (signed or not). */
  audience: string;
  nonce: string;
  state?: string;
  responseMode: ResponseMode;
  responseUri?: string;
  /** The DCQL query as sent. */
  dcqlQuery: Record<string, unknown>;
  /** The private JWK that decrypts the response (`*.jwt` modes). */
  decryptionKey?: Record<string, unknown>;
  /** The content encryption algorithm the response must use (`*.jwt` modes). */
  enc?: ResponseEncryptionEnc;
}

/**
 * One entry of a `vp_token`: a compact string (SD-JWT VC) or a JSON object (a W3C verifiable
 * presentation with a Data Integrity proof, for `ldp_vc`).
 */
export type VpTokenEntry = string | Record<string, unknown>;

/** A Data Integrity presentation verified by an {@link LdpPresentationVerifier}. */
export interface VerifiedLdpPresentation {
  /** The presentation's holder (the DID whose key signed it). */
  holder?: string;
  /**
   * The credentials in it, as verified (JSON), each with its `type` values both as written and
   * expanded to IRIs (DCQL's `type_values` name expanded types).
   */
  credentials: Array<{ credential: Record<string, unknown>; types: string[] }>;
}

/**
 * Verifies a Data Integrity presentation (`ldp_vc`) for {@link verifyAuthorizationResponse}: its
 * proof for `authentication` with `challenge` (the transaction nonce) and `domain` (the audience),
 * and every credential in it. Throws a coded `RealDidError` on any failure. `ldpPresentationVerifier`
 * of `@realdid/openid4vc/ldp` makes one on `@realdid/vc`; the main entry point stays free of JSON-LD.
 */
export type LdpPresentationVerifier = (
  presentation: Record<string, unknown>,
  binding: { challenge: string; domain: string },
) => Promise<VerifiedLdpPresentation>;
