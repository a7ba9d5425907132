import type { Clock } from '@realdid/crypto';
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  type Jwk,
  jwkThumbprint,
  keyPairFromSecretKey,
  publicKeyToJwk,
  randomBytes,
  sha256,
} from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import type { VerifyAuthorizationRequestOptions } from '@realdid/openid4vc';
import { decodeSdJwt, type KeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';
import { isRealNameClaim, REALNAME_VCT } from '../claims.js';
import { assertString, isPlainObject, utf8 } from '../internal/bytes.js';
import { dateClock } from '../internal/clock.js';
import { verifyDidSignedJson } from '../internal/didSignedJson.js';
import { type DidResolvable, didKey, didOf, ledgerResolver } from '../internal/dids.js';
import { fail } from '../internal/errors.js';
import { signJws } from '../internal/jws.js';
import { openid4vc } from '../internal/openid4vc.js';
import { derivePairwiseDid } from '../internal/pairwise.js';
import { type DeploymentProfile, type ProfileSuite, readProfile } from '../internal/profile.js';
import { checkRequestTimes } from '../internal/requestTimes.js';
import {
  type AcceptCredentialOfferOptions,
  type AnswerAuthorizationRequestOptions,
  type AnsweredAuthorizationRequest,
  DID_PROOF_PARAMETER,
  REALNAME_CONFIGURATION_ID,
  readRegistrationRequest,
} from '../openid4vc/registration.js';
import { isOrigin, readRegistry } from '../registry/readRegistry.js';
import type { Vault } from '../vault/Vault.js';
import {
  DID_PROOF_TYP,
  LOGIN_TYP,
  type LoginChallenge,
  type LoginResponse,
  type PresentationRequest,
  type RegistrationResponse,
} from './protocol.js';

const MASTER = 'wallet.master';
const STATE = 'wallet.state';
/**
 * The consent log: the newest records in `CONSENT` (at most {@link CONSENT_SEGMENT}), the older
 * ones in full segments `wallet.consent.0`, `wallet.consent.1`, … counted by `CONSENT_SEGMENTS`.
 * Appending rewrites only the newest segment, so a registration or login costs the same after a
 * lifetime of them (one item holding the whole log was re-encrypted on every append).
 */
const CONSENT = 'wallet.consent';
const CONSENT_SEGMENTS = 'wallet.consent.segments';
const CONSENT_SEGMENT = 64;
const consentSegment = (k: number) => `wallet.consent.${k}`;
/** Longest accepted request lifetime (exp − iat), seconds. */

/** Options of {@link Wallet.login}. */
export interface LoginOptions {
  /** The web origin the challenge arrived from (see {@link RespondOptions.origin}). */
  origin: string;
}

/** What the wallet's `consent` hook is asked. */
export interface ConsentQuestion {
  /** A registration (claims to disclose) or the first login from an origin on this device. */
  action: 'registration' | 'login';
  rp: string;
  rpName: string;
  /** The origin the request arrived from (registered for the RP). */
  origin: string;
  /** Claims to disclose (empty for a login). */
  claims: string[];
}

/** One line of the consent log. */
export interface ConsentRecord {
  at: string;
  /** The relying party's DID and registered name. */
  rp: string;
  rpName: string;
  /** The origin the request arrived from. */
  origin?: string;
  action: 'registration' | 'login' | 'refused';
  /** Claims disclosed (registration) or asked for (refused). */
  claims: string[];
  /** For a refusal: why. */
  reason?: string;
}

interface StoredCredential {
  id: string;
  sdJwt: string;
  holderSecret: string;
  /** The one site this credential was spent at, once spent. */
  site?: string;
  /** Set when a fresh credential replaced this one at its site: it is never shown again. */
  retired?: boolean;
}

/** Options of {@link Wallet.respond}. */
export interface RespondOptions {
  /**
   * The web origin the request arrived from, as the browser reports it (e.g. `event.origin` of a
   * `postMessage`, or the page's `location.origin`), never a value taken from the request. The
   * wallet refuses a request whose RP is not registered for this origin (`ERR_REQUEST_WRONG_ORIGIN`):
   * a site cannot relay another site's request.
   */
  origin: string;
  /**
   * Register again with a fresh credential although one was already spent at this site (after the
   * site refused a login with `ERR_LOGIN_REVOKED` or `ERR_LOGIN_EXPIRED`). The pairwise DID stays
   * the same; the old credential is retired. An expired credential is replaced without asking.
   */
  renew?: boolean;
}

interface WalletState {
  pending: string[];
  credentials: StoredCredential[];
  sites: string[];
  /** `<rp DID> <origin>` pairs this wallet has answered (registration or login) on this device. */
  seen?: string[];
  /** `'gm'` for a wallet of the gm profile (absent: international). */
  profile?: 'gm';
}

/** Options of {@link Wallet.create} and {@link Wallet.open}. */
export interface WalletOptions {
  /** An open vault: the wallet keeps its master secret, keys, credentials and consent log there. */
  vault: Vault;
  /** The ledger (DID resolution, registry). */
  ledger: LedgerClient;
  /** The registry authority's DID: the trust anchor for relying parties' allowed claims. */
  registryDid: string;
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a function returning a `Date`, or a fixed `Date`; both are converted.
   */
  now?: Clock | (() => Date) | Date;
  /**
   * Asks the holder before disclosing (a prompt in the wallet UI): at every registration, and at a
   * login from an origin this wallet has not answered that site at before. Called only for requests
   * within the RP's registration and origins; `false` declines with `ERR_REQUEST_DECLINED`.
   * Default: agree.
   */
  consent?: (ask: ConsentQuestion) => boolean | Promise<boolean>;
  /**
   * The deployment profile (default `'international'`). `'gm'`: SM2 holder keys (KB-JWTs signed
   * with SM2), pairwise `did:key` SM2 DIDs derived with HKDF-SM3, and only SM2 / `sm3` credentials
   * accepted (docs/realname.md, "The gm profile"). Chosen at {@link Wallet.create} and kept in the
   * vault: {@link Wallet.open} refuses another one.
   */
  profile?: DeploymentProfile;
}

/**
 * The holder's wallet. Keeps a master secret and everything else in an encrypted {@link Vault};
 * derives a pairwise `did:key` per relying party with HKDF(master, RP DID) (no ledger read resolves it); spends
 * one credential per site and never shows it at another; refuses requests beyond the RP's
 * registered allowed claims (`ERR_REQUEST_NOT_ALLOWED`); discloses exactly the requested claims
 * with a key-binding JWT bound to the RP and its nonce; logs every consent.
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create({ vault, ledger, registryDid });
 * await wallet.storeCredentials(await authority.enrol({ evidence, holderKeys: await wallet.createHolderKeys(5) }));
 * const response = await wallet.respond(await site.createRequest(['age_over_18']));
 * ```
 */
export class Wallet {
  readonly #vault: Vault;
  readonly #ledger: LedgerClient;
  readonly #registryDid: string;
  readonly #now: () => Date;
  readonly #ask: NonNullable<WalletOptions['consent']>;
  readonly #resolver: DidResolvable;
  readonly #master: Uint8Array;
  readonly #suite: ProfileSuite;
  #state: WalletState;

  private constructor(options: WalletOptions, master: Uint8Array, state: WalletState) {
    this.#suite = readProfile(state.profile);
    this.#vault = options.vault;
    this.#ledger = options.ledger;
    this.#registryDid = options.registryDid;
    this.#now = dateClock(options.now);
    this.#ask = options.consent ?? (() => true);
    this.#resolver = ledgerResolver(options.ledger);
    this.#master = master;
    this.#state = state;
  }

  /**
   * Creates a wallet with a fresh 256-bit master secret in the vault.
   *
   * @param options - vault, ledger, registry DID
   * @returns the wallet
   */
  static async create(options: WalletOptions): Promise<Wallet> {
    checkOptions(options);
    if ((await options.vault.get(MASTER)) !== undefined)
      throw fail('ERR_VAULT_EXISTS', 'the vault already holds a wallet');
    const suite = readProfile(options.profile);
    const master = randomBytes(32);
    await options.vault.put(MASTER, master);
    const state: WalletState = {
      pending: [],
      credentials: [],
      sites: [],
      ...(suite.profile === 'gm' ? { profile: 'gm' as const } : {}),
    };
    await options.vault.putJson(STATE, state);
    await options.vault.putJson(CONSENT, []);
    return new Wallet(options, master, state);
  }

  /**
   * Opens the wallet kept in a vault.
   *
   * @param options - vault, ledger, registry DID
   * @returns the wallet
   * @throws RealDidError `ERR_VAULT_NOT_FOUND` when the vault holds no wallet; `ERR_STATE_INVALID`
   *   when `options.profile` is given and is not the profile the wallet was created with
   */
  static async open(options: WalletOptions): Promise<Wallet> {
    checkOptions(options);
    const master = await options.vault.get(MASTER);
    const state = await options.vault.getJson(STATE);
    if (master === undefined || !isPlainObject(state))
      throw fail('ERR_VAULT_NOT_FOUND', 'the vault holds no wallet');
    const held = state.profile === 'gm' ? 'gm' : 'international';
    if (options.profile !== undefined && options.profile !== held) {
      throw fail(
        'ERR_STATE_INVALID',
        `the wallet in this vault is of the ${held} profile, not ${options.profile}`,
      );
    }
    return new Wallet(options, master, state as unknown as WalletState);
  }

  /** The deployment profile: `'international'` or `'gm'`. */
  get profile(): DeploymentProfile {
    return this.#suite.profile;
  }

  async #save(): Promise<void> {
    await this.#vault.putJson(STATE, this.#state);
  }

  async #consent(record: ConsentRecord): Promise<void> {
    let log = await this.#consentItem(CONSENT);
    if (log.length >= CONSENT_SEGMENT) {
      // Full: it becomes the next segment. Written before the count and before the newest
      // segment is emptied, so a crash in between repeats records in the export, never loses one.
      const k = await this.#consentSegments();
      await this.#vault.putJson(consentSegment(k), log);
      await this.#vault.putJson(CONSENT_SEGMENTS, k + 1);
      log = [];
    }
    log.push(record);
    await this.#vault.putJson(CONSENT, log);
  }

  /** A segment of the consent log (an array; absent: empty). */
  async #consentItem(name: string): Promise<ConsentRecord[]> {
    const v = await this.#vault.getJson(name);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw fail('ERR_VAULT_CORRUPT', `vault item "${name}" is not a consent log`);
    return v as ConsentRecord[];
  }

  /** How many full segments precede the newest (0 in a vault written before segments). */
  async #consentSegments(): Promise<number> {
    const n = (await this.#vault.getJson(CONSENT_SEGMENTS)) ?? 0;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      throw fail('ERR_VAULT_CORRUPT', `vault item "${CONSENT_SEGMENTS}" is not a count`);
    return n;
  }

  /** Logs a refused request in the consent log. */
  async #logRefusal(rp: string, rpName: string, claims: readonly string[], reason: string): Promise<void> {
    await this.#consent({ at: this.#iso(), rp, rpName, action: 'refused', claims: [...claims], reason });
  }

  /**
   * Generates fresh holder keys for an enrolment batch; their secrets stay in the vault.
   *
   * @param count - how many credentials to ask for
   * @returns the public keys (JWK) to send to the authority
   */
  async createHolderKeys(count: number): Promise<Jwk[]> {
    if (!Number.isInteger(count) || count < 1 || count > 100) throw new RangeError('count: 1 to 100');
    const out: Jwk[] = [];
    for (let i = 0; i < count; i++) {
      const kp = generateKeyPair(this.#suite.keyType);
      this.#state.pending.push(base64urlEncode(kp.secretKey));
      out.push(publicKeyToJwk(kp.type, kp.publicKey));
    }
    await this.#save();
    return out;
  }

  /**
   * Verifies and stores an issued batch, matching each credential to its pending holder key. The
   * wallet does not take the authority's word for what it stores: every credential must be a
   * real-name SD-JWT VC signed by an assertion key of an issuer the registry trusts for it, name the
   * trace committee the registry lists for that issuer, and carry a `jti`, trace token, status
   * index, disclosure salts and holder key found nowhere else in the batch or among the credentials
   * it already holds — values an authority could otherwise use to tag a person's credentials and
   * link their accounts. The batch is stored whole or not at all.
   *
   * @param credentials - SD-JWT VCs from the authority
   * @throws RealDidError `ERR_PRESENTATION_INVALID` when a credential is bound to no pending key;
   *   `ERR_WALLET_CREDENTIAL_INVALID` when one does not verify against the registry, names another
   *   committee, or repeats a value of another credential
   */
  async storeCredentials(credentials: readonly string[]): Promise<void> {
    if (!Array.isArray(credentials)) throw new TypeError('credentials: expected an array of strings');
    for (const c of credentials) assertString(c, 'credential');
    const pending = new Map(
      this.#state.pending.map((s) => {
        const kp = keyPairFromSecretKey(this.#suite.keyType, base64urlDecode(s));
        return [jwkThumbprint(publicKeyToJwk(kp.type, kp.publicKey)), s] as const;
      }),
    );
    const registry = await readRegistry(this.#ledger, this.#registryDid, this.#resolver);
    const seen = new Set<string>();
    for (const held of this.#state.credentials) {
      for (const v of credentialValues(await decodeSdJwt(held.sdJwt))) seen.add(v);
    }
    const batch: StoredCredential[] = [];
    const used = new Set<string>();
    for (const c of credentials) {
      const decoded = await decodeSdJwt(c);
      const payload = decoded.payload as Record<string, unknown>;
      const cnf = payload.cnf;
      const jwk = isPlainObject(cnf) ? cnf.jwk : undefined;
      const tp = jwk === undefined ? undefined : jwkThumbprint(jwk);
      const secret = tp === undefined ? undefined : pending.get(tp);
      if (tp === undefined || secret === undefined || used.has(tp)) {
        throw fail('ERR_PRESENTATION_INVALID', 'a credential is not bound to a key this wallet asked for');
      }
      used.add(tp);
      await this.#verifyIssued(c, payload, registry);
      for (const v of credentialValues(decoded)) {
        if (seen.has(v)) {
          throw fail(
            'ERR_WALLET_CREDENTIAL_INVALID',
            `a credential repeats the ${v.slice(0, v.indexOf(' '))} of another credential: refused, it could tag this person`,
          );
        }
        seen.add(v);
      }
      batch.push({ id: String(payload.jti), sdJwt: c, holderSecret: secret });
    }
    const stored = new Set(batch.map((b) => b.holderSecret));
    this.#state.pending = this.#state.pending.filter((s) => !stored.has(s));
    this.#state.credentials.push(...batch);
    await this.#save();
  }

  /**
   * Enrols over OpenID4VCI 1.0 (pre-authorized code): redeems the authority's credential offer with
   * the transaction code the person received out of band, proves possession of `count` fresh holder
   * keys (one per credential, kept in the vault) and stores the batch with every check of
   * {@link Wallet.storeCredentials}.
   *
   * @param offer - the credential offer (object, JSON, or `openid-credential-offer://` URI) of the
   *   authority's enrolment issuer
   * @param options - `txCode`; `count` (default 5); `fetch` and `timeoutMs` for the HTTP exchanges
   * @returns how many credentials were stored
   * @throws RealDidError `ERR_REQUEST_INVALID` when the offer is not for real-name credentials;
   *   `ERR_OID4VC_OFFER_INVALID`, `ERR_OID4VC_METADATA_INVALID`, `ERR_OID4VC_TOKEN` (a wrong
   *   transaction code), `ERR_OID4VC_CREDENTIAL`; the codes of {@link Wallet.storeCredentials}
   */
  async acceptCredentialOffer(offer: unknown, options: AcceptCredentialOfferOptions): Promise<number> {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('acceptCredentialOffer: expected options');
    const { parseCredentialOffer, requestCredentials } = await openid4vc();
    const parsed = parseCredentialOffer(offer);
    if (!parsed.credential_configuration_ids.includes(REALNAME_CONFIGURATION_ID))
      throw fail('ERR_REQUEST_INVALID', 'the offer is not for real-name credentials');
    const jwks = await this.createHolderKeys(options.count ?? 5);
    const secrets = this.#state.pending.slice(-jwks.length);
    const credentials = await requestCredentials({
      offer: parsed,
      configurationId: REALNAME_CONFIGURATION_ID,
      ...(options.txCode === undefined ? {} : { txCode: options.txCode }),
      holderKeys: secrets.map((secret, i) => ({
        signer: createSigner(keyPairFromSecretKey(this.#suite.keyType, base64urlDecode(secret))),
        jwk: jwks[i] as unknown as Record<string, unknown>,
      })),
      now: () => this.#now().getTime(),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    await this.storeCredentials(credentials);
    return credentials.length;
  }

  /** An issued credential verifies against the registry: trusted issuer, signature, committee. */
  async #verifyIssued(
    sdJwt: string,
    payload: Record<string, unknown>,
    registry: Awaited<ReturnType<typeof readRegistry>>,
  ): Promise<void> {
    const C = 'ERR_WALLET_CREDENTIAL_INVALID';
    const iss = payload.iss;
    const trusted = typeof iss === 'string' ? registry.issuers.get(iss) : undefined;
    if (trusted === undefined || !trusted.vcts.includes(REALNAME_VCT)) {
      throw fail(C, 'the issuer is not registered for real-name credentials');
    }
    const keyResolver: KeyResolver = async (header) => {
      if (typeof header.kid !== 'string' || didOf(header.kid) !== iss) {
        throw fail(C, 'the credential key is not a key of its issuer');
      }
      const k = await didKey(this.#resolver, header.kid, 'assertionMethod', C, [this.#suite.keyType]);
      return { type: k.type, publicKey: k.publicKey };
    };
    // The status of a fresh credential is not the wallet's to check; relying parties check it.
    const noStatusCheck = { requireStatusCheck: false };
    let vc: Awaited<ReturnType<typeof verifySdJwtVc>>;
    try {
      vc = await verifySdJwtVc(sdJwt, {
        keyResolver,
        requireKeyBinding: false,
        ...(this.#suite.profile === 'gm' ? { algorithms: ['SM2'], sdAlgorithms: ['sm3'] } : {}),
        ...noStatusCheck,
        now: () => this.#now().getTime(),
      });
    } catch (cause) {
      throw fail(C, 'the credential does not verify against its registered issuer', undefined, cause);
    }
    const trace = vc.claims.trace;
    if (vc.vct !== REALNAME_VCT) throw fail(C, 'not a real-name credential');
    if (
      !isPlainObject(trace) ||
      trusted.traceCommittee === undefined ||
      trace.committee !== trusted.traceCommittee ||
      vc.disclosed.some((p) => p[0] === 'trace' || p[0] === 'jti')
    ) {
      throw fail(C, 'the credential does not name the trace committee the registry lists for its issuer');
    }
  }

  /** Whether a stored credential's `exp` has passed. */
  async #expired(cred: StoredCredential): Promise<boolean> {
    const exp = ((await decodeSdJwt(cred.sdJwt)).payload as Record<string, unknown>).exp;
    return typeof exp !== 'number' || exp * 1000 <= this.#now().getTime();
  }

  /** How many credentials are still unspent. */
  get unusedCredentials(): number {
    return this.#state.credentials.filter((c) => c.site === undefined).length;
  }

  /**
   * @param minimum - the low-water mark (default 2)
   * @returns true when the wallet should ask the authority for a new batch
   */
  needsRefill(minimum = 2): boolean {
    return this.unusedCredentials < minimum;
  }

  /**
   * @param rpDid - a relying party's DID
   * @returns this wallet's pairwise DID (`did:key`) for that site
   */
  pairwiseDid(rpDid: string): string {
    assertString(rpDid, 'rpDid');
    return derivePairwiseDid(this.#master, rpDid, this.#suite).did;
  }

  /**
   * Answers a registration request: checks the RP's signature and registration, refuses claims
   * beyond what the RP may ask, spends one credential for the site and discloses exactly the
   * requested claims with a key-binding JWT, plus a proof of control of the pairwise DID.
   *
   * @param request - the RP's signed request
   * @param options - `origin`: where the request arrived from; `renew`: register again with a fresh credential
   * @returns the registration response to send to the RP
   * @throws RealDidError `ERR_REQUEST_INVALID`, `ERR_REQUEST_EXPIRED`, `ERR_REQUEST_NOT_ALLOWED`,
   *   `ERR_REQUEST_WRONG_ORIGIN`, `ERR_REQUEST_DECLINED`, `ERR_WALLET_NO_CREDENTIAL`
   */
  async respond(request: PresentationRequest, options: RespondOptions): Promise<RegistrationResponse> {
    const origin = checkOrigin(options, 'respond');
    const {
      rp,
      claims,
      nonce,
      rpName,
      allowed,
      iat: requestTime,
    } = await this.#checkSigned(request, 'realdid-presentation-request', origin);
    if (!Array.isArray(claims) || claims.length === 0 || !claims.every(isRealNameClaim)) {
      throw fail('ERR_REQUEST_INVALID', 'request.claims: expected a non-empty list of known claims');
    }
    const { did, presentation, proof } = await this.#register(
      { rp, rpName, allowed, origin, claims, nonce, requestTime, audience: rp },
      options.renew === true,
    );
    return { type: 'realdid-registration-response', did, presentation, proof };
  }

  /**
   * Answers a registration request sent as an OpenID4VP 1.0 authorization request (from
   * `RelyingParty.createAuthorizationRequest`): verifies the request object's signature with a key
   * of the RP's DID (`client_id` `decentralized_identifier:<did>`; an unsigned request is
   * `ERR_OID4VC_REQUEST_UNSIGNED`), reads its DCQL query as a registration (one real-name SD-JWT
   * VC, known top-level claims), and then does exactly what {@link Wallet.respond} does — the RP's
   * registration and origins (also of the `response_uri`), its allowed claims, consent, one
   * credential per site, exactly the asked claims, the key binding's `iat` from the signed request
   * — with the client identifier as the audience of the key binding and of the pairwise DID's proof.
   *
   * @param request - the request parameters (`{ client_id, request }`, or `request_uri` with `fetch`)
   * @param options - `origin`: where the request arrived from; `renew`; `fetch` / `timeoutMs` for `request_uri`
   * @returns the verified request, the authorization response to post to its `responseUri`
   *   (`submitAuthorizationResponse` of `@realdid/openid4vc`), and the pairwise DID
   * @throws RealDidError the codes of {@link Wallet.respond}, and `ERR_OID4VC_REQUEST_UNSIGNED`,
   *   `ERR_OID4VC_REQUEST_SIGNATURE`, `ERR_OID4VC_REQUEST_INVALID`, `ERR_OID4VC_CLIENT_ID`,
   *   `ERR_OID4VC_DCQL_INVALID` from checking the request as OpenID4VP
   */
  async answerAuthorizationRequest(
    request: Record<string, unknown> | string,
    options: AnswerAuthorizationRequestOptions,
  ): Promise<AnsweredAuthorizationRequest> {
    const origin = checkOrigin(options, 'answerAuthorizationRequest');
    const { createAuthorizationResponse, verifyAuthorizationRequest } = await openid4vc();
    const verified = await verifyAuthorizationRequest(request, {
      resolver: this.#resolver as NonNullable<VerifyAuthorizationRequestOptions['resolver']>,
      requireSigned: true,
      // the gm profile: the site's request object is SM2, and only SM2 is accepted
      ...(this.#suite.profile === 'gm' ? { algorithms: ['SM2'] } : {}),
      now: () => this.#now().getTime(),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    const r = readRegistrationRequest(verified, this.#now().getTime());
    const { rpName, allowed, origins } = await this.#registered(r.rp, origin);
    if (!origins.includes(r.responseOrigin)) {
      await this.#logRefusal(r.rp, rpName, r.claims, `answer to ${r.responseOrigin}`);
      throw fail('ERR_REQUEST_WRONG_ORIGIN', 'the response_uri is not on an origin of the relying party');
    }
    const { did, presentation, proof } = await this.#register(
      {
        rp: r.rp,
        rpName,
        allowed,
        origin,
        claims: r.claims,
        nonce: r.nonce,
        requestTime: r.iat,
        audience: r.audience,
      },
      options.renew === true,
    );
    const response = await createAuthorizationResponse(
      verified,
      { [r.queryId]: [presentation] },
      { [DID_PROOF_PARAMETER]: proof },
    );
    return { request: verified, response, did };
  }

  /**
   * A registration once the request is checked: the allowed claims, consent, one credential for the
   * site, the presentation of exactly `claims` key-bound to `audience` and the nonce with the
   * site's `requestTime`, and the pairwise DID's proof over it.
   */
  async #register(
    q: {
      rp: string;
      rpName: string;
      allowed: readonly string[];
      origin: string;
      claims: readonly string[];
      nonce: string;
      requestTime: number;
      audience: string;
    },
    renew: boolean,
  ): Promise<{ did: string; presentation: string; proof: string }> {
    const { rp, rpName, allowed, origin, claims, nonce, requestTime, audience } = q;
    const beyond = claims.filter((c) => !allowed.includes(c));
    if (beyond.length > 0) {
      await this.#logRefusal(rp, rpName, claims, 'beyond registration');
      throw fail('ERR_REQUEST_NOT_ALLOWED', `the relying party is not registered for: ${beyond.join(', ')}`, {
        claims: beyond,
      });
    }
    if (!(await this.#ask({ action: 'registration', rp, rpName, origin, claims: [...claims] }))) {
      await this.#logRefusal(rp, rpName, claims, 'declined');
      throw fail('ERR_REQUEST_DECLINED', 'the holder declined the request');
    }
    let cred = this.#state.credentials.find((c) => c.site === rp && c.retired !== true);
    if (cred !== undefined && (renew || (await this.#expired(cred)))) {
      cred.retired = true;
      cred = undefined;
    }
    if (cred === undefined) {
      // the newest unspent, unexpired credential (a renewal follows a fresh batch)
      for (let i = this.#state.credentials.length - 1; i >= 0 && cred === undefined; i--) {
        const c = this.#state.credentials[i]!;
        if (c.site === undefined && !(await this.#expired(c))) cred = c;
      }
      if (cred === undefined)
        throw fail('ERR_WALLET_NO_CREDENTIAL', 'no unspent credential left; enrol for a new batch');
      cred.site = rp;
      if (!this.#state.sites.includes(rp)) this.#state.sites.push(rp);
      await this.#save();
    }
    const holder = keyPairFromSecretKey(this.#suite.keyType, base64urlDecode(cred.holderSecret));
    const frame = Object.fromEntries(claims.map((c) => [c, true]));
    const presentation = await presentSdJwt(cred.sdJwt, frame, {
      keyBinding: {
        signer: createSigner(holder),
        aud: audience,
        nonce,
        // the site's own request time: the device clock would be a linking value (its skew)
        iat: requestTime,
      },
    });
    const pw = derivePairwiseDid(this.#master, rp, this.#suite);
    const proof = signJws(
      { iss: pw.did, aud: audience, nonce, sd_hash: base64urlEncode(sha256(utf8(presentation))) },
      pw.key,
      pw.kid,
      DID_PROOF_TYP,
    );
    await this.#markSeen(rp, origin);
    await this.#consent({ at: this.#iso(), rp, rpName, origin, action: 'registration', claims: [...claims] });
    return { did: pw.did, presentation, proof };
  }

  /**
   * Answers a login challenge with the site's pairwise DID. The challenge must come from an origin
   * the RP is registered for; the first login from an origin on this device asks the holder.
   *
   * @param challenge - the RP's signed challenge
   * @param options - `origin`: where the challenge arrived from
   * @returns the login response
   * @throws RealDidError `ERR_REQUEST_INVALID`, `ERR_REQUEST_EXPIRED`, `ERR_REQUEST_WRONG_ORIGIN`,
   *   `ERR_REQUEST_DECLINED`, `ERR_WALLET_UNKNOWN_SITE`
   */
  async login(challenge: LoginChallenge, options: LoginOptions): Promise<LoginResponse> {
    const origin = checkOrigin(options, 'login');
    const { rp, nonce, rpName } = await this.#checkSigned(challenge, 'realdid-login-challenge', origin);
    if (!this.#state.sites.includes(rp))
      throw fail('ERR_WALLET_UNKNOWN_SITE', 'this wallet has no account at that site');
    if (!(this.#state.seen ?? []).includes(`${rp} ${origin}`)) {
      if (!(await this.#ask({ action: 'login', rp, rpName, origin, claims: [] }))) {
        await this.#logRefusal(rp, rpName, [], 'declined login');
        throw fail('ERR_REQUEST_DECLINED', 'the holder declined the login');
      }
      await this.#markSeen(rp, origin);
    }
    const pw = derivePairwiseDid(this.#master, rp, this.#suite);
    const proof = signJws({ iss: pw.did, aud: rp, nonce }, pw.key, pw.kid, LOGIN_TYP);
    await this.#consent({ at: this.#iso(), rp, rpName, origin, action: 'login', claims: [] });
    return { type: 'realdid-login-response', did: pw.did, proof };
  }

  /** @returns the consent log, oldest first (for the holder to export or show) */
  async exportConsentLog(): Promise<ConsentRecord[]> {
    const out: ConsentRecord[] = [];
    const segments = await this.#consentSegments();
    for (let k = 0; k < segments; k++)
      for (const r of await this.#consentItem(consentSegment(k))) out.push(r);
    for (const r of await this.#consentItem(CONSENT)) out.push(r);
    return out;
  }

  #iso(): string {
    return this.#now().toISOString();
  }

  async #registration(rp: string) {
    return (await readRegistry(this.#ledger, this.#registryDid, this.#resolver)).relyingParties.get(rp);
  }

  async #markSeen(rp: string, origin: string): Promise<void> {
    const key = `${rp} ${origin}`;
    const seen = this.#state.seen ?? [];
    if (seen.includes(key)) return;
    this.#state.seen = [...seen, key];
    await this.#save();
  }

  async #checkSigned(
    msg: unknown,
    type: string,
    origin: string,
  ): Promise<{
    rp: string;
    nonce: string;
    claims: unknown;
    rpName: string;
    allowed: string[];
    iat: number;
  }> {
    if (
      !isPlainObject(msg) ||
      msg.type !== type ||
      typeof msg.rp !== 'string' ||
      typeof msg.nonce !== 'string'
    ) {
      throw fail('ERR_REQUEST_INVALID', `expected a ${type}`);
    }
    const iat = checkRequestTimes(msg.exp, msg.iat, this.#now().getTime());
    if (msg.nonce.length < 22 || msg.nonce.length > 128)
      throw fail('ERR_REQUEST_INVALID', 'nonce: 128 to 768 bits');
    await verifyDidSignedJson(msg, this.#resolver, msg.rp, 'ERR_REQUEST_INVALID');
    const { rpName, allowed } = await this.#registered(msg.rp, origin);
    return { rp: msg.rp, nonce: msg.nonce, claims: msg.claims, rpName, allowed, iat };
  }

  /** The RP's registration, when it is registered for `origin` (the refusal is logged otherwise). */
  async #registered(
    rp: string,
    origin: string,
  ): Promise<{ rpName: string; allowed: string[]; origins: string[] }> {
    const reg = await this.#registration(rp);
    if (reg === undefined) throw fail('ERR_REQUEST_NOT_ALLOWED', 'the relying party is not registered');
    if (!reg.origins.includes(origin)) {
      await this.#logRefusal(rp, reg.name, [], `arrived from ${origin}`);
      throw fail(
        'ERR_REQUEST_WRONG_ORIGIN',
        `the relying party is not registered for the origin the request arrived from (${origin})`,
      );
    }
    return { rpName: reg.name, allowed: reg.allowedClaims, origins: reg.origins };
  }
}

function checkOptions(o: unknown): asserts o is WalletOptions {
  if (!isPlainObject(o)) throw new TypeError('Wallet: expected options');
  if (typeof (o.vault as Vault | undefined)?.putJson !== 'function')
    throw new TypeError('vault: expected an open Vault');
  if (typeof (o.ledger as LedgerClient | undefined)?.read !== 'function')
    throw new TypeError('ledger: expected a LedgerClient');
  assertString(o.registryDid, 'registryDid');
  dateClock(o.now);
  readProfile(o.profile);
}

/** The `origin` option of respond/login: a serialized web origin (caller misuse otherwise). */
function checkOrigin(options: unknown, where: string): string {
  if (!isPlainObject(options)) throw new TypeError(`${where}: expected options with the request's origin`);
  const { origin } = options;
  if (typeof origin !== 'string' || !isOrigin(origin)) {
    throw new TypeError(
      `${where}: origin must be the web origin the request arrived from (https://host[:port])`,
    );
  }
  return origin;
}

/**
 * The values of an issued credential that must be unique to it, each prefixed with its kind:
 * `jti`, trace token, status reference, holder key thumbprint, disclosure salts.
 */
function credentialValues(decoded: Awaited<ReturnType<typeof decodeSdJwt>>): string[] {
  const p = decoded.payload as Record<string, unknown>;
  const fail_ = (what: string) => fail('ERR_WALLET_CREDENTIAL_INVALID', `the credential has no ${what}`);
  if (typeof p.jti !== 'string') throw fail_('jti');
  const trace = p.trace;
  if (!isPlainObject(trace) || typeof trace.token !== 'string') throw fail_('trace token');
  const list = isPlainObject(p.status) ? p.status.status_list : undefined;
  if (!isPlainObject(list) || typeof list.uri !== 'string' || !Number.isSafeInteger(list.idx)) {
    throw fail_('status reference');
  }
  const cnf = p.cnf;
  const jwk = isPlainObject(cnf) ? cnf.jwk : undefined;
  if (jwk === undefined) throw fail_('holder key');
  return [
    `jti ${p.jti}`,
    `trace-token ${trace.token}`,
    `status-index ${list.uri}#${String(list.idx)}`,
    `holder-key ${jwkThumbprint(jwk)}`,
    ...decoded.disclosures.map((d) => `salt ${d.salt}`),
  ];
}
