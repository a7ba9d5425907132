/** Every code of {@link VcErrorCode}, for callers that check or list them (one source for the type). */
export const VC_ERROR_CODES = Object.freeze([
  'ERR_VC_MALFORMED',
  'ERR_VC_CONTEXT',
  'ERR_VC_CONTEXT_NOT_ALLOWED',
  'ERR_VC_CONTEXT_HASH_MISMATCH',
  'ERR_VC_JSONLD',
  'ERR_VC_NOT_SIGNED_FORM',
  'ERR_VC_LIMIT',
  'ERR_VC_VERSION',
  'ERR_VC_TYPE',
  'ERR_VC_ID',
  'ERR_VC_ISSUER',
  'ERR_VC_SUBJECT',
  'ERR_VC_DATE',
  'ERR_VC_PROPERTY',
  'ERR_VC_PRESENTATION',
  'ERR_VC_PROOF_MISSING',
  'ERR_VC_PROOF_UNSUPPORTED',
  'ERR_VC_PROOF_INVALID',
  'ERR_VC_PROOF_PURPOSE',
  'ERR_VC_VERIFICATION_METHOD',
  'ERR_VC_ISSUER_MISMATCH',
  'ERR_VC_HOLDER_MISMATCH',
  'ERR_VC_CHALLENGE',
  'ERR_VC_DOMAIN',
  'ERR_VC_NYM_DOMAIN',
  'ERR_VC_PROOF_EXPIRED',
  'ERR_VC_PROOF_CHAIN',
  'ERR_VC_NOT_YET_VALID',
  'ERR_VC_EXPIRED',
  'ERR_VC_STATUS_UNCHECKED',
  'ERR_VC_STATUS_CHECK_FAILED',
  'ERR_VC_REVOKED',
  'ERR_VC_SUSPENDED',
  'ERR_VC_ENVELOPED_UNSUPPORTED',
  'ERR_VC_SIGN',
  'ERR_VC_DERIVE',
] as const);

