import type { Clock } from '@realdid/crypto';
import {
  base64urlDecode,
  base64urlEncode,
  DEFAULT_TIMEOUT_MS,
  hashTextBase64url,
  randomBytes,
  TIMED_OUT,
  toClock,
  withTimeout,
} from '@realdid/crypto';
import { anchorDid, createDid } from '@realdid/did';
import { isoTime, type LedgerClient } from '@realdid/ledger';
import type { CreatedAuthorizationRequest, VerifierTransaction } from '@realdid/openid4vc';
import { type KeyResolver, type StatusChecker, verifySdJwtVc } from '@realdid/sd-jwt';
import {
  createLedgerStatusFetcher,
  createTokenStatusChecker,
  type StatusListKeyResolver,
  type TokenStatusAnswer,
} from '@realdid/status';
import { type AccountStore, MemoryAccountStore } from '../accounts/AccountStore.js';
import { isRealNameClaim, REALNAME_CLAIMS, REALNAME_VCT, type RealNameClaim } from '../claims.js';
import { assertString, isPlainObject, utf8 } from '../internal/bytes.js';
import { disclosedExactly } from '../internal/claimsMatch.js';
import { dateClock } from '../internal/clock.js';
import { copyData } from '../internal/copyData.js';
import {
  type DidResolvable,
  didKey,
  didKeyAuthenticationKey,
  didOf,
  ledgerResolver,
} from '../internal/dids.js';
import { fail } from '../internal/errors.js';
import { type DecodedJws, decodeJws, jwsSignatureValid } from '../internal/jws.js';
import {
  checkProfileKeys,
  type DeploymentProfile,
  type ProfileSuite,
  readProfile,
} from '../internal/profile.js';
import { exportRoleState, identityOf, parseRoleState, type RoleIdentity } from '../internal/roleState.js';
import { signJson } from '../internal/signedJson.js';
import { MemoryNonceStore } from '../nonce/MemoryNonceStore.js';
import type { NonceConsumeResult, NonceStore } from '../nonce/NonceStore.js';
import {
  createRegistrationRequest,
  DID_CLIENT_PREFIX,
  openRegistrationResponse,
  type RegistrationRequestOptions,
} from '../openid4vc/registration.js';
import type { RealNameErrorCode } from '../RealNameErrorCode.js';
import { type RegistryState, readRegistry } from '../registry/readRegistry.js';
import {
  DID_PROOF_TYP,
  LOGIN_TYP,
  type LoginChallenge,
  type LoginResponse,
  type PresentationRequest,
  type RegistrationResponse,
} from './protocol.js';
import type { RelyingPartyState } from './RoleState.js';

/** What a relying party stores per account: the pairwise DID, the trace token, the claims it asked for. */
export interface Account {
  did: string;
  /** Exactly the claims the RP requested and received. */
  claims: Partial<Record<RealNameClaim, unknown>>;
  /** The trace token and what it is bound to: all an RP can hand to a lawful trace request. */
  trace: { committee: string; token: string; context: string };
  /**
   * The credential the account registered with: its issuer, expiry and status reference. The
   * credential was spent at this site only, so these link nothing; {@link RelyingParty.verifyLogin}
   * re-checks them at every login.
   */
  credential: { iss: string; exp: number; status: { status_list: { idx: number; uri: string } } };
  registeredAt: string;
}

/** Options of {@link RelyingParty.create}. */
export interface RelyingPartyOptions {
  ledger: LedgerClient;
  /** The registry authority's DID: the trust anchor for issuers. */
  registryDid: string;
  /** Where accounts are kept (default: a {@link MemoryAccountStore}). */
  accounts?: AccountStore;
  /** One-time nonces (default: a {@link MemoryNonceStore}; share one store between servers). */
  nonceStore?: NonceStore;
  /**
   * The trace committee whose tokens this site accepts (required: a token for any other committee,
   * for instance one the issuer controls, is refused with `ERR_PRESENTATION_TRACE`).
   */
  traceCommittee: string;
  /** Lifetime of requests and challenges in seconds (default 300). */
  requestTtlSeconds?: number;
  /** Longest time the registry (trusted issuers) is cached, in seconds (default 60). */
  registryMaxAgeSeconds?: number;
  /** Longest time a fetched status list is trusted, in seconds (default 300). */
  statusMaxAgeSeconds?: number;
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a function returning a `Date`, or a fixed `Date`; both are converted.
   */
  now?: Clock | (() => Date) | Date;
  /**
   * Status checks of the registration credential, at registration and at every login (default
   * `true`). `false` is an explicit opt-out: revoked credentials are then accepted.
   */
  requireStatusCheck?: boolean;
  /**
   * The deployment profile (default `'international'`). `'gm'`: the site's DID keys are SM2, its
   * requests and challenges are SM2-signed, and it accepts only SM2: credentials (`alg: SM2`,
   * `_sd_alg: sm3`), key-binding JWTs, status lists, issuer keys, and pairwise `did:key` SM2 DIDs
   * proving control with `alg: SM2` (docs/realname.md, "The gm profile").
   */
  profile?: DeploymentProfile;
}

