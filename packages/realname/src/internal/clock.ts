import { toClock } from '@realdid/crypto';

/**
 * Checks a role's `now` option once (TypeError naming it otherwise) and returns the clock the role
 * uses inside, as a `Date`. The option is a `Clock` (ms, like `Date.now`); a `Date` or a function
 * returning a `Date` is accepted as a deprecated form.
 */
export function dateClock(now: unknown, optionName = 'now'): () => Date {
  const clock = toClock(now, optionName);
  return () => new Date(clock());
}
