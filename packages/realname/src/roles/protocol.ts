import type { RealNameClaim } from '../claims.js';
import type { JsonProof } from '../internal/signedJson.js';

/** A relying party's request for a registration presentation, signed by its DID. */
export interface PresentationRequest {
  type: 'realdid-presentation-request';
  /** The RP's DID (the audience of the answer). */
  rp: string;
  /** The verification method of the RP that signed the request. */
  vm: string;
  /** The claims asked for (each must be in the RP's registration). */
  claims: RealNameClaim[];
  /** One-time nonce, ≥ 128 bits, base64url. */
  nonce: string;
  /**
   * The RP's time of the request, seconds since the epoch. The wallet puts this value, not its own
   * clock, in the key-binding JWT's `iat`, so a device's clock skew is no linking value.
   */
  iat: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  proof: JsonProof;
}

/** The wallet's answer to a {@link PresentationRequest}. */
export interface RegistrationResponse {
  type: 'realdid-registration-response';
  /** The site's pairwise DID (`did:key`, resolved without a ledger). */
  did: string;
  /** The SD-JWT VC presentation with a KB-JWT bound to the RP and the nonce. */
  presentation: string;
  /**
   * Proof of control of the pairwise DID: a compact JWS (typ `realdid-did-proof+jwt`) by its
   * authentication key over `{ iss: did, aud: rp, nonce, sd_hash }`.
   */
  proof: string;
}

/** A login challenge, signed by the RP. */
export interface LoginChallenge {
  type: 'realdid-login-challenge';
  rp: string;
  vm: string;
  nonce: string;
  /** The RP's time of the challenge, seconds since the epoch. */
  iat: number;
  exp: number;
  proof: JsonProof;
}

/** The wallet's answer to a {@link LoginChallenge}. */
export interface LoginResponse {
  type: 'realdid-login-response';
  did: string;
  /** Compact JWS (typ `realdid-login+jwt`) by the pairwise DID over `{ iss: did, aud: rp, nonce }`. */
  proof: string;
}

/** JWS `typ` of the proof of control of a pairwise DID at registration. */
export const DID_PROOF_TYP = 'realdid-did-proof+jwt';
/** JWS `typ` of a login response. */
export const LOGIN_TYP = 'realdid-login+jwt';
