import {
  base64urlDecode,
  base64urlEncode,
  type Clock,
  type KeyPair,
  randomBytes,
  sha256,
  toClock,
} from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import {
  assertBytes,
  assertString,
  bytesEqual,
  isPlainObject,
  lengthPrefixed,
  utf8,
} from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { type GroupPoint, type Point, RISTRETTO255, type TraceGroup } from '../internal/group.js';
import { jsonBytes, jsonId, signJson, verifyJson } from '../internal/signedJson.js';
import {
  combine,
  deal,
  encrypt,
  proofFromBytes,
  publicShareFromCommitments,
  verifyPartial,
} from '../internal/threshold.js';
import {
  proveBlinding,
  requesterSecrets,
  sealAad,
  unseal,
  verifyBlinding,
} from '../internal/traceRequester.js';
import { traceAuditTopic } from './auditTopic.js';
import { TRACE_GROUPS, type TraceGroupName, type TraceTokenScheme, traceScheme } from './traceScheme.js';
import type {
  PartialDecryption,
  TraceCommitteeJson,
  TraceCommitteeParams,
  TraceOpening,
  TraceOpeningRecord,
  TraceRequest,
  TrusteeInfo,
  TrusteeShare,
} from './types.js';

let schemeOf: (committee: TraceCommittee) => TraceTokenScheme;

const COMMITTEE_ID = /^[A-Za-z0-9._-]{1,100}$/;
const MAX_TRUSTEES = 255;
const MAX_REASON = 2000;

/** Options of {@link TraceCommittee.deal}. */
export interface DealOptions {
  committeeId: string;
  /** k, 1 ≤ k ≤ n. */
  threshold: number;
  /** The n trustees, each with the Ed25519 public key that will sign its audit entries. */
  trustees: readonly { id: string; auditPublicKey: Uint8Array }[];
  /**
   * The group of the committee key: `ristretto255` (default; the SD-JWT mode's hybrid tokens) or
   * `bls12-381-g1` (the unlinkable mode's trace tokens).
   */
  group?: TraceGroupName;
}

/** Options of {@link TraceCommittee.request}. */
export interface TraceRequestOptions {
  /** The trace token as found in the credential, or an unlinkable account's `trace` (base64url). */
  token: string;
  /**
   * The context bytes the token is bound to (what the issuer bound, e.g. the credential id). A
   * Required for a `ristretto255` committee; a `bls12-381-g1` committee's tokens have none: leave
   * it out.
   */
  context?: Uint8Array | undefined;
  /** The lawful basis of the request. */
  reason: string;
  /** The requester's Ed25519 key pair; it signs the request. */
  requester: KeyPair;
  /** Where the request is logged. */
  ledger: LedgerClient;
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a fixed `Date`, or a function returning a `Date`; both are converted.
   */
  now?: Clock | Date | (() => Date);
}

/** Options of {@link TraceCommittee.combine}. */
export interface CombineOptions {
  request: TraceRequest;
  partials: readonly PartialDecryption[];
  /**
   * The requester's Ed25519 key pair (the one that signed the request): it derives the request's
   * secret blinding factor and decryption key, and signs the opening record.
   */
  opener: KeyPair;
  ledger: LedgerClient;
  /**
   * The clock: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a fixed `Date`, or a function returning a `Date`; both are converted.
   */
  now?: Clock | Date | (() => Date);
}

/**
 * A trace committee: n trustees holding Shamir shares (threshold k) of a ristretto255 ElGamal key.
 * Holds only public parameters. The authority encrypts real-name handles to it; opening a token
 * needs k partial decryptions, each proved correct with a Chaum–Pedersen proof, and every request,
 * partial and opening is appended, signed, to the ledger topic `trace-audit:<committeeId>`.
 *
 * @example
 * ```ts
 * const { committee, shares } = TraceCommittee.deal({ committeeId: 'c1', threshold: 2, trustees });
 * const token = committee.encrypt(handle, context);
 * ```
 */
export class TraceCommittee {
  readonly #params: TraceCommitteeParams;
  readonly #scheme: TraceTokenScheme;
  readonly #group: TraceGroup;
  readonly #commitments: GroupPoint[];
  readonly #publicKey: GroupPoint;
  readonly #publicShares: Map<number, GroupPoint>;

