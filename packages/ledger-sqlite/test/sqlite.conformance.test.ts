import { join } from 'node:path';
import type { LedgerClient } from '@realdid/ledger';
import { runLedgerConformance } from '@realdid/ledger/conformance';
import { afterAll, describe, it } from 'vitest';
import { SqliteLedger } from '../src/index.js';
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

const normalKillPath = join(tmp.dir, 'kill-normal', 'ledger.sqlite');

runLedgerConformance(
  'SqliteLedger (synchronous normal)',
  {
    async create() {
      const path = join(tmp.dir, `n${n++}`, 'ledger.sqlite');
      const ledger = await SqliteLedger.open(path, { synchronous: 'normal' });
      paths.set(ledger, path);
      return ledger;
    },
    async reopen(prev) {
      const path = paths.get(prev)!;
      await prev.close();
      return SqliteLedger.open(path, { synchronous: 'normal' });
    },
    killTest: {
      child: () => writerCommand({ REALDID_LEDGER_PATH: normalKillPath, REALDID_LEDGER_SYNC: 'normal' }),
      open: () => SqliteLedger.open(normalKillPath),
      check: async (ledger) => {
        await (ledger as SqliteLedger).checkIntegrity({ digests: true });
      },
      receipts: 2000,
    },
  },
  { describe, it },
  { largeTopicEntries: 3_000 },
);

runLedgerConformance(
  'SqliteLedger (:memory:, maxEntryBytes 100)',
  { create: () => SqliteLedger.open(':memory:', { maxEntryBytes: 100 }) },
  { describe, it },
  { largeTopicEntries: 3_000, batchSize: 700 },
);
