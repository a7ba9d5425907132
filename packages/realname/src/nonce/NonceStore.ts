/** What {@link NonceStore.consume} found. */
export type NonceConsumeResult =
  | { status: 'ok'; data: unknown }
  | { status: 'unknown' }
  | { status: 'expired' }
  | { status: 'consumed' };

/**
 * One-time nonces for presentation requests and login challenges. `consume` must be **atomic**:
 * of two concurrent consumers of one nonce, exactly one gets `ok`.
 *
 * Several servers behind a load balancer must share one store. With Redis:
 * - `put`: `SET realdid:nonce:<nonce> <json data> PXAT <expiresAt> NX`
 * - `consume`: `GETDEL realdid:nonce:<nonce>` (Redis ≥ 6.2; or a Lua script doing GET + DEL) —
 *   atomic, so a replayed nonce finds nothing. To tell a replay from an unknown nonce, also
 *   `SET realdid:used:<nonce> 1 PXAT <expiresAt>` in the same script.
 * With SQL: `DELETE FROM nonces WHERE nonce = ? AND expires_at > ? RETURNING data`.
 */
export interface NonceStore {
  /**
   * Remembers a fresh nonce until `expiresAt`.
   *
   * @param nonce - the nonce (≥ 128 bits of CSPRNG output, base64url)
   * @param expiresAt - expiry, milliseconds since the epoch
   * @param data - what to hand back on consumption (JSON-serialisable)
   */
  put(nonce: string, expiresAt: number, data?: unknown): Promise<void>;
  /**
   * Takes a nonce out, once.
   *
   * @param nonce - the nonce received back
   * @returns `ok` with the data the first time before expiry; `expired`, `consumed` or `unknown` otherwise
   */
  consume(nonce: string): Promise<NonceConsumeResult>;
}
