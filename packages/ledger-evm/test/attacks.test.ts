/**
 * A stranger with gas, an anchor submitter gone rogue, a malicious store and a lying node against
 * the EVM ledger on anvil, with the default open registry from `deployRegistry(wallet)`. Each test
 * performs the attack itself (raw transactions from a third account, a store that misbehaves, a
 * node that lies) and checks that readers and writers of other topics go on, that nothing is
 * censored, and that forged anchors do not verify. A stranger may not anchor batch files at all;
 * the attacks with anchors are made by a rogue account the owner once trusted with anchor rights.
 */
import { isDeepStrictEqual } from 'node:util';
import type { LedgerEntry } from '@realdid/ledger';
import {
  type Address,
  createPublicClient,
  custom,
  encodeAbiParameters,
  type Hex,
  http,
  keccak256,
  stringToBytes,
  toFunctionSelector,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues, cyclic, outcome } from '../../../test-support/hostile.js';
import {
  type CasStore,
  casId,
  deployRegistry,
  EvmLedger,
  encodeBatchFile,
  MemoryCasStore,
  MerkleTree,
  merkleLeaf,
  parseEvmLedgerUri,
  REGISTRY_ABI,
} from '../src/index.js';
import { sha256Bytes, toHex } from '../src/internal/contentId.js';
import { mapError } from '../src/internal/errors.js';
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

const base = () => ({ url: node.url, pollingIntervalMs: 20 });
/** A stranger: any account, no rights. */
const attacker = () => node.wallet(2);
/** An account the owner gave anchor rights (`ANCHOR_TOPICS`) that then misbehaves. */
const rogue = () => node.wallet(3);
const ANCHOR = { none: 0, topics: 1, bulk: 2 } as const;

async function mined(hash: Hex): Promise<void> {
  const r = await node.publicClient().waitForTransactionReceipt({ hash });
  if (r.status !== 'success') throw new Error(`attack transaction ${hash} reverted`);
}

/** The owner (account 0) sets an account's anchor rights. */
async function setRights(address: Address, who: Address, rights: number): Promise<void> {
  await mined(
    await node.wallet(0).writeContract({
      address,
      abi: REGISTRY_ABI,
      functionName: 'setAnchorSubmitter',
      args: [who, rights],
    }),
  );
}

/** Trusts the rogue account with anchor rights for batches that name their topics. */
const trustRogue = (address: Address) => setRights(address, accounts[3].address, ANCHOR.topics);

/** A raw `anchorBatch` from the stranger (or `from`), whatever the contract's signature. */
async function strangerAnchor(
  address: Address,
  b: { root: Hex; count: number; uri: string; size?: number; topics?: readonly string[] },
  from = attacker(),
): Promise<void> {
  const fn = REGISTRY_ABI.find((x) => x.type === 'function' && x.name === 'anchorBatch') as {
    inputs: readonly unknown[];
  };
  const topics = (b.topics ?? []).map((t) => keccak256(stringToBytes(t))).sort();
  const args =
    fn.inputs.length === 3
      ? [b.root, BigInt(b.count), b.uri]
      : [b.root, BigInt(b.count), BigInt(b.size ?? 100), b.uri, topics];
  const hash = await from.writeContract({
    address,
    abi: REGISTRY_ABI,
    functionName: 'anchorBatch',
    args: args as never,
  });
  await mined(hash);
}

/** The rogue anchor submitter's raw `anchorBatch`. */
const rogueAnchor = (address: Address, b: Parameters<typeof strangerAnchor>[1]) =>
  strangerAnchor(address, b, rogue());

/** The stranger's raw `append(string,bytes)` with arbitrary topic bytes. */
async function strangerAppendBytes(address: Address, topic: Uint8Array, payload: Uint8Array): Promise<void> {
  const data = (toFunctionSelector('append(string,bytes)') +
    encodeAbiParameters([{ type: 'bytes' }, { type: 'bytes' }], [toHex(topic), toHex(payload)]).slice(
      2,
    )) as Hex;
  const hash = await attacker().sendTransaction({ to: address, data });
  await mined(hash);
}

/** The one-entry batch a writer will anchor for (topic, payload): its root, file and id. */
function oneEntryBatch(topic: string, payload: Uint8Array) {
  const file = encodeBatchFile([{ topic, payload }]);
  const root = new MerkleTree([merkleLeaf(topic, sha256Bytes(payload))]).root;
  return { file, root: toHex(root), uri: casId(file) };
}

async function fresh(cas: CasStore = new MemoryCasStore(), extra: Record<string, unknown> = {}) {
  const { address } = await deployRegistry(node.wallet(0));
  const ledger = await EvmLedger.connect({
    ...base(),
    address,
    account: accounts[0],
    cas,
    mode: 'batched',
    batch: { maxWaitMs: 1 },
    ...extra,
  });
  return { address, ledger, cas };
}

/** A store that counts what it is asked for. */
class CountingStore extends MemoryCasStore {
  readonly asked: string[] = [];
  override async get(id: string): Promise<Uint8Array | undefined> {
    this.asked.push(id);
    return super.get(id);
  }
}

