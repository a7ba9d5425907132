import { type Clock, createSigner, type Signer } from '@realdid/crypto';
import { anchorDid, createDid } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import { issueSdJwtVc } from '@realdid/sd-jwt';
import { DELEGATION_VCT } from '../claims.js';
import { assertString, isPlainObject } from '../internal/bytes.js';
import { dateClock } from '../internal/clock.js';
import { DAY_SECONDS, startOfDay } from '../internal/day.js';
import {
  checkRoleOptions,
  exportRoleState,
  identityOf,
  parseRoleState,
  type RoleIdentity,
} from '../internal/roleState.js';
import type { BusinessState } from '../roles/RoleState.js';

/** Options of {@link Business.create}. */
export interface BusinessOptions {
  ledger: LedgerClient;
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a function returning a `Date`, or a fixed `Date`; both are converted.
   */
  now?: Clock | (() => Date) | Date;
}

/** Options of {@link Business.issueDelegation}. */
export interface DelegationOptions {
  /** The employee's DID URL of its authentication key (`did:…#key-1`): the delegation is bound to it. */
  employeeKid: string;
  /** What the employee may do for the business (e.g. `sign-contracts`, `file-tax`). */
  scope: string[];
  /** Validity in days from today (default 90). */
  validDays?: number;
  /** The employee's role, selectively disclosable. */
  role?: string;
}

/**
 * A business: an anchored `did:realdid` holding a business-licence credential from the registry
 * authority, issuing delegation credentials (SD-JWT VC, `vct` {@link DELEGATION_VCT}) to employees'
 * DIDs with a scope and a validity period. Verify the chain with {@link verifyDelegation}.
 *
 * @example
 * ```ts
 * const shop = await Business.create({ ledger });
 * const license = await registry.issueBusinessLicense({ businessDid: shop.did, name: 'Shop Ltd', licenseNumber: '91110000MA01' });
 * const delegation = await shop.issueDelegation({ employeeKid: `${employee.longFormDid}#key-1`, scope: ['sign-contracts'] });
 * ```
 */
export class Business {
  readonly #id: RoleIdentity;
  /** Signs delegations (made once: it holds the prepared key). */
  readonly #signer: Signer;
  readonly #now: () => Date;

  private constructor(id: RoleIdentity, now: () => Date) {
    this.#id = id;
    this.#signer = createSigner(id.key);
    this.#now = now;
  }

  /**
   * Creates and anchors the business DID.
   *
   * @param options - ledger, clock
   * @returns the business
   * @throws TypeError when `options` is not an object, `ledger` is not a LedgerClient or `now` not a clock
   */
  static async create(options: BusinessOptions): Promise<Business> {
    checkRoleOptions(options, 'Business.create');
    const created = createDid();
    await anchorDid(options.ledger, created);
    return new Business(identityOf(created), dateClock(options.now));
  }

  /**
   * Restores a business from {@link Business.exportState} (its DID is already anchored): the
   * same DID and keys, so its licence (issued to that DID) and its delegations stay valid and it
   * can issue more.
   *
   * @param state - the exported state
   * @param options - ledger, clock
   * @returns the business
   * @throws TypeError when `state` or `options` is not an object or an option is of the wrong type
   * @throws RealDidError `ERR_STATE_INVALID` when the state is malformed, of another role, or its keys are not its DID's
   */
  static restore(state: BusinessState, options: BusinessOptions): Business {
    checkRoleOptions(options, 'Business.restore');
    return new Business(parseRoleState(state, 'business'), dateClock(options.now));
  }

  /**
   * @returns the state to persist: the DID and its signing, update and recovery keys. It is
   *   secret — store it encrypted (a secrets manager, a `Vault`, or a 0600 file) and never log it.
   */
  exportState(): BusinessState {
    return exportRoleState('business', this.#id);
  }

  /** The business DID. */
  get did(): string {
    return this.#id.did;
  }

  /**
   * Issues a delegation credential to an employee DID.
   *
   * @param options - employee key id, scope, validity
   * @returns the SD-JWT VC (the employee presents it with a key-binding JWT)
   */
  async issueDelegation(options: DelegationOptions): Promise<string> {
    if (!isPlainObject(options)) throw new TypeError('issueDelegation: expected options');
    assertString(options.employeeKid, 'employeeKid');
    const hash = options.employeeKid.indexOf('#');
    if (hash < 0) throw new RangeError('employeeKid: expected a DID URL with a fragment');
    if (
      !Array.isArray(options.scope) ||
      options.scope.length === 0 ||
      options.scope.some((s) => typeof s !== 'string')
    ) {
      throw new TypeError('scope: expected a non-empty array of strings');
    }
    const day = startOfDay(this.#now());
    const claims: Record<string, unknown> = {
      sub: options.employeeKid.slice(0, hash),
      scope: [...options.scope],
    };
    if (options.role !== undefined) claims.role = options.role;
    return issueSdJwtVc({
      signer: this.#signer,
      vct: DELEGATION_VCT,
      iss: this.did,
      cnf: { kid: options.employeeKid },
      iat: day,
      nbf: day,
      exp: day + (options.validDays ?? 90) * DAY_SECONDS,
      claims,
      disclosureFrame: { _sd: options.role === undefined ? [] : ['role'] },
      header: { kid: `${this.did}#${this.#id.vmId}` },
    });
  }
}
