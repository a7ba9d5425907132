export type { CreatedLdpVpToken, CreateLdpVpTokenOptions } from './ldp/createLdpVpToken.js';
export { createLdpVpToken } from './ldp/createLdpVpToken.js';
export type { LdpPresentationVerifierOptions } from './ldp/ldpPresentationVerifier.js';
export { ldpPresentationVerifier } from './ldp/ldpPresentationVerifier.js';
