import { join } from 'node:path';
import { MemoryLedger } from '@realdid/ledger';
import { runLedgerConformance } from '@realdid/ledger/conformance';
import { afterAll, describe, it } from 'vitest';
import { tempDir } from './helpers.js';
import { httpLedgerOver } from './serve.js';
import { SqliteLedger } from './sqlite.js';

// HttpLedger → a real gateway on 127.0.0.1 → MemoryLedger / SqliteLedger.

runLedgerConformance(
  'HttpLedger → gateway → MemoryLedger',
  { create: async () => httpLedgerOver(new MemoryLedger()) },
  { describe, it },
  { largeTopicEntries: 3_000 },
);

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const paths = new WeakMap<object, string>();

runLedgerConformance(
  'HttpLedger → gateway → SqliteLedger',
  {
    async create() {
      const path = join(tmp.dir, `l${n++}`, 'ledger.sqlite');
      const client = await httpLedgerOver(await SqliteLedger.open(path));
      paths.set(client, path);
      return client;
    },
    async reopen(prev) {
      const path = paths.get(prev)!;
      await prev.close();
      const client = await httpLedgerOver(await SqliteLedger.open(path));
      paths.set(client, path);
      return client;
    },
  },
  { describe, it },
  { largeTopicEntries: 3_000 },
);
