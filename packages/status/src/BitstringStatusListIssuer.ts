import type { Clock } from '@realdid/crypto';
import { utf8Encode } from '@realdid/crypto';
import type { AppendReceipt, LedgerClient } from '@realdid/ledger';
import { BITSTRING_MIN_ENTRIES, Bitstring } from './Bitstring.js';
import { createBitstringStatusListCredential } from './createBitstringStatusListCredential.js';
import { IndexAllocator, type RandomSource } from './IndexAllocator.js';
import { checkFunction, checkInteger, checkString } from './internal/errors.js';
import { statusListTopic } from './statusListTopic.js';

/** A `BitstringStatusListEntry` (the `credentialStatus` of a credential). */
export interface BitstringStatusListEntry {
  type: 'BitstringStatusListEntry';
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
  statusSize?: number;
  statusMessage?: { status: string; message: string }[];
  id?: string;
}

/**
 * Secures an unsigned credential, for instance with a Data Integrity proof from `@realdid/vc`,
 * and returns the secured credential. Injected so that `@realdid/status` does not depend on the
 * VC stack.
 */
export type CredentialSigner = (unsigned: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Options of {@link BitstringStatusListIssuer}. */
export interface BitstringStatusListIssuerOptions {
  /** The status list credential URL (its `id`, and `statusListCredential` in entries). */
  uri: string;
  /** The `issuer` of the status list credential. */
  issuer: string;
  /** `revocation` (final) or `suspension` (reversible). */
  statusPurpose: 'revocation' | 'suspension';
  /** Secures the credential (e.g. a Data Integrity proof). */
  sign: CredentialSigner;
  /** Entries (default and minimum useful: 131,072). Ignored when `bitstring` is given. */
  length?: number;
  /** `ttl` in milliseconds (default: omitted, which verifiers read as 300,000). */
  ttlMs?: number;
  /** Validity of each publication in seconds (`validUntil = validFrom + validitySec`; default 86,400; 0 for none). */
  validitySec?: number;
  /** Clock in milliseconds (default `Date.now`). */
  now?: Clock;
  /** A bitstring to continue (restored state). */
  bitstring?: Bitstring;
  /** The used-index bitmap to continue. */
  used?: Uint8Array;
  /** Random source for index allocation (default: the CSPRNG of `@realdid/crypto`). */
  random?: RandomSource;
}

/**
 * The issuer side of a W3C Bitstring Status List for one purpose: random index allocation,
 * setting bits, producing the unsigned `BitstringStatusListCredential`, securing it with the
 * injected `sign`, publishing it on a ledger topic and serving it at its URL.
 *
 * @example
 * ```ts
 * const issuer = new BitstringStatusListIssuer({
 *   uri: 'https://status.example/credentials/3', issuer: 'did:example:1', statusPurpose: 'revocation', sign,
 * });
 * const credentialStatus = issuer.allocate();
 * issuer.set(Number(credentialStatus.statusListIndex), true);
 * await issuer.publish(ledger);
 * ```
 */
export class BitstringStatusListIssuer {
  /** The list URL. */
  readonly uri: string;
  /** The purpose. */
  readonly statusPurpose: 'revocation' | 'suspension';
  /** The bitstring (persist `bitstring.toBytes()`). */
  readonly bitstring: Bitstring;
  /** The allocator (persist `allocator.toBytes()`). */
  readonly allocator: IndexAllocator;
  readonly #issuer: string;
  readonly #sign: CredentialSigner;
  readonly #ttlMs: number | undefined;
  readonly #validity: number;
  readonly #now: () => number;

  /**
   * @param options - uri, issuer, purpose, sign and list parameters
   * @throws TypeError / RangeError on misuse
   */
  constructor(options: BitstringStatusListIssuerOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
    this.uri = checkString('uri', options.uri);
    this.#issuer = checkString('issuer', options.issuer);
    if (options.statusPurpose !== 'revocation' && options.statusPurpose !== 'suspension') {
      throw new RangeError('statusPurpose: expected "revocation" or "suspension"');
    }
    this.statusPurpose = options.statusPurpose;
    this.#sign = checkFunction<CredentialSigner>('sign', options.sign);
    if (options.bitstring !== undefined) {
      if (!(options.bitstring instanceof Bitstring) || options.bitstring.statusSize !== 1) {
        throw new TypeError('bitstring: expected a Bitstring with statusSize 1');
      }
      this.bitstring = options.bitstring;
    } else {
      this.bitstring = new Bitstring(options.length ?? BITSTRING_MIN_ENTRIES, 1);
    }
    const allocOptions: ConstructorParameters<typeof IndexAllocator>[1] = {};
    if (options.used !== undefined) allocOptions.used = options.used;
    if (options.random !== undefined) allocOptions.random = options.random;
    this.allocator = new IndexAllocator(this.bitstring.length, allocOptions);
    this.#ttlMs =
      options.ttlMs === undefined
        ? undefined
        : checkInteger('ttlMs', options.ttlMs, 1, Number.MAX_SAFE_INTEGER);
    this.#validity = checkInteger('validitySec', options.validitySec ?? 86_400, 0, 2 ** 31);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Reserves a fresh random index for a new credential.
   *
   * @returns the `credentialStatus` entry to put into the credential
   * @throws RealDidError `ERR_STATUS_LIST_FULL` when the list has no free index
   */
  allocate(): BitstringStatusListEntry {
    return {
      type: 'BitstringStatusListEntry',
      statusPurpose: this.statusPurpose,
      statusListIndex: String(this.allocator.allocate()),
      statusListCredential: this.uri,
    };
  }

  /**
   * Sets or clears the bit of an index. For `revocation`, a set bit cannot be cleared.
   *
   * @param index - the index
   * @param value - true to revoke / suspend, false to clear a suspension
   * @throws RangeError for a bad index, or clearing a revocation
   */
  set(index: number, value: boolean): void {
    if (typeof value !== 'boolean') throw new TypeError('value: expected a boolean');
    if (!value && this.statusPurpose === 'revocation' && this.bitstring.get(index) === 1) {
      throw new RangeError(`index ${index} is revoked; revocation is final`);
    }
    this.bitstring.set(index, value ? 1 : 0);
  }

  /** @returns whether the bit of an index is set */
  get(index: number): boolean {
    return this.bitstring.get(index) === 1;
  }

  /** @returns the unsigned `BitstringStatusListCredential` of the current bitstring */
  createCredential(): Record<string, unknown> {
    const nowMs = this.#now();
    const validFrom = new Date(Math.floor(nowMs / 1000) * 1000);
    const options: Parameters<typeof createBitstringStatusListCredential>[0] = {
      id: this.uri,
      issuer: this.#issuer,
      statusPurpose: this.statusPurpose,
      bitstring: this.bitstring,
      validFrom,
    };
    if (this.#validity > 0) options.validUntil = new Date(validFrom.getTime() + this.#validity * 1000);
    if (this.#ttlMs !== undefined) options.ttlMs = this.#ttlMs;
    return createBitstringStatusListCredential(options) as unknown as Record<string, unknown>;
  }

  /** @returns the secured credential (through the injected `sign`) */
  async signCredential(): Promise<Record<string, unknown>> {
    const signed = await this.#sign(this.createCredential());
    if (typeof signed !== 'object' || signed === null)
      throw new TypeError('sign: expected it to return an object');
    return signed;
  }

  /**
   * Secures the current list and appends it to its ledger topic as JSON.
   *
   * @param ledger - the ledger
   * @param topic - the topic (default {@link statusListTopic} of the URL)
   * @returns the secured credential and the receipt
   */
  async publish(
    ledger: LedgerClient,
    topic: string = statusListTopic(this.uri),
  ): Promise<{ credential: Record<string, unknown>; receipt: AppendReceipt }> {
    const credential = await this.signCredential();
    const receipt = await ledger.append(topic, utf8Encode(JSON.stringify(credential)));
    return { credential, receipt };
  }

  /** @returns the document to serve at the list URL (`application/vc`, UTF-8 JSON) */
  async document(): Promise<{ contentType: string; body: Uint8Array }> {
    return { contentType: 'application/vc', body: utf8Encode(JSON.stringify(await this.signCredential())) };
  }
}
