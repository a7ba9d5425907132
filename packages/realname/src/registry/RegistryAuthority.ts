import { type Clock, createSigner, type Signer } from '@realdid/crypto';
import { anchorDid, createDid } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import { issueSdJwtVc } from '@realdid/sd-jwt';
import { BUSINESS_LICENSE_VCT, isRealNameClaim, type RealNameClaim } from '../claims.js';
import { assertString } from '../internal/bytes.js';
import { dateClock } from '../internal/clock.js';
import { DAY_SECONDS, startOfDay } from '../internal/day.js';
import {
  checkProfileKeys,
  type DeploymentProfile,
  type ProfileSuite,
  readProfile,
} from '../internal/profile.js';
import {
  checkRoleOptions,
  exportRoleState,
  identityOf,
  parseRoleState,
  type RoleIdentity,
} from '../internal/roleState.js';
import { jsonBytes, signJson } from '../internal/signedJson.js';
import type { RegistryAuthorityState } from '../roles/RoleState.js';
import { isOrigin } from './readRegistry.js';
import { registryTopic } from './registryTopic.js';

/** Options of {@link RegistryAuthority.create}. */
export interface RegistryAuthorityOptions {
  ledger: LedgerClient;
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a function returning a `Date`, or a fixed `Date`; both are converted.
   */
  now?: Clock | (() => Date) | Date;
  /**
   * The deployment profile (default `'international'`). `'gm'`: the registry's DID keys are SM2
   * and its entries are SM2-signed (readers accept the key type of the registry's DID either way).
   */
  profile?: DeploymentProfile;
}

/**
 * The registry authority: an anchored `did:realdid` that registers, as signed entries on the
 * ledger topic {@link registryTopic}, which issuers are trusted for which credential types and which
 * claims each relying party may request; it also issues business-licence credentials.
 *
 * @example
 * ```ts
 * const registry = await RegistryAuthority.create({ ledger });
 * await registry.registerIssuer({ issuer: authority.did, vcts: [REALNAME_VCT], name: 'Real-name authority' });
 * await registry.registerRelyingParty({
 *   rp: site.did,
 *   name: 'Video site',
 *   allowedClaims: ['age_over_18'],
 *   origins: ['https://video.example'],
 * });
 * ```
 */
export class RegistryAuthority {
  readonly #id: RoleIdentity;
  /** Signs business licences (made once: it holds the prepared key). */
  readonly #signer: Signer;
  readonly #ledger: LedgerClient;
  readonly #now: () => Date;
  readonly #suite: ProfileSuite;

  private constructor(id: RoleIdentity, ledger: LedgerClient, now: () => Date, suite: ProfileSuite) {
    this.#id = id;
    this.#suite = suite;
    this.#signer = createSigner(id.key);
    this.#ledger = ledger;
    this.#now = now;
  }

  /**
   * Creates the registry's DID and anchors it on the ledger.
   *
   * @param options - ledger, clock
   * @returns the registry authority
   * @throws TypeError when `options` is not an object, `ledger` is not a LedgerClient or `now` not a clock
   */
  static async create(options: RegistryAuthorityOptions): Promise<RegistryAuthority> {
    checkRoleOptions(options, 'RegistryAuthority.create');
    const suite = readProfile(options.profile);
    const created = createDid({
      keys: [{ type: suite.keyType }],
      updateKeyType: suite.keyType,
      recoveryKeyType: suite.keyType,
    });
    await anchorDid(options.ledger, created);
    return new RegistryAuthority(identityOf(created), options.ledger, dateClock(options.now), suite);
  }

  /**
   * Restores a registry authority from {@link RegistryAuthority.exportState} (its DID is already
   * anchored): the same DID and keys, so its earlier entries stay valid and it can append more.
   *
   * @param state - the exported state
   * @param options - ledger, clock
   * @returns the registry authority
   * @throws TypeError when `state` or `options` is not an object or an option is of the wrong type
   * @throws RealDidError `ERR_STATE_INVALID` when the state is malformed, of another role, or its keys are not its DID's
   */
  static restore(state: RegistryAuthorityState, options: RegistryAuthorityOptions): RegistryAuthority {
    checkRoleOptions(options, 'RegistryAuthority.restore');
    const suite = readProfile(options.profile);
    return new RegistryAuthority(
      checkProfileKeys(parseRoleState(state, 'registry-authority'), suite, 'registry-authority'),
      options.ledger,
      dateClock(options.now),
      suite,
    );
  }