/** A store that counts what it is given. */
class PuttingStore extends MemoryCasStore {
  puts = 0;
  override async put(bytes: Uint8Array): Promise<string> {
    this.puts++;
    return super.put(bytes);
  }
}

describe('1. another writer’s non-UTF-8 topic bytes', () => {
  it('are skipped by every merged reader; batched writes and reads of other topics go on', async () => {
    const { address, ledger, cas } = await fresh();
    await ledger.append('victim', enc.encode('before'));
    await strangerAppendBytes(address, new Uint8Array([0xff, 0x41]), enc.encode('junk'));
    // a BOM in front of a valid topic: a lossy decoder would file it under "victim"
    await strangerAppendBytes(
      address,
      new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('victim')]),
      enc.encode('bom'),
    );
    await ledger.append('victim', enc.encode('after'));
    const reader = await EvmLedger.connect({ ...base(), address, cas });
    expect((await reader.read('victim')).map((e) => dec.decode(e.payload))).toEqual(['before', 'after']);
    expect(await reader.size('other')).toBe(0);
    expect((await reader.info()).skippedEntries).toBe(2);
    // a direct reader of the topic sees only its own entries too
    const direct = await EvmLedger.connect({ ...base(), address });
    expect(await direct.size('victim')).toBe(0);
    await Promise.all([reader.close(), direct.close(), ledger.close()]);
  });
});

describe('2. root squatting and copied anchors', () => {
  it('another anchor submitter who anchors the leaf of a pending one-entry batch first (count 2) censors nothing', async () => {
    const { address, ledger } = await fresh();
    await trustRogue(address);
    const payload = enc.encode('did recovery');
    const b = oneEntryBatch('did:realdid:zvictim', payload);
    await rogueAnchor(address, {
      root: b.root,
      count: 2,
      uri: b.uri,
      size: b.file.length,
      topics: ['did:realdid:zvictim'],
    });
    const r = await ledger.append('did:realdid:zvictim', payload);
    expect([r.position, r.duplicate]).toEqual([0, false]);
    // and every retry answers the same
    expect((await ledger.append('did:realdid:zvictim', payload)).position).toBe(0);
    const reader = await EvmLedger.connect({ ...base(), address, cas: ledger.cas as CasStore });
    const [e] = await reader.read('did:realdid:zvictim');
    expect(dec.decode((e as LedgerEntry).payload)).toBe('did recovery');
    await reader.verifyEntry(e as LedgerEntry);
    expect((await reader.info()).rejectedBatches).toHaveLength(1);
    await Promise.all([reader.close(), ledger.close()]);
  });

  it('a copy of the anchor with count + 1 (a front-runner) does not displace the original', async () => {
    const { address, ledger } = await fresh();
    await trustRogue(address);
    const payload = enc.encode('update 1');
    const b = oneEntryBatch('did:realdid:zfront', payload);
    // the copy lands first, as if it paid a higher tip
    await rogueAnchor(address, {
      root: b.root,
      count: 2,
      uri: b.uri,
      size: b.file.length,
      topics: ['did:realdid:zfront'],
    });
    // an exact copy with the right count from another submitter is harmless too: same content
    await rogueAnchor(address, {
      root: b.root,
      count: 1,
      uri: b.uri,
      size: b.file.length,
      topics: ['did:realdid:zfront'],
    });
    const r = await ledger.append('did:realdid:zfront', payload);
    expect(r.position).toBe(0);
    expect((await ledger.read('did:realdid:zfront')).map((e) => dec.decode(e.payload))).toEqual(['update 1']);
    await ledger.close();
  });
});

