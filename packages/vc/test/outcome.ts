// The verifiers throw on any failure. Most tests assert every reason found, so they call these
// wrappers, which turn a thrown verification error back into `{ verified: false, errors }` (and a
// success into `{ ...result, errors: [] }`). Misuse (TypeError / RangeError) still throws.
import { isRealDidError } from '@realdid/crypto';
import type { VerificationIssue } from '@realdid/vc';
import * as vc from '@realdid/vc';
import { expect } from 'vitest';

/** A verifier's answer as data: on failure only `verified` and `errors` are set (whatever the type says). */
export type Settled<T> = Omit<T, 'verified'> & { verified: boolean; errors: readonly VerificationIssue[] };

async function settle<T extends object>(run: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ...(await run()), errors: [] } as unknown as Settled<T>;
  } catch (e) {
    const errors = (e as { errors?: unknown }).errors;
    if (isRealDidError(e) || Array.isArray(errors)) {
      if (!Array.isArray(errors))
        throw new Error('a verifier threw a coded error without errors', { cause: e });
      expect((e as { code: string }).code).toBe(errors[0].code);
      return { verified: false, errors: errors as VerificationIssue[] } as unknown as Settled<T>;
    }
    throw e;
  }
}

export const verifyCredential = (c: unknown, o?: vc.VerifyCredentialOptions) =>
  settle(() => vc.verifyCredential(c, o));
export const verifyPresentation = (p: unknown, o?: vc.VerifyPresentationOptions) =>
  settle(() => vc.verifyPresentation(p, o));
export const verifyDataIntegrityProof = (d: unknown, o?: vc.VerifyDataIntegrityProofOptions) =>
  settle(() => vc.verifyDataIntegrityProof(d, o));
