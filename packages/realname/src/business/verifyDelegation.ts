import { type Clock, toClock } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { type StatusChecker, verifySdJwtVc } from '@realdid/sd-jwt';
import { BUSINESS_LICENSE_VCT, DELEGATION_VCT } from '../claims.js';
import { assertString, isPlainObject } from '../internal/bytes.js';
import { didKey, didOf, ledgerResolver } from '../internal/dids.js';
import { fail } from '../internal/errors.js';

/** Options of {@link verifyDelegation}. */
export interface VerifyDelegationOptions {
  /** The employee's delegation presentation (SD-JWT VC + KB-JWT). */
  delegation: string;
  /** The business's licence (SD-JWT VC from the registry). */
  license: string;
  ledger: LedgerClient;
  /** The trusted registry authority's DID. */
  registryDid: string;
  /** The verifier's identifier (KB-JWT `aud`). */
  aud: string;
  /** The verifier's one-time nonce (KB-JWT `nonce`). */
  nonce: string;
  /** Scope items the action needs (all must be delegated). */
  requiredScope?: string[];
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a function returning a `Date`, or a fixed `Date`; both are converted.
   */
  now?: Clock | (() => Date) | Date;
  /**
   * Status hook for a licence or delegation that carries a `status` claim (e.g.
   * `createTokenStatusChecker` of `@realdid/status`). Without it such a credential is refused,
   * unless `requireStatusCheck: false`.
   */
  checkStatus?: StatusChecker;
  /** `false` explicitly accepts a credential with a `status` claim whose status is not checked (default `true`). */
  requireStatusCheck?: boolean;
}

/** A verified delegation chain. */
export interface VerifiedDelegation {
  business: string;
  businessName: string;
  licenseNumber: string;
  employee: string;
  scope: string[];
  role?: string;
}

/**
 * Follows a delegation back to the trusted registry: the licence is signed by an assertion key of
 * the registry DID and names the business DID; the delegation is signed by an assertion key of
 * that (anchored) business DID, names the employee DID, is bound by a KB-JWT to the verifier and
 * nonce and signed with the employee's authentication key, is within its validity, and grants the
 * required scope.
 *
 * A licence or delegation that carries a `status` claim is refused unless `checkStatus` checked it
 * or `requireStatusCheck: false` says so explicitly.
 *
 * @param options - delegation, licence, ledger, registry DID, audience, nonce, required scope, status hook
 * @returns the verified chain
 * @throws RealDidError `ERR_DELEGATION_INVALID`
 */
export async function verifyDelegation(options: VerifyDelegationOptions): Promise<VerifiedDelegation> {
  if (!isPlainObject(options)) throw new TypeError('verifyDelegation: expected options');
  assertString(options.delegation, 'delegation');
  assertString(options.license, 'license');
  assertString(options.registryDid, 'registryDid');
  const nowMs = toClock(options.now, 'now');
  const C = 'ERR_DELEGATION_INVALID';
  if (options.checkStatus !== undefined && typeof options.checkStatus !== 'function') {
    throw new TypeError('checkStatus: expected a function');
  }
  if (options.requireStatusCheck !== undefined && typeof options.requireStatusCheck !== 'boolean') {
    throw new TypeError('requireStatusCheck: expected a boolean');
  }
  const statusOptions =
    options.checkStatus !== undefined
      ? { checkStatus: options.checkStatus }
      : options.requireStatusCheck === false
        ? { requireStatusCheck: false }
        : {};
  /** A credential with a status claim is refused unless its status was checked or the caller opted out. */
  const statusChecked = (claims: Readonly<Record<string, unknown>>, what: string) => {
    if (
      claims.status !== undefined &&
      options.checkStatus === undefined &&
      options.requireStatusCheck !== false
    ) {
      throw fail(
        C,
        `the ${what} carries a status that was not checked: give checkStatus, or requireStatusCheck: false`,
      );
    }
  };
  const resolver = ledgerResolver(options.ledger);
  const issuerKey =
    (want: string) =>
    async (header: Readonly<Record<string, unknown>>, payload: Readonly<Record<string, unknown>>) => {
      if (payload.iss !== want || typeof header.kid !== 'string' || didOf(header.kid) !== want) {
        throw fail(C, 'signed by an unexpected issuer');
      }
      return {
        type: 'Ed25519' as const,
        publicKey: (await didKey(resolver, header.kid, 'assertionMethod', C)).publicKey,
      };
    };
  let license: Awaited<ReturnType<typeof verifySdJwtVc>>;
  try {
    license = await verifySdJwtVc(options.license, {
      keyResolver: issuerKey(options.registryDid),
      requireKeyBinding: false,
      ...statusOptions,
      now: nowMs,
    });
  } catch (cause) {
    throw fail(C, 'the business licence does not verify against the registry', undefined, cause);
  }
  statusChecked(license.claims, 'business licence');
  const business = license.claims.sub;
  if (license.vct !== BUSINESS_LICENSE_VCT || typeof business !== 'string')
    throw fail(C, 'not a business licence');
  let employeeKid: string | undefined;
  let d: Awaited<ReturnType<typeof verifySdJwtVc>>;
  try {
    d = await verifySdJwtVc(options.delegation, {
      keyResolver: issuerKey(business),
      keyBinding: { aud: options.aud, nonce: options.nonce },
      holderKeyResolver: async (cnf) => {
        if (typeof cnf.kid !== 'string') throw fail(C, 'cnf.kid expected');
        employeeKid = cnf.kid;
        return {
          type: 'Ed25519',
          publicKey: (await didKey(resolver, cnf.kid, 'authentication', C)).publicKey,
        };
      },
      ...statusOptions,
      now: nowMs,
    });
  } catch (cause) {
    throw fail(C, 'the delegation does not verify against the business DID', undefined, cause);
  }
  statusChecked(d.claims, 'delegation');
  const c = d.claims;
  if (
    d.vct !== DELEGATION_VCT ||
    typeof c.sub !== 'string' ||
    employeeKid === undefined ||
    didOf(employeeKid) !== c.sub
  ) {
    throw fail(C, 'the delegation is not bound to its subject DID');
  }
  const scope = Array.isArray(c.scope) ? c.scope.filter((s): s is string => typeof s === 'string') : [];
  const missing = (options.requiredScope ?? []).filter((s) => !scope.includes(s));
  if (missing.length > 0) throw fail(C, `the delegation does not grant: ${missing.join(', ')}`);
  const out: VerifiedDelegation = {
    business,
    businessName: String(license.claims.business_name),
    licenseNumber: String(license.claims.license_number),
    employee: c.sub,
    scope,
  };
  if (typeof c.role === 'string') out.role = c.role;
  return out;
}
