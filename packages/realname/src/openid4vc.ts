/**
 * `@realdid/realname/openid4vc`: the authority's OpenID4VCI side of real-name enrolment. Needs the
 * optional peer `@realdid/openid4vc` (the wallet's and the relying party's OpenID4VC methods load it
 * when first called).
 *
 * @packageDocumentation
 */
export type { EnrolmentIssuer, EnrolmentIssuerOptions } from './openid4vc/createEnrolmentIssuer.js';
export { createEnrolmentIssuer } from './openid4vc/createEnrolmentIssuer.js';
