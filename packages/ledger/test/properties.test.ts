import { describeLedgerModel } from '../../../test-support/ledger.js';
import { entryId, MemoryLedger } from '../src/index.js';

describeLedgerModel('MemoryLedger', async () => new MemoryLedger(), entryId);
