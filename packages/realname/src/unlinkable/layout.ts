import { REALNAME_CLAIMS, type RealNameClaim } from '../claims.js';
import type { VerifiedIdentity } from '../identity/IdentityVerifier.js';
import { concat, lengthPrefixed, utf8 } from '../internal/bytes.js';

/** The BBS header of every unlinkable-mode credential. */
export const UNLINKABLE_HEADER = utf8('realdid/unlinkable/v1');
/** The message index of the handle (never disclosed). */
export const HANDLE_INDEX = REALNAME_CLAIMS.length;
/** The message index of the epoch (always disclosed). */
export const EPOCH_INDEX = REALNAME_CLAIMS.length + 1;
/** The number of signer messages: the claims, the handle, the epoch. */
export const MESSAGE_COUNT = REALNAME_CLAIMS.length + 2;
/** The number of nym secrets (length_nym_vector). */
export const NYM_COUNT = 1;

/** A claim value as carried in the credential. */
export type UnlinkableClaimValue = string | boolean;

/** The message of one claim: `name=` and the JSON of its value (unambiguous, reproducible by a site). */
export function claimMessage(name: RealNameClaim, value: UnlinkableClaimValue): Uint8Array {
  return utf8(`${name}=${JSON.stringify(value)}`);
}

/** The message of an epoch. */
export function epochMessage(epoch: number): Uint8Array {
  return utf8(`epoch=${epoch}`);
}

/** The message of a handle. */
export function handleMessage(handle: Uint8Array): Uint8Array {
  return concat(utf8('handle='), handle);
}

/** The epoch number at `nowMs` for epochs of `epochSeconds`. */
export function epochAt(nowMs: number, epochSeconds: number): number {
  return Math.floor(nowMs / 1000 / epochSeconds);
}

/** The pseudonym context (verifier id) of a site: derived from its DID only. */
export function contextIdFor(rpDid: string): Uint8Array {
  return lengthPrefixed(utf8('realdid/unlinkable/v1/verifier'), utf8(rpDid));
}

/**
 * The presentation header: binds the proof to the kind of message, the site's DID, the origin the
 * request arrived from, the site's nonce and (at registration) the committee key, the trace
 * ciphertext and the commitments of its proof.
 */
export function presentationHeader(
  kind: 'register' | 'login',
  rpDid: string,
  origin: string,
  nonce: string,
  extra: readonly Uint8Array[] = [],
): Uint8Array {
  return lengthPrefixed(
    utf8('realdid/unlinkable/v1/presentation'),
    utf8(kind),
    utf8(rpDid),
    utf8(origin),
    utf8(nonce),
    ...extra,
  );
}

function yearsAt(birthdate: string, now: Date): number {
  const [y, m, d] = birthdate.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  const mm = now.getUTCMonth() + 1;
  if (mm < m || (mm === m && now.getUTCDate() < d)) age--;
  return age;
}

/** The claims of a person at `now` (age booleans computed at issuance, as in SD-JWT mode). */
export function claimsOf(person: VerifiedIdentity, now: Date): Record<RealNameClaim, UnlinkableClaimValue> {
  const age = yearsAt(person.birthdate, now);
  return {
    family_name: person.familyName,
    given_name: person.givenName,
    national_id: person.nationalId,
    birthdate: person.birthdate,
    age_over_14: age >= 14,
    age_over_16: age >= 16,
    age_over_18: age >= 18,
    age_over_60: age >= 60,
    region: person.region,
    nationality: person.nationality,
  };
}
