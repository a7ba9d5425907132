import type { CommonVerifyOptions, VerifyContext } from './internal/context.js';
import { verifyContext } from './internal/context.js';
import type { CredentialOutcome } from './internal/credentialChecks.js';
import { checkStatus, checkValidityPeriod, verifyPlainCredential } from './internal/credentialChecks.js';
import { verifyDirect } from './internal/direct/verifyDirect.js';
import { toIssue, verificationFailed } from './internal/errors.js';
import { expandedCacheFor } from './internal/expandedCache.js';
import { checkCredential, checkPresentation, idOf, isEnveloped } from './internal/model.js';
import { isPlainObject, toPlainJson, valuesOf } from './internal/plain.js';
import { checkSignedForm } from './internal/profile.js';
import type { ProofsOutcome } from './internal/verifyProofs.js';
import { verifyProofs } from './internal/verifyProofs.js';
import type {
  CredentialVerificationResult,
  PresentationVerificationResult,
  VerificationIssue,
} from './VerificationResult.js';

/** Options of {@link verifyPresentation}. */
export interface VerifyPresentationOptions extends CommonVerifyOptions {
  /** The challenge the verifier issued; required unless `requireChallenge` is false. */
  readonly challenge?: string;
  /**
   * The verifier's domain. When given, the proof must carry it; when left out, the proof must
   * carry no domain (`ERR_VC_DOMAIN` otherwise).
   */
  readonly domain?: string;
  /** Default true. Set false only for presentations verified without replay protection. */
  readonly requireChallenge?: boolean;
  /**
   * `true`: a `domain` must be given (TypeError otherwise). `false`: the proof's domain is not
   * checked at all. Default: the rule of `domain` above.
   */
  readonly requireDomain?: boolean;
}

/**
 * Verifies a verifiable presentation: its data model, its Data Integrity proof for
 * `authentication` (the challenge required by default; the domain checked as `domain` says; the
 * key controlled by the holder when one is named), the signed-form profile, and every credential
 * in it with {@link verifyCredential}'s checks.
 *
 * A credential without a proof of its own is accepted only as a self-asserted credential: the
 * presentation names a holder, the credential's issuer is that holder, and the presentation proof
 * verified with the holder's key. Enveloped credentials are refused
 * (`ERR_VC_ENVELOPED_UNSUPPORTED`).
 *
 * Throws on any failure (jose's convention): a `RealDidError` whose `code` is the first reason,
 * with every reason in `err.errors` (the presentation's own, then each credential's, prefixed
 * with its index). Returns only on success.
 *
 * @param presentation - the presentation (parsed JSON)
 * @param options - challenge, domain and the options of {@link verifyCredential}
 * @returns the verified result, with one result per embedded credential
 * @throws RealDidError (a {@link VcVerificationError}) when the presentation does not verify;
 *   TypeError when called with a non-object or without the required challenge
 * @example
 * ```ts
 * import { verifyPresentation } from '@realdid/vc';
 * const { holder, credentials } = await verifyPresentation(vp, { challenge: nonce, domain: 'https://rp.example' });
 * ```
 */
