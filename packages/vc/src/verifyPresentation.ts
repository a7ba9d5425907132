import type { CommonVerifyOptions } from './internal/context.js';
import { verifyContext } from './internal/context.js';
import { checkStatus, checkValidityPeriod, verifyPlainCredential } from './internal/credentialChecks.js';
import { toIssue } from './internal/errors.js';
import { checkPresentation, idOf, isEnveloped } from './internal/model.js';
import { DEFAULT_MAX_CREDENTIALS, isPlainObject, toPlainJson, valuesOf } from './internal/plain.js';
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
  /** The verifier's domain; required unless `requireDomain` is false. */
  readonly domain?: string;
  /** Default true. Set false only for presentations verified without replay protection. */
  readonly requireChallenge?: boolean;
  /** Default true. */
  readonly requireDomain?: boolean;
}

/**
 * Verifies a verifiable presentation: its data model, its Data Integrity proof for
 * `authentication` (challenge and domain required by default, the key controlled by the holder
 * when one is named), and every credential in it with {@link verifyCredential}'s checks.
 *
 * A credential without a proof of its own is accepted only as a self-asserted credential: the
 * presentation names a holder, the credential's issuer is that holder, and the presentation proof
 * verified with the holder's key. Enveloped credentials are refused
 * (`ERR_VC_ENVELOPED_UNSUPPORTED`).
 *
 * @param presentation - the presentation (parsed JSON)
 * @param options - challenge, domain and the options of {@link verifyCredential}
 * @returns the verification result, with one result per embedded credential
 * @throws TypeError when called with a non-object or without the required challenge / domain
 * @example
 * ```ts
 * import { verifyPresentation } from '@realdid/vc';
 * const r = await verifyPresentation(vp, { challenge: nonce, domain: 'https://rp.example' });
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
  const requireDomain = o.requireDomain ?? true;
  if (o.challenge !== undefined && typeof o.challenge !== 'string') {
    throw new TypeError('options.challenge: expected a string');
  }
  if (o.domain !== undefined && typeof o.domain !== 'string')
    throw new TypeError('options.domain: expected a string');
  if (requireChallenge && o.challenge === undefined) {
    throw new TypeError('options.challenge: required (or set requireChallenge: false)');
  }
  if (requireDomain && o.domain === undefined)
    throw new TypeError('options.domain: required (or set requireDomain: false)');

  let doc: Record<string, unknown>;
  try {
    doc = toPlainJson(presentation, ctx.limits) as Record<string, unknown>;
  } catch (e) {
    return { verified: false, proofs: [], credentials: [], errors: [toIssue(e, 'ERR_VC_MALFORMED')] };
  }
  const holder = idOf(doc.holder);
  const base = { presentation: doc, ...(holder === undefined ? {} : { holder }) };
  const shape = checkPresentation(doc, { allowV1: true });
  if (shape.length > 0) return { verified: false, ...base, proofs: [], credentials: [], errors: shape };

  const vpOutcome = await verifyProofs(
    doc,
    { term: 'authentication', controller: holder, challenge: o.challenge, domain: o.domain },
    ctx,
  );
  const vpVerified = vpOutcome.issues.length === 0 && vpOutcome.proofs.length > 0;

  const credentials: CredentialVerificationResult[] = [];
  // Each credential costs its own proof checks: bound the work (see DocumentLimits.maxCredentials).
  const list = valuesOf(doc.verifiableCredential) as Record<string, unknown>[];
  const maxCredentials = ctx.limits.maxCredentials ?? DEFAULT_MAX_CREDENTIALS;
  if (list.length > maxCredentials) {
    const errors: VerificationIssue[] = [
      ...vpOutcome.issues,
      { code: 'ERR_VC_MALFORMED', message: `the presentation holds more than ${maxCredentials} credentials` },
    ];
    return { verified: false, ...base, proofs: vpOutcome.proofs, credentials: [], errors };
  }
  for (const vc of list) {
    if (!isEnveloped(vc) && vc.proof === undefined) {
      credentials.push(await selfAsserted(vc, holder, vpVerified, ctx));
    } else {
      credentials.push(await verifyPlainCredential(vc, ctx));
    }
  }
  const errors: VerificationIssue[] = [...vpOutcome.issues];
  credentials.forEach((c, i) => {
    for (const e of c.errors)
      errors.push({ code: e.code, message: `verifiableCredential[${i}]: ${e.message}` });
  });
  return { verified: errors.length === 0, ...base, proofs: vpOutcome.proofs, credentials, errors };
}

/** A credential secured only by the presentation's proof: the holder must be its issuer. */
async function selfAsserted(
  vc: Record<string, unknown>,
  holder: string | undefined,
  vpVerified: boolean,
  ctx: ReturnType<typeof verifyContext>,
): Promise<CredentialVerificationResult> {
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
  if (errors.length === 0) {
    errors.push(...checkValidityPeriod(vc, ctx));
    const st = await checkStatus(vc, ctx);
    errors.push(...st.issues);
  }
  return {
    verified: errors.length === 0,
    credential: vc,
    ...(issuer === undefined ? {} : { issuer }),
    proofs: [],
    errors,
  };
}
