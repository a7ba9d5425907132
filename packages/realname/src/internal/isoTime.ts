/**
 * `new Date(ms).toISOString()` for the registration hot path: the text up to the seconds is made
 * once per second and kept, so a busy relying party formats one `Date` a second instead of one per
 * registration. Same result as `toISOString` for every time value (a RangeError for an invalid
 * one, as `toISOString` throws).
 */

/** The largest time value a Date holds (ECMA-262 §21.4.1.1). */
const MAX_TIME = 8.64e15;

/** The second last formatted (ms since the epoch, a multiple of 1000) and its text up to `.`. */
let lastSecond = Number.NaN;
let lastPrefix = '';

/**
 * @param ms - milliseconds since the epoch
 * @returns the ISO 8601 text of `new Date(ms).toISOString()`
 * @throws RangeError for a time value `Date` cannot hold (as `toISOString`)
 */
export function isoTime(ms: number): string {
  // Anything but a whole number of milliseconds in Date's range (NaN, ±Infinity, a fraction, past
  // ±8.64e15) takes the Date path whole, and gets its result or its RangeError.
  if (!Number.isInteger(ms) || ms > MAX_TIME || ms < -MAX_TIME) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000) * 1000;
  if (second !== lastSecond) {
    const full = new Date(second).toISOString(); // throws for a time value out of range
    lastPrefix = full.slice(0, full.length - 4); // up to and with the '.' before the milliseconds
    lastSecond = second;
  }
  const frac = ms - second;
  return `${lastPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}