describe('3. a withheld batch file', () => {
  it('of an anchor submitter holds up only the topics the batch names; other reads, sizes and batched appends go on', async () => {
    const { address, ledger, cas } = await fresh();
    await trustRogue(address);
    await ledger.append('victim', enc.encode('v0'));
    // the rogue submitter anchors a batch about its own topic and never publishes the file
    const hidden = oneEntryBatch('stranger', enc.encode('hidden'));
    await rogueAnchor(address, {
      root: hidden.root,
      count: 1,
      uri: hidden.uri,
      size: hidden.file.length,
      topics: ['stranger'],
    });
    const reader = await EvmLedger.connect({ ...base(), address, retryPendingMs: 0, cas });
    expect((await reader.read('victim')).map((e) => dec.decode(e.payload))).toEqual(['v0']);
    expect(await reader.size('victim')).toBe(1);
    const r = await ledger.append('victim', enc.encode('v1'));
    expect(r.position).toBe(1);
    expect((await reader.read('victim')).map((e) => e.position)).toEqual([0, 1]);
    // the named topic is pending availability, and says so
    await expect(reader.read('stranger')).rejects.toMatchObject({
      code: 'ERR_LEDGER_UNAVAILABLE',
      message: expect.stringMatching(/pending availability/),
    });
    expect(reader.pending()).toMatchObject([
      { uri: hidden.uri, topics: [keccak256(stringToBytes('stranger'))] },
    ]);
    // the file arrives: the topic reads, at the same positions for everyone
    await cas.put(hidden.file);
    expect((await reader.read('stranger')).map((e) => dec.decode(e.payload))).toEqual(['hidden']);
    expect(reader.pending()).toEqual([]);
    await Promise.all([reader.close(), ledger.close()]);
  });

  it('a stranger cannot anchor a batch naming the victim’s topic: it reverts, and the victim reads and writes on', async () => {
    const { address, ledger, cas } = await fresh();
    await ledger.append('victim', enc.encode('v0'));
    // the stranger anchors a batch about the victim's topic and withholds the file (never publishes it)
    const hostage = oneEntryBatch('victim', enc.encode('hostage'));
    const anchored = await strangerAnchor(address, {
      root: hostage.root,
      count: 1,
      uri: hostage.uri,
      size: hostage.file.length,
      topics: ['victim'],
    }).then(
      () => 'anchored',
      (e: Error) => e.message,
    );
    // every reader reads the victim's topic, and the victim's batched appends go on
    const reader = await EvmLedger.connect({ ...base(), address, retryPendingMs: 0, cas });
    expect((await reader.read('victim')).map((e) => dec.decode(e.payload))).toEqual(['v0']);
    expect(reader.pending()).toEqual([]);
    expect((await ledger.append('victim', enc.encode('v1'))).position).toBe(1);
    expect(anchored).toMatch(/AnchorNotAllowed/);
    // the contract's revert, as the client maps any node answer: coded, naming the reason
    const raw = await node
      .publicClient()
      .simulateContract({
        address,
        abi: REGISTRY_ABI,
        functionName: 'anchorBatch',
        args: [
          hostage.root,
          1n,
          BigInt(hostage.file.length),
          hostage.uri,
          [keccak256(stringToBytes('victim'))],
        ],
        account: accounts[2],
      })
      .catch((e) => e);
    expect(mapError(raw, 'anchorBatch', 'anvil')).toMatchObject({
      code: 'ERR_LEDGER_TX_REVERTED',
      message: `anchorBatch reverted: AnchorNotAllowed(${accounts[2].address})`,
    });
    // the stranger's own batched client gets a coded error, before any file is stored
    const strangerCas = new PuttingStore();
    const batched = await EvmLedger.connect({
      ...base(),
      address,
      account: accounts[2],
      cas: strangerCas,
      mode: 'batched',
      batch: { maxWaitMs: 1 },
    });
    const err = await batched.append('victim', enc.encode('s0')).catch((e) => e);
    expect(err).toMatchObject({
      code: 'ERR_LEDGER_TX_REVERTED',
      message: expect.stringMatching(/AnchorNotAllowed/),
    });
    expect(strangerCas.puts).toBe(0);
    // a stranger still writes to any topic with its data on chain, after the victim's entries
    const direct = await EvmLedger.connect({ ...base(), address, account: accounts[2] });
    expect((await direct.append('victim', enc.encode('s1'))).duplicate).toBe(false);
    expect((await reader.read('victim')).map((e) => [e.position, dec.decode(e.payload)])).toEqual([
      [0, 'v0'],
      [1, 'v1'],
      [2, 's1'],
    ]);
    expect(reader.pending()).toEqual([]);
    await Promise.all([reader.close(), batched.close(), direct.close(), ledger.close()]);
  });

  it('an anchor submitter without bulk rights may not anchor a batch without naming its topics', async () => {
    const { address, ledger } = await fresh();
    await trustRogue(address);
    const hidden = oneEntryBatch('x', enc.encode('y'));
    await expect(
      rogueAnchor(address, { root: hidden.root, count: 1, uri: hidden.uri, size: hidden.file.length }),
    ).rejects.toThrow(/TopicsRequired/);
    await ledger.close();
  });
});

