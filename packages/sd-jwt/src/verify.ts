/**
 * `@realdid/sd-jwt/verify` — the verifier alone (no issuance, no presentation), for a small
 * browser bundle.
 *
 * @packageDocumentation
 */
export type { DidKeyResolverOptions, DidResolverLike } from './didKeyResolver.js';
export { didKeyResolver } from './didKeyResolver.js';
export { jwkKeyResolver } from './jwkKeyResolver.js';
export type { SdJwtErrorCode } from './SdJwtErrorCode.js';
export type {
  SdJwtStatusAnswer,
  StatusChecker,
  StatusCheckResult,
  StatusListReference,
} from './StatusChecker.js';
export type {
  ClaimPath,
  KeyResolver,
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
