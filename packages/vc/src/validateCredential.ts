import { toIssue } from './internal/errors.js';
import { checkCredential, checkPresentation } from './internal/model.js';
import { isPlainObject, toPlainJson } from './internal/plain.js';
import type { VerificationIssue } from './VerificationResult.js';

/**
 * Checks a credential against the VC data model (2.0, or 1.1) without verifying any proof: the
 * base context first, types, id, issuer, subject, dates, typed properties, names and descriptions.
 * JSON-LD rules (undefined terms, protected terms) are checked when a proof is made or verified.
 *
 * @param credential - the credential
 * @returns the issues found; empty when it conforms
 * @throws TypeError when not given an object
 * @example
 * ```ts
 * import { validateCredential } from '@realdid/vc';
 * validateCredential({ '@context': ['https://www.w3.org/ns/credentials/v2'] }).map((e) => e.code);
 * ```
 */
export function validateCredential(credential: unknown): VerificationIssue[] {
  if (!isPlainObject(credential)) throw new TypeError('credential: expected a JSON object');
  try {
    return checkCredential(toPlainJson(credential) as Record<string, unknown>, { allowV1: true }).issues;
  } catch (e) {
    return [toIssue(e, 'ERR_VC_MALFORMED')];
  }
}

/**
 * Checks a presentation (and the credentials in it) against the VC data model, without proofs.
 *
 * @param presentation - the presentation
 * @returns the issues found; empty when it conforms
 * @throws TypeError when not given an object
 * @example
 * ```ts
 * import { validatePresentation } from '@realdid/vc';
 * validatePresentation({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }); // []
 * ```
 */
export function validatePresentation(presentation: unknown): VerificationIssue[] {
  if (!isPlainObject(presentation)) throw new TypeError('presentation: expected a JSON object');
  try {
    return checkPresentation(toPlainJson(presentation) as Record<string, unknown>, { allowV1: true });
  } catch (e) {
    return [toIssue(e, 'ERR_VC_MALFORMED')];
  }
}