describe('3c. anchor submitters are named by the owner', () => {
  it('the owner adds, upgrades and removes one; its withheld files hold up the topics it names (every topic when bulk); removed, it can no longer anchor', async () => {
    const { address, ledger, cas } = await fresh();
    const who = accounts[3].address;
    const reader = await EvmLedger.connect({ ...base(), address, retryPendingMs: 0, cas });
    expect(await reader.anchorRights(accounts[0].address)).toBe('bulk'); // the deployer
    expect(await reader.anchorRights(who)).toBe('none');
    // only the owner names anchor submitters, and only with a known level of rights
    await expect(
      attacker().writeContract({
        address,
        abi: REGISTRY_ABI,
        functionName: 'setAnchorSubmitter',
        args: [accounts[2].address, ANCHOR.bulk],
      }),
    ).rejects.toThrow(/NotOwner/);
    await expect(setRights(address, who, 3)).rejects.toThrow(/AnchorRightsInvalid/);
    await ledger.append('victim', enc.encode('v0'));
    await ledger.append('other', enc.encode('o0'));
    const named = oneEntryBatch('victim', enc.encode('named'));
    const bulk = oneEntryBatch('other', enc.encode('bulk'));
    const late = oneEntryBatch('other', enc.encode('late'));
    await expect(
      rogueAnchor(address, {
        root: named.root,
        count: 1,
        uri: named.uri,
        size: named.file.length,
        topics: ['victim'],
      }),
    ).rejects.toThrow(/AnchorNotAllowed/);

    // trusted with topic lists: its withheld file holds up the topic it names, nothing else
    await setRights(address, who, ANCHOR.topics);
    expect(await reader.anchorRights(who)).toBe('topics');
    await rogueAnchor(address, {
      root: named.root,
      count: 1,
      uri: named.uri,
      size: named.file.length,
      topics: ['victim'],
    });
    await expect(reader.read('victim')).rejects.toMatchObject({
      code: 'ERR_LEDGER_UNAVAILABLE',
      message: expect.stringMatching(/pending availability/),
    });
    expect((await reader.read('other')).map((e) => dec.decode(e.payload))).toEqual(['o0']);
    expect(reader.pending()).toMatchObject([
      { uri: named.uri, submitter: who.toLowerCase(), topics: [keccak256(stringToBytes('victim'))] },
    ]);

    // trusted with bulk anchors: a withheld bulk file holds up every topic
    await setRights(address, who, ANCHOR.bulk);
    await rogueAnchor(address, { root: bulk.root, count: 1, uri: bulk.uri, size: bulk.file.length });
    await expect(reader.read('other')).rejects.toMatchObject({ code: 'ERR_LEDGER_UNAVAILABLE' });
    await expect(reader.size('unrelated')).rejects.toMatchObject({ code: 'ERR_LEDGER_UNAVAILABLE' });
    expect(reader.pending().map((p) => p.topics)).toEqual([[keccak256(stringToBytes('victim'))], 'all']);

    // removed: it can no longer anchor, with a list or without
    await setRights(address, who, ANCHOR.none);
    expect(await reader.anchorRights(who)).toBe('none');
    await expect(
      rogueAnchor(address, {
        root: late.root,
        count: 1,
        uri: late.uri,
        size: late.file.length,
        topics: ['other'],
      }),
    ).rejects.toThrow(/AnchorNotAllowed/);
    await expect(
      rogueAnchor(address, { root: late.root, count: 1, uri: late.uri, size: late.file.length }),
    ).rejects.toThrow(/AnchorNotAllowed/);
    // its client refuses with a coded error, and stores nothing
    const store = new PuttingStore();
    const removed = await EvmLedger.connect({
      ...base(),
      address,
      account: accounts[3],
      cas: store,
      mode: 'batched',
      batch: { maxWaitMs: 1 },
    });
    const err = await removed.appendBatch([{ topic: 'other', payload: enc.encode('late') }]).catch((e) => e);
    expect(err).toMatchObject({
      code: 'ERR_LEDGER_TX_REVERTED',
      message: expect.stringMatching(new RegExp(`AnchorNotAllowed\\(${who}\\)`)),
    });
    expect(store.puts).toBe(0);

    // what it anchored while trusted stays on the chain and is taken on its merits: the files
    // arrive, and every topic reads at the same positions for everyone
    await cas.put(named.file);
    await cas.put(bulk.file);
    expect((await reader.read('victim')).map((e) => dec.decode(e.payload))).toEqual(['v0', 'named']);
    expect((await reader.read('other')).map((e) => dec.decode(e.payload))).toEqual(['o0', 'bulk']);
    expect(reader.pending()).toEqual([]);
    expect((await ledger.append('other', enc.encode('o1'))).position).toBe(2);
    await Promise.all([reader.close(), removed.close(), ledger.close()]);
  });
});

describe('3b. many withheld files behind a store that never answers', () => {
  it('cost one bounded fetch round, then nothing until the retry time', async () => {
    class HangingStore extends MemoryCasStore {
      readonly asked: string[] = [];
      override async get(id: string): Promise<Uint8Array | undefined> {
        this.asked.push(id);
        if (id === this.answerFor) return super.get(id);
        return new Promise<undefined>(() => undefined);
      }
      answerFor = '';
    }
    const store = new HangingStore();
    const { address } = await deployRegistry(node.wallet(0), {
      fetchTimeoutMs: 100,
      anchorSubmitters: [accounts[3].address],
    });
    const writer = await EvmLedger.connect({ ...base(), address, account: accounts[0] });
    await writer.append('victim', enc.encode('direct'));
    const hidden = Array.from({ length: 20 }, (_, i) => oneEntryBatch(`s${i}`, enc.encode(`h${i}`)));
    for (const [i, h] of hidden.entries())
      await rogueAnchor(address, {
        root: h.root,
        count: 1,
        uri: h.uri,
        size: h.file.length,
        topics: [`s${i}`],
      });
    // an indexer, which fetches every batch (a plain reader of "victim" would not even ask)
    const reader = await EvmLedger.connect({
      ...base(),
      address,
      cas: store,
      fetchAll: true,
      retryPendingMs: 3_600_000,
    });
    expect((await reader.read('victim')).map((e) => dec.decode(e.payload))).toEqual(['direct']);
    expect(store.asked).toHaveLength(20);
    expect(reader.pending()).toHaveLength(20);
    expect(reader.pending()[0]?.reason).toMatch(/no answer within 100 ms/);
    // later reads do not ask again before the retry time
    expect(await reader.size('victim')).toBe(1);
    await expect(reader.read('s3')).rejects.toMatchObject({ code: 'ERR_LEDGER_UNAVAILABLE' });
    expect(store.asked).toHaveLength(20);
    await Promise.all([reader.close(), writer.close()]);
  });
});

