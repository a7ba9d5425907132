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

describe('confirmation depth', () => {
  it('reads ignore blocks newer than head - confirmations; a shallower reorg never surfaces', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const opts = { url: node.url, address, pollingIntervalMs: 20 };
    const writer = await EvmLedger.connect({ ...opts, account: accounts[0] });
    const reader = await EvmLedger.connect({ ...opts, confirmations: 3 });
    const cas = new MemoryCasStore();
    const batchedReader = await EvmLedger.connect({ ...opts, confirmations: 3, cas });
    const eagerBatchedReader = await EvmLedger.connect({ ...opts, confirmations: 0, cas });

    await writer.append('r', enc.encode('A'));
    expect(await reader.size('r')).toBe(0);
    expect(await reader.read('r')).toEqual([]);
    expect((await reader.info()).entries).toBe(0);
    await node.mine(3);
    expect(texts(await reader.read('r'))).toEqual(['A']);

    const snap = await node.rpc<string>('evm_snapshot');
    await writer.append('r', enc.encode('B'));
    await node.mine(1);
    expect(texts(await writer.read('r'))).toEqual(['A', 'B']); // depth 0 sees it
    expect(texts(await eagerBatchedReader.read('r'))).toEqual(['A', 'B']);
    expect(texts(await reader.read('r'))).toEqual(['A']); // depth 3 does not
    expect(await reader.size('r')).toBe(1);
    expect(texts(await batchedReader.read('r'))).toEqual(['A']);

    // Reorg 2 blocks deep (less than the depth): B is dropped, C takes its place.
    expect(await node.rpc('evm_revert', [snap])).toBe(true);
    await writer.append('r', enc.encode('C'));
    expect(texts(await reader.read('r'))).toEqual(['A']);
    await node.mine(3);
    const after = await reader.read('r');
    expect(texts(after)).toEqual(['A', 'C']);
    expect(after.map((e) => e.position)).toEqual([0, 1]);
    expect(texts(await batchedReader.read('r'))).toEqual(['A', 'C']);
    // The eager reader had indexed B; it notices the reorg and rebuilds.
    expect(texts(await eagerBatchedReader.read('r'))).toEqual(['A', 'C']);
    for (const l of [writer, reader, batchedReader, eagerBatchedReader]) await l.close();
  });

  it('a batch anchored in blocks that a reorg drops disappears from the merged view', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const cas = new MemoryCasStore();
    const opts = { url: node.url, address, pollingIntervalMs: 20, cas };
    const writer = await EvmLedger.connect({
      ...opts,
      account: accounts[0],
      mode: 'batched',
      batch: { maxWaitMs: 1 },
    });
    const eager = await EvmLedger.connect(opts);
    const careful = await EvmLedger.connect({ ...opts, confirmations: 2 });
    await writer.append('b', enc.encode('kept'));
    await node.mine(2);
    const snap = await node.rpc<string>('evm_snapshot');
    await writer.appendBatch([
      { topic: 'b', payload: enc.encode('dropped 1') },
      { topic: 'b', payload: enc.encode('dropped 2') },
    ]);
    expect(texts(await eager.read('b'))).toEqual(['kept', 'dropped 1', 'dropped 2']);
    expect(texts(await careful.read('b'))).toEqual(['kept']);
    expect(await node.rpc('evm_revert', [snap])).toBe(true);
    await writer.append('b', enc.encode('instead'));
    await node.mine(2);
    expect(texts(await eager.read('b'))).toEqual(['kept', 'instead']);
    expect(texts(await careful.read('b'))).toEqual(['kept', 'instead']);
    expect((await eager.info()).batches).toBe(2);
    for (const l of [writer, eager, careful]) await l.close();
  });

  it('an append resolves only once its block has `confirmations` blocks on top', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const ledger = await EvmLedger.connect({
      url: node.url,
      address,
      account: accounts[0],
      confirmations: 2,
      pollingIntervalMs: 20,
    });
    let done = false;
    const p = ledger.append('w', enc.encode('x')).then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(done).toBe(false); // mined, but no block on top yet (anvil mines only on demand)
    await node.mine(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    await node.mine(1);
    const r = await p;
    expect([r.position, r.duplicate]).toEqual([0, false]);
    expect(await ledger.size('w')).toBe(1);
    await ledger.close();
  });

  it('a batched append waits for the depth too', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const cas = new MemoryCasStore();
    const ledger = await EvmLedger.connect({
      url: node.url,
      address,
      account: accounts[0],
      confirmations: 1,
      pollingIntervalMs: 20,
      cas,
    });
    const writer = new BatchWriter(ledger, { maxWaitMs: 5 });
    let done = false;
    const p = writer.add('w', enc.encode('y')).then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(done).toBe(false);
    await node.mine(1);
    expect((await p).position).toBe(0);
    await ledger.close();
  });
});
