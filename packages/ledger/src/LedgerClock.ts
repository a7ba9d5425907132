import type { LedgerClient } from './LedgerClient.js';

/**
 * Ledger time: reads the configured clock and never goes back in time within one ledger instance,
 * so positions and times of one topic never disagree even if the system clock steps back. For
 * implementations of {@link LedgerClient} (MemoryLedger and SqliteLedger use it).
 *
 * @example
 * ```ts
 * const clock = new LedgerClock(undefined); // the system clock
 * const t = clock.now(); // ms, never less than the last value
 * isoTime(t); // '2026-12-06T20:30:00.000Z'
 * ```
 */
export class LedgerClock {
  readonly #clock: () => Date;
  #last = 0;

  /** @param clock - returns the current time; undefined for the system clock */
  constructor(clock: (() => Date) | undefined) {
    this.#clock = clock ?? (() => new Date());
  }

  /** @returns the next ledger time in milliseconds since the epoch */
  now(): number {
    const d = this.#clock();
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
      throw new TypeError(`the ledger clock must return a valid Date, found ${typeof d}`);
    }
    const t = Math.max(d.getTime(), this.#last);
    this.#last = t;
    return t;
  }

  /** Moves the floor up, e.g. to the latest time already stored. */
  observe(ms: number): void {
    if (ms > this.#last) this.#last = ms;
  }
}

/** Formats ledger time as ISO 8601 UTC with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