describe('4. an anchor whose file id can never verify', () => {
  it('is rejected without asking the store, even when it names the victim’s topic', async () => {
    const store = new CountingStore();
    const { address, ledger } = await fresh(store);
    await trustRogue(address);
    await ledger.append('victim', enc.encode('v0'));
    const fake = oneEntryBatch('victim', enc.encode('fake'));
    const bad = [
      'not-a-content-id',
      'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG',
      'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
    ];
    for (const uri of bad)
      await rogueAnchor(address, { root: fake.root, count: 1, uri, size: 10, topics: ['victim'] });
    await ledger.append('victim', enc.encode('v1'));
    const reader = await EvmLedger.connect({ ...base(), address, cas: store });
    store.asked.length = 0;
    expect((await reader.read('victim')).map((e) => dec.decode(e.payload))).toEqual(['v0', 'v1']);
    for (const uri of bad) expect(store.asked).not.toContain(uri);
    const rejected = (await reader.info()).rejectedBatches as { uri: string; reason: string }[];
    expect(rejected.map((r) => r.uri)).toEqual(bad);
    expect(rejected.every((r) => /can never verify/.test(r.reason))).toBe(true);
    await Promise.all([reader.close(), ledger.close()]);
  });

  it('an empty id is refused by the contract', async () => {
    const { address, ledger } = await fresh();
    await trustRogue(address);
    const b = oneEntryBatch('victim', enc.encode('z'));
    await expect(
      rogueAnchor(address, { root: b.root, count: 1, uri: '', topics: ['victim'] }),
    ).rejects.toThrow();
    await ledger.close();
  });
});

describe('5. amplification', () => {
  it('the contract refuses anchors over the published batch limits, so no reader fetches more', async () => {
    const { address, ledger } = await fresh(new MemoryCasStore());
    await trustRogue(address);
    const limits = await ledger.limits();
    expect(limits).toEqual({
      maxEntryBytes: 65_536,
      maxBatchEntries: 10_000,
      maxBatchFileBytes: 16 * 1024 * 1024,
      fetchTimeoutMs: 10_000,
    });
    const b = oneEntryBatch('t', enc.encode('x'));
    await expect(
      rogueAnchor(address, { root: b.root, count: 10_001, uri: b.uri, size: 100, topics: ['t'] }),
    ).rejects.toThrow();
    await expect(
      rogueAnchor(address, { root: b.root, count: 1, uri: b.uri, size: 64 * 1024 * 1024, topics: ['t'] }),
    ).rejects.toThrow();
    expect((await ledger.info()).batches).toBe(0);
    await ledger.close();
  });

  it('a reader fetches another submitter’s named batch only when it reads one of its topics', async () => {
    const store = new CountingStore();
    const { address, ledger } = await fresh(store);
    await trustRogue(address);
    await ledger.append('victim', enc.encode('v0'));
    // a large, valid batch about the rogue submitter's own topic
    const big = Array.from({ length: 200 }, (_, i) => ({
      topic: 'junk',
      payload: new Uint8Array(4096).fill(i),
    }));
    const file = encodeBatchFile(big);
    const uri = await store.put(file);
    const root = toHex(new MerkleTree(big.map((e) => merkleLeaf(e.topic, sha256Bytes(e.payload)))).root);
    await rogueAnchor(address, { root, count: big.length, uri, size: file.length, topics: ['junk'] });
    const reader = await EvmLedger.connect({ ...base(), address, cas: store });
    store.asked.length = 0;
    expect((await reader.read('victim')).map((e) => dec.decode(e.payload))).toEqual(['v0']);
    expect(store.asked).not.toContain(uri);
    expect((await reader.info()).deferredBatches).toBe(1);
    // reading the topic fetches it, at the same positions an indexer gives
    expect(await reader.size('junk')).toBe(200);
    expect(store.asked).toContain(uri);
    const indexer = await EvmLedger.connect({ ...base(), address, cas: store, fetchAll: true });
    await indexer.sync();
    expect((await indexer.info()).deferredBatches).toBe(0);
    expect((await indexer.read('junk', { from: 150, limit: 1 }))[0]?.payload).toEqual(big[150]?.payload);
    expect((await reader.read('junk', { from: 150, limit: 1 }))[0]?.position).toBe(150);
    await Promise.all([indexer.close(), reader.close(), ledger.close()]);
  });

  it('a file longer than the anchor says is rejected for everyone', async () => {
    const { address, ledger, cas } = await fresh();
    await trustRogue(address);
    const b = oneEntryBatch('t', enc.encode('x'));
    await cas.put(b.file);
    await rogueAnchor(address, {
      root: b.root,
      count: 1,
      uri: b.uri,
      size: b.file.length - 1,
      topics: ['t'],
    });
    const reader = await EvmLedger.connect({ ...base(), address, cas });
    expect(await reader.read('t')).toEqual([]);
    expect(((await reader.info()).rejectedBatches as { reason: string }[])[0]?.reason).toMatch(
      /bytes, the anchor says/,
    );
    await Promise.all([reader.close(), ledger.close()]);
  });
});

