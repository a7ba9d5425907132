import type { Clock } from '@realdid/crypto';
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  type Jwk,
  jwkToPublicKey,
  type KeyPair,
  publicKeyToJwk,
  randomBytes,
  type Signer,
} from '@realdid/crypto';
import { anchorDid, createDid, type Purpose } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import { issueSdJwtVc } from '@realdid/sd-jwt';
import {
  decodeStatusList,
  encodeStatusList,
  type StatusList,
  type StatusListJson,
  TokenStatus,
  TokenStatusListIssuer,
} from '@realdid/status';
import { REALNAME_CLAIMS, REALNAME_VCT } from '../claims.js';
import type { IdentityEvidence, IdentityVerifier, VerifiedIdentity } from '../identity/IdentityVerifier.js';
import { assertBytes, isPlainObject, utf8 } from '../internal/bytes.js';
import { dateClock } from '../internal/clock.js';
import { DAY_SECONDS, startOfDay } from '../internal/day.js';
import { fail } from '../internal/errors.js';
import { type DeploymentProfile, type ProfileSuite, readProfile } from '../internal/profile.js';
import {
  checkKeysMakeDid,
  checkStateDid,
  checkStateVmId,
  hasOnly,
  identityOf,
  keyState,
  parseKey,
  stateError,
} from '../internal/roleState.js';
import type { TraceCommittee } from '../trace/TraceCommittee.js';
import type { RoleKeyState } from './RoleState.js';

/** Options of {@link RealNameAuthority.create}. */
export interface RealNameAuthorityOptions {
  ledger: LedgerClient;
  /** Checks people at enrolment. */
  identityVerifier: IdentityVerifier;
  /** The committee trace tokens are encrypted to. */
  committee: TraceCommittee;
  /** Validity of each credential in days (default 365). */
  validityDays?: number;
  /** Most credentials per enrolment batch (default 50). */
  maxBatch?: number;
  /**
   * Entries of each status list (default 131 072: the herd a status index hides in; a multiple of 4,
   * so that a list of 2-bit entries fills whole bytes and reads back at its size). When a list
   * has no more than a sixteenth of its indexes left (kept for the decoys of later epochs),
   * enrolment opens the next list, `<did>/status/2` and so on, and publishes it at once.
   */
  statusListSize?: number;
  /**
   * The most status lists the authority opens (an integer from 1 to 16 384, the default). Past
   * them, enrolment is refused with `ERR_ISSUANCE_REFUSED` and nothing changes. A deployment bounds
   * with it the ledger topics and the state one authority grows to (`statusListSize` ×
   * `maxStatusLists` × 15/16 credentials at most); a restored authority keeps every list of its
   * state whatever this says, and opens no more past it.
   */
  maxStatusLists?: number;
  /**
   * Mean number of decoy flips per revocation epoch (default 16): each {@link RealNameAuthority.publishEpoch}
   * revokes between half and one and a half times this many never-allocated indexes alongside the
   * real revocations.
   */
  decoysPerEpoch?: number;
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a function returning a `Date`, or a fixed `Date`; both are converted.
   */
  now?: Clock | (() => Date) | Date;
  /**
   * The deployment profile (default `'international'`: Ed25519, EdDSA, SHA-256). `'gm'`: the
   * authority's DID keys are SM2, credentials and status lists are signed with SM2 (`alg: SM2`,
   * SM3, default user ID), disclosures are hashed with SM3 (`_sd_alg: sm3`), and holder keys must
   * be SM2 (docs/realname.md, "The gm profile"). A restored authority keeps the profile of its state.
   */
  profile?: DeploymentProfile;
}

/**
 * The authority's state, to persist between runs (JSON-safe). It holds the authority's signing
 * key and every person's identity and handle: keep it encrypted (for instance in a {@link Vault})
 * and access-controlled.
 */
