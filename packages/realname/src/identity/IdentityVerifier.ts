/**
 * What a person presents at enrolment (from an ID card reader, a CTID-like app, a counter clerk).
 * The verifier decides what it needs; names and the ID number are the common minimum.
 */
export interface IdentityEvidence {
  nationalId: string;
  familyName: string;
  givenName: string;
  /** Further evidence (a liveness result, a card chip signature, …), verifier-specific. */
  [extra: string]: unknown;
}

/**
 * The authoritative identity record the verifier returns: attributes come from the registry, not
 * from the applicant.
 */
export interface VerifiedIdentity {
  /** The authority's stable internal reference of the person (never leaves the authority). */
  recordId: string;
  nationalId: string;
  familyName: string;
  givenName: string;
  /** `YYYY-MM-DD`. */
  birthdate: string;
  /** An administrative region code (e.g. `110105`). */
  region: string;
  /** ISO 3166-1 alpha-3 (e.g. `CHN`). */
  nationality: string;
}

/**
 * The plug-in through which a real-name authority checks a person before issuing credentials —
 * in production a national identity platform (CTID-like), a card reader with chip verification,
 * or a counter process. `verify` must resolve to the registry's record when the evidence matches
 * one person, and reject with a `RealDidError` of code `ERR_IDENTITY_NOT_VERIFIED` otherwise. It
 * must not trust attributes supplied by the applicant beyond what it checks.
 *
 * @example
 * ```ts
 * const verifier: IdentityVerifier = { verify: async (evidence) => ctidClient.check(evidence) };
 * ```
 */
export interface IdentityVerifier {
  verify(evidence: IdentityEvidence): Promise<VerifiedIdentity>;
}