describe('6. a store that serves other bytes', () => {
  it('makes the batch pending (not dropped); when the store recovers, every reader agrees', async () => {
    const store = new MemoryCasStore();
    const { address, ledger } = await fresh(store);
    await ledger.append('t', enc.encode('a'));
    await ledger.append('t', enc.encode('b'));
    const [, second] = (await ledger.read('t')) as [LedgerEntry, LedgerEntry];
    const uri = (second.anchor as { uri: string }).uri;
    const good = await store.get(uri);
    store.tamper(uri, encodeBatchFile([{ topic: 't', payload: enc.encode('evil') }]));
    const reader = await EvmLedger.connect({ ...base(), address, retryPendingMs: 0, cas: store });
    await expect(reader.read('t')).rejects.toMatchObject({ code: 'ERR_LEDGER_UNAVAILABLE' });
    expect((await reader.info()).rejectedBatches).toEqual([]);
    store.tamper(uri, good as Uint8Array);
    expect((await reader.read('t')).map((e) => [e.position, dec.decode(e.payload)])).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    await Promise.all([reader.close(), ledger.close()]);
  });
});

describe('7. verifyEntry binds chain, contract, block, transaction, position and time', () => {
  it('refuses a backdated, reordered, re-homed or made-up anchor', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const ledger = await EvmLedger.connect({ ...base(), address, account: accounts[0] });
    await ledger.append('v', enc.encode('first'));
    await ledger.append('v', enc.encode('second'));
    const [first, second] = (await ledger.read('v')) as [LedgerEntry, LedgerEntry];
    await ledger.verifyEntry(first);
    await ledger.verifyEntry(second);
    const a = second.anchor as Record<string, unknown>;
    const yearBack = new Date(Date.parse(second.time) - 365 * 86_400_000).toISOString();
    const forgeries: LedgerEntry[] = [
      { ...second, time: yearBack },
      { ...second, position: 0, anchor: { ...a, contractPosition: 0 } },
      { ...second, position: 0 },
      { ...second, anchor: { ...a, chainId: 1 } },
      { ...second, anchor: { ...a, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } },
      { ...second, anchor: { ...a, txHash: `0x${'ab'.repeat(32)}` } },
      { ...second, anchor: { ...a, txHash: (first.anchor as { txHash: string }).txHash } },
      { ...second, anchor: { ...a, blockHash: `0x${'cd'.repeat(32)}` } },
      { ...second, anchor: { ...a, logIndex: 5 } },
    ];
    for (const f of forgeries) {
      await expect(ledger.verifyEntry(f)).rejects.toMatchObject({ code: 'ERR_LEDGER_PROOF_INVALID' });
    }
    await ledger.close();
  });

  it('a batched entry moved to another position or time does not verify', async () => {
    const { ledger } = await fresh();
    await ledger.appendBatch([
      { topic: 'b', payload: enc.encode('one') },
      { topic: 'b', payload: enc.encode('two') },
    ]);
    const [, two] = (await ledger.read('b')) as [LedgerEntry, LedgerEntry];
    await ledger.verifyEntry(two);
    await expect(ledger.verifyEntry({ ...two, position: 0 })).rejects.toMatchObject({
      code: 'ERR_LEDGER_PROOF_INVALID',
    });
    await expect(ledger.verifyEntry({ ...two, time: '2000-01-01T00:00:00.000Z' })).rejects.toMatchObject({
      code: 'ERR_LEDGER_PROOF_INVALID',
    });
    await ledger.close();
  });
});

function sameValue(x: unknown, y: unknown): boolean {
  try {
    return x === y || isDeepStrictEqual(x, y);
  } catch {
    return false;
  }
}

describe('7b. verifyEntry on hostile anchors', () => {
  it('every field replaced by a wrong-typed or edge value is ERR_LEDGER_PROOF_INVALID, never a crash', async () => {
    const { ledger } = await fresh();
    await ledger.appendBatch(['one', 'two', 'three'].map((p) => ({ topic: 'h', payload: enc.encode(p) })));
    const [, e] = (await ledger.read('h')) as [LedgerEntry, LedgerEntry];
    await ledger.verifyEntry(e);
    const a = e.anchor as Record<string, unknown>;
    const values = [...allHostileValues(), ...cyclic()];
    for (const key of [...Object.keys(a), 'extra']) {
      for (const v of values) {
        const o = await outcome(() => ledger.verifyEntry({ ...e, anchor: { ...a, [key]: v } }), {
          codes: ['ERR_LEDGER_PROOF_INVALID'],
        });
        // (a value equal to the real one, such as logIndex 0 or -0, is not a mutation)
        if (key !== 'extra' && !sameValue(v, a[key]))
          expect(o.kind, `${key} = ${String(typeof v)}`).toBe('coded');
      }
    }
    for (const v of values) {
      const o = await outcome(() => ledger.verifyEntry({ ...e, anchor: v } as never), {
        codes: ['ERR_LEDGER_PROOF_INVALID'],
      });
      expect(o.kind).toBe('coded');
    }
    await ledger.close();
  });
});

