import type { CommonVerifyOptions } from './internal/context.js';
import { verifyContext } from './internal/context.js';
import { verifyPlainCredential } from './internal/credentialChecks.js';
import { toIssue } from './internal/errors.js';
import { isPlainObject, toPlainJson } from './internal/plain.js';
import type { CredentialVerificationResult } from './VerificationResult.js';

/** Options of {@link verifyCredential}. */
export type VerifyCredentialOptions = CommonVerifyOptions;

/**
 * Verifies a verifiable credential secured with Data Integrity (VC 2.0, or VC 1.1).
 *
 * Checks, in order: plain JSON within limits; the data model (contexts, types, issuer, subject,
 * dates, typed properties); a `DataIntegrityProof` with `eddsa-rdfc-2022`, `ecdsa-rdfc-2019` or
 * `ecdsa-sd-2023` (a derived disclosure) for `assertionMethod`; the validity period; the proof
 * (RDFC-1.0 canonicalization in JSON-LD safe mode through the offline loader, the verification
 * method resolved for `assertionMethod`, its controller equal to the issuer, the signature with
 * the node:crypto fast path); then each `credentialStatus` entry through `statusCheck`.
 *
 * Never throws for a bad credential: the answer is `verified: false` with coded `errors`.
 *
 * @param credential - the credential (parsed JSON)
 * @param options - loader, resolver, clock, status hook, limits
 * @returns the verification result
 * @throws TypeError / RangeError when called with a non-object or malformed options
 * @example
 * ```ts
 * import { verifyCredential } from '@realdid/vc';
 * const result = await verifyCredential(credential, { statusCheck });
 * if (!result.verified) console.log(result.errors.map((e) => e.code));
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
    return { verified: false, proofs: [], errors: [toIssue(e, 'ERR_VC_MALFORMED')] };
  }
  return verifyPlainCredential(doc, ctx);
}
