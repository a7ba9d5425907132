import { runLedgerConformance } from '@realdid/ledger/conformance';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { deployRegistry, EvmLedger } from '../src/index.js';
import { Anvil, accounts } from './helpers/anvil.js';

let anvil: Anvil;
beforeAll(async () => {
  anvil = await Anvil.start();
});
afterAll(async () => {
  await anvil?.stop();
});

const create = async () => {
  const { address } = await deployRegistry(anvil.wallet(0));
  return EvmLedger.connect({ url: anvil.url, address, account: accounts[0], pollingIntervalMs: 20 });
};

runLedgerConformance(
  'EvmLedger (direct, anvil)',
  {
    create,
    // The chain is the storage: a new client on the same contract sees everything.
    reopen: async (prev) => {
      await prev.close();
      const p = prev as EvmLedger;
      return EvmLedger.connect({
        url: anvil.url,
        address: p.address,
        account: accounts[0],
        pollingIntervalMs: 20,
      });
    },
  },
  { describe, it },
  { largeTopicEntries: 2_000, batchSize: 200, concurrentAppends: 50, timeoutMs: 120_000 },
);
