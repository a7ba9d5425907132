import type { LedgerClient, LedgerEntry } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { multihashOf } from '../src/internal/hash.js';
import { resolveDid } from '../src/resolveDid.js';

/** A clock the test moves forward by hand. */
export class TestClock {
  t = Date.parse('2026-01-01T00:00:00.000Z');
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
  iso(): string {
    return new Date(this.t).toISOString();
  }
}

export type LedgerFactory = (clock?: TestClock) => Promise<LedgerClient>;

export const LEDGERS: [string, LedgerFactory][] = [
  ['MemoryLedger', async (clock) => new MemoryLedger(clock ? { clock: clock.now } : {})],
  ['SqliteLedger', async (clock) => SqliteLedger.open(':memory:', clock ? { clock: clock.now } : {})],
];

/** Resolves without cache against one main-network ledger. */
export function resolveOn(ledger: LedgerClient, did: string, extra: Record<string, unknown> = {}) {
  return resolveDid(did, { networks: { main: ledger }, ...extra });
}

/**
 * A read-only ledger whose entries the test lays out by hand (one minute apart from 2026-01-01):
 * models a ledger that does not de-duplicate, or a hostile one.
 */
export class ListLedger implements LedgerClient {
  readonly kind = 'list';
  constructor(readonly entries: Uint8Array[]) {}
  async append(): Promise<never> {
    throw new Error('read-only');
  }
  async appendBatch(): Promise<never> {
    throw new Error('read-only');
  }
  async read(topic: string): Promise<LedgerEntry[]> {
    return this.entries.map((payload, position) => ({
      topic,
      position,
      id: multihashOf(payload),
      time: new Date(Date.UTC(2026, 0, 1, 0, position)).toISOString(),
      payload,
    }));
  }
  async size(): Promise<number> {
    return this.entries.length;
  }
  async info() {
    return { kind: 'list', location: 'test', maxEntryBytes: 65536, topics: 1, entries: this.entries.length };
  }
  async close() {}
}
