/**
 * Whether the paths a presentation disclosed are exactly the claims a relying party asked for:
 * each a top-level claim that was asked for, none twice, as many as were asked for. The same
 * verdict as comparing the sorted dotted paths with the sorted request, for claim names without
 * `.` or `,` (every real-name claim), with no sorting or joining on the way.
 *
 * @param disclosed - the disclosed claim paths (from the SD-JWT verifier)
 * @param requested - the claims asked for, each once
 * @returns true when they are the same set
 */
export function disclosedExactly(
  disclosed: readonly (readonly (string | number)[])[],
  requested: readonly string[],
): boolean {
  const n = requested.length;
  if (disclosed.length !== n) return false;
  // requested holds at most the ten real-name claims: a bit per position
  if (n > 30) return false;
  let seen = 0;
  for (const p of disclosed) {
    if (p.length !== 1) return false;
    const k = typeof p[0] === 'string' ? requested.indexOf(p[0]) : -1;
    if (k < 0 || (seen & (1 << k)) !== 0) return false;
    seen |= 1 << k;
  }
  return true;
}