  /**
   * @param params - the committee's public parameters (validated)
   * @throws TypeError on wrong types; RealDidError `ERR_TRACE_MALFORMED` on malformed parameters
   */
  constructor(params: TraceCommitteeParams) {
    if (!isPlainObject(params)) throw new TypeError('TraceCommittee: expected parameters object');
    const { committeeId, threshold, commitments, trustees } = params;
    const groupName = params.group ?? 'ristretto255';
    if (!TRACE_GROUPS.includes(groupName)) {
      throw new TypeError(`group: expected one of ${TRACE_GROUPS.join(', ')}`);
    }
    this.#scheme = traceScheme(groupName);
    this.#group = this.#scheme.group;
    assertString(committeeId, 'committeeId');
    if (!COMMITTEE_ID.test(committeeId)) {
      throw new RangeError('committeeId: expected 1-100 characters of A-Z a-z 0-9 . _ -');
    }
    if (!Array.isArray(trustees) || !Array.isArray(commitments)) {
      throw new TypeError('TraceCommittee: commitments and trustees must be arrays');
    }
    const n = trustees.length;
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > n || n > MAX_TRUSTEES) {
      throw new RangeError(`TraceCommittee: need 1 ≤ threshold ≤ trustees ≤ ${MAX_TRUSTEES}`);
    }
    if (commitments.length !== threshold) {
      throw fail('ERR_TRACE_MALFORMED', `expected ${threshold} commitments, found ${commitments.length}`);
    }
    this.#commitments = commitments.map((c, j) => this.#group.pointFromBytes(c, `commitment ${j}`));
    this.#publicKey = this.#commitments[0]!;
    const ids = new Set<string>();
    const copy: TrusteeInfo[] = [];
    this.#publicShares = new Map();
    trustees.forEach((t, i) => {
      if (!isPlainObject(t)) throw new TypeError(`trustee ${i}: expected an object`);
      assertString(t.id, `trustee ${i} id`);
      assertBytes(t.auditPublicKey, `trustee ${i} auditPublicKey`, 32);
      if (t.index !== i + 1) throw fail('ERR_TRACE_MALFORMED', `trustee ${i}: expected index ${i + 1}`);
      if (ids.has(t.id)) throw fail('ERR_TRACE_MALFORMED', `duplicate trustee id "${t.id}"`);
      ids.add(t.id);
      copy.push({ index: t.index, id: t.id, auditPublicKey: t.auditPublicKey.slice() });
      this.#publicShares.set(t.index, publicShareFromCommitments(this.#commitments, t.index, this.#group));
    });
    this.#params = {
      committeeId,
      threshold,
      commitments: commitments.map((c) => c.slice()),
      trustees: copy,
      ...(groupName === 'ristretto255' ? {} : { group: groupName }),
    };
  }

  /**
   * Trusted-dealer key generation: draws a random degree-(k−1) polynomial, hands out x_i = f(i)
   * and publishes Feldman commitments so each trustee can check its share. The dealer's secret
   * and coefficients are wiped and never returned.
   *
   * @param options - committee id, threshold and trustees
   * @returns the committee (public) and one share per trustee (secret, to hand to that trustee)
   * @throws TypeError / RangeError on misuse
   */
  static deal(options: DealOptions): { committee: TraceCommittee; shares: TrusteeShare[] } {
    if (!isPlainObject(options)) throw new TypeError('deal: expected an options object');
    const { committeeId, threshold, trustees } = options;
    if (!Array.isArray(trustees)) throw new TypeError('deal: trustees must be an array');
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > trustees.length) {
      throw new RangeError('deal: need 1 ≤ threshold ≤ number of trustees');
    }
    const groupName = options.group ?? 'ristretto255';
    if (!TRACE_GROUPS.includes(groupName)) {
      throw new TypeError(`group: expected one of ${TRACE_GROUPS.join(', ')}`);
    }
    const group = traceScheme(groupName).group;
    const dealt = deal(threshold, trustees.length, group);
    const committee = new TraceCommittee({
      committeeId,
      threshold,
      commitments: dealt.commitments.map((c) => c.toBytes()),
      trustees: trustees.map((t, i) => ({ index: i + 1, id: t.id, auditPublicKey: t.auditPublicKey })),
      group: groupName,
    });
    const shares = dealt.shares.map((x, i) => ({
      committeeId,
      index: i + 1,
      id: trustees[i]!.id,
      secret: group.scalarToBytes(x),
    }));
    dealt.shares.fill(0n);
    return { committee, shares };
  }

  /** The committee's name. */
  get committeeId(): string {
    return this.#params.committeeId;
  }

  /** k. */
  get threshold(): number {
    return this.#params.threshold;
  }

  /** n. */
  get size(): number {
    return this.#params.trustees.length;
  }

  /** The group of the committee key. */
  get group(): TraceGroupName {
    return this.#group.name;
  }

  /** The ledger topic of this committee's audit log. */
  get auditTopic(): string {
    return traceAuditTopic(this.#params.committeeId, this.#group.name);
  }

  /** The committee public key Y (32 bytes). */
  get publicKey(): Uint8Array {
    return this.#publicKey.toBytes();
  }

  /** A copy of the public parameters. */
  get params(): TraceCommitteeParams {
    return {
      committeeId: this.#params.committeeId,
      threshold: this.#params.threshold,
      commitments: this.#params.commitments.map((c) => c.slice()),
      trustees: this.#params.trustees.map((t) => ({ ...t, auditPublicKey: t.auditPublicKey.slice() })),
      ...(this.#params.group === undefined ? {} : { group: this.#params.group }),
    };
  }

  /**
   * @param index - a trustee index 1..n
   * @returns the trustee's public share Y_i = x_i·G derived from the commitments
   */
  publicShare(index: number): Uint8Array {
    const p = this.#publicShares.get(index);
    if (p === undefined) throw new RangeError(`publicShare: no trustee with index ${index}`);
    return p.toBytes();
  }

  /**
   * @param index - a trustee index 1..n
   * @returns that trustee's public information, or undefined
   */
  trustee(index: number): TrusteeInfo | undefined {
    const t = this.#params.trustees[index - 1];
    return t === undefined ? undefined : { ...t, auditPublicKey: t.auditPublicKey.slice() };
  }

  /**
   * Feldman check of a share against the commitments.
   *
   * @param share - a trustee share
   * @returns true when x_i·G equals the public share the commitments imply for that index
   */
  verifyShare(share: TrusteeShare): boolean {
    if (!isPlainObject(share) || share.committeeId !== this.committeeId) return false;
    const info = this.#params.trustees[share.index - 1];
    if (info === undefined || info.id !== share.id || !(share.secret instanceof Uint8Array)) return false;
    try {
      const x = share.secret;
      if (x.length !== 32) return false;
      const yi = this.#publicShares.get(share.index)!;
      return bytesEqual(publicShareOf(this.#group, x), yi.toBytes());
    } catch {
      return false;
    }
  }

  /**
   * Encrypts an opaque real-name handle into a trace token (hybrid ElGamal: a fresh r, C1 = r·G,
   * AEAD key = HKDF-SHA-256(r·Y), XChaCha20-Poly1305 with the committee id and context as AAD).
   *
   * @param handle - the authority's pseudonymous record id (16 to 1024 bytes, typically 32 random bytes)
   * @param context - bytes the token is bound to (e.g. the credential id); needed again to open it
   * @returns the trace token, base64url
   * @throws TypeError / RangeError on misuse, and TypeError on a `bls12-381-g1` committee (its
   *   tokens are made by wallets, proved in their registration proofs)
   */
  encrypt(handle: Uint8Array, context: Uint8Array): string {
    if (this.#group !== RISTRETTO255) {
      throw new TypeError('encrypt: a bls12-381-g1 committee’s tokens are made by unlinkable-mode wallets');
    }
    assertBytes(handle, 'handle');
    assertBytes(context, 'context');
    if (handle.length < 16 || handle.length > 1024) throw new RangeError('handle: expected 16 to 1024 bytes');
    return base64urlEncode(encrypt(this.#publicKey as unknown as Point, this.committeeId, handle, context));
  }

  /**
   * Files a request to open a token: signs it with the requester's key and appends it to the
   * audit topic. Trustees answer only requests they find on the ledger.
   *
   * @param options - token, context, reason, requester key, ledger
   * @returns the signed request to send to the trustees
   * @throws RealDidError `ERR_TRACE_MALFORMED` when the token does not parse
   */
  async request(options: TraceRequestOptions): Promise<TraceRequest> {
    if (!isPlainObject(options)) throw new TypeError('request: expected an options object');
    assertString(options.token, 'token');
    // a ristretto255 token is bound to a context (required); a G1 token to none
    const context = options.context ?? (this.#group === RISTRETTO255 ? undefined : new Uint8Array(0));
    assertBytes(context, 'context');
    assertString(options.reason, 'reason');
    if (options.reason.length > MAX_REASON) throw new RangeError(`reason: at most ${MAX_REASON} characters`);
    const clock = toClock(options.now, 'now');
    if (!isPlainObject(options.requester) || options.requester.type !== 'Ed25519') {
      throw new TypeError('requester: expected an Ed25519 key pair');
    }
    const c1 = this.#scheme.c1Of(decodeB64(options.token, 'token'));
    const nonce = randomBytes(16);
    const group = this.#group;
    const secrets = requesterSecrets(options.requester.secretKey, nonce, this.committeeId, group);
    const blinded = c1.multiply(secrets.b);
    const body = {
      type: 'trace-request' as const,
      committee: this.committeeId,
      token: options.token,
      context: base64urlEncode(context),
      reason: options.reason,
      requestedAt: new Date(clock()).toISOString(),
      nonce: base64urlEncode(nonce),
      blinded: base64urlEncode(blinded.toBytes()),
      requesterKey: base64urlEncode(group.G.multiply(secrets.e).toBytes()),
    };
    const blindingProof = base64urlEncode(proveBlinding(secrets.b, c1, blinded, jsonBytes(body), group));
    secrets.b = 0n;
    secrets.e = 0n;
    const signed = signJson({ ...body, blindingProof }, options.requester);
    await options.ledger.append(this.auditTopic, jsonBytes(signed));
    return signed;
  }

  /**
   * Checks a request: shape, committee, signature, token syntax.
   *
   * @param request - a request as received
   * @returns the request id and the requester's public key
   * @throws RealDidError `ERR_TRACE_REQUEST_INVALID` / `ERR_TRACE_MALFORMED`
   */
  checkRequest(request: unknown): {
    id: string;
    requester: Uint8Array;
    token: Uint8Array;
    context: Uint8Array;
  } {
    const { id, requester, token, context } = checkTraceRequest(this, request);
    return { id, requester, token, context };
  }

  /**
   * Opens and verifies one sealed partial decryption, as only the requester can: the approval's
   * signature by the trustee's registered audit key, the request it names, the digest of the
   * sealed partial, the seal (opened with the request's secret key, derived from `requester`) and
   * the Chaum–Pedersen proof against the trustee's public share and the blinded `C1'`.
   *
   * @param request - the (checked) request
   * @param partial - a sealed partial as received
   * @param requester - the requester's Ed25519 key pair (the one that signed the request)
   * @returns the trustee index and `D_i'`
   * @throws RealDidError `ERR_TRACE_PARTIAL_INVALID` carrying `trustee` (its id, when known) and
   *   `index`; `ERR_TRACE_REQUEST_INVALID` when `requester` did not sign the request
   */
  verifyPartial(
    request: TraceRequest,
    partial: unknown,
    requester: KeyPair,
  ): { index: number; d: GroupPoint } {
    const checked = checkTraceRequest(this, request);
    const secrets = this.#requesterSecrets(checked, requester);
    return this.#verifyPartial(checked, secrets.e, partial).opened;
  }

  #requesterSecrets(checked: CheckedRequest, requester: unknown) {
    if (!isPlainObject(requester) || !(requester.secretKey instanceof Uint8Array)) {
      throw new TypeError('requester: expected the Ed25519 key pair that signed the request');
    }
    if (requester.type !== 'Ed25519' || !bytesEqual(requester.publicKey as Uint8Array, checked.requester)) {
      throw fail('ERR_TRACE_REQUEST_INVALID', 'only the requester of a request can open its partials');
    }
    const secrets = requesterSecrets(requester.secretKey, checked.nonce, this.committeeId, this.#group);
    if (!bytesEqual(this.#group.G.multiply(secrets.e).toBytes(), checked.requesterKey.toBytes())) {
      throw fail('ERR_TRACE_REQUEST_INVALID', 'the request key was not derived from this requester key');
    }
    return secrets;
  }

  #verifyPartial(
    checked: CheckedRequest,
    e: bigint,
    partial: unknown,
  ): { opened: { index: number; d: GroupPoint }; approvalId: string } {
    if (!isPlainObject(partial) || partial.type !== 'trace-sealed-partial') {
      throw fail('ERR_TRACE_PARTIAL_INVALID', 'expected a trace-sealed-partial object', {
        trustee: undefined,
      });
    }
    const index = partial.index;
    const info = typeof index === 'number' ? this.#params.trustees[index - 1] : undefined;
    const who = {
      trustee: info?.id ?? (typeof partial.trustee === 'string' ? partial.trustee : undefined),
      index,
    };
    const bad = (why: string, cause?: unknown) =>
      fail(
        'ERR_TRACE_PARTIAL_INVALID',
        `partial decryption from trustee "${String(who.trustee)}": ${why}`,
        who,
        cause,
      );
    if (info === undefined || typeof index !== 'number') throw bad('unknown trustee index');
    if (partial.trustee !== info.id) throw bad('trustee id does not match its index');
    if (partial.committee !== this.committeeId) throw bad('wrong committee');
    if (partial.request !== checked.id) throw bad('answers another request');
    const approval = partial.approval;
    if (
      !isPlainObject(approval) ||
      approval.type !== 'trace-partial' ||
      approval.committee !== this.committeeId ||
      approval.request !== checked.id ||
      approval.trustee !== info.id ||
      approval.index !== index
    ) {
      throw bad('the approval does not match the partial');
    }
    const signer = verifyJson(approval);
    if (signer === undefined || !bytesEqual(signer, info.auditPublicKey))
      throw bad('signature does not verify');
    if (typeof partial.share !== 'string') throw bad('malformed');
    let sealed: Uint8Array;
    try {
      sealed = decodeB64(partial.share, 'share');
    } catch (cause) {
      throw bad('malformed', cause);
    }
    if (approval.sealed !== base64urlEncode(sha256(sealed)))
      throw bad('the sealed partial is not the one approved');
    const group = this.#group;
    const len = group.pointLength;
    const plain = unseal(e, sealed, sealAad(this.committeeId, checked.id, index), group);
    if (plain === undefined || plain.length !== len + 64) throw bad('the seal does not open');
    let d: GroupPoint;
    let proof: ReturnType<typeof proofFromBytes>;
    try {
      d = group.pointFromBytes(plain.subarray(0, len), 'partial share');
      proof = proofFromBytes(plain.subarray(len), group);
    } catch (cause) {
      throw bad('malformed', cause);
    }
    if (
      !verifyPartial(
        this.#publicShares.get(index)!,
        checked.blinded,
        d,
        proof,
        dleqBinding(this.committeeId, checked.id, index),
        group,
      )
    ) {
      throw bad('Chaum–Pedersen proof does not verify');
    }
    return { opened: { index, d }, approvalId: jsonId(approval) };
  }

  /**
   * Opens a token as the requester of an approved request: opens and verifies every sealed partial
   * (a bad one is rejected naming its trustee), interpolates `b·x·C1` from k of them, removes the
   * blinding, decrypts, and appends an opening record signed by the requester and naming the
   * request and the approvals it used.
   *
   * @param options - request, sealed partials, the requester's key pair (`opener`), ledger
   * @returns the handle and the audit record
   * @throws RealDidError `ERR_TRACE_PARTIAL_INVALID` (with `trustee`), `ERR_TRACE_NOT_ENOUGH_PARTIALS`,
   *   `ERR_TRACE_DECRYPT_FAILED`, `ERR_TRACE_REQUEST_INVALID` (also when `opener` is not the requester)
   */
  async combine(options: CombineOptions): Promise<TraceOpening> {
    if (!isPlainObject(options) || !Array.isArray(options.partials)) {
      throw new TypeError('combine: expected { request, partials[], opener, ledger }');
    }
    const clock = toClock(options.now, 'now');
    const checked = checkTraceRequest(this, options.request);
    const secrets = this.#requesterSecrets(checked, options.opener);
    const chosen = new Map<number, GroupPoint>();
    const names: string[] = [];
    const approvals: string[] = [];
    for (const p of options.partials) {
      const { opened, approvalId } = this.#verifyPartial(checked, secrets.e, p);
      const { index, d } = opened;
      if (chosen.has(index)) {
        const t = this.#params.trustees[index - 1]!.id;
        throw fail('ERR_TRACE_PARTIAL_INVALID', `duplicate partial from trustee "${t}"`, {
          trustee: t,
          index,
        });
      }
      chosen.set(index, d);
      names.push(this.#params.trustees[index - 1]!.id);
      approvals.push(approvalId);
    }
    if (chosen.size < this.threshold) {
      throw fail(
        'ERR_TRACE_NOT_ENOUGH_PARTIALS',
        `need ${this.threshold} valid partial decryptions, found ${chosen.size}`,
      );
    }
    const group = this.#group;
    const shared = group.mul(combine(chosen, group), group.invert(secrets.b));
    secrets.b = 0n;
    secrets.e = 0n;
    const handle = this.#scheme.open(
      shared,
      checked.token,
      this.#publicKey,
      this.committeeId,
      checked.context,
    );
    const record = signJson(
      {
        type: 'trace-opening' as const,
        committee: this.committeeId,
        request: checked.id,
        trustees: names,
        approvals,
        handleCommitment: base64urlEncode(sha256(lengthPrefixed(utf8(checked.id), handle))),
        openedAt: new Date(clock()).toISOString(),
      },
      options.opener,
    ) satisfies TraceOpeningRecord;
    await options.ledger.append(this.auditTopic, jsonBytes(record));
    return { handle, record };
  }

  static {
    schemeOf = (committee) => committee.#scheme;
  }

  /** @returns the JSON form (bytes as base64url) */
  toJSON(): TraceCommitteeJson {
    return {
      committeeId: this.#params.committeeId,
      threshold: this.#params.threshold,
      commitments: this.#params.commitments.map((c) => base64urlEncode(c)),
      trustees: this.#params.trustees.map((t) => ({
        index: t.index,
        id: t.id,
        auditPublicKey: base64urlEncode(t.auditPublicKey),
      })),
      ...(this.#params.group === undefined ? {} : { group: this.#params.group }),
    };
  }

  /**
   * @param json - the output of {@link TraceCommittee.toJSON} (or its JSON text parsed)
   * @returns the committee
   * @throws RealDidError `ERR_TRACE_MALFORMED`
   */
  static fromJSON(json: unknown): TraceCommittee {
    if (!isPlainObject(json) || !Array.isArray(json.commitments) || !Array.isArray(json.trustees)) {
      throw fail('ERR_TRACE_MALFORMED', 'expected a committee JSON object');
    }
    if (json.group !== undefined && !TRACE_GROUPS.includes(json.group as TraceGroupName)) {
      throw fail('ERR_TRACE_MALFORMED', 'group: not a known group');
    }
    return new TraceCommittee({
      ...(json.group === undefined ? {} : { group: json.group as TraceGroupName }),
      committeeId: String(json.committeeId),
      threshold: Number(json.threshold),
      commitments: json.commitments.map((c: unknown) => decodeB64(c, 'commitment')),
      trustees: json.trustees.map((t: unknown) => {
        if (!isPlainObject(t)) throw fail('ERR_TRACE_MALFORMED', 'trustee: expected an object');
        return {
          index: Number(t.index),
          id: String(t.id),
          auditPublicKey: decodeB64(t.auditPublicKey, 'auditPublicKey'),
        };
      }),
    });
  }
}

/**
 * The checks of {@link TraceCommittee.checkRequest} (shape, committee, signature, token syntax),
 * also returning the parsed token so that its users (combining, verifying partials, a trustee's
 * answer) do not parse it again.
 */
export function checkTraceRequest(committee: TraceCommittee, request: unknown): CheckedRequest {
  const committeeId = committee.committeeId;
  const scheme = schemeOf(committee);
  const group = scheme.group;
  if (!isPlainObject(request) || request.type !== 'trace-request') {
    throw fail('ERR_TRACE_REQUEST_INVALID', 'expected a trace-request object');
  }
  if (request.committee !== committeeId) {
    const named = typeof request.committee === 'string' ? `"${request.committee.slice(0, 80)}"` : 'no string';
    throw fail('ERR_TRACE_REQUEST_INVALID', `request is for committee ${named}`);
  }
  for (const f of REQUEST_STRINGS) {
    if (typeof request[f] !== 'string')
      throw fail('ERR_TRACE_REQUEST_INVALID', `request.${f}: expected a string`);
  }
  const requester = verifyJson(request);
  if (requester === undefined) throw fail('ERR_TRACE_REQUEST_INVALID', 'request signature does not verify');
  const token = decodeB64(request.token as string, 'token');
  const c1 = scheme.c1Of(token);
  const blinded = group.pointFromBytes(decodeB64(request.blinded, 'blinded'), 'blinded C1');
  const requesterKey = group.pointFromBytes(decodeB64(request.requesterKey, 'requesterKey'), 'requesterKey');
  const nonce = decodeB64(request.nonce, 'nonce');
  if (nonce.length !== 16) throw fail('ERR_TRACE_REQUEST_INVALID', 'request.nonce: expected 16 bytes');
  const { proof: _p, blindingProof, ...body } = request;
  if (!verifyBlinding(decodeB64(blindingProof, 'blindingProof'), c1, blinded, jsonBytes(body), group)) {
    throw fail('ERR_TRACE_REQUEST_INVALID', 'the blinded C1 is not proved to blind this token');
  }
  return {
    id: jsonId(request),
    requester,
    token,
    context: decodeB64(request.context as string, 'context'),
    c1,
    blinded,
    requesterKey,
    nonce,
  };
}

const REQUEST_STRINGS = [
  'token',
  'context',
  'reason',
  'requestedAt',
  'nonce',
  'blinded',
  'requesterKey',
  'blindingProof',
] as const;

/** A request after {@link checkTraceRequest}. */
export interface CheckedRequest {
  id: string;
  requester: Uint8Array;
  token: Uint8Array;
  context: Uint8Array;
  /** The token's C1. */
  c1: GroupPoint;
  /** C1' = b·C1. */
  blinded: GroupPoint;
  /** E = e·G. */
  requesterKey: GroupPoint;
  nonce: Uint8Array;
}

/** The transcript binding of a partial: committee, request id, trustee index. */
export function dleqBinding(committeeId: string, requestId: string, index: number): Uint8Array {
  return lengthPrefixed(
    utf8('realdid/trace/v1/partial'),
    utf8(committeeId),
    utf8(requestId),
    utf8(String(index)),
  );
}

function publicShareOf(group: TraceGroup, secret: Uint8Array): Uint8Array {
  const x = group.scalarFromBytes(secret, 'share');
  if (x === 0n) throw fail('ERR_TRACE_SHARE_INVALID', 'share is zero');
  return group.G.multiply(x).toBytes();
}

/** The group a committee's key lives in, for its trustees. Not exported from the package. */
export function groupOf(committee: TraceCommittee): TraceGroup {
  return schemeOf(committee).group;
}

/** Decodes base64url with a coded error. */
export function decodeB64(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string') throw fail('ERR_TRACE_MALFORMED', `${what}: expected a base64url string`);
  try {
    return base64urlDecode(value);
  } catch (cause) {
    throw fail('ERR_TRACE_MALFORMED', `${what}: not base64url`, undefined, cause);
  }
}
