import { describe } from './internal/assert.js';

/**
 * The clock every `now` option of the SDK takes: a function returning the current time in
 * milliseconds since the epoch, like `Date.now` (which is the default everywhere).
 *
 * Deprecated forms, still accepted for one minor version and converted by {@link readClock}: a
 * function returning a `Date` (`() => new Date()`), and a plain `Date` (a fixed instant).
 */
export type Clock = () => number;

/**
 * Reads a caller's `now` option and returns the time in milliseconds since the epoch.
 *
 * - `undefined` gives `Date.now()`;
 * - a {@link Clock} gives its result, which must be a finite number;
 * - deprecated: a function returning a valid `Date`, or a valid `Date` itself, is converted.
 *
 * Anything else (including a function returning anything else, or an invalid `Date`) is caller
 * misuse: a `TypeError` naming the option.
 *
 * @param now - the caller's option (a {@link Clock}; a `Date` or `() => Date` is deprecated)
 * @param optionName - the option's name for the error message (default `'now'`)
 * @returns the current time in milliseconds since the epoch
 * @throws TypeError when `now` is not a clock, or the clock did not answer a finite time
 * @example
 * ```ts
 * import { readClock } from '@realdid/crypto';
 * readClock(() => 1_700_000_000_000); // 1700000000000
 * readClock(undefined); // Date.now()
 * ```
 */
export function readClock(now: unknown, optionName = 'now'): number {
  if (now === undefined) return Date.now();
  if (typeof now === 'function') {
    const value: unknown = (now as () => unknown)();
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (value instanceof Date && Number.isFinite(value.getTime())) return value.getTime();
    throw new TypeError(
      `${optionName}: expected a clock returning milliseconds (like Date.now), it returned ${describe(value)}`,
    );
  }
  if (now instanceof Date && Number.isFinite(now.getTime())) return now.getTime();
  throw new TypeError(
    `${optionName}: expected a clock returning milliseconds (like Date.now), found ${describe(now)}`,
  );
}

/**
 * Checks a caller's `now` option once (when the options are checked) and returns a {@link Clock}
 * that reads it with {@link readClock} on every call. `undefined` gives `Date.now`.
 *
 * @param now - the caller's option (a {@link Clock}; a `Date` or `() => Date` is deprecated)
 * @param optionName - the option's name for the error message (default `'now'`)
 * @returns a clock in milliseconds since the epoch
 * @throws TypeError when `now` is neither `undefined`, a function nor a valid `Date`
 * @example
 * ```ts
 * import { toClock } from '@realdid/crypto';
 * const clock = toClock(new Date('2030-01-01T00:00:00Z')); // deprecated form
 * clock(); // 1893456000000
 * ```
 */
export function toClock(now: unknown, optionName = 'now'): Clock {
  if (now === undefined) return Date.now;
  if (typeof now === 'function') return () => readClock(now, optionName);
  if (now instanceof Date && Number.isFinite(now.getTime())) {
    const ms = now.getTime();
    return () => ms;
  }
  throw new TypeError(
    `${optionName}: expected a clock returning milliseconds (like Date.now), found ${describe(now)}`,
  );
}