/**
 * The closed set of error codes of `@realdid/vc`. They appear as `err.code` on a thrown
 * `RealDidError` (every verifier, issuing, deriving, signing) and, for a failed verification, as
 * `err.errors[i].code` for every reason found.
 *
 * Input and JSON-LD:
 * - `ERR_VC_MALFORMED` — not plain JSON data (a class instance, a function, a `__proto__` key, a
 *   non-finite number), or over a size / depth limit.
 * - `ERR_VC_CONTEXT` — `@context` missing, not first the base context of the data model, holding
 *   a value that is neither a URL nor an object; when verifying, an inline (object) context or a
 *   `@context` below the document's top (unless `allowInlineContexts`), a context named twice, or
 *   contexts outside the verifier's `contexts` list or out of its order.
 * - `ERR_VC_CONTEXT_NOT_ALLOWED` — the document loader was asked for a URL that is neither bundled,
 *   nor given by the integrator, nor allowed for remote loading.
 * - `ERR_VC_CONTEXT_HASH_MISMATCH` — a pinned context's text does not have its pinned sha-256.
 * - `ERR_VC_JSONLD` — JSON-LD processing failed in safe mode: a term that maps to no IRI, a relative
 *   or malformed IRI, a redefined protected term, an invalid value object.
 * - `ERR_VC_NOT_SIGNED_FORM` — when verifying: the JSON is not exactly the compacted form of the
 *   data it signs (a member under its full IRI or under an alias, a keyword other than `@context`
 *   and language value objects, a typed value object, a literal written in a second form, a node
 *   split over two objects); see "The signed-form profile" in docs/vc.md.
 * - `ERR_VC_LIMIT` — when verifying: over a budget checked before any JSON-LD processing (contexts,
 *   inline context terms, values in one array, blank nodes).
 *
 * Data model (VC 2.0, and VC 1.1 when verifying):
 * - `ERR_VC_VERSION` — a data model version that this operation does not handle (issuing VC 1.1).
 * - `ERR_VC_TYPE` — `type` missing, not strings, or without `VerifiableCredential` /
 *   `VerifiablePresentation`.
 * - `ERR_VC_ID` — an `id` that is not one URL.
 * - `ERR_VC_ISSUER` — `issuer` missing, or neither a URL nor an object with a URL `id`.
 * - `ERR_VC_SUBJECT` — `credentialSubject` missing, empty, or with a bad `id`.
 * - `ERR_VC_DATE` — `validFrom` / `validUntil` (or `issuanceDate` / `expirationDate`) not an XML
 *   Schema dateTimeStamp, or `validUntil` before `validFrom`.
 * - `ERR_VC_PROPERTY` — `credentialStatus`, `credentialSchema`, `evidence`, `termsOfUse`,
 *   `refreshService`, `proof` without the `type` / `id` the data model requires; `name` /
 *   `description` neither a string nor language value objects.
 * - `ERR_VC_PRESENTATION` — a presentation whose `holder` or `verifiableCredential` is malformed.
 *
 * Proofs:
 * - `ERR_VC_PROOF_MISSING` — no proof where one is required.
 * - `ERR_VC_PROOF_UNSUPPORTED` — no proof of a supported type and cryptosuite
 *   (`DataIntegrityProof` with `eddsa-rdfc-2022`, `ecdsa-rdfc-2019`, `ecdsa-sd-2023`, `bbs-2023`).
 * - `ERR_VC_PROOF_INVALID` — a supported proof whose signature does not verify, or a malformed
 *   proof value (`bbs-2023`: also a base proof shown to a verifier, or a pseudonym that is not the
 *   one the proof binds).
 * - `ERR_VC_PROOF_PURPOSE` — the proof's purpose is not the one required (`assertionMethod` for
 *   credentials, `authentication` for presentations).
 * - `ERR_VC_VERIFICATION_METHOD` — the verification method cannot be resolved, is not authorised
 *   for the proof purpose, or is not a Multikey of the cryptosuite's curve.
 * - `ERR_VC_ISSUER_MISMATCH` — the key's controller is not the credential's issuer.
 * - `ERR_VC_HOLDER_MISMATCH` — the key's controller is not the presentation's holder, or a
 *   self-asserted credential (no proof of its own) whose issuer is not the holder.
 * - `ERR_VC_CHALLENGE` — presentation challenge missing or different.
 * - `ERR_VC_DOMAIN` — presentation domain missing or different.
 * - `ERR_VC_NYM_DOMAIN` — a `bbs-2023` pseudonym proof whose `nym_domain` is not the verifier's
 *   `nymDomain` option, or that option not given (a pseudonym is only meaningful in its domain).
 * - `ERR_VC_PROOF_EXPIRED` — the proof's `expires` has passed.
 * - `ERR_VC_PROOF_CHAIN` — a `previousProof` that names no proof of the set, names the proof
 *   itself or a later proof, a cycle, or two proofs with one `id`.
 *
 * Validity and status:
 * - `ERR_VC_NOT_YET_VALID`, `ERR_VC_EXPIRED` — outside `validFrom` … `validUntil` (with clock skew).
 * - `ERR_VC_STATUS_UNCHECKED` — the credential has `credentialStatus` but no `checkStatus` was given
 *   (and `requireStatusCheck: false` was not).
 * - `ERR_VC_STATUS_CHECK_FAILED` — the `checkStatus` hook threw or answered something else than
 *   `valid`, `revoked`, `suspended`.
 * - `ERR_VC_REVOKED`, `ERR_VC_SUSPENDED` — the status check said so.
 * - `ERR_VC_ENVELOPED_UNSUPPORTED` — an enveloped credential and no hook to verify it.
 *
 * Operations:
 * - `ERR_VC_SIGN` — signing failed (the signer threw, the cryptosuite refused the input).
 * - `ERR_VC_DERIVE` — a selective disclosure could not be derived (bad pointer, wrong proof).
 */
export type VcErrorCode = (typeof VC_ERROR_CODES)[number];
