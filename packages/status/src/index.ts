export { assertStatusValid } from './assertStatusValid.js';
export { BITSTRING_MIN_ENTRIES, Bitstring } from './Bitstring.js';
export type {
  BitstringStatusListEntry,
  BitstringStatusListIssuerOptions,
  CredentialSigner,
} from './BitstringStatusListIssuer.js';
export { BitstringStatusListIssuer } from './BitstringStatusListIssuer.js';
export type { BitstringStatusChecker } from './createBitstringStatusChecker.js';
export { createBitstringStatusChecker } from './createBitstringStatusChecker.js';
export type { BitstringStatusListCredentialOptions } from './createBitstringStatusListCredential.js';
export { createBitstringStatusListCredential } from './createBitstringStatusListCredential.js';
export type {
  BitstringStatusContext,
  BitstringStatusResolver,
  BitstringStatusResolverOptions,
  BitstringStatusResult,
  CredentialProofVerifier,
} from './createBitstringStatusResolver.js';
export { createBitstringStatusResolver } from './createBitstringStatusResolver.js';
export type {
  LedgerStatusFetcher,
  LedgerStatusFetcherOptions,
  StatusListCandidate,
  StatusListCandidateFetcher,
  StatusListCandidateOptions,
  StatusListCandidates,
  StatusListFetcher,
} from './createLedgerStatusFetcher.js';
export { createLedgerStatusFetcher } from './createLedgerStatusFetcher.js';
export type { StatusListDidResolver } from './createStatusListKeyResolver.js';
export { createStatusListKeyResolver } from './createStatusListKeyResolver.js';
export type { CreateStatusListTokenOptions } from './createStatusListToken.js';
export {
  createStatusListToken,
  DEFAULT_STATUS_LIST_ALGORITHMS,
  STATUS_LIST_ALGORITHMS,
  STATUS_LIST_JWT_TYP,
} from './createStatusListToken.js';
export type {
  TokenStatusAnswer,
  TokenStatusChecker,
  TokenStatusCheckerOptions,
} from './createTokenStatusChecker.js';
export { createTokenStatusChecker } from './createTokenStatusChecker.js';
export type {
  TokenStatusContext,
  TokenStatusResolver,
  TokenStatusResolverOptions,
  TokenStatusResult,
} from './createTokenStatusResolver.js';
export { createTokenStatusResolver, readTokenStatusReference } from './createTokenStatusResolver.js';
export type { DecodeBitstringOptions } from './encodeBitstring.js';
export { decodeBitstring, encodeBitstring } from './encodeBitstring.js';
export type { StatusListJson } from './encodeStatusList.js';
export { decodeStatusList, encodeStatusList } from './encodeStatusList.js';
export type { IndexAllocatorOptions, RandomSource } from './IndexAllocator.js';
export { IndexAllocator } from './IndexAllocator.js';
export type { JwsSigner } from './internal/jwt.js';
export type { SizeLimits } from './internal/limits.js';
export {
  DEFAULT_MAX_COMPRESSED_BYTES,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_DOCUMENT_BYTES,
} from './internal/limits.js';
export type { StatusErrorCode } from './StatusErrorCode.js';
export { MAX_STATUS_ENTRIES, StatusList } from './StatusList.js';
export type {
  StatusListKeyRequest,
  StatusListKeyResolver,
  StatusListPublicKey,
} from './StatusListKeyResolver.js';
export { statusListTopic } from './statusListTopic.js';
export type { StatusBits } from './TokenStatus.js';
export { isStatusBits, TokenStatus } from './TokenStatus.js';
export type {
  TokenStatusClaim,
  TokenStatusListIssuerOptions,
  TokenStatusListPublication,
} from './TokenStatusListIssuer.js';
export { TokenStatusListIssuer } from './TokenStatusListIssuer.js';
export type { VerifiedStatusListToken, VerifyStatusListTokenOptions } from './verifyStatusListToken.js';
export { verifyStatusListToken } from './verifyStatusListToken.js';
