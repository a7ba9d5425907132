/** What the queue needs of a call: when it expires, and whether it has been answered already. */
export interface Expiring {
  /** `performance.now()` time after which the call has expired. */
  deadline: number;
  settled: boolean;
}

/** Entries dropped from the front before the array is compacted. */
const COMPACT_AFTER = 1024;

/**
 * The deadlines of calls that share one time bound, with one timer for all of them. All calls get
 * the same `timeoutMs` at submission, so they expire in the order they were added: the queue is a
 * FIFO whose front is the next to expire, and a timer is set only for it. A timer per call (and
 * the `clearTimeout` when it is answered) is what this saves; answered calls leave the front as
 * soon as they get there ({@link DeadlineQueue.trim}).
 */
export class DeadlineQueue<T extends Expiring> {
  /** Entries before `#head` are cleared (undefined) as the head passes them, so they can be collected. */
  #items: Array<T | undefined> = [];
  #head = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onExpired: (item: T) => void;

  /** @param onExpired - called once for each call still unanswered at its deadline */
  constructor(onExpired: (item: T) => void) {
    this.#onExpired = onExpired;
  }

  /** Adds a call; its deadline must not be earlier than that of any call added before. */
  add(item: T): void {
    this.#items.push(item);
    if (this.#timer === undefined) this.#arm();
  }

  /** Drops answered calls from the front (call after answering some); stops the timer when none is left. */
  trim(): void {
    const items = this.#items;
    let h = this.#head;
    while (h < items.length && (items[h] as T).settled) items[h++] = undefined;
    if (h === items.length) {
      this.#items = [];
      this.#head = 0;
      this.clear();
      return;
    }
    if (h >= COMPACT_AFTER && h * 2 >= items.length) {
      this.#items = items.slice(h);
      h = 0;
    }
    this.#head = h;
  }

  /** Stops the timer (the calls stay; {@link DeadlineQueue.add} or the next expiry sets it again). */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    const next = this.#items[this.#head];
    if (next === undefined) return;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, next.deadline - performance.now()));
  }

  #fire(): void {
    this.#timer = undefined;
    const now = performance.now();
    // A timer may fire a little early: a call still unanswered before its deadline stays.
    while (this.#head < this.#items.length) {
      const item = this.#items[this.#head] as T;
      if (!item.settled && item.deadline > now) break;
      this.#items[this.#head++] = undefined;
      if (!item.settled) this.#onExpired(item);
    }
    this.trim();
    if (this.#timer === undefined && this.#head < this.#items.length) this.#arm();
  }
}
