import { base64urlEncode, type KeyPair, sha256 } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { assertBytes, bytesEqual, concat, isPlainObject } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { jsonBytes, jsonId, signJson } from '../internal/signedJson.js';
import { partialDecrypt, proofToBytes } from '../internal/threshold.js';
import { seal, sealAad } from '../internal/traceRequester.js';
import { readTraceAudit } from './readTraceAudit.js';
import {
  type CheckedRequest,
  checkTraceRequest,
  dleqBinding,
  groupOf,
  type TraceCommittee,
} from './TraceCommittee.js';
import type {
  PartialDecryption,
  TraceApprovalRecord,
  TraceRefusal,
  TraceRequest,
  TrusteeShare,
} from './types.js';

/**
 * A trustee's decision on a request: `true` to take part in opening it. This is where a trustee
 * checks the lawful basis (`request.reason`), who asked (`requester`) and its own policy.
 */
export type TraceApproval = (request: TraceRequest, requester: Uint8Array) => boolean | Promise<boolean>;

/** One line of a trustee's local log. */
export interface TrusteeLogEntry {
  /** The request id. */
  request: string;
  decision: 'partial' | 'refused';
  /** The requester's public key (multibase in the request's proof). */
  requesterKid: string;
  reason: string;
  at: string;
}

/** Options of the {@link Trustee} constructor. */
export interface TrusteeOptions {
  /** The share the dealer handed over; checked against the committee's Feldman commitments. */
  share: TrusteeShare;
  committee: TraceCommittee;
  /** The trustee's Ed25519 key pair; its public key must be the one the committee lists. */
  auditKey: KeyPair;
  /** Where requests are looked up and partials are logged. */
  ledger: LedgerClient;
  /** The trustee's policy. */
  approve: TraceApproval;
  /** Clock (default: `() => new Date()`). */
  clock?: () => Date;
}

/**
 * One trustee of a trace committee. Holds its secret share (verified against the committee's
 * Feldman commitments on construction), answers logged and approved requests with a partial
 * decryption of the request's blinded ciphertext and a Chaum–Pedersen proof, sealed to the
 * requester; signs and logs each approval (or refusal) on the ledger, and keeps a local log.
 *
 * @example
 * ```ts
 * const t = new Trustee({ share, committee, auditKey, ledger, approve: (req) => req.reason.startsWith('warrant:') });
 * const partial = await t.partialDecrypt(request);
 * ```
 */
export class Trustee {
  readonly #share: bigint;
  readonly #info: TrusteeShare;
  readonly #committee: TraceCommittee;
  readonly #key: KeyPair;
  readonly #ledger: LedgerClient;
  readonly #approve: TraceApproval;
  readonly #clock: () => Date;
  readonly #log: TrusteeLogEntry[] = [];

  /**
   * @param options - share, committee, audit key, ledger, approval policy
   * @throws RealDidError `ERR_TRACE_SHARE_INVALID` when the share fails the Feldman check or the
   *   audit key is not the one the committee lists; TypeError on misuse
   */
  constructor(options: TrusteeOptions) {
    if (!isPlainObject(options)) throw new TypeError('Trustee: expected an options object');
    const { share, committee, auditKey, ledger, approve } = options;
    if (!isPlainObject(share)) throw new TypeError('Trustee: share must be an object');
    assertBytes(share.secret, 'share.secret', 32);
    if (typeof approve !== 'function') throw new TypeError('Trustee: approve must be a function');
    if (!isPlainObject(auditKey) || auditKey.type !== 'Ed25519') {
      throw new TypeError('Trustee: auditKey must be an Ed25519 key pair');
    }
    if (ledger === null || typeof ledger !== 'object') throw new TypeError('Trustee: ledger is required');
    if (!committee.verifyShare(share)) {
      throw fail(
        'ERR_TRACE_SHARE_INVALID',
        `share of trustee "${String(share.id)}" fails the Feldman check`,
        {
          trustee: share.id,
        },
      );
    }
    const info = committee.trustee(share.index)!;
    if (!bytesEqual(info.auditPublicKey, auditKey.publicKey)) {
      throw fail(
        'ERR_TRACE_SHARE_INVALID',
        `audit key of trustee "${info.id}" is not the one the committee lists`,
      );
    }
    this.#share = groupOf(committee).scalarFromBytes(share.secret, 'share');
    this.#info = { ...share, secret: new Uint8Array(0) };
    this.#committee = committee;
    this.#key = auditKey;
    this.#ledger = ledger;
    this.#approve = approve;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** The trustee's name. */
  get id(): string {
    return this.#info.id;
  }

  /** The trustee's share index. */
  get index(): number {
    return this.#info.index;
  }

  /** A copy of the trustee's local log. */
  get log(): TrusteeLogEntry[] {
    return this.#log.map((e) => ({ ...e }));
  }

  /** Looks for the request on the audit topic, newest pages first (requests are usually recent). */
  async #isLogged(bytes: Uint8Array): Promise<boolean> {
    const topic = this.#committee.auditTopic;
    const page = 256;
    for (let end = await this.#ledger.size(topic); end > 0; end -= page) {
      const from = Math.max(0, end - page);
      const entries = await this.#ledger.read(topic, { from, limit: end - from });
      if (entries.some((e) => bytesEqual(e.payload, bytes))) return true;
    }
    return false;
  }