describe('8. the contract enforces the entry size', () => {
  it('refuses empty and oversized payloads from anyone; a batch with an empty payload is rejected', async () => {
    const { address, ledger, cas } = await fresh();
    await trustRogue(address);
    await expect(strangerAppendBytes(address, enc.encode('t'), new Uint8Array(0))).rejects.toThrow();
    await expect(strangerAppendBytes(address, enc.encode('t'), new Uint8Array(256 * 1024))).rejects.toThrow();
    const file = encodeBatchFile([{ topic: 't', payload: new Uint8Array(0) }]);
    const uri = await cas.put(file);
    const root = toHex(new MerkleTree([merkleLeaf('t', sha256Bytes(new Uint8Array(0)))]).root);
    await rogueAnchor(address, { root, count: 1, uri, size: file.length, topics: ['t'] });
    const direct = await EvmLedger.connect({ ...base(), address });
    const merged = await EvmLedger.connect({ ...base(), address, cas });
    expect(await direct.read('t')).toEqual([]);
    expect(await merged.read('t')).toEqual([]);
    await Promise.all([direct.close(), merged.close(), ledger.close()]);
  });
});

describe('9. chain id and contract code are pinned at connect; URI parameters are parsed', () => {
  it('refuses a node on another chain, an address without the registry, and keeps chainId off the RPC URL', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    await expect(EvmLedger.connect({ ...base(), address, chainId: 1 })).rejects.toMatchObject({
      code: 'ERR_LEDGER_CORRUPT',
    });
    await expect(EvmLedger.fromUri(`evm+${node.url}?contract=${address}&chainId=1`)).rejects.toMatchObject({
      code: 'ERR_LEDGER_CORRUPT',
    });
    const parsed = parseEvmLedgerUri(`evm+${node.url}?contract=${address}&chainId=31337`);
    expect(parsed.rpcUrl).not.toMatch(/chainId/);
    expect(parsed.chainId).toBe(31337);
    // an account with no code, or a contract that is not the registry
    await expect(EvmLedger.connect({ ...base(), address: accounts[2].address })).rejects.toMatchObject({
      code: 'ERR_LEDGER_CORRUPT',
    });
    await expect(
      EvmLedger.connect({ ...base(), address, codeHash: `0x${'00'.repeat(32)}` }),
    ).rejects.toMatchObject({ code: 'ERR_LEDGER_CORRUPT' });
    const ok = await EvmLedger.fromUri(`evm+${node.url}?contract=${address}&chainId=31337`);
    const info = await ok.info();
    expect(info.chainId).toBe(31337);
    const pinned = await EvmLedger.connect({ ...base(), address, codeHash: info.codeHash as Hex });
    await Promise.all([ok.close(), pinned.close()]);
  });
});

describe('10. a node that moves block timestamps', () => {
  it('is not believed when a block claims a time far ahead of the reader’s clock', async () => {
    const liar = await Anvil.start();
    try {
      const { address } = await deployRegistry(liar.wallet(0));
      const writer = await EvmLedger.connect({
        url: liar.url,
        pollingIntervalMs: 20,
        address,
        account: accounts[0],
      });
      await writer.append('t', enc.encode('honest'));
      const ahead = Math.floor(Date.now() / 1000) + 400 * 86_400;
      await liar.rpc('evm_setNextBlockTimestamp', [ahead]);
      await writer.append('t', enc.encode('shifted')).catch(() => undefined);
      const reader = await EvmLedger.connect({ url: liar.url, address });
      await expect(reader.read('t')).rejects.toMatchObject({ code: 'ERR_LEDGER_CORRUPT' });
      // a reader whose clock agrees (say, a year later) reads it, whichever form its clock takes:
      // milliseconds, or the deprecated () => Date and Date
      const t = ahead * 1000 + 1000;
      for (const now of [() => t, () => new Date(t), new Date(t)]) {
        const later = await EvmLedger.connect({ url: liar.url, address, now });
        expect((await later.read('t')).map((e) => dec.decode(e.payload))).toEqual(['honest', 'shifted']);
        await later.close();
      }
      // and a reader at today's time refuses it, whichever form its clock takes
      for (const now of [() => Date.now(), () => new Date(), new Date()]) {
        const today = await EvmLedger.connect({ url: liar.url, address, now });
        await expect(today.read('t')).rejects.toMatchObject({ code: 'ERR_LEDGER_CORRUPT' });
        await today.close();
      }
      await Promise.all([writer.close(), reader.close()]);
    } finally {
      await liar.stop();
    }
  });
});