export interface RealNameAuthorityState {
  v: 1;
  did: string;
  vmId: string;
  /** base64url of the signing key: Ed25519, or SM2 when `profile` is `gm`. */
  signingKey: string;
  /** `'gm'` for an authority of the gm profile (absent: international). */
  profile?: 'gm';
  /** The first status list (`<did>/status/1`). */
  statusList: StatusListJson;
  /** base64url of the first list's used-index bitmap. */
  usedIndexes: string;
  /** The lists opened after the first (`<did>/status/2`, …), in order; absent while there is one. */
  moreStatusLists?: { statusList: StatusListJson; usedIndexes: string }[];
  /**
   * Each person's credentials' status positions: list k (from 0) at index i is position
   * k × (the first list's size) + i.
   */
  people: { identity: VerifiedIdentity; handle: string; statusIndexes: number[] }[];
  /** Status positions revoked but not yet published (they go out with the next epoch). */
  pendingRevocations?: number[];
  /** The DID's update key (exported since it was added; absent in older states). */
  updateKey?: RoleKeyState;
  /** The DID's recovery key (exported since it was added; absent in older states). */
  recoveryKey?: RoleKeyState;
}

/** The authority's DID and keys. */
interface AuthorityIdentity {
  did: string;
  vmId: string;
  key: KeyPair;
  update?: KeyPair;
  recovery?: KeyPair;
}

/** The purposes of the authority's verification method. */
const AUTHORITY_PURPOSES: readonly Purpose[] = [
  'authentication',
  'assertionMethod',
  'capabilityInvocation',
  'capabilityDelegation',
];

/** The most status lists one authority keeps (at 131 072 entries: about 2.1 billion credentials). */
const MAX_STATUS_LISTS = 16_384;

/** The largest list: the largest multiple of 4 a status list holds (2^31 − 1 entries at most). */
const MAX_LIST_SIZE = 2 ** 31 - 4;

const STATE_MEMBERS = [
  'v',
  'did',
  'vmId',
  'signingKey',
  'statusList',
  'usedIndexes',
  'moreStatusLists',
  'people',
  'updateKey',
  'recoveryKey',
  'pendingRevocations',
  'profile',
];
const IDENTITY_MEMBERS = [
  'recordId',
  'nationalId',
  'familyName',
  'givenName',
  'birthdate',
  'region',
  'nationality',
] as const;

/** A copy of the members of a verified identity, or undefined when one is not a non-empty string. */
function verifiedIdentityOf(v: unknown): VerifiedIdentity | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const k of IDENTITY_MEMBERS) {
    const x = v[k];
    if (typeof x !== 'string' || x.length === 0) return undefined;
    out[k] = x;
  }
  return out as unknown as VerifiedIdentity;
}

/**
 * Parses an exported authority state strictly: shape, version, keys (and, when the DID's update
 * and recovery keys are in it, that the keys make the DID), the status list, and every person.
 *
 * @throws TypeError when `state` is not an object (misuse)
 * @throws RealDidError `ERR_STATE_INVALID` for anything malformed
 */
