import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runLedgerConformance } from '../src/conformance.js';
import type { LedgerClient } from '../src/index.js';
import { SqliteLedger } from '../src/sqlite.js';
import { tempDir, writerCommand } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const paths = new WeakMap<LedgerClient, string>();

async function create(): Promise<LedgerClient> {
  // A nested path: the ledger creates its parent folders.
  const path = join(tmp.dir, `l${n++}`, 'sub', 'ledger.sqlite');
  const ledger = await SqliteLedger.open(path);
  paths.set(ledger, path);
  return ledger;
}

const killPath = join(tmp.dir, 'kill', 'ledger.sqlite');

runLedgerConformance(
  'SqliteLedger',
  {
    create,
    async reopen(prev) {
      const path = paths.get(prev)!;
      await prev.close();
      const ledger = await SqliteLedger.open(path);
      paths.set(ledger, path);
      return ledger;
    },
    killTest: {
      child: () => writerCommand({ REALDID_LEDGER_PATH: killPath }),
      open: () => SqliteLedger.open(killPath),
      check: async (ledger) => {
        await (ledger as SqliteLedger).checkIntegrity({ digests: true });
      },
      receipts: 300,
    },
  },
  { describe, it },
);

runLedgerConformance(
  'SqliteLedger (:memory:, synchronous normal, maxEntryBytes 100)',
  { create: () => SqliteLedger.open(':memory:', { synchronous: 'normal', maxEntryBytes: 100 }) },
  { describe, it },
  { largeTopicEntries: 3_000, batchSize: 700 },
);
