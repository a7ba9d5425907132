import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrongClocks } from '../../../test-support/hostile.js';
import { BatchWriter, deployRegistry, EvmLedger, MemoryCasStore } from '../src/index.js';
import { Anvil, accounts } from './helpers/anvil.js';

let node: Anvil;
beforeAll(async () => {
  node = await Anvil.start();
});
afterAll(async () => {
  await node?.stop();
});

const ADDR = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const wrong = [undefined, null, 'x', 1, [], new Uint8Array(2)];

describe('caller misuse is a TypeError / RangeError, at once', () => {
  it('new EvmLedger', () => {
    const publicClient = createPublicClient({ transport: http('http://127.0.0.1:1') });
    for (const bad of wrong) expect(() => new EvmLedger(bad as never)).toThrow(TypeError);
    for (const bad of wrong)
      expect(() => new EvmLedger({ publicClient: bad as never, address: ADDR })).toThrow(TypeError);
    for (const bad of [...wrong, '0x1234'])
      expect(() => new EvmLedger({ publicClient, address: bad as never })).toThrow(TypeError);
    for (const key of [
      'confirmations',
      'maxBlockRange',
      'retries',
      'retryDelayMs',
      'timeoutMs',
      'clockSkewSeconds',
    ]) {
      for (const bad of [-1, 1.5, '1', Number.NaN]) {
        expect(() => new EvmLedger({ publicClient, address: ADDR, [key]: bad } as never)).toThrow(RangeError);
      }
    }
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => new EvmLedger({ publicClient, address: ADDR, chainId: bad })).toThrow(RangeError);
    for (const bad of [null, 'x', 1, [], '0x12', `0x${'g'.repeat(64)}`])
      expect(() => new EvmLedger({ publicClient, address: ADDR, codeHash: bad as never })).toThrow(TypeError);
    for (const bad of wrongClocks().filter((v) => typeof v !== 'function'))
      expect(() => new EvmLedger({ publicClient, address: ADDR, now: bad as never })).toThrow(/^now: /);
    for (const bad of ['x', 1, null])
      expect(() => new EvmLedger({ publicClient, address: ADDR, fetchAll: bad as never })).toThrow(TypeError);
    for (const bad of [-1, 1.5, '1'])
      expect(() => new EvmLedger({ publicClient, address: ADDR, retryPendingMs: bad as never })).toThrow(
        RangeError,
      );
    for (const key of ['maxEntryBytes', 'maxBatchEntries'])
      expect(() => new EvmLedger({ publicClient, address: ADDR, [key]: 10 } as never)).toThrow(TypeError);
    expect(() => new EvmLedger({ publicClient, address: ADDR, mode: 'batched' })).toThrow(TypeError);
    expect(() => new EvmLedger({ publicClient, address: ADDR, mode: 'other' as never })).toThrow(TypeError);
    expect(new EvmLedger({ publicClient, address: ADDR }).kind).toBe('evm');
  });

  it('connect, fromUri, deployRegistry', async () => {
    for (const bad of wrong) await expect(EvmLedger.connect(bad as never)).rejects.toThrow(TypeError);
    for (const bad of [...wrong, 'ws://127.0.0.1:1', 'file:///x']) {
      await expect(EvmLedger.connect({ url: bad as never, address: ADDR })).rejects.toThrow(TypeError);
    }
    for (const bad of [...wrong, 'http://127.0.0.1:1'])
      await expect(EvmLedger.fromUri(bad as never)).rejects.toThrow(TypeError);
    for (const bad of wrong) await expect(deployRegistry(bad as never)).rejects.toThrow(TypeError);
    await expect(deployRegistry(node.wallet(0), { allowList: ['nope' as never] })).rejects.toThrow(TypeError);
    await expect(deployRegistry(node.wallet(0), { bulkSubmitters: ['nope' as never] })).rejects.toThrow(
      TypeError,
    );
    for (const key of ['anchorSubmitters', 'bulkSubmitters'])
      for (const bad of [...wrong, ['nope'], [1]])
        if (bad !== undefined && !(Array.isArray(bad) && bad.length === 0))
          await expect(deployRegistry(node.wallet(0), { [key]: bad } as never)).rejects.toThrow(TypeError);
    for (const key of ['maxEntryBytes', 'maxBatchEntries', 'maxBatchFileBytes', 'fetchTimeoutMs'])
      for (const bad of [0, -1, 1.5, '1', 2 ** 53])
        await expect(deployRegistry(node.wallet(0), { [key]: bad } as never)).rejects.toThrow(RangeError);
  });

  it('a read-only ledger refuses to write with a TypeError; fromUri connects', async () => {
    const { address } = await deployRegistry(node.wallet(0));
    const ro = await EvmLedger.fromUri(`evm+${node.url}?contract=${address}`);
    await expect(ro.append('t', new Uint8Array([1]))).rejects.toThrow(TypeError);
    expect((await ro.info()).location).toBe(`evm:31337:${address} via ${node.url}/`);
    const rw = await EvmLedger.fromUri(`evm+${node.url}?contract=${address}&confirmations=0`, {
      account: accounts[0],
    });
    expect((await rw.append('t', new Uint8Array([1]))).position).toBe(0);
    expect(await ro.size('t')).toBe(1);
    for (const bad of wrong) await expect(rw.verifyEntry(bad as never)).rejects.toThrow(TypeError);
    await expect(ro.locate('t', 'z')).rejects.toThrow(TypeError); // needs a CAS
    const withCas = await EvmLedger.connect({ url: node.url, address, cas: new MemoryCasStore() });
    expect(await withCas.locate('t', 'zNope')).toBeUndefined();
    expect(() => new BatchWriter(ro)).toThrow(TypeError);
    // anchor rights: ask about an address; a read-only ledger has no account of its own
    await expect(ro.anchorRights()).rejects.toThrow(TypeError);
    for (const bad of [...wrong, 'nope', '0x12'].filter((v) => v !== undefined))
      await expect(rw.anchorRights(bad as never)).rejects.toThrow(TypeError);
    expect(await ro.anchorRights(accounts[0].address)).toBe('bulk');
    expect(await rw.anchorRights()).toBe('bulk');
    expect(rw.account).toBe(accounts[0].address);
    expect(ro.account).toBeUndefined();
    for (const l of [ro, rw, withCas]) await l.close();
  });
});
