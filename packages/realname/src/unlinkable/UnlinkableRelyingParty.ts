import { randomBytes } from '@noble/hashes/utils.js';
import { proofResponses, proofVerifyWithNym } from '@realdid/bbs';
import { base64urlDecode, base64urlEncode } from '@realdid/crypto';
import { REALNAME_CLAIMS, type RealNameClaim } from '../claims.js';
import { assertBytes, isPlainObject } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { parseRoleState, type RoleIdentity } from '../internal/roleState.js';
import { signJson } from '../internal/signedJson.js';
import { MemoryNonceStore } from '../nonce/MemoryNonceStore.js';
import type { NonceStore } from '../nonce/NonceStore.js';
import type { RealNameErrorCode } from '../RealNameErrorCode.js';
import type { RelyingPartyState } from '../roles/RoleState.js';
import { decodePoint, decodeScalar, type G1Point } from './g1.js';
import {
  claimMessage,
  contextIdFor,
  EPOCH_INDEX,
  epochAt,
  epochMessage,
  HANDLE_INDEX,
  MESSAGE_COUNT,
  NYM_COUNT,
  presentationHeader,
  UNLINKABLE_HEADER,
  type UnlinkableClaimValue,
} from './layout.js';
import type {
  UnlinkableLogin,
  UnlinkableLoginChallenge,
  UnlinkableRegistration,
  UnlinkableRequest,
} from './protocol.js';
import { decodeTraceToken, traceRecompute, traceTranscript } from './traceToken.js';

/** Options of an {@link UnlinkableRelyingParty}. */
export interface UnlinkableRelyingPartyOptions {
  /**
   * The site's anchored DID identity: the exported state of its `RelyingParty`
   * (`rp.exportState()`, or the state it was restored from). Its pseudonym context derives from the
   * DID; its requests and login challenges are signed with the DID's key. Secret (it holds the
   * DID's keys): keep it as the `RelyingParty`'s state is kept.
   */
  identity: RelyingPartyState;
  /** The web origin the site serves its requests from (bound into every proof). */
  origin: string;
  /** The authority's BBS public key (96 bytes). */
  issuerPublicKey: Uint8Array;
  /** The trace committee's G1 key (48 bytes). */
  committeeKey: Uint8Array;
  /** Epoch length in seconds; must be the authority's. */
  epochSeconds: number;
  now?: () => Date;
  nonceStore?: NonceStore;
  /** Lifetime of a request or challenge and its nonce, 1 to 3600 s (default 300 s). */
  nonceTtlSeconds?: number;
}

/** An account of the unlinkable mode: keyed by its pseudonym. */
export interface UnlinkableAccount {
  /** base64url of the 48-byte pseudonym. */
  pseudonym: string;
  claims: Partial<Record<RealNameClaim, UnlinkableClaimValue>>;
  /** base64url of the 128-byte trace token (C1 ‖ C2 ‖ r^), what a lawful request hands the committee. */
  trace: string;
  registeredEpoch: number;
}

function bytesOf(value: unknown, code: RealNameErrorCode, what: string): Uint8Array {
  if (typeof value !== 'string' || value.length > 8192) throw fail(code, `${what}: expected base64url`);
  try {
    return base64urlDecode(value);
  } catch (err) {
    throw fail(code, `${what}: not base64url`, undefined, err);
  }
}

/** The shape of the nonces this site issues (checked before the nonce store sees the value). */
function isNonce(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(value);
}

function scalarOf(bytes: Uint8Array): bigint {
  return decodeScalar(bytes) ?? 0n;
}

/**
 * A site of the unlinkable mode: asks for claims, verifies a registration (BBS pseudonym proof
 * bound to its DID, origin and nonce; current epoch; trace token proved to encrypt the signed
 * handle), refuses a second registration of one pseudonym, and verifies logins.
 */
