import type { CommonVerifyOptions } from './internal/context.js';
import { verifyContext } from './internal/context.js';
import { verifyPlainCredential } from './internal/credentialChecks.js';
import { toIssue, verificationFailed } from './internal/errors.js';
import { isPlainObject, toPlainJson } from './internal/plain.js';
import type { CredentialVerificationResult } from './VerificationResult.js';

/** Options of {@link verifyCredential}. */
export type VerifyCredentialOptions = CommonVerifyOptions;

/**
 * Verifies a verifiable credential secured with Data Integrity (VC 2.0, or VC 1.1).
 *
 * Checks, in order: plain JSON within limits; the data model (contexts, types, issuer, subject,
 * dates, typed properties); a `DataIntegrityProof` with `eddsa-rdfc-2022`, `ecdsa-rdfc-2019`,
 * RealDID's SM2 suites `sm2-rdfc-2025` / `sm2-jcs-2025`, or `ecdsa-sd-2023` or `bbs-2023` (a derived
 * disclosure) for `assertionMethod`, proof chains (`previousProof`)
 * well formed; the signed-form profile (only the pinned contexts the verifier expects, the
 * canonicalization budgets, and JSON that is exactly the compacted form of what the proof signs);
 * the validity period; the proof (RDFC-1.0 canonicalization in JSON-LD safe mode through the
 * offline loader, the verification method resolved for `assertionMethod`, its controller equal to
 * the issuer, the signature with the node:crypto fast path); then each `credentialStatus` entry
 * through `checkStatus` (required unless `requireStatusCheck: false`).
 *
 * Throws on any failure (jose's convention): a `RealDidError` whose `code` is the first reason,
 * with every reason in `err.errors` ({@link VcVerificationError}). Returns only on success.
 *
 * @param credential - the credential (parsed JSON)
 * @param options - loader, keyResolver, clock, checkStatus, contexts, limits
 * @returns the verified result: the credential exactly as signed, the issuer, the proofs, status
 * @throws RealDidError (a {@link VcVerificationError}) when the credential does not verify;
 *   TypeError / RangeError when called with a non-object or malformed options
 * @example
 * ```ts
 * import { verifyCredential } from '@realdid/vc';
 * try {
 *   const { credential: verified } = await verifyCredential(credential, { checkStatus });
 * } catch (e) {
 *   console.log(e.code, e.errors);
 * }
 * ```
 */
export async function verifyCredential(
  credential: unknown,
  options?: VerifyCredentialOptions,
): Promise<CredentialVerificationResult> {
  if (!isPlainObject(credential)) throw new TypeError('credential: expected a JSON object');
  const ctx = verifyContext(options);
  let doc: Record<string, unknown>;
  try {
    doc = toPlainJson(credential, ctx.limits) as Record<string, unknown>;
  } catch (e) {
    throw verificationFailed([toIssue(e, 'ERR_VC_MALFORMED')]);
  }
  const outcome = await verifyPlainCredential(doc, ctx);
  if (outcome.result === undefined) throw verificationFailed(outcome.errors);
  return outcome.result;
}
