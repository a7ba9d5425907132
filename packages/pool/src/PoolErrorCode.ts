/**
 * The codes of the `RealDidError`s that the pool itself throws. Verification failures keep the
 * code the in-process verifier gives (an `SdJwtErrorCode` such as `ERR_SD_JWT_SIGNATURE`).
 *
 * - `ERR_POOL_BUSY` — the queue is full and `whenFull` is `'reject'`.
 * - `ERR_POOL_CLOSED` — `close()` was called; no new work is accepted.
 * - `ERR_POOL_TIMEOUT` — no answer within the pool's `timeoutMs` (queueing included).
 * - `ERR_POOL_WORKER` — a worker thread died or answered with something that is not a result.
 * - `ERR_POOL_PLUGIN` — the plug-in module could not be loaded or did not give valid plug-ins.
 */
export type PoolErrorCode =
  | 'ERR_POOL_BUSY'
  | 'ERR_POOL_CLOSED'
  | 'ERR_POOL_TIMEOUT'
  | 'ERR_POOL_WORKER'
  | 'ERR_POOL_PLUGIN';
