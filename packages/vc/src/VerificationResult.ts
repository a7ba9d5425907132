import type { VcErrorCode } from './VcErrorCode.js';

/** One reason a verification failed: a stable code and a message for humans. */
export interface VerificationIssue {
  /** The stable error code. */
  readonly code: VcErrorCode;
  /** What was expected and what was found. Never holds a secret. */
  readonly message: string;
}

/** Which key verified a proof. */
export interface VerifiedProof {
  /** The proof's cryptosuite (`eddsa-rdfc-2022`, `ecdsa-rdfc-2019`, `ecdsa-sd-2023`). */
  readonly cryptosuite: string;
  /** The verification method id (a DID URL). */
  readonly verificationMethod: string;
  /** The controller of that verification method (a DID). */
  readonly controller: string;
  /** The proof purpose (`assertionMethod`, `authentication`). */
  readonly proofPurpose: string;
}

/**
 * The result of verifying a credential. The same shape as `@realdid/sd-jwt`'s results:
 * `verified`, the verified data, and `errors` (empty exactly when `verified` is true).
 *
 * A verifier never throws for bad untrusted input: it answers `verified: false` with coded errors.
 * It throws only when called wrongly (a `TypeError` / `RangeError`).
 */
export interface CredentialVerificationResult {
  /** True when every check passed. */
  readonly verified: boolean;
  /** The credential, as a plain-data copy of the input (present when it could be parsed). */
  readonly credential?: Record<string, unknown>;
  /** The issuer id (present when the credential could be parsed). */
  readonly issuer?: string;
  /** The proofs that verified. */
  readonly proofs: readonly VerifiedProof[];
  /** The status of each `credentialStatus` entry that was checked, in order. */
  readonly status?: readonly StatusCheckResult[];
  /** Why verification failed; empty when `verified`. */
  readonly errors: readonly VerificationIssue[];
}

/** The result of verifying a presentation. */
export interface PresentationVerificationResult {
  /** True when the presentation proof and every credential in it verified. */
  readonly verified: boolean;
  /** The presentation, as a plain-data copy of the input. */
  readonly presentation?: Record<string, unknown>;
  /** The holder id, when the presentation names one. */
  readonly holder?: string;
  /** The presentation proofs that verified. */
  readonly proofs: readonly VerifiedProof[];
  /** One result per embedded credential, in order. */
  readonly credentials: readonly CredentialVerificationResult[];
  /** Why verification failed (the presentation's own errors, then each credential's). */
  readonly errors: readonly VerificationIssue[];
}

/** What a {@link StatusCheck} answers. */
export interface StatusCheckResult {
  /** `valid`, `revoked` or `suspended`. */
  readonly status: 'valid' | 'revoked' | 'suspended';
}

/**
 * A hook that checks one `credentialStatus` entry (for instance a W3C Bitstring Status List entry,
 * with `@realdid/status`). It receives the entry and the whole credential.
 */
export type StatusCheck = (
  entry: Readonly<Record<string, unknown>>,
  credential: Readonly<Record<string, unknown>>,
) => Promise<StatusCheckResult> | StatusCheckResult;