function parseAuthorityState(state: unknown): {
  suite: ProfileSuite;
  identity: AuthorityIdentity;
  lists: { list: StatusList; used: Uint8Array }[];
  people: PersonRecord[];
  pending: number[];
} {
  if (!isPlainObject(state)) throw new TypeError('restore: expected an exported authority state object');
  const where = 'authority state';
  const bad = (why: string, cause?: unknown) => stateError(where, why, cause);
  if (!hasOnly(state, STATE_MEMBERS)) throw bad('unexpected members');
  if (state.v !== 1) throw bad('unsupported version');
  const { did, vmId } = state;
  checkStateDid(where, did);
  checkStateVmId(where, vmId);
  if (state.profile !== undefined && state.profile !== 'gm') throw bad('profile: expected "gm" or none');
  const suite = readProfile(state.profile);
  const key = parseKey({ type: suite.keyType, secretKey: state.signingKey }, `${where} signingKey`);
  const identity: AuthorityIdentity = { did, vmId, key };
  if (state.updateKey !== undefined) identity.update = parseKey(state.updateKey, `${where} updateKey`);
  if (state.recoveryKey !== undefined)
    identity.recovery = parseKey(state.recoveryKey, `${where} recoveryKey`);
  if ((identity.update === undefined) !== (identity.recovery === undefined))
    throw bad('updateKey and recoveryKey come together');
  if (identity.update !== undefined && identity.recovery !== undefined) {
    if (identity.update.type !== suite.keyType || identity.recovery.type !== suite.keyType)
      throw bad(`updateKey and recoveryKey: expected ${suite.keyType} keys`);
    checkKeysMakeDid(
      where,
      did,
      { id: vmId, purposes: AUTHORITY_PURPOSES, key },
      identity.update,
      identity.recovery,
    );
  }
  const readList = (statusList: unknown, usedIndexes: unknown, at: string) => {
    let list: StatusList;
    try {
      list = decodeStatusList(statusList as StatusListJson);
    } catch (cause) {
      throw bad(`${at}bad status list`, cause);
    }
    if (typeof usedIndexes !== 'string') throw bad(`${at}usedIndexes: expected base64url`);
    let used: Uint8Array;
    try {
      used = base64urlDecode(usedIndexes);
    } catch (cause) {
      throw bad(`${at}usedIndexes: expected base64url`, cause);
    }
    return { list, used };
  };
  const lists = [readList(state.statusList, state.usedIndexes, '')];
  const size = lists[0]!.list.size;
  if (state.moreStatusLists !== undefined) {
    const more = state.moreStatusLists;
    if (!Array.isArray(more) || more.length > MAX_STATUS_LISTS - 1)
      throw bad(`moreStatusLists: expected an array of at most ${MAX_STATUS_LISTS - 1} lists`);
    more.forEach((m: unknown, k: number) => {
      const at = `moreStatusLists[${k}]`;
      if (!isPlainObject(m) || !hasOnly(m, ['statusList', 'usedIndexes']))
        throw bad(`${at}: expected { statusList, usedIndexes }`);
      const l = readList(m.statusList, m.usedIndexes, `${at}: `);
      if (l.list.size !== size) throw bad(`${at}: expected a list of ${size} entries, like the first`);
      lists.push(l);
    });
  }
  const positions = size * lists.length;
  if (!Array.isArray(state.people)) throw bad('people: expected an array');
  const people: PersonRecord[] = [];
  const records = new Set<string>();
  const handles = new Set<string>();
  state.people.forEach((p: unknown, i: number) => {
    const at = `people[${i}]`;
    if (!isPlainObject(p) || !hasOnly(p, ['identity', 'handle', 'statusIndexes']))
      throw bad(`${at}: expected { identity, handle, statusIndexes }`);
    const id = p.identity;
    const identity = verifiedIdentityOf(id);
    if (identity === undefined || Object.keys(id as object).length !== IDENTITY_MEMBERS.length)
      throw bad(`${at}.identity: expected the verified identity's string members`);
    let handle: Uint8Array;
    try {
      handle = base64urlDecode(p.handle as string);
    } catch (cause) {
      throw bad(`${at}.handle: expected base64url`, cause);
    }
    if (handle.length !== 32) throw bad(`${at}.handle: expected 32 bytes`);
    const idx = p.statusIndexes;
    if (
      !Array.isArray(idx) ||
      idx.some((x) => typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0 || x >= positions)
    ) {
      throw bad(`${at}.statusIndexes: expected positions in the status lists`);
    }
    const recordId = identity.recordId;
    if (records.has(recordId)) throw bad(`${at}: a person appears twice`);
    if (handles.has(p.handle as string)) throw bad(`${at}: a handle appears twice`);
    records.add(recordId);
    handles.add(p.handle as string);
    people.push({ identity, handle, statusIndexes: [...(idx as number[])] });
  });
  let pending: number[] = [];
  if (state.pendingRevocations !== undefined) {
    const p = state.pendingRevocations;
    if (
      !Array.isArray(p) ||
      p.some((x) => typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0 || x >= positions)
    ) {
      throw bad('pendingRevocations: expected positions in the status lists');
    }
    pending = [...(p as number[])];
  }
  return { suite, identity, lists, people, pending };
}

/** What the authority keeps about one person (never on the ledger, never in a credential). */
interface PersonRecord {
  identity: VerifiedIdentity;
  handle: Uint8Array;
  statusIndexes: number[];
}

