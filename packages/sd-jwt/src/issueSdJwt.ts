import { SD_ALGS } from './internal/disclosure.js';
import { isPlainObject } from './internal/encoding.js';
import { signCompactJws } from './internal/jws.js';
import { Packer } from './internal/pack.js';
import type { DisclosureFrame, JwsSigner, SdHashAlgorithm } from './types.js';

/** Options of {@link issueSdJwt}. */
export interface IssueSdJwtOptions {
  /** Signs the Issuer-signed JWT (its `alg` goes into the header). */
  signer: JwsSigner;
  /** The claims, as plain JSON (never mutated). */
  payload: Record<string, unknown>;
  /** Which claims become selectively disclosable (default: none). */
  disclosureFrame?: DisclosureFrame;
  /** Further protected header parameters (`typ`, `kid`, …); `alg` comes from the signer. */
  header?: Record<string, unknown>;
  /** The digest algorithm, written to `_sd_alg` (default sha-256). */
  sdAlg?: SdHashAlgorithm;
  /** Salt length in bytes, at least 16 (128 bits; default 16). */
  saltBytes?: number;
}

/** Checks and builds the Issuer-signed JWT and disclosures; shared with `issueSdJwtVc`. */
export async function issueInternal(o: IssueSdJwtOptions): Promise<string> {
  if (!isPlainObject(o)) throw new TypeError('options must be an object');
  const { signer, payload, disclosureFrame, header = {}, sdAlg = 'sha-256', saltBytes = 16 } = o;
  if (
    typeof signer !== 'object' ||
    signer === null ||
    typeof signer.sign !== 'function' ||
    typeof signer.alg !== 'string'
  ) {
    throw new TypeError('signer must be { alg, sign(bytes) }');
  }
  if (signer.alg === 'none') throw new TypeError('alg none is never allowed');
  if (!isPlainObject(payload)) throw new TypeError('payload must be a plain object');
  if (!isPlainObject(header)) throw new TypeError('header must be a plain object');
  if (!SD_ALGS.includes(sdAlg)) throw new TypeError('sdAlg must be sha-256, sha-384, sha-512 or sm3');
  if (!Number.isInteger(saltBytes) || saltBytes < 16 || saltBytes > 64)
    throw new RangeError('saltBytes must be an integer in [16, 64]');
  if (Object.hasOwn(payload, '_sd_alg'))
    throw new TypeError('_sd_alg is set by the issuer, not in the payload');
  const packer = new Packer(sdAlg, saltBytes);
  const packed = packer.pack(payload, disclosureFrame ?? {}) as Record<string, unknown>;
  if (packer.disclosures.length > 0 || disclosureFrame !== undefined) packed._sd_alg = sdAlg;
  const jwt = await signCompactJws(header, packed, signer);
  let s = jwt + '~';
  for (const d of packer.disclosures) s += d + '~';
  return s;
}

/**
 * Issues an SD-JWT (RFC 9901 §4–5): claims named in the disclosure frame become disclosures,
 * each with a fresh 128-bit (or longer) salt from the CSPRNG; their digests replace them in the
 * payload (`_sd` for properties, `{"...": digest}` for array elements, nested frames for
 * recursive disclosures), with optional decoy digests; `_sd` arrays are sorted so the order of
 * claims does not show.
 *
 * @param options - signer, payload, disclosure frame, header, `_sd_alg`
 * @returns the SD-JWT in compact serialization, `<Issuer-signed JWT>~<D1>~…~<Dn>~`
 * @throws TypeError / RangeError on misuse (reserved claim names `_sd`/`...`, a frame naming
 *   claims that do not exist, salts under 128 bits, `alg` none)
 * @example
 * ```ts
 * import { createSigner, generateKeyPair } from '@realdid/crypto';
 * import { issueSdJwt } from '@realdid/sd-jwt';
 * const sdJwt = await issueSdJwt({
 *   signer: createSigner(generateKeyPair('Ed25519')),
 *   payload: { iss: 'https://issuer.example', address: { region: 'Tokyo', country: 'JP' } },
 *   disclosureFrame: { _sd: ['address'], address: { _sd: ['region'] } },
 * });
 * ```
 */
export async function issueSdJwt(options: IssueSdJwtOptions): Promise<string> {
  return issueInternal(options);
}
