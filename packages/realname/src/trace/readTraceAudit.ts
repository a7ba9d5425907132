import type { LedgerClient } from '@realdid/ledger';
import { bytesEqual } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { jsonId, parseJsonBytes, verifyJson } from '../internal/signedJson.js';
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
 * Reads and verifies a committee's audit topic: every entry must be signed JSON of a known type
 * for this committee; partials and refusals must be signed by the trustee's registered key; every
 * partial and opening must refer to a request logged before it.
 *
 * @param ledger - the ledger
 * @param committee - the committee
 * @returns the verified entries in ledger order
 * @throws RealDidError `ERR_TRACE_AUDIT_INVALID` naming the position of the first bad entry
 */
export async function readTraceAudit(
  ledger: LedgerClient,
  committee: TraceCommittee,
): Promise<VerifiedAuditEntry[]> {
  const out: VerifiedAuditEntry[] = [];
  const requests = new Set<string>();
  for (const e of await ledger.read(committee.auditTopic)) {
    const bad = (why: string) =>
      fail('ERR_TRACE_AUDIT_INVALID', `audit entry at position ${e.position}: ${why}`);
    const v = parseJsonBytes(e.payload);
    if (v === undefined) throw bad('not a JSON object');
    const signer = verifyJson(v);
    if (signer === undefined) throw bad('signature does not verify');
    if (v.committee !== committee.committeeId) throw bad('wrong committee');
    switch (v.type) {
      case 'trace-request':
        requests.add(jsonId(v));
        break;
      case 'trace-partial':
      case 'trace-refusal': {
        const info = typeof v.index === 'number' ? committee.trustee(v.index) : undefined;
        if (info === undefined || info.id !== v.trustee || !bytesEqual(info.auditPublicKey, signer)) {
          throw bad('not signed by the trustee it names');
        }
        if (typeof v.request !== 'string' || !requests.has(v.request))
          throw bad('refers to an unlogged request');
        break;
      }
      case 'trace-opening':
        if (typeof v.request !== 'string' || !requests.has(v.request))
          throw bad('refers to an unlogged request');
        break;
      default:
        throw bad(`unknown type ${JSON.stringify(v.type)}`);
    }
    out.push({ position: e.position, time: e.time, entry: v as unknown as TraceAuditEntry, signer });
  }
  return out;
}
