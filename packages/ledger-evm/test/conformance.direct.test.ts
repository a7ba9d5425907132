import { fileURLToPath } from 'node:url';
import { runLedgerConformance } from '@realdid/ledger/conformance';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { deployRegistry, EvmLedger } from '../src/index.js';
import { Anvil, accounts, DEV_KEYS } from './helpers/anvil.js';

let anvil: Anvil;
let killContract: `0x${string}`;
beforeAll(async () => {
  anvil = await Anvil.start();
  killContract = (await deployRegistry(anvil.wallet(1))).address;
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
    // A writer process killed with SIGKILL mid-append: every receipt it printed is on chain.
    killTest: {
      child: () => ({
        command: process.execPath,
        args: ['--import', 'tsx', fileURLToPath(new URL('./fixtures/evm-writer.ts', import.meta.url))],
        env: {
          TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
          REALDID_EVM_URL: anvil.url,
          REALDID_EVM_CONTRACT: killContract,
          REALDID_EVM_KEY: DEV_KEYS[1],
        },
      }),
      open: () =>
        EvmLedger.connect({
          url: anvil.url,
          address: killContract,
          account: accounts[1],
          pollingIntervalMs: 20,
        }),
      receipts: 100,
    },
  },
  { describe, it },
  { largeTopicEntries: 2_000, batchSize: 200, concurrentAppends: 50, timeoutMs: 120_000 },
);
