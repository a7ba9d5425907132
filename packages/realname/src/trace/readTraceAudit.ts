import type { LedgerClient } from '@realdid/ledger';
import { bytesEqual } from '../internal/bytes.js';
import { jsonId, parseJsonBytes, verifyJson } from '../internal/signedJson.js';
import type { ReadTopicOptions } from '../RejectedLedgerEntry.js';
import { checkTraceRequest, type TraceCommittee } from './TraceCommittee.js';
import type { TraceAuditEntry } from './types.js';

/** One verified entry of a committee's audit topic. */
export interface VerifiedAuditEntry {
  position: number;
  time: string;
  entry: TraceAuditEntry;
  /** The Ed25519 key that signed the entry. */
  signer: Uint8Array;
}

/**
 * Reads and verifies a committee's audit topic: an entry counts when it is signed JSON of a known
 * type for this committee. A request must verify as one (signature, blinding proof); approvals
 * (`trace-partial`, holding only the digest of a sealed partial) and refusals must be signed by
 * the trustee's registered key and refer to a request logged before them; an opening must be
 * signed by the requester of its request and name k approvals of that request logged before it.
 * So the entries of one opening form a hash-linked chain rooted at its request.
 *
 * Anyone may append to the topic, so an entry that fails any of these checks is **skipped**
 * (`ERR_TRACE_AUDIT_INVALID`), and so is a copy of an earlier entry (`ERR_TRACE_AUDIT_REPLAYED`):
 * it is not listed, and `options.onRejected` is called with its position and code. Junk on the
 * topic never hides the genuine entries. Alert on rejected entries as on requests.
 *
 * @param ledger - the ledger
 * @param committee - the committee
 * @param options - `onRejected`, called for each skipped entry
 * @returns the verified entries in ledger order
 */
export async function readTraceAudit(
  ledger: LedgerClient,
  committee: TraceCommittee,
  options: ReadTopicOptions = {},
): Promise<VerifiedAuditEntry[]> {
  const onRejected = options?.onRejected;
  if (onRejected !== undefined && typeof onRejected !== 'function') {
    throw new TypeError('onRejected: expected a function');
  }
  const out: VerifiedAuditEntry[] = [];
  /** Logged requests: id → the requester's signing key. */
  const requests = new Map<string, Uint8Array>();
  /** Logged approvals: id → the request they approve. */
  const approvals = new Map<string, string>();
  const seen = new Set<string>();
  for (const e of await ledger.read(committee.auditTopic)) {
    const why = check(e.payload);
    if (typeof why === 'string') {
      onRejected?.({
        position: e.position,
        code: why === REPLAYED ? 'ERR_TRACE_AUDIT_REPLAYED' : 'ERR_TRACE_AUDIT_INVALID',
        reason: why,
      });
      continue;
    }
    out.push({
      position: e.position,
      time: e.time,
      entry: why.v as unknown as TraceAuditEntry,
      signer: why.signer,
    });
  }
  return out;

  function check(payload: Uint8Array): string | { v: Record<string, unknown>; signer: Uint8Array } {
    const v = parseJsonBytes(payload);
    if (v === undefined) return 'not a JSON object';
    const signer = verifyJson(v);
    if (signer === undefined) return 'signature does not verify';
    if (v.committee !== committee.committeeId) return 'wrong committee';
    const { proof: _proof, ...body } = v;
    const bodyId = jsonId(body);
    if (seen.has(bodyId)) return REPLAYED;
    switch (v.type) {
      case 'trace-request':
        try {
          checkTraceRequest(committee, v);
        } catch {
          return 'malformed request';
        }
        requests.set(jsonId(v), signer);
        break;
      case 'trace-partial':
      case 'trace-refusal': {
        const info = typeof v.index === 'number' ? committee.trustee(v.index) : undefined;
        if (info === undefined || info.id !== v.trustee || !bytesEqual(info.auditPublicKey, signer)) {
          return 'not signed by the trustee it names';
        }
        if (typeof v.request !== 'string' || !requests.has(v.request)) return 'refers to an unlogged request';
        if (v.type === 'trace-partial') {
          if (typeof v.sealed !== 'string' || 'share' in v) return 'not an approval of a sealed partial';
          approvals.set(jsonId(v), v.request);
        }
        break;
      }
      case 'trace-opening': {
        const requester = typeof v.request === 'string' ? requests.get(v.request) : undefined;
        if (requester === undefined) return 'refers to an unlogged request';
        if (!bytesEqual(requester, signer)) return 'not signed by the requester of its request';
        if (
          !Array.isArray(v.approvals) ||
          v.approvals.length < committee.threshold ||
          v.approvals.some((a) => typeof a !== 'string' || approvals.get(a) !== v.request)
        ) {
          return 'does not name k logged approvals of its request';
        }
        break;
      }
      default:
        return 'unknown type';
    }
    seen.add(bodyId);
    return { v, signer };
  }
}

const REPLAYED = 'repeats an earlier entry';
