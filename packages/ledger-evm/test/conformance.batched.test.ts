import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLedgerConformance } from '@realdid/ledger/conformance';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FsCasStore } from '../src/fs-cas.js';
import { deployRegistry, EvmLedger, MemoryCasStore } from '../src/index.js';
import { Anvil, accounts, DEV_KEYS } from './helpers/anvil.js';

let anvil: Anvil;
let killContract: `0x${string}`;
const casDir = mkdtempSync(join(tmpdir(), 'realdid-kill-cas-'));
beforeAll(async () => {
  anvil = await Anvil.start();
  killContract = (await deployRegistry(anvil.wallet(1))).address;
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(casDir, { recursive: true, force: true });
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
    // A batched writer killed with SIGKILL: every receipt it printed was anchored with its file stored.
    killTest: {
      child: () => ({
        command: process.execPath,
        args: ['--import', 'tsx', fileURLToPath(new URL('./fixtures/evm-writer.ts', import.meta.url))],
        env: {
          TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
          REALDID_EVM_URL: anvil.url,
          REALDID_EVM_CONTRACT: killContract,
          REALDID_EVM_KEY: DEV_KEYS[1],
          REALDID_EVM_CAS_DIR: casDir,
        },
      }),
      open: () =>
        EvmLedger.connect({
          url: anvil.url,
          address: killContract,
          account: accounts[1],
          pollingIntervalMs: 20,
          cas: new FsCasStore(casDir),
          mode: 'batched',
          batch: { maxWaitMs: 5 },
        }),
      check: async (ledger) => {
        const info = await ledger.info();
        if (!((info.batches as number) > 0) || info.entries !== info.batches) {
          // one entry per batch: the child appends one at a time and waits for each receipt
          throw new Error(
            `expected batched writes, found ${info.batches} batches for ${info.entries} entries`,
          );
        }
      },
      receipts: 50,
    },
  },
  { describe, it },
  { largeTopicEntries: 2_000, batchSize: 200, concurrentAppends: 50, timeoutMs: 120_000 },
);
