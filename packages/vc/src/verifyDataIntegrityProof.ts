import type { CommonVerifyOptions } from './internal/context.js';
import { verifyContext } from './internal/context.js';
import { toIssue, verificationFailed } from './internal/errors.js';
import { isPlainObject, toPlainJson } from './internal/plain.js';
import { checkSignedForm } from './internal/profile.js';
import type { ProofPurposeName } from './internal/purpose.js';
import { verifyProofs } from './internal/verifyProofs.js';
import type { DataIntegrityVerificationResult } from './VerificationResult.js';

/** Options of {@link verifyDataIntegrityProof}. */
export interface VerifyDataIntegrityProofOptions extends CommonVerifyOptions {
  /** The proof purpose required (default `assertionMethod`). */
  readonly purpose?: ProofPurposeName;
  /** The controller the verification method must have, when the caller knows it. */
  readonly controller?: string;
  /** Authentication: the challenge the proof must carry. */
  readonly challenge?: string;
  /** Authentication: the domain the proof must carry. */
  readonly domain?: string;
}

/**
 * Verifies the Data Integrity proofs of any JSON-LD document (no VC data-model rules: use
 * {@link verifyCredential} for credentials). The verification method is resolved for the
 * purpose, and, when `controller` is given, must be controlled by it. The contexts and the
 * signed-form profile are checked as for credentials, except that the first context may be any
 * accepted one. Throws on any failure; returns only on success.
 *
 * @param document - the signed JSON-LD document
 * @param options - purpose, expected controller, challenge, domain and the common options
 * @returns `{ verified: true, proofs }`
 * @throws RealDidError (a {@link VcVerificationError}) when a proof does not verify; TypeError on misuse
 * @example
 * ```ts
 * import { verifyDataIntegrityProof } from '@realdid/vc';
 * const { proofs } = await verifyDataIntegrityProof(statusListCredential);
 * ```
 */
export async function verifyDataIntegrityProof(
  document: unknown,
  options?: VerifyDataIntegrityProofOptions,
): Promise<DataIntegrityVerificationResult> {
  if (!isPlainObject(document)) throw new TypeError('document: expected a JSON object');
  const ctx = verifyContext(options);
  const o = options ?? {};
  const term = o.purpose ?? 'assertionMethod';
  if (term !== 'assertionMethod' && term !== 'authentication') {
    throw new TypeError('options.purpose: expected "assertionMethod" or "authentication"');
  }
  let doc: Record<string, unknown>;
  try {
    doc = toPlainJson(document, ctx.limits) as Record<string, unknown>;
  } catch (e) {
    throw verificationFailed([toIssue(e, 'ERR_VC_MALFORMED')]);
  }
  const form = await checkSignedForm(doc, ctx, 'document');
  if (form.length > 0) throw verificationFailed(form);
  const out = await verifyProofs(
    doc,
    { term, controller: o.controller, challenge: o.challenge, domain: o.domain },
    ctx,
  );
  if (out.issues.length > 0 || out.proofs.length === 0) {
    throw verificationFailed(
      out.issues.length > 0 ? out.issues : [{ code: 'ERR_VC_PROOF_INVALID', message: 'no proof verified' }],
    );
  }
  return { verified: true, proofs: out.proofs };
}
