export type { AddDataIntegrityProofOptions } from './addDataIntegrityProof.js';
export { addDataIntegrityProof } from './addDataIntegrityProof.js';
export type { CanonicalizeOptions } from './canonicalize.js';
export { canonicalize } from './canonicalize.js';
export type { Bbs2023Signer } from './createBbs2023Signer.js';
export { createBbs2023Signer } from './createBbs2023Signer.js';
export type { DataIntegritySigner } from './createDataIntegritySigner.js';
export { createDataIntegritySigner } from './createDataIntegritySigner.js';
export type { DidKeySigner } from './createDidKeySigner.js';
export { createDidKeySigner } from './createDidKeySigner.js';
export type { CreateDidResolverOptions, DidResolvers } from './createDidResolver.js';
export { createDidResolver } from './createDidResolver.js';
export type {
  DocumentLoader,
  DocumentLoaderOptions,
  PinnedContext,
  RemoteDocument,
} from './createDocumentLoader.js';
export { createDocumentLoader } from './createDocumentLoader.js';
export type { CreatePresentationOptions } from './createPresentation.js';
export { createPresentation } from './createPresentation.js';
export type { DeriveCredentialOptions } from './deriveCredential.js';
export { deriveCredential } from './deriveCredential.js';
export type { CommonVerifyOptions } from './internal/context.js';
export type { DocumentLimits } from './internal/plain.js';
export type { ProofPurposeName } from './internal/purpose.js';
export type { CryptosuiteName } from './internal/suites.js';
export type { IssueCredentialOptions } from './issueCredential.js';
export { issueCredential } from './issueCredential.js';
export type { SignPresentationOptions } from './signPresentation.js';
export { signPresentation } from './signPresentation.js';
export type { VcErrorCode } from './VcErrorCode.js';
export { VC_ERROR_CODES } from './VcErrorCode.js';
export type { VerificationMethodResolver } from './VerificationMethodResolver.js';
export type {
  CredentialVerificationResult,
  DataIntegrityVerificationResult,
  PresentationVerificationResult,
  StatusCheck,
  StatusCheckResult,
  VcVerificationError,
  VerificationIssue,
  VerifiedProof,
} from './VerificationResult.js';
export { validateCredential, validatePresentation } from './validateCredential.js';
export type { VerifyCredentialOptions } from './verifyCredential.js';
export { verifyCredential } from './verifyCredential.js';
export type { VerifyDataIntegrityProofOptions } from './verifyDataIntegrityProof.js';
export { verifyDataIntegrityProof } from './verifyDataIntegrityProof.js';
export type { VerifyPresentationOptions } from './verifyPresentation.js';
export { verifyPresentation } from './verifyPresentation.js';
