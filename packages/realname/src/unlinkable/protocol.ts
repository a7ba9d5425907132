import type { RealNameClaim } from '../claims.js';
import type { JsonProof } from '../internal/signedJson.js';
import type { UnlinkableClaimValue } from './layout.js';

/**
 * A site's registration request (unlinkable mode), signed with an assertion key of the site's DID
 * (as the SD-JWT mode's requests): the wallet checks the signature, the time window, the registry
 * (the site, the origin the request arrived from, its allowed claims) and asks the holder.
 */
export interface UnlinkableRequest {
  type: 'realdid-unlinkable-request';
  /** The site's DID: the pseudonym's verifier id is derived from it. */
  rp: string;
  /** The verification method (`<rp>#<id>`) that signed the request. */
  vm: string;
  claims: RealNameClaim[];
  /** One-time nonce. */
  nonce: string;
  /** The epoch the site accepts. */
  epoch: number;
  /** Issued at / expires (seconds since the epoch); at most one hour apart. */
  iat: number;
  exp: number;
  proof: JsonProof;
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

/** A site's login challenge, signed as a {@link UnlinkableRequest}. */
export interface UnlinkableLoginChallenge {
  type: 'realdid-unlinkable-login-challenge';
  rp: string;
  vm: string;
  nonce: string;
  epoch: number;
  iat: number;
  exp: number;
  proof: JsonProof;
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
