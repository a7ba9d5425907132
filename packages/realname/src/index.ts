export type { IdentityEvidence, IdentityVerifier, VerifiedIdentity } from './identity/IdentityVerifier.js';
export { InMemoryIdentityRegistryTestDouble } from './identity/InMemoryIdentityRegistryTestDouble.js';
export type { MemoryNonceStoreOptions } from './nonce/MemoryNonceStore.js';
export { MemoryNonceStore } from './nonce/MemoryNonceStore.js';
export type { NonceConsumeResult, NonceStore } from './nonce/NonceStore.js';
export type { RealNameErrorCode } from './RealNameErrorCode.js';
export { traceAuditTopic } from './trace/auditTopic.js';
export type { VerifiedAuditEntry } from './trace/readTraceAudit.js';
export { readTraceAudit } from './trace/readTraceAudit.js';
export type { CombineOptions, DealOptions, TraceRequestOptions } from './trace/TraceCommittee.js';
export { TraceCommittee } from './trace/TraceCommittee.js';
export type { TraceApproval, TrusteeLogEntry, TrusteeOptions } from './trace/Trustee.js';
export { Trustee } from './trace/Trustee.js';
export type {
  PartialDecryption,
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
export { IndexedDBStorage } from './vault/IndexedDBStorage.js';
export { MemoryStorage } from './vault/MemoryStorage.js';
export type { ScryptParams, VaultCreateOptions } from './vault/Vault.js';
export { DEFAULT_SCRYPT, Vault } from './vault/Vault.js';
export type { VaultStorage } from './vault/VaultStorage.js';
export { STORAGE_KEY_PATTERN } from './vault/VaultStorage.js';
