import { entryId, MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeLedgerModel, ledgerStepArb } from '../../../test-support/ledger.js';
import { SqliteLedger } from '../src/index.js';

describeLedgerModel('SqliteLedger', async () => SqliteLedger.open(':memory:'), entryId);

describe('MemoryLedger and SqliteLedger agree', () => {
  it('give the same receipts (but time) for the same steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ledgerStepArb, { maxLength: 20 }), async (steps) => {
        const fixed = () => new Date(Date.UTC(2026, 0, 1));
        const a = new MemoryLedger({ clock: fixed });
        const b = await SqliteLedger.open(':memory:', { clock: fixed });
        try {
          for (const s of steps) {
            expect(await b.appendBatch(s.entries)).toEqual(await a.appendBatch(s.entries));
          }
        } finally {
          await a.close();
          await b.close();
        }
      }),
      { numRuns: 100 },
    );
  });
});
