import type { Clock } from '@realdid/crypto';
import { utf8Encode } from '@realdid/crypto';
import type { AppendReceipt, LedgerClient } from '@realdid/ledger';
import { createStatusListToken, STATUS_LIST_ALGORITHMS } from './createStatusListToken.js';
import { IndexAllocator, type RandomSource } from './IndexAllocator.js';
import { checkInteger, checkString, describe } from './internal/errors.js';
import type { JwsSigner } from './internal/jwt.js';
import { StatusList } from './StatusList.js';
import { statusListTopic } from './statusListTopic.js';
import { isStatusBits, type StatusBits, TokenStatus } from './TokenStatus.js';

/** The `status` claim a credential carries to point at its entry (draft-ietf-oauth-status-list §6.1). */
export interface TokenStatusClaim {
  status_list: { idx: number; uri: string };
  [k: string]: unknown;
}

/** Options of {@link TokenStatusListIssuer}. */
export interface TokenStatusListIssuerOptions {
  /** The list URI (`sub` of the token, `uri` in the credentials). */
  uri: string;
  /** Signs the token: a `@realdid/crypto` `Signer` or any `{ alg, sign }`. */
  signer: JwsSigner;
  /** Entries in the list (default 131,072; more entries, a bigger herd). Ignored when `list` is given. */
  size?: number;
  /** Bits per entry (default 2, enough for VALID, INVALID and SUSPENDED). Ignored when `list` is given. */
  bits?: StatusBits;
  /** `kid` header of the token. */
  kid?: string;
  /** `iss` claim of the token. */
  iss?: string;
  /** `ttl` claim in seconds (default 300). */
  ttlSec?: number;
  /** Validity of each token in seconds: `exp = iat + validitySec` (default 86,400; 0 for no `exp`). */
  validitySec?: number;
  /** Clock in milliseconds (default `Date.now`). */
  now?: Clock;
  /** A list to continue (restored state). */
  list?: StatusList;
  /** The used-index bitmap to continue ({@link IndexAllocator.toBytes}). */
  used?: Uint8Array;
  /** Random source for index allocation (default: the CSPRNG of `@realdid/crypto`). */
  random?: RandomSource;
}

/** What {@link TokenStatusListIssuer.publish} returns. */
export interface TokenStatusListPublication {
  /** The signed Status List Token. */
  token: string;
  /** The ledger receipt. */
  receipt: AppendReceipt;
}

/**
 * The issuer side of a Token Status List: allocates random indexes for new credentials, sets
 * statuses, signs Status List Tokens, publishes them on a ledger topic and serves them at the URI.
 *
 * Revocation (INVALID) is final: an index once INVALID cannot be set to anything else.
 *
 * @example
 * ```ts
 * const issuer = new TokenStatusListIssuer({ uri: 'https://status.example/lists/1', signer });
 * const status = issuer.allocate(); // { status_list: { idx: 90417, uri: 'https://status.example/lists/1' } }
 * // … put `status` into the SD-JWT VC; later:
 * issuer.revoke(status.status_list.idx);
 * await issuer.publish(ledger);
 * ```
 */
export class TokenStatusListIssuer {
  /** The list URI. */
  readonly uri: string;
  /** The list (mutable state; persist `list.toBytes()`). */
  readonly list: StatusList;
  /** The index allocator (persist `allocator.toBytes()`). */
  readonly allocator: IndexAllocator;
  readonly #signer: JwsSigner;
  readonly #kid: string | undefined;
  readonly #iss: string | undefined;
  readonly #ttl: number;
  readonly #validity: number;
  readonly #now: () => number;

