import { isPlainObject } from './internal/encoding.js';
import { issueInternal } from './issueSdJwt.js';
import type { StatusListReference } from './StatusChecker.js';
import type { DisclosureFrame, JwsSigner, SdHashAlgorithm } from './types.js';

/** Options of {@link issueSdJwtVc}. */
export interface IssueSdJwtVcOptions {
  /** Signs the credential. */
  signer: JwsSigner;
  /** The credential type (`vct`). */
  vct: string;
  /** The issuer identifier (`iss`): a URL or a DID. */
  iss?: string;
  /** The holder key confirmation: `{ jwk }` or `{ kid }`. Required unless `holderBinding: false`. */
  cnf?: { jwk: object } | { kid: string };
  /** Whether the credential is bound to a holder key (default true: `cnf` required). */
  holderBinding?: boolean;
  /** A Token Status List reference, `{ status_list: { idx, uri } }`. */
  status?: StatusListReference;
  /** Issued at, NumericDate seconds (none by default: coarsen it yourself to avoid linkability). */
  iat?: number;
  /** Not before, NumericDate seconds. */
  nbf?: number;
  /** Expires, NumericDate seconds. */
  exp?: number;
  /** The subject claims (selectively disclosable ones named in `disclosureFrame`). */
  claims: Record<string, unknown>;
  /** Which of `claims` become selectively disclosable. */
  disclosureFrame?: DisclosureFrame;
  /** Further protected header parameters (`kid`, …); `typ` is `dc+sd-jwt`. */
  header?: Record<string, unknown>;
  /** Digest algorithm (default sha-256). */
  sdAlg?: SdHashAlgorithm;
  /** Salt length in bytes (≥ 16, default 16). */
  saltBytes?: number;
}

const RESERVED = ['iss', 'vct', 'cnf', 'status', 'iat', 'nbf', 'exp', 'vct#integrity'] as const;

function numericDate(v: unknown, name: string): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v)))
    throw new TypeError(`${name} must be a NumericDate`);
}

/**
 * Issues an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc): header `typ: dc+sd-jwt`; `vct`, `iss`,
 * `cnf`, `status` and the validity claims always in the clear (never selectively disclosable);
 * the subject claims selectively disclosable as the frame says.
 *
 * @param options - signer, vct, iss, cnf, status, validity, claims and frame
 * @returns the SD-JWT VC, compact
 * @throws TypeError / RangeError on misuse (missing vct or cnf, a reserved claim in `claims`,
 *   a malformed status reference)
 * @example
 * ```ts
 * import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
 * import { issueSdJwtVc } from '@realdid/sd-jwt';
 * const holder = generateKeyPair('Ed25519');
 * const vc = await issueSdJwtVc({
 *   signer: createSigner(generateKeyPair('Ed25519')),
 *   vct: 'urn:example:pid', iss: 'https://issuer.example', exp: 1_900_000_000,
 *   cnf: { jwk: publicKeyToJwk('Ed25519', holder.publicKey) },
 *   status: { status_list: { idx: 42, uri: 'https://issuer.example/status/1' } },
 *   claims: { given_name: 'Ada', age_over_18: true },
 *   disclosureFrame: { _sd: ['given_name', 'age_over_18'] },
 * });
 * ```
 */
export async function issueSdJwtVc(options: IssueSdJwtVcOptions): Promise<string> {
  if (!isPlainObject(options)) throw new TypeError('options must be an object');
  const o = options;
  if (typeof o.vct !== 'string' || o.vct.length === 0) throw new TypeError('vct must be a non-empty string');
  if (o.iss !== undefined && typeof o.iss !== 'string') throw new TypeError('iss must be a string');
  if (!isPlainObject(o.claims)) throw new TypeError('claims must be a plain object');
  for (const r of RESERVED) {
    if (Object.hasOwn(o.claims, r)) throw new TypeError(`${r} is set through its own option, not in claims`);
  }
  const holderBinding = o.holderBinding ?? true;
  if (o.cnf !== undefined) {
    const c = o.cnf as unknown as Record<string, unknown>;
    if (!isPlainObject(c) || (!isPlainObject(c.jwk) && typeof c.kid !== 'string')) {
      throw new TypeError('cnf must be { jwk } or { kid }');
    }
  } else if (holderBinding) {
    throw new TypeError(
      'cnf is required (holder binding); pass holderBinding: false to issue an unbound credential',
    );
  }
  if (o.status !== undefined) {
    const sl = isPlainObject(o.status) ? o.status.status_list : undefined;
    if (
      !isPlainObject(sl) ||
      !Number.isSafeInteger(sl.idx) ||
      (sl.idx as number) < 0 ||
      typeof sl.uri !== 'string'
    ) {
      throw new TypeError('status must be { status_list: { idx: non-negative integer, uri: string } }');
    }
  }
  numericDate(o.iat, 'iat');
  numericDate(o.nbf, 'nbf');
  numericDate(o.exp, 'exp');
  const payload: Record<string, unknown> = {};
  if (o.iss !== undefined) payload.iss = o.iss;
  if (o.iat !== undefined) payload.iat = o.iat;
  if (o.nbf !== undefined) payload.nbf = o.nbf;
  if (o.exp !== undefined) payload.exp = o.exp;
  payload.vct = o.vct;
  if (o.cnf !== undefined) payload.cnf = o.cnf;
  if (o.status !== undefined) payload.status = o.status;
  Object.assign(payload, o.claims);
  const frame = o.disclosureFrame;
  if (frame !== undefined && Array.isArray(frame._sd)) {
    for (const r of RESERVED)
      if (frame._sd.includes(r)) throw new TypeError(`${r} must not be selectively disclosable`);
  }
  const issueOptions: Parameters<typeof issueInternal>[0] = {
    signer: o.signer,
    payload,
    header: { ...(o.header ?? {}), typ: 'dc+sd-jwt' },
  };
  if (frame !== undefined) issueOptions.disclosureFrame = frame;
  if (o.sdAlg !== undefined) issueOptions.sdAlg = o.sdAlg;
  if (o.saltBytes !== undefined) issueOptions.saltBytes = o.saltBytes;
  return issueInternal(issueOptions);
}