  /**
   * One open request per token and requester: a requester who knows the blinding factors of two
   * of its own requests could combine the partials given to each. So a request is answered only if
   * every earlier request of the same requester for the same token was opened, or can no longer be
   * (more than n − k trustees refused it).
   */
  async #onlyOpenRequest(checked: CheckedRequest): Promise<boolean> {
    const entries = await readTraceAudit(this.#ledger, this.#committee);
    const earlier = new Set<string>();
    const opened = new Set<string>();
    const refusals = new Map<string, Set<number>>();
    let before = true;
    for (const { entry, signer } of entries) {
      if (entry.type === 'trace-request') {
        const id = jsonId(entry);
        if (id === checked.id) before = false;
        const same = entry.token === base64urlEncode(checked.token) && bytesEqual(signer, checked.requester);
        if (before && same) earlier.add(id);
      } else if (entry.type === 'trace-opening') {
        opened.add(entry.request);
      } else if (entry.type === 'trace-refusal') {
        refusals.set(entry.request, (refusals.get(entry.request) ?? new Set()).add(entry.index));
      }
    }
    const cannotOpen = this.#committee.size - this.#committee.threshold + 1;
    return [...earlier].every((id) => opened.has(id) || (refusals.get(id)?.size ?? 0) >= cannotOpen);
  }

  /**
   * Answers a request: checks its signature, committee and blinding proof, checks it is on the
   * audit topic, refuses it while an earlier request of the same requester for the same token is
   * still open (neither opened nor refused by more than n − k trustees), asks the approval policy,
   * then computes `D_i' = x_i·C1'` on the request's blinded
   * `C1'` with its Chaum–Pedersen proof and seals both to the request's `requesterKey`. The signed
   * approval (naming the request and the digest of the sealed partial, never the partial) is
   * appended to the audit topic; the sealed partial is returned for the requester alone. A refusal
   * is signed and logged too.
   *
   * @param request - the signed request
   * @returns the sealed partial decryption with the signed approval (send it to the requester only)
   * @throws RealDidError `ERR_TRACE_REQUEST_INVALID`, `ERR_TRACE_REQUEST_NOT_LOGGED`,
   *   `ERR_TRACE_REQUEST_REFUSED`, `ERR_TRACE_MALFORMED`
   */
  async partialDecrypt(request: TraceRequest): Promise<PartialDecryption> {
    const checked = checkTraceRequest(this.#committee, request);
    const bytes = jsonBytes(request);
    if (!(await this.#isLogged(bytes))) {
      throw fail(
        'ERR_TRACE_REQUEST_NOT_LOGGED',
        'the request is not on the audit topic; trustees answer only logged requests',
      );
    }
    const at = this.#clock().toISOString();
    const logLine = { request: checked.id, requesterKid: request.proof.kid, reason: request.reason, at };
    if (!(await this.#onlyOpenRequest(checked)) || !(await this.#approve(request, checked.requester))) {
      const refusal = signJson(
        {
          type: 'trace-refusal' as const,
          committee: this.#committee.committeeId,
          request: checked.id,
          trustee: this.#info.id,
          index: this.#info.index,
          refusedAt: at,
        },
        this.#key,
      ) satisfies TraceRefusal;
      await this.#ledger.append(this.#committee.auditTopic, jsonBytes(refusal));
      this.#log.push({ ...logLine, decision: 'refused' });
      throw fail('ERR_TRACE_REQUEST_REFUSED', `trustee "${this.#info.id}" refused the request`, {
        trustee: this.#info.id,
      });
    }
    const group = groupOf(this.#committee);
    const { d, proof } = partialDecrypt(
      this.#share,
      checked.blinded,
      dleqBinding(this.#committee.committeeId, checked.id, this.#info.index),
      group,
    );
    const sealed = seal(
      checked.requesterKey,
      concat(d.toBytes(), proofToBytes(proof, group)),
      sealAad(this.#committee.committeeId, checked.id, this.#info.index),
      group,
    );
    const approval = signJson(
      {
        type: 'trace-partial' as const,
        committee: this.#committee.committeeId,
        request: checked.id,
        trustee: this.#info.id,
        index: this.#info.index,
        sealed: base64urlEncode(sha256(sealed)),
        approvedAt: at,
      },
      this.#key,
    ) satisfies TraceApprovalRecord;
    await this.#ledger.append(this.#committee.auditTopic, jsonBytes(approval));
    const partial: PartialDecryption = {
      type: 'trace-sealed-partial',
      committee: this.#committee.committeeId,
      request: checked.id,
      trustee: this.#info.id,
      index: this.#info.index,
      share: base64urlEncode(sealed),
      approval,
    };
    this.#log.push({ ...logLine, decision: 'partial' });
    return partial;
  }
}
