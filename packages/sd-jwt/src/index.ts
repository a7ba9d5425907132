export type { DecodedSdJwt, DisclosureInfo } from './decodeSdJwt.js';
export { decodeSdJwt } from './decodeSdJwt.js';
export type { DidKeyResolverOptions, DidResolverLike } from './didKeyResolver.js';
export { didKeyResolver } from './didKeyResolver.js';
export type { IssueSdJwtOptions } from './issueSdJwt.js';
export { issueSdJwt } from './issueSdJwt.js';
export type { IssueSdJwtVcOptions } from './issueSdJwtVc.js';
export { issueSdJwtVc } from './issueSdJwtVc.js';
export { jwkKeyResolver } from './jwkKeyResolver.js';
export type { PresentSdJwtOptions } from './presentSdJwt.js';
export { presentSdJwt } from './presentSdJwt.js';
export type { SdJwtErrorCode } from './SdJwtErrorCode.js';
export type {
  SdJwtStatusAnswer,
  StatusChecker,
  StatusCheckResult,
  StatusListReference,
} from './StatusChecker.js';
export { toCompactSerialization, toJsonSerialization } from './toJsonSerialization.js';
export type {
  ClaimPath,
  DisclosureFrame,
  JwsSigner,
  KeyResolver,
  PresentationFrame,
  ResolvedKey,
  SdHashAlgorithm,
  SdJwtFlattenedJson,
  SdJwtGeneralJson,
  SdJwtLimits,
} from './types.js';
export { DEFAULT_SD_JWT_LIMITS } from './types.js';
export type { KeyBindingExpectations, VerifiedSdJwt, VerifySdJwtOptions } from './verifySdJwt.js';
export { verifySdJwt } from './verifySdJwt.js';
export type { VerifiedSdJwtVc } from './verifySdJwtVc.js';
export { SD_JWT_VC_TYPES, verifySdJwtVc } from './verifySdJwtVc.js';
