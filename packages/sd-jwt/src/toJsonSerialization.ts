import { b64uJsonObject } from './internal/encoding.js';
import { sdError } from './internal/errors.js';
import { splitAny } from './internal/split.js';
import type { SdJwtFlattenedJson, SdJwtGeneralJson } from './types.js';
import { DEFAULT_SD_JWT_LIMITS } from './types.js';

/**
 * Converts a compact SD-JWT or SD-JWT+KB to the JWS JSON serialization (RFC 9901 §8): the
 * disclosures and the KB-JWT move to the (first) unprotected header. The `sd_hash` of a KB-JWT
 * stays valid: it is always taken over the compact form.
 *
 * @param compact - `<jwt>~<d1>~…~<dn>~[<kb>]`
 * @param form - `'flattened'` (default) or `'general'`
 * @param unprotectedHeader - further unprotected header parameters (for instance `kid`)
 * @returns the JSON serialization object
 * @throws RealDidError `ERR_SD_JWT_FORMAT` when `compact` is not a compact SD-JWT
 * @example
 * ```ts
 * import { createSigner, generateKeyPair } from '@realdid/crypto';
 * import { issueSdJwt, toCompactSerialization, toJsonSerialization } from '@realdid/sd-jwt';
 * const sdJwt = await issueSdJwt({ signer: createSigner(generateKeyPair('Ed25519')), payload: { a: 1 }, disclosureFrame: { _sd: ['a'] } });
 * const json = toJsonSerialization(sdJwt, 'general'); // { payload, signatures: [{ protected, signature, header: { disclosures } }] }
 * toCompactSerialization(json) === sdJwt; // true
 * ```
 */
export function toJsonSerialization(
  compact: string,
  form: 'flattened' | 'general' = 'flattened',
  unprotectedHeader: Record<string, unknown> = {},
): SdJwtFlattenedJson | SdJwtGeneralJson {
  if (typeof compact !== 'string') throw new TypeError('compact must be a string');
  if (form !== 'flattened' && form !== 'general')
    throw new TypeError("form must be 'flattened' or 'general'");
  if (compact.charCodeAt(0) === 123) throw sdError('ERR_SD_JWT_FORMAT', 'already a JSON serialization');
  const s = splitAny(compact, {
    maxBytes: Number.MAX_SAFE_INTEGER,
    maxDisclosures: DEFAULT_SD_JWT_LIMITS.maxDisclosures,
  });
  const [p, payload, signature] = s.jwt.split('.');
  if (p === undefined || payload === undefined || signature === undefined) {
    throw sdError('ERR_SD_JWT_FORMAT', 'the Issuer-signed JWT must have three parts');
  }
  b64uJsonObject(p, 'protected header');
  const header: SdJwtFlattenedJson['header'] = { ...unprotectedHeader, disclosures: s.disclosures };
  if (s.kbJwt !== undefined) header.kb_jwt = s.kbJwt;
  if (form === 'general') return { payload, signatures: [{ protected: p, signature, header }] };
  return { payload, protected: p, signature, header };
}

/**
 * Converts a JWS JSON serialized SD-JWT (flattened, or general using its first signature) back
 * to the compact serialization.
 *
 * @param json - the JSON serialization (object or JSON text)
 * @returns the compact SD-JWT (+KB); for the general form, with the first signature only
 * @example
 * ```ts
 * import { toCompactSerialization } from '@realdid/sd-jwt';
 * const compact = toCompactSerialization({ payload: 'e30', protected: 'eyJhbGciOiJFZERTQSJ9', signature: 'c2ln', header: { disclosures: [] } });
 * // 'eyJhbGciOiJFZERTQSJ9.e30.c2ln~'
 * ```
 * @throws RealDidError `ERR_SD_JWT_FORMAT` / `ERR_SD_JWT_JSON` when the input is malformed
 */
export function toCompactSerialization(json: SdJwtFlattenedJson | SdJwtGeneralJson | string): string {
  if (typeof json === 'string' && json.charCodeAt(0) !== 123)
    throw new TypeError('expected a JSON serialization');
  const s = splitAny(json, {
    maxBytes: Number.MAX_SAFE_INTEGER,
    maxDisclosures: DEFAULT_SD_JWT_LIMITS.maxDisclosures,
  });
  let out = s.jwt + '~';
  for (const d of s.disclosures) out += d + '~';
  return out + (s.kbJwt ?? '');
}
