import type { JsonProof } from '../internal/signedJson.js';

/** One trustee of a trace committee as the public parameters list it. */
export interface TrusteeInfo {
  /** 1-based share index (the Shamir evaluation point). */
  index: number;
  /** The trustee's name (an organisation, a court, an office). */
  id: string;
  /** The trustee's Ed25519 public key that signs its audit entries (32 bytes). */
  auditPublicKey: Uint8Array;
}

/** The public parameters of a trace committee. */
export interface TraceCommitteeParams {
  /** A name for the committee, also used in its ledger audit topic `trace-audit:<committeeId>`. */
  committeeId: string;
  /** k: how many trustees must agree to open a token. */
  threshold: number;
  /** Feldman commitments A_0..A_{k-1} (encoded elements of the group); A_0 is the committee key. */
  commitments: Uint8Array[];
  /** The n trustees, indices 1..n. */
  trustees: TrusteeInfo[];
  /** The group: `ristretto255` (default, 32-byte elements) or `bls12-381-g1` (48-byte compressed). */
  group?: 'ristretto255' | 'bls12-381-g1';
}

/** The JSON form of {@link TraceCommitteeParams} (bytes as base64url). */
export interface TraceCommitteeJson {
  committeeId: string;
  threshold: number;
  commitments: string[];
  trustees: { index: number; id: string; auditPublicKey: string }[];
  /** Absent for ristretto255. */
  group?: 'ristretto255' | 'bls12-381-g1';
}

/** A trustee's secret share, as the dealer hands it over (keep it secret). */
export interface TrusteeShare {
  committeeId: string;
  index: number;
  id: string;
  /** x_i, a 32-byte scalar (little-endian on ristretto255, big-endian on BLS12-381 G1). */
  secret: Uint8Array;
}

/**
 * A request to open a trace token, signed by the requester and appended to the audit topic. It
 * carries the requester's fresh per-request public key and the token's `C1` blinded with a
 * per-request secret factor, so the trustees' answers are useful to this requester for this request
 * only.
 */
export interface TraceRequest {
  type: 'trace-request';
  committee: string;
  /** The trace token (base64url). */
  token: string;
  /** The context the token is bound to (base64url), e.g. the credential id. */
  context: string;
  /** The lawful basis: a case number, a warrant reference. */
  reason: string;
  /** ISO 8601 time of the request. */
  requestedAt: string;
  /** 128-bit random nonce (base64url) so two identical requests stay distinct. */
  nonce: string;
  /** `C1' = b·C1`: the token's first component blinded with the request's secret factor b (base64url). */
  blinded: string;
  /** `E = e·G`: the requester's fresh public key for this request; partials are sealed to it (base64url). */
  requesterKey: string;
  /** Schnorr proof of knowledge of b with `C1' = b·C1`, bound to the request body: c ‖ z (base64url, 64 bytes). */
  blindingProof: string;
  proof: JsonProof;
}

/**
 * A trustee's approval of a request as logged on the audit topic: signed, naming the request (its
 * hash) and the SHA-256 of the sealed partial decryption it sent to the requester. It holds no
 * partial decryption.
 */
export interface TraceApprovalRecord {
  type: 'trace-partial';
  committee: string;
  /** Identifier of the request (base64url SHA-256 of its canonical JSON). */
  request: string;
  trustee: string;
  index: number;
  /** base64url SHA-256 of the sealed partial handed to the requester. */
  sealed: string;
  approvedAt: string;
  proof: JsonProof;
}

/**
 * A trustee's answer to a request, for the requester only: the partial decryption
 * `D_i' = x_i·C1'` with its Chaum–Pedersen proof, sealed to the request's `requesterKey`, and the
 * signed approval record logged on the ledger.
 */
export interface PartialDecryption {
  type: 'trace-sealed-partial';
  committee: string;
  request: string;
  trustee: string;
  index: number;
  /** The sealed partial: ephemeral key ‖ XChaCha20-Poly1305 ciphertext of `D_i' ‖ c ‖ z` (base64url). */
  share: string;
  /** The approval as logged (its `sealed` member is the SHA-256 of `share`). */
  approval: TraceApprovalRecord;
}

/** The audit record of an opening, signed by the requester of the request it opens. */
export interface TraceOpeningRecord {
  type: 'trace-opening';
  committee: string;
  request: string;
  /** Trustees whose partials were combined. */
  trustees: string[];
  /** Identifiers (base64url SHA-256 of the canonical JSON) of the approval records combined. */
  approvals: string[];
  /** base64url SHA-256 over request id ‖ handle: lets an auditor check a handle disclosed later. */
  handleCommitment: string;
  openedAt: string;
  proof: JsonProof;
}

/** A trustee's refusal of a request, signed and logged. */
export interface TraceRefusal {
  type: 'trace-refusal';
  committee: string;
  request: string;
  trustee: string;
  index: number;
  refusedAt: string;
  proof: JsonProof;
}

/** Any entry of a committee's audit topic. */
export type TraceAuditEntry = TraceRequest | TraceApprovalRecord | TraceOpeningRecord | TraceRefusal;

/** The result of combining partials. */
export interface TraceOpening {
  /** The decrypted real-name handle (the authority's pseudonymous record id). */
  handle: Uint8Array;
  /** The audit record appended to the ledger. */
  record: TraceOpeningRecord;
}
