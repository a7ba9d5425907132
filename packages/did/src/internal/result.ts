import type { DIDDocument, DIDDocumentMetadata, DIDResolutionResult } from 'did-resolver';
import type { DidErrorCode } from '../DidErrorCode.js';

/** The DID Resolution error codes this package returns. */
export type ResolutionError =
  | 'invalidDid'
  | 'notFound'
  | 'methodNotSupported'
  | 'representationNotSupported'
  | 'invalidOptions'
  | 'internalError';

export function errorResult(
  error: ResolutionError,
  message: string,
  code?: DidErrorCode,
): DIDResolutionResult {
  return {
    didResolutionMetadata: code === undefined ? { error, message } : { error, message, code },
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