/** A read of the registry: the state (`value` once loaded) and when it was read. */
interface RegistryRead {
  state: Promise<RegistryState>;
  at: number;
  value?: RegistryState;
}

const NON_SD = new Set(['iss', 'vct', 'iat', 'exp', 'nbf', 'cnf', 'status', 'jti', 'trace', 'sub']);

/**
 * A relying party (website): an anchored DID that asks for exactly the claims it needs, verifies
 * registration responses (SD-JWT VC from a registered issuer, KB-JWT bound to its DID and a
 * one-time nonce, proof of control of the pairwise DID, issuer-signed trace token, status), and
 * logs people in by challenge–response with their pairwise DID. It stores per account only the
 * pairwise DID, the trace token and the claims it asked for.
 *
 * @example
 * ```ts
 * const site = await RelyingParty.create({ ledger, registryDid });
 * const account = await site.verifyRegistration(await wallet.respond(await site.createRequest(['age_over_18'])));
 * ```
 */
export class RelyingParty {
  readonly #id: RoleIdentity;
  readonly #ledger: LedgerClient;
  readonly #registryDid: string;
  readonly #nonces: NonceStore;
  readonly #resolver: DidResolvable;
  readonly #ttl: number;
  /** The clock, in milliseconds (no Date made on the hot path). */
  readonly #clock: Clock;
  readonly #committee: string;
  readonly #status: ReturnType<typeof createTokenStatusChecker>;
  /**
   * The status hook handed to the SD-JWT verifier: the answer of the cached status list at once
   * when there is one (no timer, no fetch), else {@link RelyingParty.#status} bounded by
   * `DEFAULT_TIMEOUT_MS` (the verifier's own bound, which it is told not to race).
   */
  readonly #checkStatus: StatusChecker = (status, claims) => {
    let cached: TokenStatusAnswer | undefined;
    try {
      cached = this.#status.cached?.(status, claims);
    } catch (cause) {
      return Promise.reject(cause);
    }
    if (cached !== undefined) return Promise.resolve(cached);
    return withTimeout(this.#status(status, claims), DEFAULT_TIMEOUT_MS).then((answer) => {
      if (answer === TIMED_OUT)
        throw fail(
          'ERR_PRESENTATION_INVALID',
          `the status check gave no answer within ${DEFAULT_TIMEOUT_MS} ms`,
        );
      return answer;
    });
  };
  readonly #accounts: AccountStore;
  readonly #registryTtlMs: number;
  readonly #requireStatus: boolean;
  readonly #suite: ProfileSuite;
  /** The registry read (`value` once it has loaded), and when it was read. */
  #registry: RegistryRead | undefined;
  /**
   * The issuer keys handed to the SD-JWT verifier, by key id (only ids of registered issuers'
   * DIDs), with the resolution result they were read from. The key is read again (every check of
   * `resolveVerificationMethod`) whenever the resolution cache hands out another result for the
   * DID — a resolution result is frozen and the cache returns the same object while its entry
   * lives — so this adds no staleness to the cache's. One key object per key id for as long as
   * its bytes stay the same: the verifier caches its prepared key per object, so a fresh object
   * per registration would import (and re-check) the issuer's key every time.
   */
  readonly #issuerKeys = new Map<
    string,
    { from: unknown; key: { type: 'Ed25519' | 'SM2'; publicKey: Uint8Array } }
  >();

  private constructor(id: RoleIdentity, options: RelyingPartyOptions, suite: ProfileSuite) {
    this.#id = id;
    this.#suite = suite;
    const keyTypes = [suite.keyType] as const;
    this.#ledger = options.ledger;
    this.#registryDid = options.registryDid;
    this.#clock = toClock(options.now);
    this.#nonces = options.nonceStore ?? new MemoryNonceStore({ now: this.#clock });
    this.#resolver = ledgerResolver(options.ledger);
    this.#ttl = options.requestTtlSeconds ?? 300;
    this.#committee = options.traceCommittee;
    this.#accounts = options.accounts ?? new MemoryAccountStore();
    this.#registryTtlMs = (options.registryMaxAgeSeconds ?? 60) * 1000;
    this.#requireStatus = options.requireStatusCheck !== false;
    const resolveKey: StatusListKeyResolver = async (req) => {
      if (req.kid === undefined || req.iss === undefined || didOf(req.kid) !== req.iss) return undefined;
      const k = await didKey(
        this.#resolver,
        req.kid,
        'assertionMethod',
        'ERR_PRESENTATION_REVOKED',
        keyTypes,
      );
      return { type: k.type, publicKey: k.publicKey };
    };
    // The ledger fetcher hands the checker the newest entries of the list's topic; the checker takes
    // the newest one that verifies as signed by the credential's issuer (matchIssuer), so junk or
    // another issuer's list appended to the topic can neither block checks nor undo a revocation.
    this.#status = createTokenStatusChecker({
      fetch: createLedgerStatusFetcher(options.ledger),
      resolveKey,
      matchIssuer: true,
      maxTtlSec: options.statusMaxAgeSeconds ?? 300,
      now: this.#clock,
      algorithms: [suite.alg],
    });
  }

  /**
   * Creates the RP's DID and anchors it. Its allowed claims are registered separately by the
   * registry authority.
   *
   * @param options - ledger, registry DID, nonce store, policy
   * @returns the relying party
   */
  static async create(options: RelyingPartyOptions): Promise<RelyingParty> {
    checkOptions(options, 'RelyingParty.create');
    const suite = readProfile(options.profile);
    const created = createDid({
      keys: [{ type: suite.keyType }],
      updateKeyType: suite.keyType,
      recoveryKeyType: suite.keyType,
    });
    await anchorDid(options.ledger, created);
    return new RelyingParty(identityOf(created), options, suite);
  }

  /**
   * Restores a relying party from {@link RelyingParty.exportState} (its DID is already anchored):
   * the same DID and keys, so the wallets see the same site and derive the same pairwise DIDs.
   * Give it the same `accounts` store (and, for several servers acting as one site, one shared
   * `nonceStore`) to keep the accounts.
   *
   * @param state - the exported state
   * @param options - ledger, registry DID, account and nonce stores, policy
   * @returns the relying party
   * @throws TypeError when `state` or `options` is not an object or an option is of the wrong type
   * @throws RealDidError `ERR_STATE_INVALID` when the state is malformed, of another role, or its keys are not its DID's
   */
  static restore(state: RelyingPartyState, options: RelyingPartyOptions): RelyingParty {
    checkOptions(options, 'RelyingParty.restore');
    const suite = readProfile(options.profile);
    return new RelyingParty(checkProfileKeys(parseRoleState(state, 'relying-party'), suite), options, suite);
  }

  /**
   * @returns the state to persist: the DID and its signing, update and recovery keys. It is
   *   secret — store it encrypted (a secrets manager, a `Vault`, or a 0600 file) and never
   *   log it. The accounts are not in it: they live in the {@link AccountStore}.
   */
  exportState(): RelyingPartyState {
    return exportRoleState('relying-party', this.#id);
  }

  /** The RP's DID. */
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

  /** @returns the accounts stored so far */
  async listAccounts(): Promise<Account[]> {
    return this.#accounts.list();
  }

  async #signed<T extends 'realdid-presentation-request' | 'realdid-login-challenge'>(
    type: T,
    kind: 'registration' | 'login',
    extra: Record<string, unknown>,
  ) {
    const nonce = base64urlEncode(randomBytes(32));
    const iat = Math.floor(this.#clock() / 1000);
    const exp = iat + this.#ttl;
    await this.#nonces.put(nonce, exp * 1000, { kind, ...extra });
    return signJson({ type, rp: this.did, vm: this.#vm, ...extra, nonce, iat, exp }, this.#id.key);
  }

  /** The registry state, cached for `registryMaxAgeSeconds` (a failed read is not cached). */
  #readRegistry(): Promise<RegistryState> {
    const now = this.#clock();
    if (this.#registry === undefined || now - this.#registry.at > this.#registryTtlMs) {
      const state = readRegistry(this.#ledger, this.#registryDid, this.#resolver);
      const entry: RegistryRead = { state, at: now };
      this.#registry = entry;
      state.then(
        (value) => {
          entry.value = value;
        },
        () => {
          if (this.#registry === entry) this.#registry = undefined;
        },
      );
    }
    return this.#registry.state;
  }

  /** The registry state without waiting, when it has loaded and is still fresh; else undefined. */
  #registryNow(): RegistryState | undefined {
    const r = this.#registry;
    return r?.value !== undefined && this.#clock() - r.at <= this.#registryTtlMs ? r.value : undefined;
  }

  /**
   * Makes a signed registration request for some claims, with a fresh one-time nonce.
   *
   * @param claims - the claims wanted (the wallet refuses any the RP is not registered for)
   * @returns the request
   */
  async createRequest(claims: RealNameClaim[]): Promise<PresentationRequest> {
    if (!Array.isArray(claims) || claims.length === 0)
      throw new TypeError('claims: expected a non-empty array');
    for (const c of claims) if (!isRealNameClaim(c)) throw new RangeError(`unknown claim ${String(c)}`);
    const sorted = [...new Set(claims)].sort();
    return (await this.#signed('realdid-presentation-request', 'registration', {
      claims: sorted,
    })) as unknown as PresentationRequest;
  }

  /**
   * Makes a signed login challenge with a fresh one-time nonce.
   *
   * @returns the challenge
   */
  async createLoginChallenge(): Promise<LoginChallenge> {
    return (await this.#signed('realdid-login-challenge', 'login', {})) as unknown as LoginChallenge;
  }

  /**
   * Makes a registration request as an OpenID4VP 1.0 authorization request: a request object
   * (JAR) signed by this RP's DID, `client_id` `decentralized_identifier:<did>`, a DCQL query for
   * exactly `claims` of a real-name SD-JWT VC, and a fresh one-time nonce kept in the nonce store
   * as for {@link RelyingParty.createRequest}. The request object's `iat` is the site's time the
   * wallet puts in its key binding.
   *
   * @param claims - the claims wanted (the wallet refuses any the RP is not registered for)
   * @param options - `responseUri` (this site's endpoint for the answer) and `responseMode`
   *   (`direct_post.jwt` by default, or `direct_post`)
   * @returns `params` to hand to the wallet, and the `transaction` to keep server-side (it holds the
   *   response decryption key) for {@link RelyingParty.verifyAuthorizationResponse}
   * @throws TypeError / RangeError on misuse
   */
  async createAuthorizationRequest(
    claims: RealNameClaim[],
    options: RegistrationRequestOptions,
  ): Promise<CreatedAuthorizationRequest> {
    if (!Array.isArray(claims) || claims.length === 0)
      throw new TypeError('claims: expected a non-empty array');
    for (const c of claims) if (!isRealNameClaim(c)) throw new RangeError(`unknown claim ${String(c)}`);
    const sorted = [...new Set(claims)].sort();
    const nonce = base64urlEncode(randomBytes(32));
    const iat = Math.floor(this.#clock() / 1000);
    const created = await createRegistrationRequest({
      rp: this.did,
      vm: this.#vm,
      key: this.#id.key,
      claims: sorted,
      nonce,
      iat,
      ttl: this.#ttl,
      options,
    });
    await this.#nonces.put(nonce, (iat + this.#ttl) * 1000, {
      kind: 'registration',
      claims: sorted,
      aud: created.transaction.clientId,
    });
    return created;
  }

  /**
   * Verifies the answer to {@link RelyingParty.createAuthorizationRequest} and stores the account:
   * opens the response (decrypts a `direct_post.jwt` answer, checks `state`), takes the one
   * presentation and the pairwise DID's proof (`realdid_did_proof`), and runs every check of
   * {@link RelyingParty.verifyRegistration} on them with the client identifier as the audience and
   * the transaction's nonce, which is spent once: a replayed post is `ERR_NONCE_REPLAYED`.
   *
   * @param response - the posted form parameters
   * @param options - `transaction`: what `createAuthorizationRequest` returned for this request
   * @returns the account
   * @throws RealDidError the codes of {@link RelyingParty.verifyRegistration}, `ERR_NONCE_UNKNOWN`
   *   for a response bound to another transaction's nonce, and `ERR_OID4VC_RESPONSE_INVALID`,
   *   `ERR_OID4VC_RESPONSE_ENCRYPTION`, `ERR_OID4VC_STATE` from opening the response
   */
  async verifyAuthorizationResponse(
    response: Record<string, unknown>,
    options: { transaction: VerifierTransaction },
  ): Promise<Account> {
    const transaction = isPlainObject(options) ? options.transaction : undefined;
    const clientId = `${DID_CLIENT_PREFIX}${this.did}`;
    if (
      !isPlainObject(transaction) ||
      transaction.clientId !== clientId ||
      typeof transaction.nonce !== 'string'
    )
      throw new TypeError('transaction: expected one from this relying party’s createAuthorizationRequest');
    const tx = transaction as unknown as VerifierTransaction;
    const registration = await openRegistrationResponse(response, tx, this.#suite.alg);
    return this.#verifyRegistration(registration, clientId, tx.nonce);
  }

  async #consumeNonce(
    nonce: unknown,
    kind: 'registration' | 'login',
    code: RealNameErrorCode,
  ): Promise<Record<string, unknown>> {
    return nonceData(await this.#nonces.consume(checkedNonce(nonce, code)), kind, code);
  }

  /**
   * Decodes a response's proof and checks its audience (a response meant for another site is
   * refused before its nonce is spent). The signature is checked later by `#checkDidProof`.
   */
  #decodeProof(jws: unknown, typ: string, code: RealNameErrorCode, audience = this.did): DecodedJws {
    const d = decodeJws(jws, code, typ, this.#suite.alg);
    if (d.payload.aud !== audience)
      throw fail('ERR_PRESENTATION_AUDIENCE', 'the response is addressed to another site');
    return d;
  }

  /**
   * Checks that a decoded proof is signed by an authentication key of `did`: at once (undefined)
   * for a pairwise did:key in the international profile, whose Ed25519 key is read from the DID
   * string (no document built); otherwise the DID is resolved (a promise). Throws (or rejects
   * with) coded error `code`.
   */
  #checkDidProof(d: DecodedJws, did: string, code: RealNameErrorCode): Promise<void> | undefined {
    const kid = d.header.kid;
    if (d.payload.iss !== did || typeof kid !== 'string' || didOf(kid) !== did) {
      throw fail(code, 'the proof is not by the DID it names');
    }
    if (this.#suite.keyType === 'Ed25519' && did.startsWith('did:key:')) {
      if (!jwsSignatureValid(d, didKeyAuthenticationKey(did, kid, code), 'Ed25519'))
        throw fail(code, 'the proof signature does not verify');
      return undefined;
    }
    return didKey(this.#resolver, kid, 'authentication', code, [this.#suite.keyType]).then(
      ({ publicKey, type }) => {
        if (!jwsSignatureValid(d, publicKey, type)) throw fail(code, 'the proof signature does not verify');
      },
    );
  }

  /**
   * The key object for the issuer key id `kid`, an `assertionMethod` key of `did` (its DID, a
   * registered issuer's: the caller has checked both). See {@link RelyingParty.#issuerKeys}.
   */
  async #issuerKey(kid: string, did: string): Promise<{ type: 'Ed25519' | 'SM2'; publicKey: Uint8Array }> {
    let from: unknown;
    try {
      from = await this.#resolver.resolve(did);
    } catch {
      from = undefined; // the full lookup below meets the same failure and codes it
    }
    const known = this.#issuerKeys.get(kid);
    if (known !== undefined && from !== undefined && known.from === from) return known.key;
    const resolver: DidResolvable =
      from === undefined
        ? this.#resolver
        : ({
            resolve: (d: string) => (d === did ? Promise.resolve(from) : this.#resolver.resolve(d)),
          } as DidResolvable);
    const k = await didKey(resolver, kid, 'assertionMethod', 'ERR_PRESENTATION_ISSUER', [
      this.#suite.keyType,
    ]);
    const key =
      known !== undefined && known.key.type === k.type && sameBytes(known.key.publicKey, k.publicKey)
        ? known.key
        : { type: k.type, publicKey: k.publicKey.slice() };
    if (this.#issuerKeys.size >= 64 && known === undefined) this.#issuerKeys.clear();
    if (from !== undefined) this.#issuerKeys.set(kid, { from, key });
    return key;
  }

  /**
   * Verifies a registration response and stores the account.
   *
   * @param response - the wallet's response
   * @returns the account (pairwise DID, trace token, the requested claims)
   * @throws RealDidError `ERR_PRESENTATION_INVALID`, `ERR_PRESENTATION_AUDIENCE`, `ERR_NONCE_REPLAYED`,
   *   `ERR_NONCE_EXPIRED`, `ERR_NONCE_UNKNOWN`, `ERR_PRESENTATION_ISSUER`, `ERR_PRESENTATION_CLAIMS`,
   *   `ERR_PRESENTATION_REVOKED`, `ERR_PRESENTATION_TRACE` (a key-binding JWT with another nonce
   *   than the proof's is `ERR_PRESENTATION_INVALID`)
   */
  verifyRegistration(response: RegistrationResponse): Promise<Account> {
    return this.#verifyRegistration(response, this.#id.did);
  }

  /**
   * The checks of a registration, for the audience the wallet bound its answer to (this RP's DID
   * in the native protocol, its client identifier over OpenID4VP) and, over OpenID4VP, the nonce
   * of the transaction the answer was posted to.
   */
  async #verifyRegistration(
    response: RegistrationResponse,
    audience: string,
    transactionNonce?: string,
  ): Promise<Account> {
    const C = 'ERR_PRESENTATION_INVALID';
    if (
      !isPlainObject(response) ||
      response.type !== 'realdid-registration-response' ||
      typeof response.did !== 'string' ||
      typeof response.presentation !== 'string'
    ) {
      throw fail(C, 'expected a registration response');
    }
    const { did, presentation } = response;
    // 1. audience first (a response meant for another site), then the one-time nonce, then the proof
    const proof = this.#decodeProof(response.proof, DID_PROOF_TYP, C, audience);
    if (transactionNonce !== undefined && proof.payload.nonce !== transactionNonce)
      throw fail('ERR_NONCE_UNKNOWN', 'the response is bound to the nonce of another request');
    const nonceData = await this.#consumeNonce(proof.payload.nonce, 'registration', C);
    // a nonce is good for the protocol it was issued in: the audience it was issued for
    if ((nonceData.aud ?? this.did) !== audience)
      throw fail('ERR_PRESENTATION_AUDIENCE', 'the nonce was issued for another audience');
    const requested = (nonceData.claims as string[]).slice().sort();
    const nonce = proof.payload.nonce as string;
    const pending = this.#checkDidProof(proof, did, C);
    if (pending !== undefined) await pending;
    if (proof.payload.sd_hash !== hashTextBase64url('sha-256', presentation)) {
      throw fail(C, 'the DID proof does not cover this presentation');
    }
    // 2. the credential
    const registry = this.#registryNow() ?? (await this.#readRegistry());
    let issuerProblem: string | undefined;
    const keyResolver: KeyResolver = async (header, payload) => {
      const iss = payload.iss;
      const trusted = typeof iss === 'string' ? registry.issuers.get(iss) : undefined;
      if (trusted === undefined || !trusted.vcts.includes(REALNAME_VCT)) {
        issuerProblem = 'the issuer is not registered for real-name credentials';
        throw fail('ERR_PRESENTATION_ISSUER', issuerProblem);
      }
      if (typeof header.kid !== 'string' || didOf(header.kid) !== iss) {
        issuerProblem = 'the credential key is not a key of its issuer';
        throw fail('ERR_PRESENTATION_ISSUER', issuerProblem);
      }
      return this.#issuerKey(header.kid, iss);
    };
    let vc: Awaited<ReturnType<typeof verifySdJwtVc>>;
    try {
      // The verifier races no timer of its own (timeoutMs: Infinity): both plug-ins are bounded
      // here — the key resolver by the DID resolution's own bound (resolveDid's timeoutMs), the
      // status check by #checkStatus.
      vc = await verifySdJwtVc(presentation, {
        keyResolver,
        keyBinding: { aud: audience, nonce },
        ...(this.#suite.profile === 'gm' ? { algorithms: ['SM2'], sdAlgorithms: ['sm3'] } : {}),
        ...(this.#requireStatus ? { checkStatus: this.#checkStatus } : { requireStatusCheck: false }),
        now: this.#clock,
        timeoutMs: Number.POSITIVE_INFINITY,
      });
    } catch (cause) {
      if (issuerProblem !== undefined) throw fail('ERR_PRESENTATION_ISSUER', issuerProblem, undefined, cause);
      const code = (cause as { code?: string }).code;
      if (code === 'ERR_SD_JWT_REVOKED' || code === 'ERR_SD_JWT_SUSPENDED') {
        throw fail('ERR_PRESENTATION_REVOKED', 'the credential is revoked or suspended', undefined, cause);
      }
      throw fail(C, `the presentation does not verify (${String(code)})`, undefined, cause);
    }
    if (vc.vct !== REALNAME_VCT) throw fail(C, 'not a real-name credential');
    // 3. exactly the claims asked for
    if (!disclosedExactly(vc.disclosed, requested)) {
      const disclosed = vc.disclosed.map((p) => p.join('.')).sort();
      throw fail(
        'ERR_PRESENTATION_CLAIMS',
        `disclosed [${disclosed.join(', ')}], asked for [${requested.join(', ')}]`,
      );
    }
    for (const k of Object.keys(vc.claims)) {
      if (!NON_SD.has(k) && !requested.includes(k))
        throw fail('ERR_PRESENTATION_CLAIMS', `unexpected claim ${k}`);
    }
    // 4. the trace token, issuer-signed (never a disclosure)
    const trace = vc.claims.trace;
    if (
      !isPlainObject(trace) ||
      typeof trace.committee !== 'string' ||
      typeof trace.token !== 'string' ||
      typeof vc.claims.jti !== 'string' ||
      vc.disclosed.some((p) => p[0] === 'trace' || p[0] === 'jti')
    ) {
      throw fail('ERR_PRESENTATION_TRACE', 'no issuer-signed trace token');
    }
    if (trace.committee !== this.#committee) {
      throw fail('ERR_PRESENTATION_TRACE', 'the trace token is for another committee');
    }
    try {
      if (base64urlDecode(trace.token).length < 1 + 32 + 16 + 16) throw new Error('short');
    } catch (cause) {
      throw fail('ERR_PRESENTATION_TRACE', 'malformed trace token', undefined, cause);
    }
    const credential = credentialOf(vc.claims);
    if (credential === undefined) {
      throw fail(C, 'the credential carries no issuer, expiry or status reference to re-check at login');
    }
    const claims: Account['claims'] = {};
    for (const c of REALNAME_CLAIMS) if (requested.includes(c)) claims[c] = vc.claims[c];
    const account: Account = {
      did,
      claims,
      trace: {
        committee: trace.committee,
        token: trace.token,
        context: base64urlEncode(utf8(vc.claims.jti)),
      },
      credential,
      registeredAt: isoTime(this.#clock()),
    };
    await this.#accounts.put(account);
    // The caller's account shares nothing with what the store was given (a store may keep it).
    return copyData(account);
  }

  /**
   * Verifies a login response: the nonce is one this RP issued and unused, the proof is signed by
   * the authentication key of a pairwise DID that has an account here, and the credential the
   * account registered with is still unexpired and unrevoked (its status is re-read, within
   * `statusMaxAgeSeconds`).
   *
   * @param response - the wallet's login response
   * @returns the account
   * @throws RealDidError `ERR_LOGIN_INVALID`, `ERR_LOGIN_UNKNOWN_ACCOUNT`, `ERR_PRESENTATION_AUDIENCE`,
   *   `ERR_NONCE_REPLAYED`, `ERR_NONCE_EXPIRED`, `ERR_NONCE_UNKNOWN`; `ERR_LOGIN_EXPIRED` /
   *   `ERR_LOGIN_REVOKED` when the credential the account registered with has expired or was
   *   revoked (the session ends: the holder registers again with a fresh credential),
   *   `ERR_LOGIN_STATUS_UNAVAILABLE` when its status cannot be established
   */
  async verifyLogin(response: LoginResponse): Promise<Account> {
    const C = 'ERR_LOGIN_INVALID';
    if (
      !isPlainObject(response) ||
      response.type !== 'realdid-login-response' ||
      typeof response.did !== 'string'
    ) {
      throw fail(C, 'expected a login response');
    }
    const proof = this.#decodeProof(response.proof, LOGIN_TYP, C);
    await this.#consumeNonce(proof.payload.nonce, 'login', C);
    const account = await this.#accounts.get(response.did);
    if (account === undefined) throw fail('ERR_LOGIN_UNKNOWN_ACCOUNT', 'no account for this DID');
    await this.#checkDidProof(proof, response.did, C);
    await this.#recheckCredential(account);
    return structuredClone(account);
  }

  /**
   * The credential an account registered with must still be valid: not expired, and (unless
   * `requireStatusCheck: false`) not revoked or suspended in its issuer's status list.
   */
  async #recheckCredential(account: Account): Promise<void> {
    const credential = credentialOf(isPlainObject(account.credential) ? account.credential : {});
    if (credential === undefined) {
      throw fail('ERR_LOGIN_EXPIRED', 'the account holds no credential to re-check: register again');
    }
    if (credential.exp * 1000 <= this.#clock()) {
      throw fail(
        'ERR_LOGIN_EXPIRED',
        'the credential this account registered with has expired: register again',
      );
    }
    if (!this.#requireStatus) return;
    let answer: string;
    try {
      answer = await this.#status(credential.status, { iss: credential.iss });
    } catch (cause) {
      throw fail(
        'ERR_LOGIN_STATUS_UNAVAILABLE',
        'the status of the credential this account registered with cannot be established',
        undefined,
        cause,
      );
    }
    if (answer !== 'valid') {
      throw fail('ERR_LOGIN_REVOKED', `the credential this account registered with is ${answer}`);
    }
  }

  /**
   * What the RP hands to a lawful trace request for one account.
   *
   * @param did - the account's pairwise DID
   * @returns the token (base64url) and its context bytes
   * @throws RealDidError `ERR_LOGIN_UNKNOWN_ACCOUNT`
   */
  async traceTokenOf(did: string): Promise<{ committee: string; token: string; context: Uint8Array }> {
    const a = await this.#accounts.get(did);
    if (a === undefined) throw fail('ERR_LOGIN_UNKNOWN_ACCOUNT', 'no account for this DID');
    return { committee: a.trace.committee, token: a.trace.token, context: base64urlDecode(a.trace.context) };
  }
}

function checkOptions(options: unknown, where: string): asserts options is RelyingPartyOptions {
  if (!isPlainObject(options)) throw new TypeError(`${where}: expected options`);
  if (typeof (options.ledger as LedgerClient | undefined)?.append !== 'function') {
    throw new TypeError('ledger: expected a LedgerClient');
  }
  assertString(options.registryDid, 'registryDid');
  if (typeof options.traceCommittee !== 'string' || options.traceCommittee.length === 0) {
    throw new TypeError('traceCommittee: expected the id of the trace committee this site accepts');
  }
  dateClock(options.now);
  readProfile(options.profile);
  for (const [name, method] of [
    ['accounts', 'put'],
    ['nonceStore', 'consume'],
  ] as const) {
    const v = options[name];
    if (v !== undefined && typeof (v as Record<string, unknown> | null)?.[method] !== 'function') {
      throw new TypeError(`${name}: expected ${name === 'accounts' ? 'an AccountStore' : 'a NonceStore'}`);
    }
  }
}

/** Whether two byte arrays are equal (public keys: no secret, no need for constant time). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The issuer, expiry and status reference of a credential's claims, or undefined when one is missing. */
function credentialOf(claims: Readonly<Record<string, unknown>>): Account['credential'] | undefined {
  const { iss, exp, status } = claims;
  if (typeof iss !== 'string' || typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  const list = isPlainObject(status) ? status.status_list : undefined;
  if (!isPlainObject(list) || typeof list.uri !== 'string' || !Number.isSafeInteger(list.idx))
    return undefined;
  return { iss, exp, status: { status_list: { idx: list.idx as number, uri: list.uri } } };
}

/** A nonce read from a response, checked before the nonce store sees it; coded error `code` otherwise. */
function checkedNonce(nonce: unknown, code: RealNameErrorCode): string {
  if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > 128)
    throw fail(code, 'missing nonce');
  return nonce;
}

/** The data of a nonce the store has just consumed, for a request of `kind`; coded errors otherwise. */
function nonceData(
  r: NonceConsumeResult,
  kind: 'registration' | 'login',
  code: RealNameErrorCode,
): Record<string, unknown> {
  if (r.status === 'consumed') throw fail('ERR_NONCE_REPLAYED', 'the nonce was already used: replay');
  if (r.status === 'expired') throw fail('ERR_NONCE_EXPIRED', 'the nonce has expired');
  if (r.status !== 'ok') throw fail('ERR_NONCE_UNKNOWN', 'the nonce was not issued by this relying party');
  const data = r.data;
  if (!isPlainObject(data) || data.kind !== kind)
    throw fail(code, `the nonce was issued for another purpose`);
  return data;
}
