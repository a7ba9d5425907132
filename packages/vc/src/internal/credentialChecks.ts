import * as dbvc from '@digitalbazaar/vc';
import { TIMED_OUT, withTimeout } from '@realdid/crypto';
import type {
  CredentialVerificationResult,
  StatusCheckResult,
  VerificationIssue,
} from '../VerificationResult.js';
import type { VerifyContext } from './context.js';
import { verifyDirect } from './direct/verifyDirect.js';
import { toIssue } from './errors.js';
import { expandedCacheFor, suitesKeeping } from './expandedCache.js';
import { checkCredential, idOf, isEnveloped } from './model.js';
import { isObject, valuesOf } from './plain.js';
import { checkSignedForm } from './profile.js';
import { RealDidProofPurpose } from './purpose.js';
import { mapResult, precheckProofs } from './verifyProofs.js';

/** Checks `now` against the validity period (with skew). */
export function checkValidityPeriod(doc: Record<string, unknown>, ctx: VerifyContext): VerificationIssue[] {
  const v2 = doc.validFrom !== undefined || doc.validUntil !== undefined;
  const from = v2 ? doc.validFrom : doc.issuanceDate;
  const until = v2 ? doc.validUntil : doc.expirationDate;
  const now = ctx.now.getTime();
  const issues: VerificationIssue[] = [];
  if (typeof from === 'string' && Date.parse(from) - ctx.skewMs > now) {
    issues.push({ code: 'ERR_VC_NOT_YET_VALID', message: 'the credential is not valid yet' });
  }
  if (typeof until === 'string' && Date.parse(until) + ctx.skewMs < now) {
    issues.push({ code: 'ERR_VC_EXPIRED', message: 'the credential has expired' });
  }
  return issues;
}

/** Runs the status hook over every `credentialStatus` entry. */
export async function checkStatus(
  doc: Record<string, unknown>,
  ctx: VerifyContext,
): Promise<{ issues: VerificationIssue[]; status: StatusCheckResult[] | undefined }> {
  const entries = valuesOf(doc.credentialStatus).filter(isObject);
  if (entries.length === 0) return { issues: [], status: undefined };
  if (ctx.statusCheck === undefined) {
    return ctx.requireStatusCheck
      ? {
          issues: [
            {
              code: 'ERR_VC_STATUS_UNCHECKED',
              message:
                'the credential has a status and no checkStatus was given (requireStatusCheck: false to accept it unchecked)',
            },
          ],
          status: undefined,
        }
      : { issues: [], status: undefined };
  }
  const issues: VerificationIssue[] = [];
  const status: StatusCheckResult[] = [];
  for (const entry of entries) {
    let answer: unknown;
    try {
      answer = await withTimeout(ctx.statusCheck(entry, doc), ctx.timeoutMs);
    } catch (e) {
      issues.push(toIssue(e, 'ERR_VC_STATUS_CHECK_FAILED'));
      continue;
    }
    if (answer === TIMED_OUT) {
      issues.push({
        code: 'ERR_VC_STATUS_CHECK_FAILED',
        message: `checkStatus did not answer within ${ctx.timeoutMs} ms`,
      });
      continue;
    }
    const s = isObject(answer) ? answer.status : undefined;
    if (s === 'valid' || s === 'revoked' || s === 'suspended') status.push({ status: s });
    if (s === 'revoked') issues.push({ code: 'ERR_VC_REVOKED', message: 'the credential has been revoked' });
    else if (s === 'suspended')
      issues.push({ code: 'ERR_VC_SUSPENDED', message: 'the credential is suspended' });
    else if (s !== 'valid') {
      issues.push({
        code: 'ERR_VC_STATUS_CHECK_FAILED',
        message: 'checkStatus answered no valid / revoked / suspended',
      });
    }
  }
  return { issues, status };
}

/** What verifying one credential found: the result when every check passed, else the issues. */
export interface CredentialOutcome {
  readonly result?: CredentialVerificationResult;
  readonly errors: VerificationIssue[];
}

const fail = (errors: VerificationIssue[]): CredentialOutcome => ({ errors });

/** Verifies a plain-data credential (already copied). */
export async function verifyPlainCredential(
  doc: Record<string, unknown>,
  ctx: VerifyContext,
): Promise<CredentialOutcome> {
  if (isEnveloped(doc)) {
    return fail([
      {
        code: 'ERR_VC_ENVELOPED_UNSUPPORTED',
        message: 'enveloped credentials are not verified by this package',
      },
    ]);
  }
  const { issues } = checkCredential(doc, { allowV1: true });
  if (issues.length > 0) return fail(issues);
  const pre = precheckProofs(doc, 'assertionMethod', ctx.limits.maxProofs);
  if (pre.length > 0) return fail(pre);
  const direct = await verifyDirectly(doc, ctx);
  if (!('fallback' in direct)) return direct;
  return verifyInFull(doc, direct.fallback);
}