describe('10b. a node that moves one block back in time', () => {
  it('is caught: block times along the topic never decrease', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const w = await EvmLedger.connect({ ...base(), address, account: accounts[0] });
    await w.append('t', enc.encode('one'));
    await w.append('t', enc.encode('two'));
    const [, two] = (await w.read('t')) as [LedgerEntry, LedgerEntry];
    const shifted = (two.anchor as { blockHash: string }).blockHash;
    const inner = http(node.url)({ chain: node.chain(), retryCount: 0 });
    const liar = createPublicClient({
      chain: node.chain(),
      transport: custom(
        {
          async request({ method, params }) {
            const r = (await inner.request({ method, params } as never)) as Record<string, unknown>;
            if (method === 'eth_getBlockByHash' && r && r.hash === shifted) {
              // 400 days earlier than the truth
              return {
                ...r,
                timestamp: `0x${(BigInt(r.timestamp as string) - 400n * 86_400n).toString(16)}`,
              };
            }
            return r;
          },
        },
        { retryCount: 0 },
      ),
    });
    for (const cas of [undefined, new MemoryCasStore()]) {
      const reader = new EvmLedger({ publicClient: liar, address, ...(cas ? { cas } : {}) });
      await expect(reader.read('t')).rejects.toMatchObject({ code: 'ERR_LEDGER_CORRUPT' });
      await reader.close();
    }
    await w.close();
  });
});

describe('11. readers agree on positions whatever their local options', () => {
  it('the entry size is the contract’s, not a reader option; a 70,000-byte entry is refused for all', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    expect(
      () => new EvmLedger({ publicClient: node.publicClient(), address, maxEntryBytes: 100_000 } as never),
    ).toThrow(TypeError);
    await expect(strangerAppendBytes(address, enc.encode('t'), new Uint8Array(70_000))).rejects.toThrow();
    const small = await deployRegistry(node.wallet(0), { maxEntryBytes: 100 });
    const w = await EvmLedger.connect({ ...base(), address: small.address, account: accounts[0] });
    await expect(w.append('t', new Uint8Array(101))).rejects.toMatchObject({
      code: 'ERR_LEDGER_ENTRY_TOO_LARGE',
    });
    expect((await w.info()).maxEntryBytes).toBe(100);
    await w.close();
  });
});

describe('12. direct reads walk only the blocks that hold the topic; capped log queries are split', () => {
  /** A public client that counts eth_getLogs calls and refuses answers of more than `cap` logs. */
  function countingClient(cap = Number.POSITIVE_INFINITY) {
    const inner = http(node.url)({ chain: node.chain(), retryCount: 0 });
    const calls = { getLogs: 0 };
    const client = createPublicClient({
      chain: node.chain(),
      transport: custom(
        {
          async request({ method, params }) {
            const result = await inner.request({ method, params } as never);
            if (method === 'eth_getLogs') {
              calls.getLogs++;
              if (Array.isArray(result) && result.length > cap)
                throw new Error(`query returned more than ${cap} results`);
            }
            return result;
          },
        },
        { retryCount: 0 },
      ),
      pollingInterval: 20,
    });
    return { client, calls };
  }

  it('one junk append 1,000 blocks later costs one more call, not ten', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const w = await EvmLedger.connect({ ...base(), address, account: accounts[0] });
    await w.append('t', enc.encode('first'));
    await node.mine(1000);
    await w.append('t', enc.encode('junk'));
    const { client, calls } = countingClient();
    const reader = new EvmLedger({ publicClient: client, address, maxBlockRange: 100 });
    expect((await reader.read('t')).map((e) => dec.decode(e.payload))).toEqual(['first', 'junk']);
    expect(calls.getLogs).toBe(2);
    calls.getLogs = 0;
    expect((await reader.read('t', { from: 1 })).map((e) => dec.decode(e.payload))).toEqual(['junk']);
    expect(calls.getLogs).toBe(1);
    // a topic whose blocks all fit in one window is one call, however many blocks hold it
    for (let i = 0; i < 5; i++) await w.append('dense', enc.encode(`d${i}`));
    calls.getLogs = 0;
    expect(await reader.read('dense')).toHaveLength(5);
    expect(calls.getLogs).toBe(1);
    await Promise.all([w.close(), reader.close()]);
  });

  it('a provider that caps the logs per call gets smaller ranges', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const w = await EvmLedger.connect({ ...base(), address, account: accounts[0] });
    for (let i = 0; i < 6; i++) await w.append(`t${i % 2}`, enc.encode(`e${i}`));
    const { client, calls } = countingClient(2);
    const reader = new EvmLedger({ publicClient: client, address, cas: new MemoryCasStore() });
    expect((await reader.read('t1')).map((e) => dec.decode(e.payload))).toEqual(['e1', 'e3', 'e5']);
    expect(calls.getLogs).toBeGreaterThan(1);
    await Promise.all([w.close(), reader.close()]);
  });
});