/**
 * The real-name authority: an anchored `did:realdid` issuer. It checks people through its
 * {@link IdentityVerifier} and issues batches of real-name SD-JWT VCs, each bound to a fresh
 * holder key, with fresh salts, a fresh trace token (the person's opaque handle encrypted to the
 * trace committee, bound to the credential's `jti`), a random status index and day-coarsened
 * `iat`/`exp`. Every personal claim is selectively disclosable; `iss`, `vct`, validity, status,
 * `jti` and `trace` are always disclosed and signed. It publishes its Token Status List on the
 * ledger and maps an opened trace handle back to the person.
 *
 * @example
 * ```ts
 * const authority = await RealNameAuthority.create({ ledger, identityVerifier, committee });
 * const credentials = await authority.enrol({ evidence, holderKeys: await wallet.createHolderKeys(5) });
 * ```
 */
export class RealNameAuthority {
  readonly #id: AuthorityIdentity;
  /** Signs credentials and status lists (made once: it holds the prepared key). */
  readonly #signer: Signer;
  readonly #ledger: LedgerClient;
  readonly #verifier: IdentityVerifier;
  readonly #committee: TraceCommittee;
  /** The status lists, `<did>/status/1` first; enrolment allocates from the last. */
  readonly #lists: TokenStatusListIssuer[] = [];
  readonly #listSize: number;
  /** The most lists opened (`maxStatusLists`). */
  readonly #maxLists: number;
  /** Credentials promised to enrolments under way (checked against {@link RealNameAuthority.#capacity}) and not yet allocated. */
  #promised = 0;
  /** The opening of the next list, while one is under way (concurrent enrolments share it). */
  #opening: Promise<void> | undefined;
  readonly #now: () => Date;
  readonly #validityDays: number;
  readonly #maxBatch: number;
  readonly #people = new Map<string, PersonRecord>();
  readonly #byHandle = new Map<string, string>();
  readonly #pending = new Set<number>();
  readonly #decoys: number;
  readonly #suite: ProfileSuite;

  private constructor(
    identity: AuthorityIdentity,
    options: RealNameAuthorityOptions,
    suite: ProfileSuite,
    restored?: readonly { list: StatusList; used: Uint8Array }[],
  ) {
    this.#id = identity;
    this.#suite = suite;
    this.#signer = createSigner(identity.key);
    this.#ledger = options.ledger;
    this.#verifier = options.identityVerifier;
    this.#committee = options.committee;
    this.#now = dateClock(options.now);
    this.#validityDays = options.validityDays ?? 365;
    this.#maxBatch = options.maxBatch ?? 50;
    this.#decoys = options.decoysPerEpoch ?? 16;
    if (!Number.isInteger(this.#decoys) || this.#decoys < 2 || this.#decoys > 10_000) {
      throw new RangeError('decoysPerEpoch: expected an integer from 2 to 10000');
    }
    this.#listSize = restored?.[0]?.list.size ?? options.statusListSize ?? 131_072;
    this.#maxLists = options.maxStatusLists ?? MAX_STATUS_LISTS;
    if (restored === undefined) this.#lists.push(this.#makeList(1));
    else for (const [k, r] of restored.entries()) this.#lists.push(this.#makeList(k + 1, r));
  }

  /** The issuer of list number `n` (from 1), new or restored. */
  #makeList(n: number, restored?: { list: StatusList; used: Uint8Array }): TokenStatusListIssuer {
    const statusOptions: ConstructorParameters<typeof TokenStatusListIssuer>[0] = {
      uri: `${this.#id.did}/status/${n}`,
      signer: this.#signer,
      kid: this.#vm,
      iss: this.#id.did,
      size: this.#listSize,
      now: () => this.#now().getTime(),
    };
    if (restored !== undefined) {
      statusOptions.list = restored.list;
      statusOptions.used = restored.used;
    }
    return new TokenStatusListIssuer(statusOptions);
  }

  /** The list and index of a status position. */
  #at(position: number): { list: TokenStatusListIssuer; idx: number } {
    return { list: this.#lists[Math.floor(position / this.#listSize)]!, idx: position % this.#listSize };
  }

