export type {
  CreateAuthorizationRequestOptions,
  CreatedAuthorizationRequest,
} from './createAuthorizationRequest.js';
export { createAuthorizationRequest } from './createAuthorizationRequest.js';
export type { AuthorizationResponse } from './createAuthorizationResponse.js';
export { createAuthorizationResponse } from './createAuthorizationResponse.js';
export type {
  CreatedOffer,
  CreateOfferOptions,
  CredentialIssuer,
  CredentialIssuerOptions,
  HandlerRequest,
  HandlerResponse,
  IssueBatchRequest,
  IssueRequest,
  SdJwtVcConfiguration,
} from './createCredentialIssuer.js';
export { createCredentialIssuer, PRE_AUTHORIZED_CODE_GRANT } from './createCredentialIssuer.js';
export type { MemoryStoreOptions } from './createMemoryStore.js';
export { createMemoryStore } from './createMemoryStore.js';
export type { CreatedVpToken, CreateVpTokenOptions } from './createVpToken.js';
export { createVpToken } from './createVpToken.js';
export type { OpenId4VcErrorCode } from './OpenId4VcErrorCode.js';
export type { OpenedAuthorizationResponse } from './openAuthorizationResponse.js';
export { openAuthorizationResponse } from './openAuthorizationResponse.js';
export type { CredentialOffer } from './parseCredentialOffer.js';
export { parseCredentialOffer } from './parseCredentialOffer.js';
export type { HolderKey, RequestCredentialsOptions } from './requestCredentials.js';
export { requestCredentials } from './requestCredentials.js';
export type { SubmitAuthorizationResponseOptions } from './submitAuthorizationResponse.js';
export { submitAuthorizationResponse } from './submitAuthorizationResponse.js';
export type {
  LdpPresentationVerifier,
  OneTimeStore,
  ResponseEncryptionEnc,
  ResponseMode,
  VerifiedLdpPresentation,
  VerifierTransaction,
  VpTokenEntry,
} from './types.js';
export { PROOF_JWT_TYP, REQUEST_OBJECT_TYP, RESPONSE_MODES } from './types.js';
export type {
  VerifiedAuthorizationRequest,
  VerifyAuthorizationRequestOptions,
} from './verifyAuthorizationRequest.js';
export { verifyAuthorizationRequest } from './verifyAuthorizationRequest.js';
export type {
  VerifiedAuthorizationResponse,
  VerifiedLdpCredential,
  VerifyAuthorizationResponseOptions,
} from './verifyAuthorizationResponse.js';
export { verifyAuthorizationResponse } from './verifyAuthorizationResponse.js';
