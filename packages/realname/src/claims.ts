/** The `vct` of real-name credentials. */
export const REALNAME_VCT = 'urn:realdid:vct:realname:1';

/** The `vct` of business licences. */
export const BUSINESS_LICENSE_VCT = 'urn:realdid:vct:business-license:1';

/** The `vct` of delegation credentials. */
export const DELEGATION_VCT = 'urn:realdid:vct:delegation:1';

/** The selectively disclosable claims of a real-name credential. */
export const REALNAME_CLAIMS = Object.freeze([
  'family_name',
  'given_name',
  'national_id',
  'birthdate',
  'age_over_14',
  'age_over_16',
  'age_over_18',
  'age_over_60',
  'region',
  'nationality',
] as const);

/** One selectively disclosable claim of a real-name credential. */
export type RealNameClaim = (typeof REALNAME_CLAIMS)[number];

/** True for a known real-name claim name. */
export function isRealNameClaim(value: unknown): value is RealNameClaim {
  return typeof value === 'string' && (REALNAME_CLAIMS as readonly string[]).includes(value);
}
