import { base64urlEncode } from '@realdid/crypto';
import { zlibCompress, zlibDecompress } from './internal/compress.js';
import { describe, statusError } from './internal/errors.js';
import { compressedBytes, readLimits, type SizeLimits } from './internal/limits.js';
import { StatusList } from './StatusList.js';
import { isStatusBits, type StatusBits } from './TokenStatus.js';

/** The JSON form of a Token Status List (draft-ietf-oauth-status-list §4.2). */
export interface StatusListJson {
  /** Bits per entry: 1, 2, 4 or 8. */
  bits: StatusBits;
  /** base64url (no padding) of the ZLIB-compressed byte array. */
  lst: string;
  /** Optional URI of a Status List Aggregation. */
  aggregation_uri?: string;
}

/**
 * Compresses a {@link StatusList} (DEFLATE in ZLIB, highest level) into its JSON form.
 *
 * @param list - the list
 * @returns `{ bits, lst }`
 * @throws TypeError when `list` is not a StatusList
 * @example
 * ```ts
 * import { StatusList, encodeStatusList } from '@realdid/status';
 * const list = new StatusList(16);
 * list.set(0, 1);
 * encodeStatusList(list).bits; // 1
 * ```
 */
export function encodeStatusList(list: StatusList): StatusListJson {
  if (!(list instanceof StatusList))
    throw new TypeError(`list: expected a StatusList, found ${describe(list)}`);
  return { bits: list.bits, lst: base64urlEncode(zlibCompress(list.toBytes())) };
}

/**
 * Decodes the JSON form of a Token Status List from untrusted input: checks the structure, the
 * compressed size, and decompresses with an output cap (safe against decompression bombs).
 *
 * @param value - the `status_list` object
 * @param limits - size limits (defaults: 2 MiB compressed, 16 MiB decompressed)
 * @returns the list
 * @throws RealDidError `ERR_STATUS_LIST_MALFORMED`, `ERR_STATUS_LIST_TOO_LARGE`, `ERR_STATUS_LIST_COMPRESSION`
 * @example
 * ```ts
 * import { decodeStatusList } from '@realdid/status';
 * const list = decodeStatusList({ bits: 1, lst: 'eNrbuRgAAhcBXQ' });
 * list.get(0); // 1
 * ```
 */
export function decodeStatusList(value: unknown, limits?: SizeLimits): StatusList {
  const { maxCompressedBytes, maxDecompressedBytes } = readLimits(limits);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw statusError(
      'ERR_STATUS_LIST_MALFORMED',
      `status_list: expected an object, found ${describe(value)}`,
    );
  }
  const { bits, lst } = value as Record<string, unknown>;
  if (!isStatusBits(bits)) {
    throw statusError(
      'ERR_STATUS_LIST_MALFORMED',
      `status_list.bits: expected 1, 2, 4 or 8, found ${describe(bits)}`,
    );
  }
  if (typeof lst !== 'string' || lst.length === 0) {
    throw statusError(
      'ERR_STATUS_LIST_MALFORMED',
      `status_list.lst: expected a base64url string, found ${describe(lst)}`,
    );
  }
  const compressed = compressedBytes(lst, maxCompressedBytes, 'status_list.lst');
  const bytes = zlibDecompress(compressed, maxDecompressedBytes);
  if (bytes.length === 0)
    throw statusError('ERR_STATUS_LIST_MALFORMED', 'status_list.lst: the list is empty');
  return StatusList.fromBytes(bytes, bits);
}
