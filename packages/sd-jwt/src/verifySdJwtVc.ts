import { isPlainObject } from './internal/encoding.js';
import { sdError } from './internal/errors.js';
import {
  refuseUncheckedStatus,
  resolveOptions,
  runStatusCheck,
  type VerifiedSdJwt,
  type VerifySdJwtOptions,
  verifyCore,
} from './internal/verifyCore.js';
import type { SdJwtFlattenedJson, SdJwtGeneralJson } from './types.js';

/** Media types of SD-JWT VC: `dc+sd-jwt` (current) and `vc+sd-jwt` (earlier drafts, accepted on input). */
export const SD_JWT_VC_TYPES: readonly string[] = Object.freeze(['dc+sd-jwt', 'vc+sd-jwt']);

/** Claims of an SD-JWT VC that must never be selectively disclosable. */
const NEVER_SD = new Set(['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'status']);

/** The result of {@link verifySdJwtVc}: a {@link VerifiedSdJwt} whose claims carry `vct`. */
export interface VerifiedSdJwtVc extends VerifiedSdJwt {
  /** The credential type. */
  vct: string;
  /** The issuer identifier, when present. */
  iss?: string;
  /** The `status` claim (Token Status List reference), when present. */
  status?: { status_list: { idx: number; uri: string }; [k: string]: unknown };
}

/**
 * Checks the SD-JWT VC rules of a processed payload (draft-ietf-oauth-sd-jwt-vc §3.2): `vct` a
 * string; `iss` a string when present; `status` a Token Status List reference when present; none
 * of iss/nbf/exp/cnf/vct/status selectively disclosed; `cnf` with a `jwk` or `kid` when present.
 */
function checkVcClaims(r: VerifiedSdJwt): VerifiedSdJwtVc {
  const c = r.claims;
  for (const p of r.disclosed) {
    if (p.length === 1 && NEVER_SD.has(p[0] as string)) {
      throw sdError('ERR_SD_JWT_VC_CLAIM', `${String(p[0])} must not be selectively disclosable`);
    }
  }
  if (typeof c.vct !== 'string' || c.vct.length === 0)
    throw sdError('ERR_SD_JWT_VC_CLAIM', 'vct must be a non-empty string');
  const out = r as VerifiedSdJwtVc;
  out.vct = c.vct;
  if (c.iss !== undefined) {
    if (typeof c.iss !== 'string') throw sdError('ERR_SD_JWT_VC_CLAIM', 'iss must be a string');
    out.iss = c.iss;
  }
  if (
    c.cnf !== undefined &&
    (!isPlainObject(c.cnf) || (c.cnf.jwk === undefined && c.cnf.kid === undefined))
  ) {
    throw sdError('ERR_SD_JWT_VC_CLAIM', 'cnf must hold a jwk or a kid');
  }
  if (c.status !== undefined) {
    const s = c.status;
    const sl = isPlainObject(s) ? s.status_list : undefined;
    if (
      !isPlainObject(sl) ||
      typeof sl.idx !== 'number' ||
      !Number.isSafeInteger(sl.idx) ||
      sl.idx < 0 ||
      typeof sl.uri !== 'string' ||
      sl.uri.length === 0
    ) {
      throw sdError('ERR_SD_JWT_VC_CLAIM', 'status must be {status_list: {idx, uri}}');
    }
    out.status = s as VerifiedSdJwtVc['status'] & object;
  }
  return out;
}

/**
 * Verifies an SD-JWT VC presentation (draft-ietf-oauth-sd-jwt-vc): everything {@link verifySdJwt}
 * does, with `typ` `dc+sd-jwt` (or the earlier `vc+sd-jwt`), a `vct`, well-formed `iss`, `cnf` and
 * `status`, validity claims never selectively disclosed, and **key binding required by default**
 * (`requireKeyBinding: false` turns it off; otherwise give `keyBinding: { aud, nonce }`). The
 * status hook (`checkStatus`) runs last, with the checked `status` claim; a revoked credential
 * fails with `ERR_SD_JWT_REVOKED`, a suspended one with `ERR_SD_JWT_SUSPENDED`, and a credential
 * with a `status` but no `checkStatus` with `ERR_SD_JWT_STATUS_UNCHECKED` (unless
 * `requireStatusCheck: false`).
 *
 * @param presentation - the SD-JWT VC (+KB), compact or JSON serialization
 * @param options - as for `verifySdJwt`; `typ` defaults to the SD-JWT VC types
 * @returns the verified result with `vct`, `iss` and `status` lifted out
 * @throws RealDidError with an {@link SdJwtErrorCode} when the input is rejected — among them
 *   `ERR_SD_JWT_STATUS_UNCHECKED` for a credential with a `status` claim and neither `checkStatus`
 *   nor `requireStatusCheck: false` (fail closed)
 * @throws TypeError / RangeError when the options are misused
 * @example
 * ```ts
 * import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
 * import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';
 * const issuer = generateKeyPair('Ed25519');
 * const holder = generateKeyPair('Ed25519');
 * const vc = await issueSdJwtVc({
 *   signer: createSigner(issuer), vct: 'urn:example:pid', iss: 'https://issuer.example',
 *   cnf: { jwk: publicKeyToJwk('Ed25519', holder.publicKey) },
 *   claims: { age_over_18: true, birthdate: '2000-01-01' }, disclosureFrame: { _sd: ['age_over_18', 'birthdate'] },
 * });
 * const vp = await presentSdJwt(vc, { age_over_18: true }, {
 *   keyBinding: { signer: createSigner(holder), aud: 'https://rp.example', nonce: 'n-0S6_WzA2Mj' },
 * });
 * const r = await verifySdJwtVc(vp, {
 *   keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey)),
 *   keyBinding: { aud: 'https://rp.example', nonce: 'n-0S6_WzA2Mj' },
 * });
 * // r.claims.age_over_18 === true; r.claims.birthdate === undefined
 * ```
 */
export async function verifySdJwtVc(
  presentation: string | SdJwtFlattenedJson | SdJwtGeneralJson,
  options: VerifySdJwtOptions,
): Promise<VerifiedSdJwtVc> {
  const o = resolveOptions(options, true);
  if (o.typ === undefined) o.typ = SD_JWT_VC_TYPES;
  if (
    typeof presentation !== 'string' &&
    (typeof presentation !== 'object' || presentation === null || Array.isArray(presentation))
  ) {
    throw new TypeError('presentation must be a compact string or a JWS JSON serialization object');
  }
  // Status is checked after the VC claims are validated: run the core without it, then here.
  const checkStatus = o.checkStatus;
  const requireStatusCheck = o.requireStatusCheck;
  o.checkStatus = undefined;
  o.requireStatusCheck = false;
  const r = checkVcClaims(await verifyCore(presentation, o));
  o.requireStatusCheck = requireStatusCheck;
  if (r.status !== undefined) {
    if (checkStatus !== undefined) await runStatusCheck(checkStatus, r.status, r.claims, o.timeoutMs);
    else refuseUncheckedStatus(o);
  }
  return r;
}
