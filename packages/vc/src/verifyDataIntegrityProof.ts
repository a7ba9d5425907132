import type { CommonVerifyOptions } from './internal/context.js';
import { verifyContext } from './internal/context.js';
import { toIssue } from './internal/errors.js';
import { isPlainObject, toPlainJson } from './internal/plain.js';
import type { ProofPurposeName } from './internal/purpose.js';
import { verifyProofs } from './internal/verifyProofs.js';
import type { VerificationIssue, VerifiedProof } from './VerificationResult.js';

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
 * purpose, and, when `controller` is given, must be controlled by it.
 *
 * @param document - the signed JSON-LD document
 * @param options - purpose, expected controller, challenge, domain and the common options
 * @returns `{ verified, proofs, errors }`
 * @throws TypeError on misuse
 * @example
 * ```ts
 * import { verifyDataIntegrityProof } from '@realdid/vc';
 * const { verified } = await verifyDataIntegrityProof(statusListCredential);
 * ```
 */
export async function verifyDataIntegrityProof(
  document: unknown,
  options?: VerifyDataIntegrityProofOptions,
): Promise<{ verified: boolean; proofs: readonly VerifiedProof[]; errors: readonly VerificationIssue[] }> {
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
    return { verified: false, proofs: [], errors: [toIssue(e, 'ERR_VC_MALFORMED')] };
  }
  const out = await verifyProofs(
    doc,
    { term, controller: o.controller, challenge: o.challenge, domain: o.domain },
    ctx,
  );
  return {
    verified: out.issues.length === 0 && out.proofs.length > 0,
    proofs: out.proofs,
    errors: out.issues,
  };
}
