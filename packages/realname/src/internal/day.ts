/** Day-coarsened credential times: `iat`/`nbf` at the start of the UTC day, so they say little about when. */

/** Seconds in a day. */
export const DAY_SECONDS = 86_400;

/** The start of the UTC day of `date`, in seconds since the epoch. */
export function startOfDay(date: Date): number {
  return Math.floor(date.getTime() / 1000 / DAY_SECONDS) * DAY_SECONDS;
}