export class UnlinkableRelyingParty {
  readonly did: string;
  readonly origin: string;
  readonly #id: RoleIdentity;
  readonly #pk: Uint8Array;
  readonly #Y: G1Point;
  readonly #committeeKey: Uint8Array;
  readonly #epochSeconds: number;
  readonly #now: () => Date;
  readonly #nonces: NonceStore;
  readonly #ttl: number;
  readonly #accounts = new Map<string, UnlinkableAccount>();
  readonly #traceC1 = new Set<string>();

  constructor(options: UnlinkableRelyingPartyOptions) {
    if (!isPlainObject(options)) throw new TypeError('UnlinkableRelyingParty: expected options');
    const id = parseRoleState(options.identity, 'relying-party');
    if (typeof options.origin !== 'string') throw new TypeError('origin: expected a string');
    assertBytes(options.issuerPublicKey, 'issuerPublicKey', 96);
    assertBytes(options.committeeKey, 'committeeKey', 48);
    const Y = decodePoint(options.committeeKey);
    if (Y === undefined) throw new RangeError('committeeKey: not a G1 point');
    if (!Number.isSafeInteger(options.epochSeconds) || options.epochSeconds < 1) {
      throw new RangeError('epochSeconds: expected a positive integer');
    }
    this.#id = id;
    this.did = id.did;
    this.origin = options.origin;
    this.#pk = options.issuerPublicKey.slice();
    this.#Y = Y;
    this.#committeeKey = options.committeeKey.slice();
    this.#epochSeconds = options.epochSeconds;
    this.#now = options.now ?? (() => new Date());
    const clock = this.#now;
    this.#nonces = options.nonceStore ?? new MemoryNonceStore({ now: () => clock().getTime() });
    const ttl = options.nonceTtlSeconds ?? 300;
    if (typeof ttl !== 'number') throw new TypeError('nonceTtlSeconds: expected a number');
    if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > 3600) {
      throw new RangeError('nonceTtlSeconds: expected an integer from 1 to 3600');
    }
    this.#ttl = ttl;
  }

  #epoch(): number {
    return epochAt(this.#now().getTime(), this.#epochSeconds);
  }

  /** A signed request or challenge with a fresh one-time nonce (as the SD-JWT mode's `RelyingParty`). */
  async #signed<T extends string>(type: T, data: Record<string, unknown>, extra: Record<string, unknown>) {
    const nonce = base64urlEncode(randomBytes(24));
    const nowMs = this.#now().getTime();
    await this.#nonces.put(nonce, nowMs + this.#ttl * 1000, data);
    const iat = Math.floor(nowMs / 1000);
    return signJson(
      {
        type,
        rp: this.did,
        vm: `${this.did}#${this.#id.vmId}`,
        ...extra,
        nonce,
        epoch: this.#epoch(),
        iat,
        exp: iat + this.#ttl,
      },
      this.#id.key,
    );
  }

  async #consume(nonce: string, kind: string): Promise<unknown> {
    const r = await this.#nonces.consume(nonce);
    if (r.status === 'unknown') throw fail('ERR_NONCE_UNKNOWN', 'unknown nonce');
    if (r.status === 'expired') throw fail('ERR_NONCE_EXPIRED', 'expired nonce');
    if (r.status === 'consumed') throw fail('ERR_NONCE_REPLAYED', 'nonce already used');
    const data = r.data as { kind?: unknown } | undefined;
    if (!isPlainObject(data) || data.kind !== kind) throw fail('ERR_NONCE_UNKNOWN', `not a ${kind} nonce`);
    return data;
  }

  /** A registration request for these claims, signed with the site's DID key. */
  async createRequest(claims: readonly RealNameClaim[]): Promise<UnlinkableRequest> {
    if (!Array.isArray(claims) || !claims.every((c) => REALNAME_CLAIMS.includes(c))) {
      throw new TypeError('claims: expected real-name claim names');
    }
    const list = [...new Set(claims)];
    return (await this.#signed(
      'realdid-unlinkable-request',
      { kind: 'register', claims: list },
      { claims: list },
    )) as unknown as UnlinkableRequest;
  }

  /** A login challenge, signed with the site's DID key. */
  async createLoginChallenge(): Promise<UnlinkableLoginChallenge> {
    return (await this.#signed(
      'realdid-unlinkable-login-challenge',
      { kind: 'login' },
      {},
    )) as unknown as UnlinkableLoginChallenge;
  }

  /**
   * Verifies a registration and opens the account.
   *
   * @throws `ERR_PRESENTATION_INVALID` (shape, or the composed proof fails — including a trace
   *   token that does not encrypt the signed handle), `ERR_PRESENTATION_AUDIENCE`, `ERR_NONCE_*`,
   *   `ERR_PRESENTATION_CLAIMS`, `ERR_PRESENTATION_EPOCH`, `ERR_PRESENTATION_TRACE` (undecodable or
   *   already used here), `ERR_ACCOUNT_EXISTS` (the pseudonym has an account: Sybil)
   */
  async verifyRegistration(response: UnlinkableRegistration): Promise<UnlinkableAccount> {
    const bad = (m: string) => fail('ERR_PRESENTATION_INVALID', m);
    if (!isPlainObject(response) || response.type !== 'realdid-unlinkable-registration')
      throw bad('not a registration');
    if (response.rp !== this.did) throw fail('ERR_PRESENTATION_AUDIENCE', 'addressed to another site');
    if (!isNonce(response.nonce)) throw bad('nonce: expected a base64url string');
    const data = (await this.#consume(response.nonce, 'register')) as { claims: RealNameClaim[] };
    if (!isPlainObject(response.claims)) throw fail('ERR_PRESENTATION_CLAIMS', 'claims: expected an object');
    const names = Object.keys(response.claims);
    if (names.length !== data.claims.length || !data.claims.every((c) => names.includes(c))) {
      throw fail('ERR_PRESENTATION_CLAIMS', 'the disclosed claims are not exactly those requested');
    }
    const values: Record<string, UnlinkableClaimValue> = {};
    for (const c of data.claims) {
      const v = (response.claims as Record<string, unknown>)[c];
      if (typeof v !== 'string' && typeof v !== 'boolean')
        throw fail('ERR_PRESENTATION_CLAIMS', `${c}: bad value`);
      values[c] = v;
    }
    if (response.epoch !== this.#epoch())
      throw fail('ERR_PRESENTATION_EPOCH', 'the credential is not of the current epoch');
    const pseudonym = bytesOf(response.pseudonym, 'ERR_PRESENTATION_INVALID', 'pseudonym');
    const proof = bytesOf(response.proof, 'ERR_PRESENTATION_INVALID', 'proof');
    const traceBytes = bytesOf(response.trace, 'ERR_PRESENTATION_TRACE', 'trace');
    const token = decodeTraceToken(traceBytes);
    if (token === undefined) throw fail('ERR_PRESENTATION_TRACE', 'the trace token is malformed');
    const claimIndexes = data.claims.map((c) => REALNAME_CLAIMS.indexOf(c)).sort((a, b) => a - b);
    const disclosedIndexes = [...claimIndexes, EPOCH_INDEX];
    let responses: ReturnType<typeof proofResponses>;
    try {
      responses = proofResponses(proof);
    } catch (err) {
      throw fail('ERR_PRESENTATION_INVALID', 'the proof is malformed', undefined, err);
    }
    // the handle's position among the undisclosed scalars (signer messages come first)
    const k = HANDLE_INDEX - claimIndexes.length;
    const mHatBytes = responses.messageResponses[k];
    if (mHatBytes === undefined) throw bad('the proof has too few responses');
    const c = scalarOf(responses.challenge);
    const { t1, t2 } = traceRecompute(this.#Y, token, scalarOf(mHatBytes), c);
    if (t1.is0() || t2.is0()) throw bad('degenerate trace proof');
    const ph = presentationHeader(
      'register',
      this.did,
      this.origin,
      response.nonce,
      traceTranscript(this.#Y, token.c1, token.c2, t1, t2),
    );
    try {
      proofVerifyWithNym({
        publicKey: this.#pk,
        proof,
        pseudonym,
        contextId: contextIdFor(this.did),
        nymCount: NYM_COUNT,
        messageCount: MESSAGE_COUNT,
        header: UNLINKABLE_HEADER,
        presentationHeader: ph,
        disclosedMessages: [
          ...claimIndexes.map((i) => claimMessage(REALNAME_CLAIMS[i]!, values[REALNAME_CLAIMS[i]!]!)),
          epochMessage(response.epoch),
        ],
        disclosedIndexes,
      });
    } catch (err) {
      throw fail(
        'ERR_PRESENTATION_INVALID',
        'the proof (credential, pseudonym or trace token) does not verify',
        undefined,
        err,
      );
    }
    const key = base64urlEncode(pseudonym);
    if (this.#accounts.has(key)) throw fail('ERR_ACCOUNT_EXISTS', 'this person already has an account here');
    const c1 = base64urlEncode(token.c1.toBytes(true));
    if (this.#traceC1.has(c1)) throw fail('ERR_PRESENTATION_TRACE', 'the trace token was already used here');
    this.#traceC1.add(c1);
    const account: UnlinkableAccount = {
      pseudonym: key,
      claims: values,
      trace: base64urlEncode(traceBytes),
      registeredEpoch: response.epoch,
    };
    this.#accounts.set(key, account);
    return { ...account, claims: { ...values } };
  }

  /**
   * Verifies a login: a fresh proof, for this site and nonce, of a credential of the current epoch
   * whose pseudonym has an account.
   *
   * @throws `ERR_LOGIN_INVALID`, `ERR_NONCE_*`, `ERR_LOGIN_EXPIRED` (a credential of a past epoch:
   *   not re-issued, e.g. revoked), `ERR_LOGIN_UNKNOWN_ACCOUNT`
   */
  async verifyLogin(response: UnlinkableLogin): Promise<UnlinkableAccount> {
    if (
      !isPlainObject(response) ||
      response.type !== 'realdid-unlinkable-login' ||
      response.rp !== this.did
    ) {
      throw fail('ERR_LOGIN_INVALID', 'not a login for this site');
    }
    if (!isNonce(response.nonce)) throw fail('ERR_LOGIN_INVALID', 'nonce: expected a base64url string');
    await this.#consume(response.nonce, 'login');
    if (response.epoch !== this.#epoch())
      throw fail('ERR_LOGIN_EXPIRED', 'the credential is not of the current epoch');
    const pseudonym = bytesOf(response.pseudonym, 'ERR_LOGIN_INVALID', 'pseudonym');
    const proof = bytesOf(response.proof, 'ERR_LOGIN_INVALID', 'proof');
    try {
      proofVerifyWithNym({
        publicKey: this.#pk,
        proof,
        pseudonym,
        contextId: contextIdFor(this.did),
        nymCount: NYM_COUNT,
        messageCount: MESSAGE_COUNT,
        header: UNLINKABLE_HEADER,
        presentationHeader: presentationHeader('login', this.did, this.origin, response.nonce),
        disclosedMessages: [epochMessage(response.epoch)],
        disclosedIndexes: [EPOCH_INDEX],
      });
    } catch (err) {
      throw fail('ERR_LOGIN_INVALID', 'the login proof does not verify', undefined, err);
    }
    const account = this.#accounts.get(base64urlEncode(pseudonym));
    if (account === undefined) throw fail('ERR_LOGIN_UNKNOWN_ACCOUNT', 'no account for this pseudonym');
    return { ...account, claims: { ...account.claims } };
  }

  /** Every account (for the site's own use, e.g. a lawful request needs an account's `trace`). */
  accounts(): UnlinkableAccount[] {
    return [...this.#accounts.values()].map((a) => ({ ...a, claims: { ...a.claims } }));
  }

  /** The committee key this site requires (48 bytes). */
  get committeeKey(): Uint8Array {
    return this.#committeeKey.slice();
  }
}
