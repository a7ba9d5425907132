import { describe, statusError } from './errors.js';
import { base64urlBytes, utf8Text } from './jwt.js';

/** Default largest compressed list accepted (the `lst`/`encodedList` bytes after base64url): 2 MiB. */
export const DEFAULT_MAX_COMPRESSED_BYTES = 2 * 1024 * 1024;
/** Default largest decompressed list accepted: 16 MiB (134 million 1-bit entries). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;
/** Default largest fetched document (token or credential): 3 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;

/** Size limits applied to untrusted status lists. */
export interface SizeLimits {
  /** Largest compressed list in bytes (default 2 MiB). */
  maxCompressedBytes?: number;
  /** Largest decompressed list in bytes (default 16 MiB); decompression stops as soon as it is exceeded. */
  maxDecompressedBytes?: number;
}

export function readLimits(options: SizeLimits | undefined): Required<SizeLimits> {
  const c = options?.maxCompressedBytes ?? DEFAULT_MAX_COMPRESSED_BYTES;
  const d = options?.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  for (const [name, v] of [
    ['maxCompressedBytes', c],
    ['maxDecompressedBytes', d],
  ] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      // describe(), not String(): String() of a deeply nested array recurses until the stack overflows
      throw new RangeError(`${name}: expected a positive integer, found ${describe(v)}`);
    }
  }
  return { maxCompressedBytes: c, maxDecompressedBytes: d };
}

/**
 * Decodes the base64url of a compressed list (`encodedList`, `lst`) after checking that it cannot
 * exceed `maxBytes`: a longer one is `ERR_STATUS_LIST_TOO_LARGE`, bad base64url
 * `ERR_STATUS_LIST_MALFORMED`.
 */
export function compressedBytes(encoded: string, maxBytes: number, what: string): Uint8Array {
  if (Math.floor((encoded.length * 3) / 4) > maxBytes) {
    throw statusError('ERR_STATUS_LIST_TOO_LARGE', `${what} exceeds ${maxBytes} compressed bytes`);
  }
  return base64urlBytes(encoded, what);
}

/**
 * The text of a fetched document (a string, or its UTF-8 bytes) of at most `maxBytes`: a larger
 * one is `ERR_STATUS_LIST_TOO_LARGE`, bytes that are not UTF-8 `ERR_STATUS_LIST_MALFORMED`. (A
 * decoded text never has more UTF-16 units than its UTF-8 bytes, so one check before decoding
 * bounds both forms.)
 */
export function documentText(doc: string | Uint8Array, maxBytes: number, what: string): string {
  if (doc.length > maxBytes)
    throw statusError('ERR_STATUS_LIST_TOO_LARGE', `${what} exceeds ${maxBytes} bytes`);
  return typeof doc === 'string' ? doc : utf8Text(doc, what);
}
