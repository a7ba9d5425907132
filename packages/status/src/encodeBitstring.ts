import { base64urlEncode } from '@realdid/crypto';
import { BITSTRING_MIN_ENTRIES, Bitstring } from './Bitstring.js';
import { gzipCompress, gzipDecompress } from './internal/compress.js';
import { checkInteger, describe, statusError } from './internal/errors.js';
import { compressedBytes, readLimits, type SizeLimits } from './internal/limits.js';

/**
 * Encodes a {@link Bitstring} as an `encodedList`: multibase base64url (`u` prefix, no padding) of
 * the GZIP-compressed bitstring (Bitstring Status List v1.0 §3.3). The GZIP header carries no file
 * name and mtime 0, so equal bitstrings give equal strings.
 *
 * @param bitstring - the bitstring
 * @returns the `encodedList` string
 * @throws TypeError when `bitstring` is not a Bitstring
 * @example
 * ```ts
 * import { Bitstring, encodeBitstring } from '@realdid/status';
 * encodeBitstring(new Bitstring()).startsWith('uH4sI'); // true
 * ```
 */
export function encodeBitstring(bitstring: Bitstring): string {
  if (!(bitstring instanceof Bitstring)) {
    throw new TypeError(`bitstring: expected a Bitstring, found ${describe(bitstring)}`);
  }
  return 'u' + base64urlEncode(gzipCompress(bitstring.toBytes()));
}

/** Options of {@link decodeBitstring}. */
export interface DecodeBitstringOptions extends SizeLimits {
  /** Bits per entry (default 1). */
  statusSize?: number;
  /** Fewest entries accepted (default 131,072; the spec's minimum). */
  minEntries?: number;
}

/**
 * Decodes an `encodedList` from untrusted input, with size caps (safe against decompression bombs)
 * and the minimum-length rule.
 *
 * @param encodedList - multibase base64url of the GZIP-compressed bitstring
 * @param options - `statusSize`, `minEntries`, size limits
 * @returns the bitstring
 * @throws RealDidError `ERR_STATUS_LIST_MALFORMED`, `ERR_STATUS_LIST_TOO_LARGE`,
 *   `ERR_STATUS_LIST_COMPRESSION`, `ERR_STATUS_LIST_LENGTH`
 * @example
 * ```ts
 * import { decodeBitstring } from '@realdid/status';
 * const b = decodeBitstring('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
 * b.length; // 131072
 * ```
 */
export function decodeBitstring(encodedList: unknown, options?: DecodeBitstringOptions): Bitstring {
  const { maxCompressedBytes, maxDecompressedBytes } = readLimits(options);
  const statusSize = checkInteger('statusSize', options?.statusSize ?? 1, 1, 8);
  const minEntries = checkInteger('minEntries', options?.minEntries ?? BITSTRING_MIN_ENTRIES, 1, 2 ** 31 - 1);
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u') || encodedList.length < 2) {
    throw statusError(
      'ERR_STATUS_LIST_MALFORMED',
      `encodedList: expected multibase base64url ("u…"), found ${describe(encodedList)}`,
    );
  }
  const body = encodedList.slice(1);
  const compressed = compressedBytes(body, maxCompressedBytes, 'encodedList');
  const bytes = gzipDecompress(compressed, maxDecompressedBytes);
  const entries = Math.floor((bytes.length * 8) / statusSize);
  if (entries < minEntries) {
    throw statusError(
      'ERR_STATUS_LIST_LENGTH',
      `encodedList holds ${entries} entries, fewer than ${minEntries}`,
    );
  }
  return Bitstring.fromBytes(bytes, statusSize);
}