export async function verifyPresentation(
  presentation: unknown,
  options?: VerifyPresentationOptions,
): Promise<PresentationVerificationResult> {
  if (!isPlainObject(presentation)) throw new TypeError('presentation: expected a JSON object');
  const ctx = verifyContext(options);
  const o = options ?? {};
  const requireChallenge = o.requireChallenge ?? true;
  if (o.challenge !== undefined && typeof o.challenge !== 'string') {
    throw new TypeError('options.challenge: expected a string');
  }
  if (o.domain !== undefined && typeof o.domain !== 'string')
    throw new TypeError('options.domain: expected a string');
  if (o.requireChallenge !== undefined && typeof o.requireChallenge !== 'boolean') {
    throw new TypeError('options.requireChallenge: expected a boolean');
  }
  if (o.requireDomain !== undefined && typeof o.requireDomain !== 'boolean') {
    throw new TypeError('options.requireDomain: expected a boolean');
  }
  if (requireChallenge && o.challenge === undefined) {
    throw new TypeError('options.challenge: required (or set requireChallenge: false)');
  }
  if (o.requireDomain === true && o.domain === undefined)
    throw new TypeError('options.domain: required (requireDomain is true)');

  let doc: Record<string, unknown>;
  try {
    doc = toPlainJson(presentation, ctx.limits) as Record<string, unknown>;
  } catch (e) {
    throw verificationFailed([toIssue(e, 'ERR_VC_MALFORMED')]);
  }
  const shape = checkPresentation(doc, { allowV1: true });
  if (shape.length > 0) throw verificationFailed(shape);
  const list = valuesOf(doc.verifiableCredential) as Record<string, unknown>[];
  // Each credential costs its own proof checks: bound the work (see DocumentLimits.maxCredentials).
  if (list.length > ctx.limits.maxCredentials) {
    throw verificationFailed([
      {
        code: 'ERR_VC_MALFORMED',
        message: `the presentation holds more than ${ctx.limits.maxCredentials} credentials`,
      },
    ]);
  }
  const holder = idOf(doc.holder);
  const rules = {
    term: 'authentication',
    controller: holder,
    challenge: o.challenge,
    domain: o.domain,
    noDomain: o.domain === undefined && o.requireDomain !== false,
  } as const;
  // From here on every check reads JSON that is exactly what the proofs sign: checked on the
  // direct path (which answers only when the signed form and the proof verified), else in full.
  const direct = await verifyDirect(doc, ctx, 'presentation', rules);
  let vpOutcome: ProofsOutcome;
  if ('proofs' in direct) vpOutcome = { issues: [], proofs: direct.proofs };
  else {
    const full = direct.fallback;
    const keep = expandedCacheFor(doc, full.documentLoader);
    const form = await checkSignedForm(doc, full, 'presentation', keep);
    if (form.length > 0) throw verificationFailed(form);
    vpOutcome = await verifyProofs(doc, rules, full, keep);
  }
  const vpVerified = vpOutcome.issues.length === 0 && vpOutcome.proofs.length > 0;

  const outcomes: CredentialOutcome[] = [];
  for (const vc of list) {
    if (!isEnveloped(vc) && vc.proof === undefined) {
      outcomes.push(await selfAsserted(vc, holder, vpVerified, ctx));
    } else {
      outcomes.push(await verifyPlainCredential(vc, ctx));
    }
  }
  const errors: VerificationIssue[] = [...vpOutcome.issues];
  if (!vpVerified && errors.length === 0) {
    errors.push({ code: 'ERR_VC_PROOF_INVALID', message: 'the presentation proof did not verify' });
  }
  outcomes.forEach((c, i) => {
    for (const e of c.errors)
      errors.push({ code: e.code, message: `verifiableCredential[${i}]: ${e.message}` });
  });
  if (errors.length > 0) throw verificationFailed(errors);
  const credentials = outcomes.map((c) => c.result as CredentialVerificationResult);
  return {
    verified: true,
    presentation: doc,
    ...(holder === undefined ? {} : { holder }),
    proofs: vpOutcome.proofs,
    credentials,
  };
}

/** A credential secured only by the presentation's proof: the holder must be its issuer. */
async function selfAsserted(
  vc: Record<string, unknown>,
  holder: string | undefined,
  vpVerified: boolean,
  ctx: VerifyContext,
): Promise<CredentialOutcome> {
  const issuer = idOf(vc.issuer);
  const errors: VerificationIssue[] = [];
  if (holder === undefined) {
    errors.push({
      code: 'ERR_VC_HOLDER_MISMATCH',
      message: 'a credential without its own proof needs a presentation holder (self-asserted credential)',
    });
  } else if (issuer !== holder) {
    errors.push({
      code: 'ERR_VC_HOLDER_MISMATCH',
      message: 'a credential without its own proof must be issued by the presentation holder',
    });
  } else if (!vpVerified) {
    errors.push({
      code: 'ERR_VC_PROOF_INVALID',
      message: 'the presentation proof securing it did not verify',
    });
  }
  if (errors.length === 0) errors.push(...checkCredential(vc, { allowV1: true }).issues);
  if (errors.length === 0) errors.push(...(await checkSignedForm(vc, ctx, 'credential')));
  if (errors.length === 0) {
    errors.push(...checkValidityPeriod(vc, ctx));
    const st = await checkStatus(vc, ctx);
    errors.push(...st.issues);
    if (errors.length === 0) {
      return {
        errors,
        result: {
          verified: true,
          credential: vc,
          issuer: issuer as string,
          proofs: [],
          ...(st.status === undefined ? {} : { status: st.status }),
        },
      };
    }
  }
  return { errors };
}
