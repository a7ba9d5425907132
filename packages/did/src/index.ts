/** did-resolver's `Resolver` class and result types, re-exported so that one import suffices. */
export type {
  DIDDocument,
  DIDResolutionResult,
  Resolvable,
  ResolverRegistry,
  Service,
  VerificationMethod,
} from 'did-resolver';
export { Resolver } from 'did-resolver';

export type { JcsCanonicalizeOptions } from './canonicalize.js';

import type { JcsCanonicalizeOptions } from './canonicalize.js';
/**
 * @deprecated renamed {@link JcsCanonicalizeOptions}: `@realdid/vc`'s `CanonicalizeOptions` are
 * those of RDF canonicalization. Kept for one minor version.
 */
export type CanonicalizeOptions = JcsCanonicalizeOptions;
export { canonicalize } from './canonicalize.js';
export type { CreateDidOptions, CreatedDid, GeneratedKeyOptions, VerificationKey } from './createDid.js';
export { createDid } from './createDid.js';
export type { DidErrorCode } from './DidErrorCode.js';
export type { DeactivateDidOptions } from './deactivateDid.js';
export { deactivateDid } from './deactivateDid.js';
export type { DereferenceResult } from './dereference.js';
export { dereference } from './dereference.js';
export type { GetResolverOptions } from './getResolver.js';
export { getResolver } from './getResolver.js';
export type { OperationSigner, PublicKeyInput, ServiceInput } from './internal/build.js';
export type { AnyKeyType } from './internal/multikey.js';
export type {
  BuiltOperation,
  CreateOperation,
  DeactivateOperation,
  DidOperation,
  DocumentContent,
  Patch,
  PublicKeyEntry,
  Purpose,
  RecoverOperation,
  ServiceEndpointValue,
  ServiceEntry,
  UpdateOperation,
} from './Operation.js';
export { PURPOSES } from './Operation.js';
export type { ParsedRealDid } from './parseRealDid.js';
export { parseRealDid } from './parseRealDid.js';
export type { PublishOptions } from './publishOperation.js';
export { anchorDid, publishOperation, publishOperations } from './publishOperation.js';
export type { ResolutionCache, ResolutionCacheOptions } from './ResolutionCache.js';
export { createResolutionCache } from './ResolutionCache.js';
export type { RecoverDidOptions, RecoveredDid } from './recoverDid.js';
export { recoverDid } from './recoverDid.js';
export type { ResolveDidOptions } from './resolveDid.js';
export { resolveDid } from './resolveDid.js';
export type {
  ResolvedVerificationMethod,
  ResolveVerificationMethodOptions,
} from './resolveVerificationMethod.js';
export { resolveVerificationMethod } from './resolveVerificationMethod.js';
export type { PatchInput, UpdateDidOptions, UpdatedDid } from './updateDid.js';
export { updateDid } from './updateDid.js';
