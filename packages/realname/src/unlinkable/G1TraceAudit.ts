import type { KeyPair } from '@realdid/crypto';
import { base64urlDecode, base64urlEncode, sha256 } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { concat, isPlainObject, utf8 } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { jsonBytes, jsonId, parseJsonBytes, signJson, verifyJson } from '../internal/signedJson.js';
import type {
  G1PartialDecryption,
  G1TraceCommittee,
  G1TraceRequest,
  G1TrusteeShare,
} from './G1TraceCommittee.js';

/** The ledger topic of a G1 committee's audit entries (separate from the SD-JWT mode's topic). */
export function g1TraceAuditTopic(committeeId: string): string {
  if (typeof committeeId !== 'string' || committeeId.length === 0)
    throw new TypeError('committeeId: expected a string');
  return `trace-audit-g1:${committeeId}`;
}

const b64 = base64urlEncode;

function requestJson(committeeId: string, r: G1TraceRequest, time: string) {
  return {
    type: 'g1-trace-request',
    committee: committeeId,
    id: r.id,
    committeeKey: b64(r.committeeKey),
    token: b64(r.token),
    reason: r.reason,
    c1Blinded: b64(r.c1Blinded),
    blindingProof: { c: b64(r.blindingProof.c), z: b64(r.blindingProof.z) },
    time,
  };
}

/**
 * Appends a request, signed by the requester's Ed25519 key, to the committee's audit topic.
 *
 * @returns the request's audit id (SHA-256 of the signed entry), which trustees answer by
 */
export async function logG1TraceRequest(
  ledger: LedgerClient,
  committeeId: string,
  request: G1TraceRequest,
  requester: KeyPair,
  now: Date = new Date(),
): Promise<string> {
  const entry = signJson(requestJson(committeeId, request, now.toISOString()), requester);
  await ledger.append(g1TraceAuditTopic(committeeId), jsonBytes(entry));
  return jsonId(entry);
}

/** Finds a logged, validly signed request by its audit id. */
async function findRequest(
  ledger: LedgerClient,
  committeeId: string,
  auditId: string,
): Promise<{ request: G1TraceRequest; requester: Uint8Array } | undefined> {
  for (const e of await ledger.read(g1TraceAuditTopic(committeeId))) {
    const v = parseJsonBytes(e.payload);
    if (v === undefined || v.type !== 'g1-trace-request' || v.committee !== committeeId) continue;
    if (jsonId(v) !== auditId) continue;
    const requester = verifyJson(v);
    if (requester === undefined) continue;
    try {
      const p = v.blindingProof as Record<string, unknown>;
      const request: G1TraceRequest = {
        id: v.id as string,
        committeeKey: base64urlDecode(v.committeeKey as string),
        token: base64urlDecode(v.token as string),
        reason: v.reason as string,
        c1Blinded: base64urlDecode(v.c1Blinded as string),
        blindingProof: { c: base64urlDecode(p.c as string), z: base64urlDecode(p.z as string) },
      };
      return { request, requester };
    } catch {
      // a malformed entry is skipped, as junk
    }
  }
  return undefined;
}

/** Options of a {@link G1Trustee}. */
export interface G1TrusteeOptions {
  committee: G1TraceCommittee;
  committeeId: string;
  share: G1TrusteeShare;
  /** The trustee's Ed25519 key; it signs approvals and refusals. */
  key: KeyPair;
  ledger: LedgerClient;
  /** The trustee's policy. */
  approve: (request: { reason: string; requester: Uint8Array }) => boolean;
}

/**
 * A trustee of the G1 committee: answers only requests it finds on the audit topic, signed and with
 * a valid blinding proof, and only if its policy approves; logs a signed approval (with the digest
 * of its partial) or refusal.
 */
export class G1Trustee {
  readonly #o: G1TrusteeOptions;

  constructor(options: G1TrusteeOptions) {
    if (!isPlainObject(options as unknown)) throw new TypeError('G1Trustee: expected options');
    if (typeof options.approve !== 'function') throw new TypeError('approve: expected a function');
    options.committee.checkShare(options.share);
    this.#o = options;
  }

  /**
   * @throws `ERR_TRACE_REQUEST_NOT_LOGGED`, `ERR_TRACE_REQUEST_INVALID`, `ERR_TRACE_REQUEST_REFUSED`
   */
  async answer(auditId: string): Promise<G1PartialDecryption> {
    const o = this.#o;
    if (typeof auditId !== 'string') throw new TypeError('auditId: expected a string');
    const found = await findRequest(o.ledger, o.committeeId, auditId);
    if (found === undefined) throw fail('ERR_TRACE_REQUEST_NOT_LOGGED', 'no such request on the audit topic');
    o.committee.checkRequest(found.request);
    const topic = g1TraceAuditTopic(o.committeeId);
    if (!o.approve({ reason: found.request.reason, requester: found.requester })) {
      await o.ledger.append(
        topic,
        jsonBytes(signJson({ type: 'g1-trace-refusal', request: auditId, index: o.share.index }, o.key)),
      );
      throw fail('ERR_TRACE_REQUEST_REFUSED', 'the trustee refused the request', { trustee: o.share.index });
    }
    const partial = o.committee.partial(o.share, found.request);
    const digest = b64(sha256(concat(utf8(auditId), partial.d, partial.proof.c, partial.proof.z)));
    await o.ledger.append(
      topic,
      jsonBytes(
        signJson({ type: 'g1-trace-partial', request: auditId, index: o.share.index, digest }, o.key),
      ),
    );
    return partial;
  }
}

/** Appends the opening record: the request, the trustees used, `SHA-256(audit id ‖ h·G)`; signed by the requester. */
export async function logG1TraceOpening(
  ledger: LedgerClient,
  committeeId: string,
  auditId: string,
  partials: readonly G1PartialDecryption[],
  handlePoint: Uint8Array,
  requester: KeyPair,
): Promise<void> {
  const entry = signJson(
    {
      type: 'g1-trace-opening',
      request: auditId,
      trustees: partials.map((p) => p.index),
      handleCommitment: b64(sha256(concat(utf8(auditId), handlePoint))),
    },
    requester,
  );
  await ledger.append(g1TraceAuditTopic(committeeId), jsonBytes(entry));
}
