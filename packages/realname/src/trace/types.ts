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
  /** Feldman commitments A_0..A_{k-1} (ristretto255, 32 bytes each); A_0 is the committee key. */
  commitments: Uint8Array[];
  /** The n trustees, indices 1..n. */
  trustees: TrusteeInfo[];
}

/** The JSON form of {@link TraceCommitteeParams} (bytes as base64url). */
export interface TraceCommitteeJson {
  committeeId: string;
  threshold: number;
  commitments: string[];
  trustees: { index: number; id: string; auditPublicKey: string }[];
}

/** A trustee's secret share, as the dealer hands it over (keep it secret). */
export interface TrusteeShare {
  committeeId: string;
  index: number;
  id: string;
  /** x_i, 32-byte little-endian scalar. */
  secret: Uint8Array;
}

/** A request to open a trace token, signed by the requester and appended to the audit topic. */
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
  proof: JsonProof;
}

/** A trustee's partial decryption with its Chaum–Pedersen proof, signed by the trustee. */
export interface PartialDecryption {
  type: 'trace-partial';
  committee: string;
  /** Identifier of the request (base64url SHA-256 of its canonical JSON). */
  request: string;
  trustee: string;
  index: number;
  /** D_i = x_i·C1 (ristretto255, base64url). */
  share: string;
  /** Chaum–Pedersen proof c ‖ z (base64url, 64 bytes). */
  dleq: string;
  proof: JsonProof;
}

/** The audit record of an opening, signed by whoever combined the partials. */
export interface TraceOpeningRecord {
  type: 'trace-opening';
  committee: string;
  request: string;
  /** Trustees whose partials were combined. */
  trustees: string[];
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
export type TraceAuditEntry = TraceRequest | PartialDecryption | TraceOpeningRecord | TraceRefusal;

/** The result of combining partials. */
export interface TraceOpening {
  /** The decrypted real-name handle (the authority's pseudonymous record id). */
  handle: Uint8Array;
  /** The audit record appended to the ledger. */
  record: TraceOpeningRecord;
}
