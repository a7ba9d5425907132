import { describe } from './internal/assert.js';

/** The default bound on one call to something that may not answer (a ledger, a fetcher), in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The largest delay `setTimeout` honours (a larger one fires at once). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The value a {@link withTimeout} race yields when the time ran out. */
export const TIMED_OUT: unique symbol = Symbol('timedOut');

/**
 * Checks a caller's `timeoutMs`: an integer from 1 to 2,147,483,647, or `Infinity` (no bound).
 * `undefined` gives the fallback. 0 is refused rather than read as "no bound" or "fail at once".
 *
 * @param value - the caller's option
 * @param fallback - what `undefined` gives (default {@link DEFAULT_TIMEOUT_MS})
 * @returns the bound in milliseconds
 * @throws TypeError when `value` is not a number, RangeError when it is out of range
 * @example
 * ```ts
 * import { checkTimeoutMs } from '@realdid/crypto';
 * checkTimeoutMs(undefined); // 10000
 * checkTimeoutMs(250); // 250
 * ```
 */
export function checkTimeoutMs(value: unknown, fallback: number = DEFAULT_TIMEOUT_MS): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number')
    throw new TypeError(`timeoutMs: expected a number, found ${describe(value)}`);
  if (value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw new RangeError('timeoutMs: expected an integer from 1 to 2147483647, or Infinity');
  }
  return value;
}

/**
 * Races `work` against a timer of `ms` milliseconds (no timer for `Infinity`) and yields
 * {@link TIMED_OUT} when the time runs out first. The timer is cleared as soon as the race
 * settles, so nothing is left running; a rejection of `work` passes through. The work itself is
 * not cancelled (there is no general way to): its late result is ignored. Browser-safe.
 *
 * @param work - a promise (or value)
 * @param ms - the bound, as {@link checkTimeoutMs} accepts it (default {@link DEFAULT_TIMEOUT_MS})
 * @returns the work's value, or {@link TIMED_OUT}
 * @throws TypeError / RangeError (at once, not as a rejection) when `ms` is not a valid bound
 * @example
 * ```ts
 * import { TIMED_OUT, withTimeout } from '@realdid/crypto';
 * const never = new Promise<string>(() => {});
 * (await withTimeout(never, 5)) === TIMED_OUT; // true
 * ```
 */
export function withTimeout<T>(
  work: T | PromiseLike<T>,
  ms: number = DEFAULT_TIMEOUT_MS,
): Promise<T | typeof TIMED_OUT> {
  ms = checkTimeoutMs(ms);
  if (ms === Number.POSITIVE_INFINITY) return Promise.resolve(work);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
