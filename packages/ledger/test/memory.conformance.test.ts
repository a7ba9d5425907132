import { describe, it } from 'vitest';
import { runLedgerConformance } from '../src/conformance.js';
import { MemoryLedger } from '../src/index.js';

runLedgerConformance('MemoryLedger', { create: async () => new MemoryLedger() }, { describe, it });

runLedgerConformance(
  'MemoryLedger (maxEntryBytes 1024)',
  { create: async () => new MemoryLedger({ maxEntryBytes: 1024 }) },
  { describe, it },
  { largeTopicEntries: 2_000 },
);
