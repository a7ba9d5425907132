import type { RealDidError } from '@realdid/crypto';
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
  /** The proof's cryptosuite (`eddsa-rdfc-2022`, `ecdsa-rdfc-2019`, `ecdsa-sd-2023`, `bbs-2023`). */
  readonly cryptosuite: string;
  /** The verification method id (a DID URL). */
  readonly verificationMethod: string;
  /** The controller of that verification method (a DID). */
  readonly controller: string;
  /** The proof purpose (`assertionMethod`, `authentication`). */
  readonly proofPurpose: string;
  /**
   * `bbs-2023`: the presentation header the holder bound into the derived proof (verified with it).
   * A verifier that gave the holder a nonce compares it here, so a disclosure made for another
   * verifier or an earlier session is not replayed.
   */
  readonly presentationHeader?: Uint8Array;
  /**
   * `bbs-2023` `pseudonym` / `holder_binding_pseudonym`: the holder's 48-byte pseudonym for this
   * verifier's `nymDomain`, proven bound to the credential's nym secret. The same holder shows the
   * same pseudonym at every presentation to this domain: use it as the account key.
   */
  readonly pseudonym?: Uint8Array;
  /** `bbs-2023` pseudonym features: the `nym_domain` the pseudonym is for (the verifier's own). */
  readonly nymDomain?: Uint8Array;
}

/**
 * What {@link verifyCredential} returns: only on success (every failure throws a
 * {@link VcVerificationError}). `credential` is the verified document: its JSON is exactly the
 * compacted form of the data the proof signs (see "The signed-form profile" in docs/vc.md).
 */
export interface CredentialVerificationResult {
  /** Always true: a result is only returned when every check passed. */
  readonly verified: true;
  /** The verified credential, a plain-data copy of the input. */
  readonly credential: Record<string, unknown>;
  /** The issuer id. */
  readonly issuer: string;
  /** The proofs that verified (none for a self-asserted credential inside a presentation). */
  readonly proofs: readonly VerifiedProof[];
  /** The status of each `credentialStatus` entry that was checked, in order. */
  readonly status?: readonly StatusCheckResult[];
}

/** What {@link verifyPresentation} returns: only on success. */
export interface PresentationVerificationResult {
  /** Always true: a result is only returned when the presentation and every credential verified. */
  readonly verified: true;
  /** The verified presentation, a plain-data copy of the input. */
  readonly presentation: Record<string, unknown>;
  /** The holder id, when the presentation names one. */
  readonly holder?: string;
  /** The presentation proofs that verified. */
  readonly proofs: readonly VerifiedProof[];
  /** One result per embedded credential, in order. */
  readonly credentials: readonly CredentialVerificationResult[];
}

/** What {@link verifyDataIntegrityProof} returns: only on success. */
export interface DataIntegrityVerificationResult {
  /** Always true. */
  readonly verified: true;
  /** The proofs that verified. */
  readonly proofs: readonly VerifiedProof[];
}

/**
 * The error every verifier of this package throws on any failure: a `RealDidError` whose `code`
 * is the first reason found, with every reason in `errors` (a presentation's own, then each
 * credential's, prefixed with its index). Switch on `err.code`.
 */
export interface VcVerificationError extends RealDidError<VcErrorCode> {
  /** Every reason found, in order; `errors[0].code === code`. */
  readonly errors: readonly VerificationIssue[];
}

/** What a {@link StatusCheck} answers. */
export interface StatusCheckResult {
  /** `valid`, `revoked` or `suspended`. */
  readonly status: 'valid' | 'revoked' | 'suspended';
}

/**
 * A hook that checks one `credentialStatus` entry (for instance a W3C Bitstring Status List entry,
 * with `@realdid/status`): the `checkStatus` option of the verifiers. It receives the entry and
 * the whole verified credential.
 */
export type StatusCheck = (
  entry: Readonly<Record<string, unknown>>,
  credential: Readonly<Record<string, unknown>>,
) => Promise<StatusCheckResult> | StatusCheckResult;
