import type { LedgerClient } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger/sqlite';
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
