import type { DIDDocument, DIDDocumentMetadata, DIDResolutionResult } from 'did-resolver';

/** The DID Resolution error codes this package returns. */
export type ResolutionError =
  | 'invalidDid'
  | 'notFound'
  | 'methodNotSupported'
  | 'representationNotSupported'
  | 'invalidOptions'
  | 'internalError';

export function errorResult(error: ResolutionError, message: string): DIDResolutionResult {
  return {
    didResolutionMetadata: { error, message },
    didDocument: null,
    didDocumentMetadata: {},
  };
}

export function okResult(
  contentType: string,
  didDocument: DIDDocument,
  didDocumentMetadata: DIDDocumentMetadata,
): DIDResolutionResult {
  return { didResolutionMetadata: { contentType }, didDocument, didDocumentMetadata };
}
