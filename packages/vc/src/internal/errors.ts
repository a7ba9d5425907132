import { isRealDidError, RealDidError } from '@realdid/crypto';
import { VC_ERROR_CODES, type VcErrorCode } from '../VcErrorCode.js';
import type { VcVerificationError, VerificationIssue } from '../VerificationResult.js';

/** Builds a coded error (the caller throws it, so control flow stays visible). */
export function vcError(code: VcErrorCode, message: string, cause?: unknown): RealDidError<VcErrorCode> {
  return new RealDidError<VcErrorCode>(code, message, cause === undefined ? undefined : { cause });
}

const CODES: ReadonlySet<string> = new Set<string>(VC_ERROR_CODES);

/** Tells whether `e` is one of this package's coded errors. */
export function isVcError(e: unknown): e is RealDidError<VcErrorCode> {
  return isRealDidError(e) && CODES.has((e as RealDidError).code);
}

/**
 * The first error, depth first, in the tree of errors that jsonld / jsonld-signatures build
 * (wrapping errors in `errors`, `cause`, `details.cause`; at most 6 levels) that passes `test`.
 */
function findInChain(e: unknown, test: (x: object) => boolean, depth = 0): object | undefined {
  if (depth > 6 || e === null || typeof e !== 'object') return undefined;
  if (test(e)) return e;
  const o = e as { errors?: unknown; cause?: unknown; details?: { cause?: unknown } };
  if (Array.isArray(o.errors)) {
    for (const x of o.errors) {
      const f = findInChain(x, test, depth + 1);
      if (f) return f;
    }
  }
  return findInChain(o.cause, test, depth + 1) ?? findInChain(o.details?.cause, test, depth + 1);
}

/** The most specific coded error of this package in the chain. */
function findCoded(e: unknown): RealDidError<VcErrorCode> | undefined {
  return findInChain(e, isVcError) as RealDidError<VcErrorCode> | undefined;
}

/** An error of the jsonld library (named `jsonld.…`) in the chain. */
function isJsonLdError(e: unknown): boolean {
  return (
    findInChain(e, (x) => {
      const name = (x as { name?: unknown }).name;
      return typeof name === 'string' && name.startsWith('jsonld.');
    }) !== undefined
  );
}

const MAX_MESSAGE = 1000;

function bounded(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

/**
 * The message of whatever was thrown. A plug-in (status check, resolver, loader) may throw a
 * non-Error: `String()` of `Object.create(null)` or of an object whose toString throws would
 * itself throw an uncoded TypeError out of the verifier, so those are described instead.
 */
function messageOf(e: unknown): string {
  if (e instanceof Error && typeof e.message === 'string') return e.message;
  try {
    return String(e);
  } catch {
    return `a thrown ${e === null ? 'null' : typeof e}`;
  }
}

/**
 * Turns whatever a lower layer threw into one coded issue: our own coded errors keep their code,
 * JSON-LD processing errors become `ERR_VC_JSONLD`, anything else becomes `fallback`.
 */
export function toIssue(e: unknown, fallback: VcErrorCode): VerificationIssue {
  try {
    const coded = findCoded(e);
    if (coded) return { code: coded.code, message: bounded(coded.message) };
    if (isJsonLdError(e))
      return { code: 'ERR_VC_JSONLD', message: bounded(`JSON-LD processing failed: ${messageOf(e)}`) };
    return { code: fallback, message: bounded(messageOf(e)) };
  } catch {
    // a thrown proxy or object whose properties throw when read
    return { code: fallback, message: 'a plug-in threw a value that cannot be read' };
  }
}

/** The same as {@link toIssue}, as a throwable error. */
export function toVcError(e: unknown, fallback: VcErrorCode): RealDidError<VcErrorCode> {
  const issue = toIssue(e, fallback);
  return vcError(issue.code, issue.message, e);
}

/**
 * The error a verifier throws for a failed verification: coded with the first issue, carrying
 * them all in `errors`.
 */
export function verificationFailed(issues: readonly VerificationIssue[]): VcVerificationError {
  const first = issues[0] ?? { code: 'ERR_VC_PROOF_INVALID' as const, message: 'verification failed' };
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more: ${issues
          .slice(1)
          .map((i) => i.code)
          .join(', ')})`
      : '';
  const e = vcError(first.code, bounded(`${first.message}${more}`));
  Object.defineProperty(e, 'errors', {
    value: Object.freeze(issues.length === 0 ? [first] : [...issues]),
    enumerable: true,
  });
  return e as VcVerificationError;
}
