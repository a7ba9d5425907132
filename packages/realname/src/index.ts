export type { AccountStore } from './accounts/AccountStore.js';
export { MemoryAccountStore } from './accounts/AccountStore.js';
export { parseAccount } from './accounts/parseAccount.js';
export type { ParseStoredAccountOptions } from './accounts/parseStoredAccount.js';
export { parseStoredAccount, storedAccountJson } from './accounts/parseStoredAccount.js';
export type { BusinessOptions, DelegationOptions } from './business/Business.js';
export { Business } from './business/Business.js';
export type { VerifiedDelegation, VerifyDelegationOptions } from './business/verifyDelegation.js';
export { verifyDelegation } from './business/verifyDelegation.js';
export type { RealNameClaim } from './claims.js';
export {
  BUSINESS_LICENSE_VCT,
  DELEGATION_VCT,
  isRealNameClaim,
  REALNAME_CLAIMS,
  REALNAME_VCT,
} from './claims.js';
export type { IdentityEvidence, IdentityVerifier, VerifiedIdentity } from './identity/IdentityVerifier.js';
export { InMemoryIdentityRegistryTestDouble } from './identity/InMemoryIdentityRegistryTestDouble.js';
export type { GroupPoint } from './internal/group.js';
export type { DeploymentProfile } from './internal/profile.js';
export type { JsonProof } from './internal/signedJson.js';
export type { MemoryNonceStoreOptions } from './nonce/MemoryNonceStore.js';
export { MemoryNonceStore } from './nonce/MemoryNonceStore.js';
export type { NonceConsumeResult, NonceStore } from './nonce/NonceStore.js';
export type {
  AcceptCredentialOfferOptions,
  AnswerAuthorizationRequestOptions,
  AnsweredAuthorizationRequest,
  RegistrationRequestOptions,
  RegistrationResponseMode,
} from './openid4vc/registration.js';
export {
  DID_PROOF_PARAMETER,
  REALNAME_CONFIGURATION_ID,
  REGISTRATION_QUERY_ID,
  registrationQuery,
} from './openid4vc/registration.js';
export type { RealNameErrorCode } from './RealNameErrorCode.js';
export type { ReadTopicOptions, RejectedLedgerEntry } from './RejectedLedgerEntry.js';
export type { RegistryAuthorityOptions } from './registry/RegistryAuthority.js';
export { RegistryAuthority } from './registry/RegistryAuthority.js';
export type { RegistryState, RelyingPartyRegistration, TrustedIssuer } from './registry/readRegistry.js';
export { readRegistry } from './registry/readRegistry.js';
export { registryTopic } from './registry/registryTopic.js';
export type {
  LoginChallenge,
  LoginResponse,
  PresentationRequest,
  RegistrationResponse,
} from './roles/protocol.js';
export { DID_PROOF_TYP, LOGIN_TYP } from './roles/protocol.js';
export type { RealNameAuthorityOptions, RealNameAuthorityState } from './roles/RealNameAuthority.js';
export { RealNameAuthority } from './roles/RealNameAuthority.js';
export type { Account, RelyingPartyOptions } from './roles/RelyingParty.js';
export { RelyingParty } from './roles/RelyingParty.js';
export type {
  BusinessState,
  RegistryAuthorityState,
  RelyingPartyState,
  RoleKeyState,
  RoleName,
  RoleState,
} from './roles/RoleState.js';
export type {
  ConsentQuestion,
  ConsentRecord,
  LoginOptions,
  RespondOptions,
  WalletOptions,
} from './roles/Wallet.js';
export { Wallet } from './roles/Wallet.js';
export { traceAuditTopic } from './trace/auditTopic.js';
export type { VerifiedAuditEntry } from './trace/readTraceAudit.js';
export { readTraceAudit } from './trace/readTraceAudit.js';
export type { CombineOptions, DealOptions, TraceRequestOptions } from './trace/TraceCommittee.js';
export { TraceCommittee } from './trace/TraceCommittee.js';
export type { TraceApproval, TrusteeLogEntry, TrusteeOptions } from './trace/Trustee.js';
export { Trustee } from './trace/Trustee.js';
export type { TraceGroupName } from './trace/traceScheme.js';
export type {
  PartialDecryption,
  TraceApprovalRecord,
  TraceAuditEntry,
  TraceCommitteeJson,
  TraceCommitteeParams,
  TraceOpening,
  TraceOpeningRecord,
  TraceRefusal,
  TraceRequest,
  TrusteeInfo,
  TrusteeShare,
} from './trace/types.js';
export type { UnlinkableClaimValue } from './unlinkable/layout.js';
export { contextIdFor as unlinkableContextId, epochAt } from './unlinkable/layout.js';
export type {
  UnlinkableLogin,
  UnlinkableLoginChallenge,
  UnlinkableRegistration,
  UnlinkableRequest,
} from './unlinkable/protocol.js';
export type { UnlinkableAuthorityOptions, UnlinkableIssuance } from './unlinkable/UnlinkableAuthority.js';
export { UnlinkableAuthority } from './unlinkable/UnlinkableAuthority.js';
export type {
  UnlinkableAccount,
  UnlinkableRelyingPartyOptions,
} from './unlinkable/UnlinkableRelyingParty.js';
export { UnlinkableRelyingParty } from './unlinkable/UnlinkableRelyingParty.js';
export type { UnlinkableWalletOptions } from './unlinkable/UnlinkableWallet.js';
export { UnlinkableWallet } from './unlinkable/UnlinkableWallet.js';
export { IndexedDBStorage } from './vault/IndexedDBStorage.js';
export { MemoryStorage } from './vault/MemoryStorage.js';
export type { ScryptParams, VaultCreateOptions } from './vault/Vault.js';
export { DEFAULT_SCRYPT, Vault } from './vault/Vault.js';
export type { VaultStorage } from './vault/VaultStorage.js';
export { STORAGE_KEY_PATTERN } from './vault/VaultStorage.js';
