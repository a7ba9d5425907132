import type { LedgerClient } from '@realdid/ledger';
import { bytesEqual } from '../internal/bytes.js';
import { jsonId, parseJsonBytes, verifyJson } from '../internal/signedJson.js';
import type { ReadTopicOptions } from '../RejectedLedgerEntry.js';
import type { TraceCommittee } from './TraceCommittee.js';
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
 * type for this committee; partials and refusals must be signed by the trustee's registered key;
 * every partial and opening must refer to a request logged before it.
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
  const requests = new Set<string>();
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
        requests.add(jsonId(v));
        break;
      case 'trace-partial':
      case 'trace-refusal': {
        const info = typeof v.index === 'number' ? committee.trustee(v.index) : undefined;
        if (info === undefined || info.id !== v.trustee || !bytesEqual(info.auditPublicKey, signer)) {
          return 'not signed by the trustee it names';
        }
        if (typeof v.request !== 'string' || !requests.has(v.request)) return 'refers to an unlogged request';
        break;
      }
      case 'trace-opening':
        if (typeof v.request !== 'string' || !requests.has(v.request)) return 'refers to an unlogged request';
        break;
      default:
        return 'unknown type';
    }
    seen.add(bodyId);
    return { v, signer };
  }
}

const REPLAYED = 'repeats an earlier entry';
