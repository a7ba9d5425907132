import { runLedgerConformance } from '@realdid/ledger/conformance';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { deployRegistry, EvmLedger, MemoryCasStore } from '../src/index.js';
import { Anvil, accounts } from './helpers/anvil.js';

let anvil: Anvil;
beforeAll(async () => {
  anvil = await Anvil.start();
});
afterAll(async () => {
  await anvil?.stop();
});

const cases = new WeakMap<EvmLedger, MemoryCasStore>();

const open = async (address: `0x${string}`, cas: MemoryCasStore) => {
  const ledger = await EvmLedger.connect({
    url: anvil.url,
    address,
    account: accounts[0],
    pollingIntervalMs: 20,
    cas,
    mode: 'batched',
    batch: { maxEntries: 1000, maxWaitMs: 10 },
  });
  cases.set(ledger, cas);
  return ledger;
};

runLedgerConformance(
  'EvmLedger (batched Merkle anchors, anvil)',
  {
    create: async () => {
      const { address } = await deployRegistry(anvil.wallet(0));
      return open(address, new MemoryCasStore());
    },
    reopen: async (prev) => {
      await prev.close();
      const p = prev as EvmLedger;
      return open(p.address, cases.get(p) as MemoryCasStore);
    },
  },
  { describe, it },
  { largeTopicEntries: 2_000, batchSize: 200, concurrentAppends: 50, timeoutMs: 120_000 },
);