/** The full path of {@link verifyPlainCredential}, from the signed-form check on. */
async function verifyInFull(doc: Record<string, unknown>, ctx: VerifyContext): Promise<CredentialOutcome> {
  // From here on every check reads JSON that is exactly what the proof signs.
  const keep = expandedCacheFor(doc, ctx.documentLoader);
  const form = await checkSignedForm(doc, ctx, 'credential', keep);
  if (form.length > 0) return fail(form);
  const period = checkValidityPeriod(doc, ctx);
  if (period.length > 0) return fail(period);

  const issuer = idOf(doc.issuer)!;
  let statusOutcome: Awaited<ReturnType<typeof checkStatus>> | undefined;
  const purpose = new RealDidProofPurpose({ term: 'assertionMethod', controller: issuer, now: ctx.now });
  let result: Awaited<ReturnType<typeof dbvc.verifyCredential>>;
  try {
    result = await dbvc.verifyCredential({
      credential: doc,
      suite: suitesKeeping(ctx, keep),
      purpose,
      documentLoader: ctx.documentLoader,
      now: ctx.now,
      maxClockSkew: ctx.skewMs / 1000,
      checkStatus: async () => {
        statusOutcome = await checkStatus(doc, ctx);
        return { verified: statusOutcome.issues.length === 0 };
      },
    });
  } catch (e) {
    return fail([toIssue(e, 'ERR_VC_PROOF_INVALID')]);
  }
  // a failed status check also clears `result.verified`; the proofs are judged on their own results
  const proofResults = result.results ?? [];
  const mapped = mapResult(
    {
      verified: proofResults.length > 0 && proofResults.every((r) => r.verified),
      results: proofResults as Array<Record<string, unknown>>,
      error: result.error,
    },
    ctx.nymDomain,
  );
  const errors = [...mapped.issues, ...(statusOutcome?.issues ?? [])];
  if (mapped.issues.length === 0 && statusOutcome === undefined && doc.credentialStatus !== undefined) {
    errors.push({ code: 'ERR_VC_STATUS_UNCHECKED', message: 'the status was not checked' });
  }
  if (mapped.proofs.length === 0 && errors.length === 0) {
    errors.push({ code: 'ERR_VC_PROOF_INVALID', message: 'no proof verified' });
  }
  if (errors.length > 0) return fail(errors);
  return {
    errors,
    result: {
      verified: true,
      credential: doc,
      issuer,
      proofs: mapped.proofs,
      ...(statusOutcome?.status === undefined ? {} : { status: statusOutcome.status }),
    },
  };
}

/**
 * The direct path (no JSON-LD library): the signed form and the proof verified by
 * {@link verifyDirect}, then the checks that follow them on the full path — the validity period,
 * the credential checks of `@digitalbazaar/vc`, the status. Undefined when the direct path does
 * not answer (then the full path runs and decides).
 */
async function verifyDirectly(
  doc: Record<string, unknown>,
  ctx: VerifyContext,
): Promise<CredentialOutcome | { fallback: VerifyContext }> {
  const issuer = idOf(doc.issuer);
  if (issuer === undefined) return { fallback: ctx };
  const direct = await verifyDirect(doc, ctx, 'credential', { term: 'assertionMethod', controller: issuer });
  if ('fallback' in direct) return direct;
  const { proofs } = direct;
  const period = checkValidityPeriod(doc, ctx);
  if (period.length > 0) return fail(period);
  try {
    dbvc._checkCredential({ credential: doc, now: ctx.now, maxClockSkew: ctx.skewMs / 1000 });
  } catch {
    return { fallback: ctx };
  }
  // `@digitalbazaar/vc` checks the status when `credentialStatus` is truthy
  if (doc.credentialStatus !== undefined && !doc.credentialStatus) return { fallback: ctx };
  const status = doc.credentialStatus === undefined ? undefined : await checkStatus(doc, ctx);
  if (status !== undefined && status.issues.length > 0) return fail(status.issues);
  return {
    errors: [],
    result: {
      verified: true,
      credential: doc,
      issuer,
      proofs,
      ...(status?.status === undefined ? {} : { status: status.status }),
    },
  };
}
