/**
 * The closed set of error codes a `RealDidError` thrown by `@realdid/openid4vc` can carry.
 *
 * Authorization requests (OpenID4VP §5, JAR RFC 9101):
 * - `ERR_OID4VC_REQUEST_INVALID` — not a well-formed request: a missing or wrongly typed parameter,
 *   an unknown `response_mode`, a `response_uri` that does not fit the client identifier prefix.
 * - `ERR_OID4VC_REQUEST_UNSIGNED` — an unsigned request where a signed one is required (a
 *   `decentralized_identifier:` client, or `requireSigned`).
 * - `ERR_OID4VC_REQUEST_SIGNATURE` — the request object's `typ`, `alg` or signature is wrong, or
 *   its key is not the client's (the `kid` names another DID, the DID does not resolve, the method
 *   is not authorised for `authentication`/`assertionMethod`).
 * - `ERR_OID4VC_CLIENT_ID` — a `client_id` with a prefix this wallet does not accept, or one that
 *   differs between the request object and the outer request.
 * - `ERR_OID4VC_ORIGIN` — over the Digital Credentials API: the calling origin is not one of the
 *   request's `expected_origins`.
 * - `ERR_OID4VC_DCQL_INVALID` — the DCQL query does not parse or validate.
 * - `ERR_OID4VC_CLAIMS_NOT_ALLOWED` — the query asks for a claim outside the `allowedClaims` the
 *   wallet was given for this client (for instance from the RP's registration).
 * - `ERR_OID4VC_DCQL_UNSATISFIED` — the held credentials (wallet) or the presented ones (verifier)
 *   do not satisfy the query.
 *
 * Authorization responses (OpenID4VP §8):
 * - `ERR_OID4VC_RESPONSE_INVALID` — a malformed response or `vp_token`.
 * - `ERR_OID4VC_RESPONSE_ENCRYPTION` — an encrypted response that does not decrypt with the
 *   verifier's key, or a plain one where an encrypted one is required.
 * - `ERR_OID4VC_STATE` — the `state` is not the transaction's.
 * - `ERR_OID4VC_REPLAY` — the transaction (its nonce and state) was already consumed.
 * - `ERR_OID4VC_NONCE` — the key binding's `nonce` is not the transaction's.
 * - `ERR_OID4VC_AUDIENCE` — the key binding's `aud` is not the verifier's client identifier.
 * - `ERR_OID4VC_PRESENTATION_INVALID` — a presented credential fails verification (the
 *   `@realdid/sd-jwt` error is the `cause`).
 * - `ERR_OID4VC_CLAIMS_EXCESS` — a presentation discloses a claim the query did not ask for.
 *
 * Issuance (OpenID4VCI §6–§8):
 * - `ERR_OID4VC_OFFER_INVALID` — a malformed credential offer.
 * - `ERR_OID4VC_METADATA_INVALID` — malformed issuer metadata, or metadata of another issuer.
 * - `ERR_OID4VC_TOKEN` — the token endpoint refused (the OAuth `error` is in the message).
 * - `ERR_OID4VC_CREDENTIAL` — the credential or nonce endpoint refused, or answered something
 *   malformed.
 */
export type OpenId4VcErrorCode =
  | 'ERR_OID4VC_REQUEST_INVALID'
  | 'ERR_OID4VC_REQUEST_UNSIGNED'
  | 'ERR_OID4VC_REQUEST_SIGNATURE'
  | 'ERR_OID4VC_CLIENT_ID'
  | 'ERR_OID4VC_ORIGIN'
  | 'ERR_OID4VC_DCQL_INVALID'
  | 'ERR_OID4VC_CLAIMS_NOT_ALLOWED'
  | 'ERR_OID4VC_DCQL_UNSATISFIED'
  | 'ERR_OID4VC_RESPONSE_INVALID'
  | 'ERR_OID4VC_RESPONSE_ENCRYPTION'
  | 'ERR_OID4VC_STATE'
  | 'ERR_OID4VC_REPLAY'
  | 'ERR_OID4VC_NONCE'
  | 'ERR_OID4VC_AUDIENCE'
  | 'ERR_OID4VC_PRESENTATION_INVALID'
  | 'ERR_OID4VC_CLAIMS_EXCESS'
  | 'ERR_OID4VC_OFFER_INVALID'
  | 'ERR_OID4VC_METADATA_INVALID'
  | 'ERR_OID4VC_TOKEN'
  | 'ERR_OID4VC_CREDENTIAL';
