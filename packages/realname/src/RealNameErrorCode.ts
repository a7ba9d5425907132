/**
 * The codes of the errors `@realdid/realname` throws for rejected untrusted input or refused
 * operations. Switch on `err.code`.
 *
 * - `ERR_TRACE_*` — trace escrow: malformed tokens or shares, a share that fails its Feldman
 *   check, a partial decryption whose Chaum–Pedersen proof or signature fails (the error carries
 *   `trustee`), too few partials, a request not on the audit log, a bad audit entry.
 * - `ERR_VAULT_*` — the wallet vault: wrong password, tampered or corrupt blob, missing vault.
 * - `ERR_IDENTITY_*` — the identity check at enrolment failed.
 * - `ERR_NONCE_*` — an unknown, expired or already consumed nonce.
 * - `ERR_REQUEST_*` — a presentation request that is malformed, expired, asks for more than the
 *   relying party is registered for, arrived from an origin it is not registered for, or that
 *   the holder declined.
 * - `ERR_PRESENTATION_*`, `ERR_LOGIN_*` — responses a relying party rejects; at login also a
 *   credential the account registered with that has since expired or been revoked.
 * - `ERR_REGISTRY_*` — registry entries that are missing or do not verify.
 * - `ERR_WALLET_*` — wallet state (no credential left, unknown site), or an issued credential the
 *   wallet refuses to store (does not verify against the registry, or repeats a value of another).
 * - `ERR_DELEGATION_*` — business delegation chains that do not verify.
 * - `ERR_STATE_INVALID` — an exported role state given to `restore` is malformed, of another role,
 *   or its keys do not match its DID.
 * - `ERR_ISSUANCE_REFUSED`, `ERR_PRESENTATION_EPOCH`, `ERR_ACCOUNT_EXISTS` — unlinkable mode: the
 *   authority refuses a credential (unknown, revoked, already issued this epoch); a proof for a
 *   past or future epoch; a second registration of one pseudonym at a site (Sybil).
 * - `ERR_REGISTRY_REPLAYED`, `ERR_TRACE_AUDIT_REPLAYED` — a ledger entry that repeats an earlier
 *   one (reported and skipped by the topic readers).
 * - `ERR_PACKAGE_MISSING` — an OpenID4VC method was called but the optional peer
 *   `@realdid/openid4vc` is not installed.
 */
export type RealNameErrorCode =
  | 'ERR_TRACE_MALFORMED'
  | 'ERR_TRACE_SHARE_INVALID'
  | 'ERR_TRACE_PARTIAL_INVALID'
  | 'ERR_TRACE_NOT_ENOUGH_PARTIALS'
  | 'ERR_TRACE_DECRYPT_FAILED'
  | 'ERR_TRACE_REQUEST_INVALID'
  | 'ERR_TRACE_REQUEST_NOT_LOGGED'
  | 'ERR_TRACE_REQUEST_REFUSED'
  | 'ERR_TRACE_AUDIT_INVALID'
  | 'ERR_VAULT_WRONG_PASSWORD'
  | 'ERR_VAULT_TAMPERED'
  | 'ERR_VAULT_CORRUPT'
  | 'ERR_VAULT_NOT_FOUND'
  | 'ERR_VAULT_EXISTS'
  | 'ERR_IDENTITY_NOT_VERIFIED'
  | 'ERR_NONCE_UNKNOWN'
  | 'ERR_NONCE_EXPIRED'
  | 'ERR_NONCE_REPLAYED'
  | 'ERR_REQUEST_INVALID'
  | 'ERR_REQUEST_EXPIRED'
  | 'ERR_REQUEST_NOT_ALLOWED'
  | 'ERR_REQUEST_DECLINED'
  | 'ERR_REQUEST_WRONG_ORIGIN'
  | 'ERR_PRESENTATION_INVALID'
  | 'ERR_PRESENTATION_AUDIENCE'
  | 'ERR_PRESENTATION_CLAIMS'
  | 'ERR_PRESENTATION_ISSUER'
  | 'ERR_PRESENTATION_REVOKED'
  | 'ERR_PRESENTATION_TRACE'
  | 'ERR_LOGIN_INVALID'
  | 'ERR_LOGIN_UNKNOWN_ACCOUNT'
  | 'ERR_LOGIN_EXPIRED'
  | 'ERR_LOGIN_REVOKED'
  | 'ERR_LOGIN_STATUS_UNAVAILABLE'
  | 'ERR_REGISTRY_INVALID'
  | 'ERR_REGISTRY_NOT_FOUND'
  | 'ERR_WALLET_NO_CREDENTIAL'
  | 'ERR_WALLET_UNKNOWN_SITE'
  | 'ERR_WALLET_CREDENTIAL_INVALID'
  | 'ERR_DELEGATION_INVALID'
  | 'ERR_STATE_INVALID'
  | 'ERR_REGISTRY_REPLAYED'
  | 'ERR_TRACE_AUDIT_REPLAYED'
  | 'ERR_ISSUANCE_REFUSED'
  | 'ERR_PRESENTATION_EPOCH'
  | 'ERR_ACCOUNT_EXISTS'
  | 'ERR_PACKAGE_MISSING';
