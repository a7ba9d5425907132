import type { RealNameClaim } from '../claims.js';
import type { UnlinkableClaimValue } from './layout.js';

/** A site's registration request (unlinkable mode). */
export interface UnlinkableRequest {
  type: 'realdid-unlinkable-request';
  /** The site's DID: the pseudonym's verifier id is derived from it. */
  rp: string;
  claims: RealNameClaim[];
  /** One-time nonce. */
  nonce: string;
  /** The epoch the site accepts. */
  epoch: number;
}

/** The wallet's registration answer. Binary members are base64url. */
export interface UnlinkableRegistration {
  type: 'realdid-unlinkable-registration';
  rp: string;
  nonce: string;
  /** Exactly the requested claims. */
  claims: Partial<Record<RealNameClaim, UnlinkableClaimValue>>;
  epoch: number;
  /** 48 bytes: the site's account key. */
  pseudonym: string;
  /** The BBS pseudonym proof. */
  proof: string;
  /** 128 bytes: `C1 ‖ C2 ‖ r^`. */
  trace: string;
}

/** A site's login challenge. */
export interface UnlinkableLoginChallenge {
  type: 'realdid-unlinkable-login-challenge';
  rp: string;
  nonce: string;
  epoch: number;
}

/** The wallet's login answer: a fresh proof for the same pseudonym, disclosing only the epoch. */
export interface UnlinkableLogin {
  type: 'realdid-unlinkable-login';
  rp: string;
  nonce: string;
  epoch: number;
  pseudonym: string;
  proof: string;
}