  /**
   * @param options - uri, signer and list parameters
   * @throws TypeError / RangeError on misuse
   */
  constructor(options: TokenStatusListIssuerOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
    this.uri = checkString('uri', options.uri);
    const signer = options.signer;
    if (typeof signer !== 'object' || signer === null || typeof signer.sign !== 'function') {
      throw new TypeError('signer: expected an object with alg and sign()');
    }
    if (!STATUS_LIST_ALGORITHMS.includes(signer.alg)) {
      throw new RangeError(
        `signer.alg: expected EdDSA, ES256, ES256K, SM2 or SM2SM3, found ${describe(signer.alg)}`,
      );
    }
    this.#signer = signer;
    if (options.list !== undefined) {
      if (!(options.list instanceof StatusList)) throw new TypeError('list: expected a StatusList');
      this.list = options.list;
    } else {
      const bits = options.bits ?? 2;
      if (!isStatusBits(bits)) throw new RangeError(`bits: expected 1, 2, 4 or 8, found ${describe(bits)}`);
      this.list = new StatusList(options.size ?? 131_072, bits);
    }
    const allocOptions: ConstructorParameters<typeof IndexAllocator>[1] = {};
    if (options.used !== undefined) allocOptions.used = options.used;
    if (options.random !== undefined) allocOptions.random = options.random;
    this.allocator = new IndexAllocator(this.list.size, allocOptions);
    this.#kid = options.kid === undefined ? undefined : checkString('kid', options.kid);
    this.#iss = options.iss === undefined ? undefined : checkString('iss', options.iss);
    this.#ttl = checkInteger('ttlSec', options.ttlSec ?? 300, 1, 2 ** 31);
    this.#validity = checkInteger('validitySec', options.validitySec ?? 86_400, 0, 2 ** 31);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Reserves a fresh random index for a new credential.
   *
   * @returns the `status` claim to put into the credential
   * @throws RealDidError `ERR_STATUS_LIST_FULL` when the list has no free index
   */
  allocate(): TokenStatusClaim {
    return { status_list: { idx: this.allocator.allocate(), uri: this.uri } };
  }

  /**
   * Sets the status of an index.
   *
   * @param idx - the index
   * @param status - the value (0 … 2^bits − 1)
   * @throws RangeError for a bad index/value, or when changing an INVALID (revoked) entry
   */
  setStatus(idx: number, status: number): void {
    if (this.list.get(idx) === TokenStatus.INVALID && status !== TokenStatus.INVALID) {
      throw new RangeError(`index ${idx} is revoked; revocation is final`);
    }
    this.list.set(idx, status);
  }

  /** @returns the status of an index */
  getStatus(idx: number): number {
    return this.list.get(idx);
  }

  /** Revokes (INVALID, final). */
  revoke(idx: number): void {
    this.setStatus(idx, TokenStatus.INVALID);
  }

  /** Suspends (SUSPENDED; needs at least 2 bits). */
  suspend(idx: number): void {
    this.setStatus(idx, TokenStatus.SUSPENDED);
  }

  /** Lifts a suspension (back to VALID). */
  reinstate(idx: number): void {
    this.setStatus(idx, TokenStatus.VALID);
  }

  /** @returns a freshly signed Status List Token of the current list */
  async sign(): Promise<string> {
    const nowMs = this.#now();
    const iat = Math.floor(nowMs / 1000);
    const options: Parameters<typeof createStatusListToken>[0] = {
      list: this.list,
      uri: this.uri,
      signer: this.#signer,
      iat,
      ttl: this.#ttl,
    };
    if (this.#validity > 0) options.exp = iat + this.#validity;
    if (this.#kid !== undefined) options.kid = this.#kid;
    if (this.#iss !== undefined) options.iss = this.#iss;
    return createStatusListToken(options);
  }

  /**
   * Signs the current list and appends it to its ledger topic (a new entry per publication; the
   * latest wins).
   *
   * @param ledger - the ledger
   * @param topic - the topic (default {@link statusListTopic} of the URI)
   * @returns the token and the receipt
   * @throws RealDidError from the ledger (`ERR_LEDGER_ENTRY_TOO_LARGE`, …)
   */
  async publish(
    ledger: LedgerClient,
    topic: string = statusListTopic(this.uri),
  ): Promise<TokenStatusListPublication> {
    const token = await this.sign();
    const receipt = await ledger.append(topic, utf8Encode(token));
    return { token, receipt };
  }

  /**
   * @returns the document to serve at the list URI: a freshly signed token as UTF-8 bytes, with
   *   its media type `application/statuslist+jwt`
   */
  async document(): Promise<{ contentType: string; body: Uint8Array }> {
    return { contentType: 'application/statuslist+jwt', body: utf8Encode(await this.sign()) };
  }
}