  /**
   * How many more credentials the lists can take: what is free above the reserve in the newest
   * list, and the whole of each list not opened yet (up to `maxStatusLists`).
   */
  #capacity(): number {
    const newest = this.#lists[this.#lists.length - 1]!;
    const unopened = Math.max(0, this.#maxLists - this.#lists.length);
    return (
      Math.max(0, newest.allocator.freeCount - this.#reserve) + unopened * (this.#listSize - this.#reserve)
    );
  }

  /** The indexes of a list kept for decoys once it is the newest: a sixteenth. */
  get #reserve(): number {
    return Math.floor(this.#listSize / 16);
  }

  /**
   * A fresh status entry for a new credential: from the newest list while more than a sixteenth of
   * it is free (the rest stays for decoys); otherwise the next list is opened and published first,
   * so that relying parties find it before any credential names it.
   */
  async #allocate(): Promise<{ uri: string; idx: number; position: number }> {
    for (;;) {
      const k = this.#lists.length - 1;
      const list = this.#lists[k]!;
      // In the last list an authority may open, a promised credential may take a reserved place:
      // decoys flipped since its enrolment was admitted may have taken the place it was promised
      // (publishEpoch leaves at least the promised number free there).
      const last = this.#lists.length >= this.#maxLists;
      if (list.allocator.freeCount > (last ? 0 : this.#reserve)) {
        const { status_list } = list.allocate();
        return { uri: status_list.uri, idx: status_list.idx, position: k * this.#listSize + status_list.idx };
      }
      if (this.#opening === undefined) {
        if (this.#lists.length >= this.#maxLists)
          throw fail('ERR_ISSUANCE_REFUSED', `all ${this.#lists.length} status lists are in use`);
        const next = this.#makeList(this.#lists.length + 1);
        this.#opening = next.publish(this.#ledger).then(
          () => {
            this.#lists.push(next);
            this.#opening = undefined;
          },
          (cause: unknown) => {
            this.#opening = undefined;
            throw cause;
          },
        );
      }
      await this.#opening;
    }
  }

  /**
   * Restores an authority from {@link RealNameAuthority.exportState} (its DID is already anchored).
   *
   * @param state - the exported state
   * @param options - ledger, identity verifier, trace committee, policy
   * @returns the authority
   * @throws TypeError when `state` or `options` is not an object, or an option is of the wrong type
   * @throws RealDidError `ERR_STATE_INVALID` when the state is malformed, or its keys are not its DID's
   */
  static restore(state: RealNameAuthorityState, options: RealNameAuthorityOptions): RealNameAuthority {
    checkOptions(options);
    const parsed = parseAuthorityState(state);
    if (options.profile !== undefined && options.profile !== parsed.suite.profile) {
      throw fail(
        'ERR_STATE_INVALID',
        `authority state: the state is of the ${parsed.suite.profile} profile, not ${String(options.profile).slice(0, 20)}`,
      );
    }
    let a: RealNameAuthority;
    try {
      a = new RealNameAuthority(parsed.identity, options, parsed.suite, parsed.lists);
    } catch (cause) {
      throw fail(
        'ERR_STATE_INVALID',
        'authority state: the status list and the used indexes do not fit together',
        undefined,
        cause,
      );
    }
    for (const p of parsed.people) a.#addPerson(p);
    for (const i of parsed.pending) a.#pending.add(i);
    return a;
  }

  /**
   * @returns the state to persist (secret: it contains the signing key, the DID's update and
   *   recovery keys and the handle map — keep it encrypted, e.g. in a {@link Vault} or a 0600 file)
   */
  exportState(): RealNameAuthorityState {
    return {
      v: 1,
      did: this.#id.did,
      vmId: this.#id.vmId,
      signingKey: base64urlEncode(this.#id.key.secretKey),
      statusList: encodeStatusList(this.#lists[0]!.list),
      usedIndexes: base64urlEncode(this.#lists[0]!.allocator.toBytes()),
      ...(this.#lists.length === 1
        ? {}
        : {
            moreStatusLists: this.#lists.slice(1).map((l) => ({
              statusList: encodeStatusList(l.list),
              usedIndexes: base64urlEncode(l.allocator.toBytes()),
            })),
          }),
      people: [...this.#people.values()].map((p) => ({
        identity: { ...p.identity },
        handle: base64urlEncode(p.handle),
        statusIndexes: [...p.statusIndexes],
      })),
      ...(this.#id.update === undefined ? {} : { updateKey: keyState(this.#id.update) }),
      ...(this.#id.recovery === undefined ? {} : { recoveryKey: keyState(this.#id.recovery) }),
      ...(this.#pending.size === 0 ? {} : { pendingRevocations: [...this.#pending] }),
      ...(this.#suite.profile === 'gm' ? { profile: 'gm' as const } : {}),
    };
  }

  /**
   * Creates the authority's DID, anchors it and publishes an empty status list.
   *
   * @param options - ledger, identity verifier, trace committee, policy
   * @returns the authority
   * @throws TypeError on misuse
   */
  static async create(options: RealNameAuthorityOptions): Promise<RealNameAuthority> {
    checkOptions(options);
    const suite = readProfile(options.profile);
    const created = createDid({
      keys: [{ type: suite.keyType, purposes: [...AUTHORITY_PURPOSES] }],
      updateKeyType: suite.keyType,
      recoveryKeyType: suite.keyType,
    });
    await anchorDid(options.ledger, created);
    const { did, vmId, key, update, recovery } = identityOf(created);
    const a = new RealNameAuthority({ did, vmId, key, update, recovery }, options, suite);
    await a.publishStatus();
    return a;
  }

  /** The authority's DID (the `iss` of its credentials). */
  get did(): string {
    return this.#id.did;
  }

  /** The deployment profile: `'international'` or `'gm'`. */
  get profile(): DeploymentProfile {
    return this.#suite.profile;
  }

  /** The URI of the first status list (`<did>/status/1`). */
  get statusListUri(): string {
    return this.#lists[0]!.uri;
  }

  /** The URIs of every status list, in the order they were opened. */
  get statusListUris(): string[] {
    return this.#lists.map((l) => l.uri);
  }

  /** Keeps a person's record, found by record id and by handle. */
  #addPerson(p: PersonRecord): void {
    this.#people.set(p.identity.recordId, p);
    this.#byHandle.set(base64urlEncode(p.handle), p.identity.recordId);
  }

  get #vm(): string {
    return `${this.#id.did}#${this.#id.vmId}`;
  }

  /**
   * Checks a person and issues one credential per holder key. Nothing is written to the ledger:
   * the new status indexes are VALID in the list already published (see
   * {@link RealNameAuthority.publishStatus}), so the cost of an enrolment does not grow with the
   * number of people. The one exception is the enrolment that finds the newest list down to its
   * reserve (a sixteenth, kept for decoys): it opens the next list and appends it first — one
   * ledger entry per `statusListSize × 15/16` credentials.
   *
   * @param options - the identity evidence and the holder public keys (JWK), one per credential
   * @returns the SD-JWT VCs, in the order of the keys
   * @throws RealDidError `ERR_IDENTITY_NOT_VERIFIED` (from the verifier), `ERR_REQUEST_INVALID` for a bad key,
   *   `ERR_ISSUANCE_REFUSED` when the status lists (at most `maxStatusLists`) cannot take the whole
   *   batch: refused before the identity is checked, and nothing changes
   */
  async enrol(options: { evidence: IdentityEvidence; holderKeys: readonly Jwk[] }): Promise<string[]> {
    if (!isPlainObject(options) || !Array.isArray(options.holderKeys)) {
      throw new TypeError('enrol: expected { evidence, holderKeys[] }');
    }
    if (options.holderKeys.length === 0 || options.holderKeys.length > this.#maxBatch) {
      throw new RangeError(`enrol: 1 to ${this.#maxBatch} holder keys`);
    }
    const keys = options.holderKeys.map((jwk) => {
      let key: ReturnType<typeof jwkToPublicKey>;
      try {
        key = jwkToPublicKey(jwk);
      } catch (cause) {
        throw fail('ERR_REQUEST_INVALID', 'a holder key is not a valid public JWK', undefined, cause);
      }
      // the gm profile binds credentials to SM2 holder keys only (KB-JWTs signed with SM2)
      if (this.#suite.profile === 'gm' && key.type !== 'SM2')
        throw fail('ERR_REQUEST_INVALID', `the gm profile takes SM2 holder keys, found ${key.type}`);
      return publicKeyToJwk(key.type, key.publicKey);
    });
    // Refused before anything is asked or changed when the lists cannot take the whole batch:
    // no person added, no index used, no list opened.
    if (keys.length > this.#capacity() - this.#promised) {
      throw fail(
        'ERR_ISSUANCE_REFUSED',
        `the status lists have room for ${Math.max(0, this.#capacity() - this.#promised)} more credentials, not ${keys.length} (maxStatusLists ${this.#maxLists})`,
      );
    }
    this.#promised += keys.length;
    let left = keys.length;
    try {
      return await this.#issue(options.evidence, keys, () => {
        this.#promised--;
        left--;
      });
    } finally {
      this.#promised -= left;
    }
  }

  /** The body of {@link RealNameAuthority.enrol} once the batch fits; `allocated` after each index. */
  async #issue(evidence: IdentityEvidence, keys: readonly Jwk[], allocated: () => void): Promise<string[]> {
    const identity = verifiedIdentityOf(await this.#verifier.verify(evidence));
    if (identity === undefined) {
      throw fail('ERR_IDENTITY_NOT_VERIFIED', 'the identity verifier answered without a complete identity');
    }
    let person = this.#people.get(identity.recordId);
    if (person === undefined) {
      person = { identity, handle: randomBytes(32), statusIndexes: [] };
      this.#addPerson(person);
    } else {
      person.identity = identity;
    }
    const now = this.#now();
    const iat = startOfDay(now);
    const ages = agesOn(identity.birthdate, now);
    const out: string[] = [];
    for (const jwk of keys) {
      const status = await this.#allocate();
      allocated();
      person.statusIndexes.push(status.position);
      const jti = `urn:realdid:cred:${base64urlEncode(randomBytes(16))}`;
      const token = this.#committee.encrypt(person.handle, utf8(jti));
      out.push(
        await issueSdJwtVc({
          signer: this.#signer,
          vct: REALNAME_VCT,
          iss: this.did,
          cnf: { jwk: jwk as unknown as Record<string, unknown> },
          status: { status_list: { idx: status.idx, uri: status.uri } },
          iat,
          exp: iat + this.#validityDays * DAY_SECONDS,
          claims: {
            jti,
            trace: { committee: this.#committee.committeeId, token },
            family_name: identity.familyName,
            given_name: identity.givenName,
            national_id: identity.nationalId,
            birthdate: identity.birthdate,
            ...ages,
            region: identity.region,
            nationality: identity.nationality,
          },
          disclosureFrame: { _sd: [...REALNAME_CLAIMS] },
          sdAlg: this.#suite.sdAlg,
          header: { kid: this.#vm },
        }),
      );
    }
    // No publication here: a fresh index is VALID (0) in the list already on the ledger, so the
    // new credentials check as valid against it. The lists go out once per epoch (publishEpoch)
    // or on an explicit publishStatus, whatever the number of enrolments between; only opening a
    // new list, once per list, writes it at once.
    return out;
  }

  /**
   * Queues the revocation of every credential issued to a person. Nothing is published yet: the
   * revocation goes out with the next {@link RealNameAuthority.publishEpoch}, together with the
   * other revocations of that epoch and random decoys, so that the indexes flipped together do not
   * show which credentials belong to one person.
   *
   * @param recordId - the person's record id (from the identity verifier, or {@link RealNameAuthority.recordForHandle})
   * @returns how many credentials were queued for revocation
   */
  async revoke(recordId: string): Promise<number> {
    const p = this.#people.get(recordId);
    if (p === undefined) return 0;
    for (const idx of p.statusIndexes) this.#pending.add(idx);
    return p.statusIndexes.length;
  }

  /**
   * Publishes one revocation epoch: flips every queued revocation and a random number of decoys
   * in every list (between half and one and a half times `decoysPerEpoch` a list, each a
   * never-allocated index, marked used so it is never handed out), and appends the signed lists to
   * the ledger. Call it on a fixed
   * schedule (say daily), also when nothing is queued: an epoch without revocations then looks
   * like any other. An observer comparing consecutive lists sees one set of flips per epoch and
   * cannot tell which of them belong together: the anonymity set of a revoked person is everyone
   * revoked in that epoch plus the decoys.
   *
   * @returns how many real revocations and decoys the epoch published
   */
  async publishEpoch(): Promise<{ revoked: number; decoys: number }> {
    const revoked = [...this.#pending];
    for (const position of revoked) {
      const { list, idx } = this.#at(position);
      if (list.getStatus(idx) !== TokenStatus.INVALID) list.revoke(idx);
    }
    this.#pending.clear();
    // decoys in every list, each its own random number: a list's flips never show how many of
    // them are real, whichever list a revoked person's credentials are in
    let decoys = 0;
    const lastList = this.#lists.length >= this.#maxLists ? this.#lists[this.#lists.length - 1] : undefined;
    for (const list of this.#lists) {
      let want = Math.ceil(this.#decoys / 2) + randomInt(this.#decoys + 1);
      // The last list an authority may open keeps a place for every credential promised to an
      // enrolment in progress (no list comes after it to take them).
      if (list === lastList) want = Math.min(want, Math.max(0, list.allocator.freeCount - this.#promised));
      let flipped = 0;
      for (let tries = 0; flipped < want && tries < want * 64; tries++) {
        const idx = randomInt(this.#listSize);
        if (list.allocator.markUsed(idx)) {
          list.revoke(idx);
          flipped++;
        }
      }
      decoys += flipped;
    }
    await this.publishStatus();
    return { revoked: revoked.length, decoys };
  }

  /**
   * Signs and appends every status list to the ledger. Between epochs the lists' bits do not
   * change (enrolment allocates indexes that are VALID in the lists already published, and
   * revocations wait for {@link RealNameAuthority.publishEpoch}), so this only refreshes the
   * signature and `iat`: a published list is valid for one day (its `exp`), and relying parties
   * refuse an expired one, so publish an epoch, or call this, more often than that.
   */
  async publishStatus(): Promise<void> {
    for (const list of this.#lists) await list.publish(this.#ledger);
  }

  /**
   * Maps an opened trace handle back to the person's record id (the last step of lawful tracing).
   *
   * @param handle - the handle a trace committee opened
   * @returns the record id, or undefined
   */
  recordForHandle(handle: Uint8Array): string | undefined {
    assertBytes(handle, 'handle');
    return this.#byHandle.get(base64urlEncode(handle));
  }
}

function checkOptions(options: unknown): asserts options is RealNameAuthorityOptions {
  if (!isPlainObject(options)) throw new TypeError('RealNameAuthority: expected options');
  if (typeof (options.identityVerifier as IdentityVerifier | undefined)?.verify !== 'function') {
    throw new TypeError('identityVerifier: expected an IdentityVerifier');
  }
  if (typeof (options.committee as TraceCommittee | undefined)?.encrypt !== 'function') {
    throw new TypeError('committee: expected a TraceCommittee');
  }
  if (typeof (options.ledger as LedgerClient | undefined)?.append !== 'function') {
    throw new TypeError('ledger: expected a LedgerClient');
  }
  dateClock(options.now);
  readProfile(options.profile);
  const size = options.statusListSize;
  if (size !== undefined) {
    if (typeof size !== 'number') throw new TypeError('statusListSize: expected an integer');
    // 2-bit entries, four a byte: a list reads back (restore) at the size it was made only when
    // its size fills whole bytes, and the status positions of the state depend on that size.
    if (!Number.isInteger(size) || size < 4 || size > MAX_LIST_SIZE || size % 4 !== 0)
      throw new RangeError(`statusListSize: expected a multiple of 4 from 4 to ${MAX_LIST_SIZE}`);
  }
  const max = options.maxStatusLists;
  if (max !== undefined) {
    if (typeof max !== 'number') throw new TypeError('maxStatusLists: expected an integer');
    if (!Number.isInteger(max) || max < 1 || max > MAX_STATUS_LISTS)
      throw new RangeError(`maxStatusLists: expected an integer from 1 to ${MAX_STATUS_LISTS}`);
  }
}

/** age_over_NN booleans as of a date (UTC). */
function agesOn(birthdate: string, on: Date): Record<string, boolean> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthdate);
  if (m === null) throw fail('ERR_IDENTITY_NOT_VERIFIED', 'the identity record has no valid birthdate');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < mo || (on.getUTCMonth() + 1 === mo && on.getUTCDate() < d)) age--;
  return { age_over_14: age >= 14, age_over_16: age >= 16, age_over_18: age >= 18, age_over_60: age >= 60 };
}

/** A uniform random integer in [0, n) (rejection sampling over 32-bit values). */
function randomInt(n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const b = randomBytes(4);
    const x = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
    if (x < limit) return x % n;
  }
}
