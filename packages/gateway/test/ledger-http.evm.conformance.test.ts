import { runLedgerConformance } from '@realdid/ledger/conformance';
import { deployRegistry, EvmLedger } from '@realdid/ledger-evm';
import { afterAll, beforeAll, describe, it } from 'vitest';
// The local chain node of the EVM ledger's own tests (anvil, shipped as an npm package).
import { Anvil, accounts } from '../../ledger-evm/test/helpers/anvil.js';
import { httpLedgerOver } from './serve.js';

// HttpLedger → a real gateway on 127.0.0.1 → EvmLedger → anvil on 127.0.0.1.
let anvil: Anvil;
beforeAll(async () => {
  anvil = await Anvil.start();
});
afterAll(async () => {
  await anvil?.stop();
});

const connect = (address: `0x${string}`) =>
  EvmLedger.connect({ url: anvil.url, address, account: accounts[0], pollingIntervalMs: 20 });
const addresses = new WeakMap<object, `0x${string}`>();

runLedgerConformance(
  'HttpLedger → gateway → EvmLedger (anvil)',
  {
    async create() {
      const { address } = await deployRegistry(anvil.wallet(0));
      const client = await httpLedgerOver(await connect(address));
      addresses.set(client, address);
      return client;
    },
    async reopen(prev) {
      const address = addresses.get(prev)!;
      await prev.close();
      const client = await httpLedgerOver(await connect(address));
      addresses.set(client, address);
      return client;
    },
  },
  { describe, it },
  { largeTopicEntries: 1_000, batchSize: 200, concurrentAppends: 50, timeoutMs: 180_000 },
);
