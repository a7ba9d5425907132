import { isPlainObject } from './internal/encoding.js';
import { holderView } from './internal/holder.js';
import { parseCompactJws } from './internal/jws.js';
import { processPayload } from './internal/process.js';
import type { ClaimPath, SdHashAlgorithm, SdJwtFlattenedJson, SdJwtGeneralJson } from './types.js';
import { DEFAULT_SD_JWT_LIMITS } from './types.js';

/** One disclosure as decoded by {@link decodeSdJwt}. */
export interface DisclosureInfo {
  /** The disclosure as it travels (base64url). */
  encoded: string;
  /** Its digest under `_sd_alg`. */
  digest: string;
  salt: string;
  /** The claim name; absent for an array element. */
  name?: string;
  value: unknown;
}

/** What {@link decodeSdJwt} returns. Nothing in it is verified. */
export interface DecodedSdJwt {
  header: Record<string, unknown>;
  /** The Issuer-signed JWT payload as signed (with digests). */
  payload: Record<string, unknown>;
  /** The payload with every given disclosure applied. */
  claims: Record<string, unknown>;
  /** Paths of the claims the disclosures reveal. */
  disclosed: ClaimPath[];
  disclosures: DisclosureInfo[];
  sdAlg: SdHashAlgorithm;
  /** The KB-JWT, when present. */
  keyBinding?: { header: Record<string, unknown>; payload: Record<string, unknown> };
}

/**
 * Decodes an SD-JWT (+KB) **without verifying any signature** — for a wallet to show what it
 * holds, or to build a presentation frame. The structural checks of RFC 9901 §7.1 still apply
 * (malformed, duplicate, unreferenced or clashing disclosures are rejected).
 *
 * @param sdJwt - compact or JSON serialization
 * @returns header, signed payload, processed claims, disclosures and KB-JWT
 * @throws RealDidError with an {@link SdJwtErrorCode} when the input is malformed
 * @example
 * ```ts
 * import { createSigner, generateKeyPair } from '@realdid/crypto';
 * import { decodeSdJwt, issueSdJwt } from '@realdid/sd-jwt';
 * const sdJwt = await issueSdJwt({
 *   signer: createSigner(generateKeyPair('Ed25519')),
 *   payload: { given_name: 'Ada' },
 *   disclosureFrame: { _sd: ['given_name'] },
 * });
 * const { claims, disclosures } = decodeSdJwt(sdJwt); // claims.given_name === 'Ada'; disclosures.length === 1
 * ```
 */
export function decodeSdJwt(sdJwt: string | SdJwtFlattenedJson | SdJwtGeneralJson): DecodedSdJwt {
  if (typeof sdJwt !== 'string' && !isPlainObject(sdJwt))
    throw new TypeError('sdJwt must be a string or a JSON serialization');
  const v = holderView(sdJwt);
  const { claims, disclosed } = processPayload(v.jws.payload, v.map, DEFAULT_SD_JWT_LIMITS.maxDepth);
  const disclosures: DisclosureInfo[] = [];
  for (const d of v.map.values()) {
    const info: DisclosureInfo = { encoded: d.encoded, digest: d.digest, salt: d.salt, value: d.value };
    if (d.name !== undefined) info.name = d.name;
    disclosures.push(info);
  }
  const out: DecodedSdJwt = {
    header: v.jws.header,
    payload: v.jws.payload,
    claims,
    disclosed,
    disclosures,
    sdAlg: v.sdAlg,
  };
  if (v.split.kbJwt !== undefined) {
    const kb = parseCompactJws(v.split.kbJwt, 'KB-JWT');
    out.keyBinding = { header: kb.header, payload: kb.payload };
  }
  return out;
}