  /**
   * @returns the state to persist: the DID and its signing, update and recovery keys. It is
   *   secret (it signs the registry) — store it encrypted (a secrets manager, a `Vault`, or a 0600
   *   file, ideally offline) and never log it.
   */
  exportState(): RegistryAuthorityState {
    return exportRoleState('registry-authority', this.#id);
  }

  /** The registry's DID. */
  get did(): string {
    return this.#id.did;
  }

  /** The deployment profile: `'international'` or `'gm'`. */
  get profile(): DeploymentProfile {
    return this.#suite.profile;
  }

  get #vm(): string {
    return `${this.#id.did}#${this.#id.vmId}`;
  }

  async #append(body: Record<string, unknown>): Promise<void> {
    const entry = signJson(
      { ...body, registry: this.did, vm: this.#vm, at: this.#now().toISOString() },
      this.#id.key,
    );
    await this.#ledger.append(registryTopic(this.did), jsonBytes(entry));
  }

  /**
   * Registers (or updates) a trusted issuer. For an issuer of real-name credentials, name the trace
   * committee its credentials' trace tokens are encrypted to: wallets refuse to store a credential
   * naming another (or any, when none is registered).
   *
   * @param options - the issuer's DID, the credential types it may issue, a name, its trace committee
   */
  async registerIssuer(options: {
    issuer: string;
    vcts: string[];
    name: string;
    traceCommittee?: string;
  }): Promise<void> {
    assertString(options.issuer, 'issuer');
    assertString(options.name, 'name');
    if (!Array.isArray(options.vcts) || options.vcts.some((v) => typeof v !== 'string')) {
      throw new TypeError('vcts: expected an array of strings');
    }
    if (options.traceCommittee !== undefined) assertString(options.traceCommittee, 'traceCommittee');
    await this.#append({
      type: 'trusted-issuer',
      issuer: options.issuer,
      vcts: [...options.vcts],
      name: options.name,
      ...(options.traceCommittee === undefined ? {} : { traceCommittee: options.traceCommittee }),
    });
  }

  /**
   * Registers (or updates) a relying party, the real-name claims it may request and the web
   * origins it serves requests from (wallets refuse its requests arriving from anywhere else). An
   * empty claim list withdraws its permission.
   *
   * @param options - the RP's DID, a name, the claims it may request, its origins
   * @throws RangeError for an unknown claim name
   */
  async registerRelyingParty(options: {
    rp: string;
    name: string;
    allowedClaims: RealNameClaim[];
    origins: string[];
  }): Promise<void> {
    assertString(options.rp, 'rp');
    assertString(options.name, 'name');
    if (!Array.isArray(options.allowedClaims)) throw new TypeError('allowedClaims: expected an array');
    for (const c of options.allowedClaims)
      if (!isRealNameClaim(c)) throw new RangeError(`unknown claim ${String(c)}`);
    if (!Array.isArray(options.origins) || options.origins.length === 0) {
      throw new TypeError('origins: expected a non-empty array of web origins');
    }
    for (const o of options.origins) {
      if (typeof o !== 'string' || !isOrigin(o)) {
        throw new RangeError(`origins: ${String(o).slice(0, 80)} is not a web origin (https://host[:port])`);
      }
    }
    await this.#append({
      type: 'relying-party',
      rp: options.rp,
      name: options.name,
      allowedClaims: [...new Set(options.allowedClaims)].sort(),
      origins: [...new Set(options.origins)].sort(),
    });
  }

  /**
   * Issues a business-licence credential (SD-JWT VC, `vct` {@link BUSINESS_LICENSE_VCT}) to an
   * anchored business DID. The business name and licence number are always disclosed; the
   * legal representative is selectively disclosable.
   *
   * @param options - business DID, name, licence number, legal representative, validity in days
   * @returns the SD-JWT VC
   */
  async issueBusinessLicense(options: {
    businessDid: string;
    name: string;
    licenseNumber: string;
    legalRepresentative?: string;
    validDays?: number;
  }): Promise<string> {
    assertString(options.businessDid, 'businessDid');
    assertString(options.name, 'name');
    assertString(options.licenseNumber, 'licenseNumber');
    const day = startOfDay(this.#now());
    const claims: Record<string, unknown> = {
      sub: options.businessDid,
      business_name: options.name,
      license_number: options.licenseNumber,
    };
    if (options.legalRepresentative !== undefined) claims.legal_representative = options.legalRepresentative;
    return issueSdJwtVc({
      signer: this.#signer,
      vct: BUSINESS_LICENSE_VCT,
      iss: this.did,
      holderBinding: false,
      iat: day,
      exp: day + (options.validDays ?? 365) * DAY_SECONDS,
      claims,
      disclosureFrame: { _sd: options.legalRepresentative === undefined ? [] : ['legal_representative'] },
      sdAlg: this.#suite.sdAlg,
      header: { kid: this.#vm },
    });
  }
}
