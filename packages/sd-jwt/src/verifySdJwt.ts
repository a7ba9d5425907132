import {
  resolveOptions,
  type VerifiedSdJwt,
  type VerifySdJwtOptions,
  verifyCore,
} from './internal/verifyCore.js';
import type { SdJwtFlattenedJson, SdJwtGeneralJson } from './types.js';

export type { KeyBindingExpectations, VerifiedSdJwt, VerifySdJwtOptions } from './internal/verifyCore.js';

/**
 * Verifies an SD-JWT or SD-JWT+KB (RFC 9901 §7.1, §7.3), in compact or JWS JSON serialization,
 * and returns the processed payload.
 *
 * Checks, in order: size limits; the Issuer-signed JWT's `alg` against the allow-list (never
 * `none`), its `typ` when `options.typ` is given, the issuer key from `options.keyResolver` and the
 * signature; `_sd_alg`; every disclosure (hashed once) against the digests, rejecting duplicates,
 * unreferenced or reused disclosures, misplaced `_sd`/`...`, reserved or clashing claim names;
 * `iat`/`nbf`/`exp` with clock skew; the KB-JWT (typ `kb+jwt`, signature by the `cnf` key, `iat`
 * window, `aud`, `nonce`, `sd_hash`); and finally the status hook.
 *
 * @param sdJwt - the presentation: compact string, or JSON serialization (object or string)
 * @param options - the key resolver and the verifier's policy
 * @returns `{ verified: true, claims, disclosed, header, issuerKey, cnf?, holderKey?, keyBinding?, sdAlg, format }`
 * @throws RealDidError with an {@link SdJwtErrorCode} when the input is rejected — among them
 *   `ERR_SD_JWT_STATUS_UNCHECKED` for a credential with a `status` claim and neither `checkStatus`
 *   nor `requireStatusCheck: false` (fail closed)
 * @throws TypeError / RangeError when the options are misused
 * @example
 * ```ts
 * import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
 * import { issueSdJwt, jwkKeyResolver, verifySdJwt } from '@realdid/sd-jwt';
 * const issuer = generateKeyPair('Ed25519');
 * const sdJwt = await issueSdJwt({
 *   signer: createSigner(issuer),
 *   payload: { iss: 'https://issuer.example', given_name: 'Ada' },
 *   disclosureFrame: { _sd: ['given_name'] },
 * });
 * const { claims } = await verifySdJwt(sdJwt, { keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey)) });
 * // claims.given_name === 'Ada'
 * ```
 */
export async function verifySdJwt(
  sdJwt: string | SdJwtFlattenedJson | SdJwtGeneralJson,
  options: VerifySdJwtOptions,
): Promise<VerifiedSdJwt> {
  const o = resolveOptions(options, false);
  if (typeof sdJwt !== 'string' && (typeof sdJwt !== 'object' || sdJwt === null || Array.isArray(sdJwt))) {
    throw new TypeError('sdJwt must be a compact string or a JWS JSON serialization object');
  }
  return verifyCore(sdJwt, o);
}
