import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerEntry } from '@realdid/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsCasStore } from '../src/fs-cas.js';
import {
  BatchWriter,
  casId,
  deployRegistry,
  EvmLedger,
  encodeBatchFile,
  type GasReport,
  MemoryCasStore,
  type MerkleBatchAnchor,
  MerkleTree,
  merkleLeaf,
  verifyMerkleProof,
} from '../src/index.js';
import { fromHex, sha256Bytes } from '../src/internal/contentId.js';
import { Anvil, accounts } from './helpers/anvil.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
let node: Anvil;
let dir: string;
beforeAll(async () => {
  node = await Anvil.start();
  dir = mkdtempSync(join(tmpdir(), 'realdid-cas-'));
});
afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => ({ url: node.url, pollingIntervalMs: 20 });

async function fresh(cas: MemoryCasStore | FsCasStore, extra: Record<string, unknown> = {}) {
  const { address } = await deployRegistry(node.wallet(0));
  const ledger = await EvmLedger.connect({ ...base(), address, account: accounts[0], cas, ...extra });
  return { address, ledger };
}

function anchorOf(e: LedgerEntry): MerkleBatchAnchor {
  return e.anchor as MerkleBatchAnchor;
}

describe('BatchWriter and batched reads', () => {
  it('anchors many entries in one transaction; a second client reads them with proofs that verify', async () => {
    const cas = new FsCasStore(join(dir, 'one'));
    const gas: GasReport[] = [];
    const { address, ledger } = await fresh(cas, { onGas: (g: GasReport) => gas.push(g) });
    const writer = new BatchWriter(ledger, { maxEntries: 1000, maxWaitMs: 20 });
    const items = Array.from({ length: 25 }, (_, i) => ({
      topic: `did:realdid:z${i % 5}`,
      payload: enc.encode(`op ${i}`),
    }));
    const receipts = await Promise.all(items.map((e) => writer.add(e.topic, e.payload)));
    expect(writer.batches).toHaveLength(1);
    expect(gas.map((g) => [g.operation, g.entries])).toEqual([['anchorBatch', 25]]);
    expect(receipts.map((r) => r.position)).toEqual(items.map((_, i) => Math.floor(i / 5)));
    expect(receipts.every((r) => !r.duplicate)).toBe(true);

    // A second client, knowing only the contract and the store.
    const reader = await EvmLedger.connect({ ...base(), address, cas: new FsCasStore(join(dir, 'one')) });
    const topic = await reader.read('did:realdid:z3');
    expect(topic.map((e) => dec.decode(e.payload))).toEqual(['op 3', 'op 8', 'op 13', 'op 18', 'op 23']);
    const root = writer.batches[0]?.root as Uint8Array;
    for (const e of topic) {
      const a = anchorOf(e);
      expect(a.type).toBe('merkle-batch');
      expect(a.count).toBe(25);
      expect(a.txHash).toBe(writer.batches[0]?.txHash);
      expect(fromHex(a.root)).toEqual(root);
      expect(
        verifyMerkleProof(
          merkleLeaf(e.topic, sha256Bytes(e.payload)),
          a.index,
          a.count,
          a.proof.map(fromHex),
          root,
        ),
      ).toBe(true);
      await reader.verifyEntry(e);
    }
    const info = await reader.info();
    expect([info.topics, info.entries, info.batches]).toEqual([5, 25, 1]);
    // a re-add answers duplicate without a new transaction
    const again = await writer.add('did:realdid:z3', enc.encode('op 8'));
    expect([again.position, again.duplicate]).toEqual([1, true]);
    expect(writer.batches).toHaveLength(1);
    await reader.close();
    await ledger.close();
  });

  it('rejects a wrong inclusion proof with ERR_LEDGER_PROOF_INVALID', async () => {
    const cas = new MemoryCasStore();
    const { ledger } = await fresh(cas, { mode: 'batched' });
    await ledger.appendBatch(
      Array.from({ length: 7 }, (_, i) => ({ topic: 'p', payload: enc.encode(`e${i}`) })),
    );
    const entries = await ledger.read('p');
    const e = entries[3] as LedgerEntry;
    await ledger.verifyEntry(e);
    const a = anchorOf(e);
    const flip = (h: string) => `${h.slice(0, -1)}${h.endsWith('0') ? '1' : '0'}` as `0x${string}`;
    const mutations: Record<string, unknown>[] = [
      { proof: [flip(a.proof[0] as string), ...a.proof.slice(1)] },
      { proof: a.proof.slice(1) },
      { proof: [...a.proof, a.proof[0]] },
      { index: a.index + 1 },
      { count: a.count + 1 },
      { root: flip(a.root) },
    ];
    for (const m of mutations) {
      const bad = { ...e, anchor: { ...a, ...m } };
      await expect(ledger.verifyEntry(bad)).rejects.toMatchObject({ code: 'ERR_LEDGER_PROOF_INVALID' });
    }
    // the right proof, but for other bytes
    const other = { ...e, payload: enc.encode('e4') };
    await expect(ledger.verifyEntry(other)).rejects.toMatchObject({ code: 'ERR_LEDGER_PROOF_INVALID' });
    // a self-made tree whose root was never anchored
    const leaves = [merkleLeaf('p', sha256Bytes(e.payload)), merkleLeaf('p', sha256Bytes(enc.encode('x')))];
    const tree = new MerkleTree(leaves);
    const forged = {
      ...e,
      anchor: {
        ...a,
        root: `0x${Buffer.from(tree.root).toString('hex')}`,
        index: 0,
        count: 2,
        proof: tree.proof(0).map((p) => `0x${Buffer.from(p).toString('hex')}`),
      },
    };
    await expect(ledger.verifyEntry(forged)).rejects.toMatchObject({ code: 'ERR_LEDGER_PROOF_INVALID' });
    await ledger.close();
  });

  it('rejects a batch whose file does not match the anchored root; waits for one whose store returns other bytes', async () => {
    const cas = new MemoryCasStore();
    const { address, ledger } = await fresh(cas);
    // 1. a good batch
    const good = new BatchWriter(ledger, { maxWaitMs: 1 });
    await good.add('m', enc.encode('genuine'));
    // 2. a file stored under its true id, anchored with a root that is not its Merkle root
    const file = encodeBatchFile([{ topic: 'm', payload: enc.encode('smuggled') }]);
    const uri = await cas.put(file);
    const wrongRoot = new MerkleTree([merkleLeaf('m', sha256Bytes(enc.encode('something else')))]).root;
    await ledger.anchorBatch(wrongRoot, 1, uri, { size: file.length, topics: ['m'] });
    // 3. a root and id that are right, but the store hands out other bytes
    const file3 = encodeBatchFile([{ topic: 'm', payload: enc.encode('swapped') }]);
    const uri3 = await cas.put(file3);
    await ledger.anchorBatch(
      new MerkleTree([merkleLeaf('m', sha256Bytes(enc.encode('swapped')))]).root,
      1,
      uri3,
      { size: file3.length, topics: ['m'] },
    );
    // 4. a count that disagrees with the file
    const file4 = encodeBatchFile([{ topic: 'm', payload: enc.encode('counted') }]);
    const uri4 = await cas.put(file4);
    await ledger.anchorBatch(
      new MerkleTree([merkleLeaf('m', sha256Bytes(enc.encode('counted')))]).root,
      2,
      uri4,
      { size: file4.length, topics: ['m'] },
    );
    // 5. a good one after them
    await good.add('m', enc.encode('genuine 2'));
    // now the store starts serving other bytes for batch 3
    cas.tamper(uri3, encodeBatchFile([{ topic: 'm', payload: enc.encode('tampered') }]));

    const reader = await EvmLedger.connect({ ...base(), address, retryPendingMs: 0, cas });
    // 3. holds the topic up as unavailable (the store may recover), never drops the batch
    await expect(reader.read('m')).rejects.toMatchObject({
      code: 'ERR_LEDGER_UNAVAILABLE',
      message: expect.stringMatching(/do not hash to the id/),
    });
    expect(reader.pending().map((p) => p.uri)).toEqual([uri3]);
    cas.tamper(uri3, file3);
    const entries = await reader.read('m');
    // the same positions the writer saw before the store misbehaved
    expect(entries.map((e) => dec.decode(e.payload))).toEqual(['genuine', 'swapped', 'genuine 2']);
    expect((await ledger.read('m')).map((e) => e.position)).toEqual([0, 1, 2]);
    expect(entries.map((e) => e.position)).toEqual([0, 1, 2]);
    const info = await reader.info();
    const reasons = (info.rejectedBatches as { reason: string }[]).map((r) => r.reason);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/Merkle root/);
    expect(reasons[1]).toMatch(/expected 2 entries, found 1/);
    expect(info.pendingBatches).toEqual([]);
    await reader.close();
    await ledger.close();
  });

  it('a missing batch file gives ERR_LEDGER_UNAVAILABLE and leaves the view as it was', async () => {
    const cas = new MemoryCasStore();
    const { address, ledger } = await fresh(cas, { mode: 'batched' });
    await ledger.append('x', enc.encode('first'));
    const partial = new MemoryCasStore();
    const reader = await EvmLedger.connect({ ...base(), address, retryPendingMs: 0, cas: partial });
    const err = await reader.read('x').catch((e) => e);
    expect(err.code).toBe('ERR_LEDGER_UNAVAILABLE');
    expect(err.message).toMatch(/not in the content store/);
    // the file arrives: now it reads
    const [first] = await ledger.read('x');
    const a = anchorOf(first as LedgerEntry);
    await partial.put(encodeBatchFile([{ topic: 'x', payload: enc.encode('first') }]));
    expect(casId(encodeBatchFile([{ topic: 'x', payload: enc.encode('first') }]))).toBe(a.uri);
    expect((await reader.read('x')).map((e) => dec.decode(e.payload))).toEqual(['first']);
    await reader.close();
    await ledger.close();
  });

  it('interleaves direct and batched entries by (block, log index, index in batch); duplicates keep the first', async () => {
    const cas = new MemoryCasStore();
    const { address, ledger } = await fresh(cas); // direct appends, merged reads
    const writer = new BatchWriter(ledger, { maxWaitMs: 1 });
    await ledger.append('i', enc.encode('d0'));
    await writer.addMany([
      { topic: 'i', payload: enc.encode('b1') },
      { topic: 'i', payload: enc.encode('b2') },
      { topic: 'j', payload: enc.encode('other topic') },
    ]);
    const r3 = await ledger.append('i', enc.encode('d3'));
    expect([r3.position, r3.duplicate]).toEqual([3, false]);
    const dupDirect = await ledger.append('i', enc.encode('b2'));
    expect([dupDirect.position, dupDirect.duplicate]).toEqual([2, true]);
    const dupBatched = await writer.add('i', enc.encode('d0'));
    expect([dupBatched.position, dupBatched.duplicate]).toEqual([0, true]);

    // Same block: a direct entry and a batch anchored in one block, ordered by log index.
    await node.rpc('evm_setAutomine', [false]);
    const p1 = ledger.append('i', enc.encode('same block direct'));
    await new Promise((r) => setTimeout(r, 150));
    const p2 = writer.add('i', enc.encode('same block batched'));
    await new Promise((r) => setTimeout(r, 300));
    await node.mine(1);
    await node.rpc('evm_setAutomine', [true]);
    const [q1, q2] = await Promise.all([p1, p2]);
    expect([q1.position, q2.position]).toEqual([4, 5]);

    const merged = await ledger.read('i');
    expect(merged.map((e) => dec.decode(e.payload))).toEqual([
      'd0',
      'b1',
      'b2',
      'd3',
      'same block direct',
      'same block batched',
    ]);
    expect(merged.map((e) => (e.anchor as { type: string }).type)).toEqual([
      'evm-log',
      'merkle-batch',
      'merkle-batch',
      'evm-log',
      'evm-log',
      'merkle-batch',
    ]);
    expect(merged[4]?.anchor?.blockNumber).toBe(merged[5]?.anchor?.blockNumber);
    for (const e of merged) await ledger.verifyEntry(e);
    // A reader without the store sees the direct entries only, at the contract's positions.
    const plain = await EvmLedger.connect({ ...base(), address });
    expect((await plain.read('i')).map((e) => dec.decode(e.payload))).toEqual([
      'd0',
      'd3',
      'same block direct',
    ]);
    await plain.close();
    await ledger.close();
  });

  it('keeps an addMany together in one batch even past maxEntries', async () => {
    const cas = new MemoryCasStore();
    const { ledger } = await fresh(cas);
    const writer = new BatchWriter(ledger, { maxEntries: 4, maxWaitMs: 1 });
    const rs = await writer.addMany(
      Array.from({ length: 9 }, (_, i) => ({ topic: 'big', payload: enc.encode(`${i}`) })),
    );
    expect(rs.map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(writer.batches.map((b) => b.count)).toEqual([9]);
    // separate adds past maxEntries split
    await Promise.all(Array.from({ length: 9 }, (_, i) => writer.add('big', enc.encode(`s${i}`))));
    expect(writer.batches.length).toBeGreaterThanOrEqual(3);
    expect(writer.batches.slice(1).every((b) => b.count <= 4)).toBe(true);
    await ledger.close();
  });

  it('checks its inputs', async () => {
    const cas = new MemoryCasStore();
    const { ledger } = await fresh(cas);
    const plain = await EvmLedger.connect({ ...base(), address: ledger.address });
    expect(() => new BatchWriter(plain)).toThrow(TypeError);
    expect(() => new BatchWriter(undefined as never)).toThrow(TypeError);
    expect(() => new BatchWriter(ledger, { maxEntries: 0 })).toThrow(RangeError);
    expect(() => new BatchWriter(ledger, { maxWaitMs: -1 })).toThrow(RangeError);
    const w = new BatchWriter(ledger);
    expect(() => w.addMany('x' as never)).toThrow(TypeError);
    expect(() => w.addMany([{ topic: 1, payload: new Uint8Array(1) }] as never)).toThrow(TypeError);
    await w.close();
    await expect(w.add('t', new Uint8Array(1))).rejects.toMatchObject({ code: 'ERR_LEDGER_CLOSED' });
    const f = { size: 10, topics: ['t'] };
    await expect(ledger.anchorBatch(new Uint8Array(31), 1, 'z', f)).rejects.toThrow(TypeError);
    await expect(ledger.anchorBatch(new Uint8Array(32), 0, 'z', f)).rejects.toThrow(RangeError);
    await expect(ledger.anchorBatch(new Uint8Array(32), 1, 'z', { size: 0, topics: [] })).rejects.toThrow(
      RangeError,
    );
    await expect(ledger.anchorBatch(new Uint8Array(32), 1, 'z', undefined as never)).rejects.toThrow(
      TypeError,
    );
    // the contract refuses a zero root
    await expect(ledger.anchorBatch(new Uint8Array(32), 1, 'z', f)).rejects.toMatchObject({
      code: 'ERR_LEDGER_TX_REVERTED',
    });
    await plain.close();
    await ledger.close();
  });
});
