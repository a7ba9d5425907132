/**
 * The status values that the Token Status List defines (draft-ietf-oauth-status-list §7.1).
 * Values 3 and up (with 2, 4 or 8 bits per entry) are application-specific.
 *
 * @example
 * ```ts
 * import { TokenStatus } from '@realdid/status';
 * TokenStatus.SUSPENDED; // 2
 * ```
 */
export const TokenStatus = {
  /** The credential is valid, correct or legal. */
  VALID: 0,
  /** The credential is revoked, annulled, taken back or otherwise invalidated. Not reversible. */
  INVALID: 1,
  /** The credential is temporarily invalid. Reversible. */
  SUSPENDED: 2,
} as const;

/** The number of bits per entry that a Token Status List allows. */
export type StatusBits = 1 | 2 | 4 | 8;

/**
 * Tells whether a value is an allowed number of bits per Token Status List entry (1, 2, 4 or 8).
 *
 * @param value - any value
 * @returns true for 1, 2, 4 or 8
 * @example
 * ```ts
 * import { isStatusBits } from '@realdid/status';
 * isStatusBits(2); // true
 * isStatusBits(3); // false
 * ```
 */
export function isStatusBits(value: unknown): value is StatusBits {
  return value === 1 || value === 2 || value === 4 || value === 8;
}
