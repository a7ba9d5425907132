import type { DIDDocument, DIDDocumentMetadata, Resolvable, Service, VerificationMethod } from 'did-resolver';
import { parseDidUrl, withoutFragment } from './internal/didUrl.js';
import { deepFreeze } from './internal/freeze.js';

/** The result of {@link dereference}. */
export interface DereferenceResult {
  /** `contentType` on success, or `error` (`invalidDidUrl`, `notFound`, or the resolution error). */
  dereferencingMetadata: { contentType?: string; error?: string; message?: string };
  /** The DID document (no fragment), or the verification method or service the fragment names. */
  contentStream: DIDDocument | VerificationMethod | Service | null;
  /** The DID document metadata of the resolved DID. */
  contentMetadata: DIDDocumentMetadata;
}

/** Finds a verification method or service by fragment in a DID document. */
export function findByFragment(doc: DIDDocument, fragment: string): VerificationMethod | Service | undefined {
  const abs = `${doc.id}#${fragment}`;
  const rel = `#${fragment}`;
  for (const vm of doc.verificationMethod ?? []) if (vm.id === abs || vm.id === rel) return vm;
  for (const s of doc.service ?? []) if (s.id === abs || s.id === rel) return s;
  return undefined;
}

/**
 * Dereferences a DID URL: resolves the DID (honouring `?versionId=` and `?versionTime=`) and
 * selects the verification method or service named by the fragment, or returns the document.
 * Never throws for a bad DID URL.
 *
 * @param resolver - a did-resolver `Resolver` (or anything with `resolve`)
 * @param didUrl - the DID URL (untrusted)
 * @returns the dereferencing result (frozen)
 * @example
 * ```ts
 * import { createDid, dereference, getResolver, Resolver } from '@realdid/did';

 * const { longFormDid } = createDid();
 * const r = await dereference(new Resolver(getResolver()), `${longFormDid}#key-1`);
 * (r.contentStream as { type: string }).type; // 'Multikey'
 * ```
 */
export async function dereference(resolver: Resolvable, didUrl: string): Promise<DereferenceResult> {
  if (resolver === null || typeof resolver !== 'object' || typeof resolver.resolve !== 'function') {
    throw new TypeError('resolver: expected an object with a resolve function');
  }
  const parts = parseDidUrl(didUrl);
  if (parts === null) {
    return deepFreeze({
      dereferencingMetadata: { error: 'invalidDidUrl', message: 'not a DID URL' },
      contentStream: null,
      contentMetadata: {},
    });
  }
  let res: Awaited<ReturnType<Resolvable['resolve']>>;
  try {
    res = await resolver.resolve(withoutFragment(parts));
  } catch {
    return deepFreeze({
      dereferencingMetadata: { error: 'internalError' },
      contentStream: null,
      contentMetadata: {},
    });
  }
  // The resolver may front any DID method (did:web, a remote universal resolver): its result is
  // untrusted data. A malformed one (null, a non-array verificationMethod, ids that are not
  // strings, throwing getters) used to escape as an uncoded TypeError; it is an internalError.
  try {
    return select(res, parts.fragment);
  } catch {
    return deepFreeze({
      dereferencingMetadata: { error: 'internalError', message: 'the resolver returned a malformed result' },
      contentStream: null,
      contentMetadata: {},
    });
  }
}

function select(
  res: Awaited<ReturnType<Resolvable['resolve']>>,
  fragment: string | undefined,
): DereferenceResult {
  if (res === null || typeof res !== 'object') throw new TypeError('not a resolution result');
  const error = res.didResolutionMetadata?.error;
  if (error !== undefined || res.didDocument === null) {
    return deepFreeze({
      dereferencingMetadata: { error: typeof error === 'string' ? error : 'notFound' },
      contentStream: null,
      contentMetadata: res.didDocumentMetadata ?? {},
    });
  }
  const contentType = res.didResolutionMetadata.contentType ?? 'application/did+json';
  if (fragment === undefined) {
    return deepFreeze({
      dereferencingMetadata: { contentType },
      contentStream: res.didDocument,
      contentMetadata: res.didDocumentMetadata,
    });
  }
  const found = findByFragment(res.didDocument, fragment);
  if (found === undefined) {
    return deepFreeze({
      dereferencingMetadata: {
        error: 'notFound',
        message: `no verification method or service #${fragment.slice(0, 64)}`,
      },
      contentStream: null,
      contentMetadata: res.didDocumentMetadata,
    });
  }
  return deepFreeze({
    dereferencingMetadata: { contentType },
    contentStream: found,
    contentMetadata: res.didDocumentMetadata,
  });
}
