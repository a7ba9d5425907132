import { assertString } from '../internal/bytes.js';

/**
 * The ledger topic where a trace committee's requests, partial decryptions, refusals and
 * openings are appended.
 *
 * @param committeeId - the committee's name
 * @returns `trace-audit:<committeeId>`
 * @throws TypeError when committeeId is not a string
 * @example
 * ```ts
 * traceAuditTopic('national-2026'); // 'trace-audit:national-2026'
 * ```
 */
export function traceAuditTopic(committeeId: string): string {
  assertString(committeeId, 'committeeId');
  return `trace-audit:${committeeId}`;
}
