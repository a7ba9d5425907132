import { hashTextBase64url } from '@realdid/crypto';
import type { SdHashAlgorithm } from '../types.js';
import { b64uJson } from './encoding.js';
import { sdError } from './errors.js';

/** A decoded disclosure with its digest (computed once). */
export interface DecodedDisclosure {
  /** The disclosure as presented (base64url). */
  readonly encoded: string;
  /** base64url(hash(ASCII(encoded))). */
  readonly digest: string;
  readonly salt: string;
  /** The claim name; undefined for an array-element disclosure. */
  readonly name: string | undefined;
  readonly value: unknown;
}

export const SD_ALGS: readonly SdHashAlgorithm[] = ['sha-256', 'sha-384', 'sha-512', 'sm3'];

/** Digest of a disclosure string (RFC 9901 §4.2.3). */
export function digestOf(encoded: string, sdAlg: SdHashAlgorithm): string {
  return hashTextBase64url(sdAlg, encoded);
}

/** Decodes and checks one disclosure (RFC 9901 §4.2.1, §4.2.2, §7.1 step 3.3.2.2). */
export function decodeDisclosure(encoded: string, sdAlg: SdHashAlgorithm): DecodedDisclosure {
  const arr = b64uJson(encoded, 'disclosure');
  if (!Array.isArray(arr) || (arr.length !== 2 && arr.length !== 3)) {
    throw sdError('ERR_SD_JWT_DISCLOSURE_MALFORMED', 'a disclosure must be a JSON array of 2 or 3 elements');
  }
  const salt = arr[0];
  if (typeof salt !== 'string')
    throw sdError('ERR_SD_JWT_DISCLOSURE_MALFORMED', 'disclosure salt must be a string');
  let name: string | undefined;
  if (arr.length === 3) {
    const n = arr[1];
    if (typeof n !== 'string')
      throw sdError('ERR_SD_JWT_DISCLOSURE_MALFORMED', 'disclosure claim name must be a string');
    if (n === '_sd' || n === '...') {
      throw sdError(
        'ERR_SD_JWT_RESERVED_CLAIM_NAME',
        `a disclosure may not name a claim ${JSON.stringify(n)}`,
      );
    }
    name = n;
  }
  return { encoded, digest: digestOf(encoded, sdAlg), salt, name, value: arr[arr.length - 1] };
}

/** Decodes all disclosures into a digest → disclosure map; the same disclosure twice is rejected. */
export function decodeDisclosures(
  encoded: readonly string[],
  sdAlg: SdHashAlgorithm,
): Map<string, DecodedDisclosure> {
  const map = new Map<string, DecodedDisclosure>();
  for (const e of encoded) {
    const d = decodeDisclosure(e, sdAlg);
    if (map.has(d.digest))
      throw sdError('ERR_SD_JWT_DISCLOSURE_REUSED', 'the same disclosure is given twice');
    map.set(d.digest, d);
  }
  return map;
}

/** Reads `_sd_alg` from an Issuer-signed JWT payload (default sha-256) and checks the policy. */
export function sdAlgOf(
  payload: Record<string, unknown>,
  allowed: readonly SdHashAlgorithm[],
): SdHashAlgorithm {
  const a = payload._sd_alg;
  if (a === undefined) {
    if (!allowed.includes('sha-256'))
      throw sdError('ERR_SD_JWT_SD_ALG', '_sd_alg absent (sha-256) but sha-256 not allowed');
    return 'sha-256';
  }
  if (typeof a !== 'string' || !(allowed as readonly string[]).includes(a)) {
    throw sdError('ERR_SD_JWT_SD_ALG', `_sd_alg must be one of ${allowed.join(', ')}`);
  }
  return a as SdHashAlgorithm;
}
