import type { KeyType } from '@realdid/crypto';
import { publicKeyToMultibase } from '@realdid/crypto';
import type { ResolveDidOptions } from '@realdid/did';
import { resolveDid, resolveVerificationMethod } from '@realdid/did';
import { blsDidKeyDocument, blsDidKeyVerificationMethod } from './internal/bbs2023/didKey.js';
import { vcError } from './internal/errors.js';
import type { VerificationMethodResolver } from './VerificationMethodResolver.js';

/** Options of {@link createDidResolver}. */
export interface CreateDidResolverOptions {
  /** The ledger of each did:realdid network (short-form DIDs); long-form DIDs, did:key and did:jwk need none. */
  readonly networks?: ResolveDidOptions['networks'];
  /** The DID resolution cache of `@realdid/did`. */
  readonly cache?: ResolveDidOptions['cache'];
}

/** The two resolvers this package needs, both backed by `@realdid/did`. */
export interface DidResolvers {
  /** Resolves a verification method for a proof purpose (for the verify options' `resolver`). */
  readonly verificationMethod: VerificationMethodResolver;
  /** Resolves a DID to its DID document (for {@link createDocumentLoader}'s `resolveDid`). */
  readonly didDocument: (did: string) => Promise<unknown>;
}

/**
 * Binds `@realdid/did` (did:realdid, did:key, did:jwk) for this package: verification methods are
 * resolved with `resolveVerificationMethod(resolver, kid, { purpose })`, which checks the key is
 * listed under the proof purpose and the DID is not deactivated.
 *
 * @param options - the ledgers of the did:realdid networks, a resolution cache
 * @returns the verification method resolver and the DID document resolver
 * @throws TypeError on malformed options
 * @example
 * ```ts
 * import { createDidResolver, verifyCredential } from '@realdid/vc';
 * const did = createDidResolver({ networks: { main: ledger } });
 * await verifyCredential(vc, { resolver: did.verificationMethod });
 * ```
 */
export function createDidResolver(options: CreateDidResolverOptions = {}): DidResolvers {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const opts: ResolveDidOptions = {
    ...(options.networks === undefined ? {} : { networks: options.networks }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  };
  const resolvable = { resolve: (didUrl: string) => resolveDid(didUrl, opts) };
  const verificationMethod: VerificationMethodResolver = async (id, { purpose }) => {
    // BLS12-381 did:key (bbs-2023 issuers): every relationship lists the one key.
    const bls = typeof id === 'string' ? blsDidKeyVerificationMethod(id) : undefined;
    if (bls !== undefined) return bls;
    const vm = await resolveVerificationMethod(resolvable as never, id, { purpose });
    let publicKeyMultibase: string;
    try {
      publicKeyMultibase = publicKeyToMultibase(vm.type as KeyType, vm.publicKey);
    } catch (e) {
      throw vcError('ERR_VC_VERIFICATION_METHOD', `unsupported key type ${String(vm.type)}`, e);
    }
    return { id: vm.id, type: 'Multikey', controller: vm.controller, publicKeyMultibase };
  };
  const didDocument = async (did: string): Promise<unknown> => {
    const bls = typeof did === 'string' ? blsDidKeyDocument(did) : undefined;
    if (bls !== undefined) return bls;
    const r = await resolveDid(did, opts);
    if (r.didResolutionMetadata?.error !== undefined || r.didDocument === null) {
      throw vcError('ERR_VC_VERIFICATION_METHOD', `cannot resolve ${did.slice(0, 80)}`);
    }
    return r.didDocument;
  };
  return Object.freeze({ verificationMethod, didDocument });
}
