import { assertString } from '../internal/bytes.js';

/**
 * The ledger topic where a trace committee's requests, partial decryptions, refusals and
 * openings are appended.
 *
 * @param committeeId - the committee's name
 * @param group - the committee's group (default `ristretto255`)
 * @returns `trace-audit:<committeeId>`, or `trace-audit-g1:<committeeId>` for a BLS12-381 G1
 *   committee (the unlinkable mode's)
 * @throws TypeError when committeeId is not a string
 * @example
 * ```ts
 * traceAuditTopic('national-2026'); // 'trace-audit:national-2026'
 * ```
 */
export function traceAuditTopic(
  committeeId: string,
  group: 'ristretto255' | 'bls12-381-g1' = 'ristretto255',
): string {
  assertString(committeeId, 'committeeId');
  return group === 'bls12-381-g1' ? `trace-audit-g1:${committeeId}` : `trace-audit:${committeeId}`;
}
