import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter, deployRegistry, EvmLedger, MemoryCasStore } from '../src/index.js';
import { Anvil, accounts } from './helpers/anvil.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
let node: Anvil;
beforeAll(async () => {
  node = await Anvil.start();
});
afterAll(async () => {
  await node?.stop();
});

const texts = (es: { payload: Uint8Array }[]) => es.map((e) => dec.decode(e.payload));

describe('maxBlockRange: logs fetched in several eth_getLogs ranges', () => {
  it('direct and batched reads span many ranges (down to one block per range) and agree with one range', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const cas = new MemoryCasStore();
    const opts = { url: node.url, address, pollingIntervalMs: 20 };
    const writer = await EvmLedger.connect({ ...opts, account: accounts[0] });
    const batched = await EvmLedger.connect({ ...opts, account: accounts[0], cas });
    // Entries in separate blocks with empty blocks between them, on one topic, direct and batched.
    for (const t of ['a', 'b', 'c']) {
      await writer.append('r', enc.encode(t));
      await node.mine(2);
    }
    const bw = new BatchWriter(batched, { maxEntries: 1, maxWaitMs: 1 });
    for (const t of ['x', 'y']) {
      await bw.add('s', enc.encode(t));
      await node.mine(2);
    }
    await bw.close();

    for (const maxBlockRange of [1, 2, 3, 5000]) {
      const direct = await EvmLedger.connect({ ...opts, maxBlockRange });
      expect(texts(await direct.read('r')), `direct, range ${maxBlockRange}`).toEqual(['a', 'b', 'c']);
      expect(texts(await direct.read('r', { from: 1, limit: 1 }))).toEqual(['b']);
      await direct.close();
      const merged = await EvmLedger.connect({ ...opts, maxBlockRange, cas });
      expect(texts(await merged.read('r')), `merged, range ${maxBlockRange}`).toEqual(['a', 'b', 'c']);
      expect(texts(await merged.read('s')), `merged, range ${maxBlockRange}`).toEqual(['x', 'y']);
      await merged.close();
    }
    await writer.close();
    await batched.close();
  });
});
