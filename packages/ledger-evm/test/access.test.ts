import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployRegistry, EvmLedger, type GasReport, MemoryCasStore, REGISTRY_ABI } from '../src/index.js';
import { Anvil, accounts } from './helpers/anvil.js';

const enc = new TextEncoder();
let anvil: Anvil;
beforeAll(async () => {
  anvil = await Anvil.start();
});
afterAll(async () => {
  await anvil?.stop();
});

describe('access control (allow-listed submitters)', () => {
  it('rejects a non-allow-listed submitter with ERR_LEDGER_TX_REVERTED naming the reason, and writes nothing', async () => {
    const { address } = await deployRegistry(anvil.wallet(0), { allowList: [accounts[1].address] });
    const outsider = await EvmLedger.connect({
      url: anvil.url,
      address,
      account: accounts[2],
      pollingIntervalMs: 20,
    });
    const member = await EvmLedger.connect({
      url: anvil.url,
      address,
      account: accounts[1],
      pollingIntervalMs: 20,
    });
    const err = await outsider.append('t', enc.encode('x')).catch((e) => e);
    expect(err.code).toBe('ERR_LEDGER_TX_REVERTED');
    expect(err.message).toContain('SubmitterNotAllowed');
    expect(err.message.toLowerCase()).toContain(accounts[2].address.toLowerCase());
    const errBatch = await outsider
      .appendBatch([
        { topic: 't', payload: enc.encode('a') },
        { topic: 'u', payload: enc.encode('b') },
      ])
      .catch((e) => e);
    expect(errBatch.code).toBe('ERR_LEDGER_TX_REVERTED');
    expect(await member.size('t')).toBe(0);
    expect((await member.info()).entries).toBe(0);
    const r = await member.append('t', enc.encode('x'));
    expect([r.position, r.duplicate]).toEqual([0, false]);
    await outsider.close();
    await member.close();
  });

  it('the owner adds and removes submitters; only the owner may', async () => {
    const owner = anvil.wallet(0);
    const { address } = await deployRegistry(owner, { allowList: [] });
    const l2 = await EvmLedger.connect({
      url: anvil.url,
      address,
      account: accounts[2],
      pollingIntervalMs: 20,
    });
    expect((await l2.append('t', enc.encode('1')).catch((e) => e)).code).toBe('ERR_LEDGER_TX_REVERTED');
    // a non-owner cannot change the list
    const notOwner = anvil.wallet(2);
    await expect(
      notOwner.writeContract({
        address,
        abi: REGISTRY_ABI,
        functionName: 'setSubmitter',
        args: [accounts[2].address, true],
      }),
    ).rejects.toThrow(/NotOwner/);
    const pub = anvil.publicClient();
    const h = await owner.writeContract({
      address,
      abi: REGISTRY_ABI,
      functionName: 'setSubmitter',
      args: [accounts[2].address, true],
    });
    await pub.waitForTransactionReceipt({ hash: h });
    expect((await l2.append('t', enc.encode('1'))).position).toBe(0);
    const h2 = await owner.writeContract({
      address,
      abi: REGISTRY_ABI,
      functionName: 'setSubmitter',
      args: [accounts[2].address, false],
    });
    await pub.waitForTransactionReceipt({ hash: h2 });
    expect((await l2.append('t', enc.encode('2')).catch((e) => e)).code).toBe('ERR_LEDGER_TX_REVERTED');
    expect(await l2.size('t')).toBe(1);
    await l2.close();
  });

  it('on a restricted registry, anchoring needs both a place on the allow-list and anchor rights', async () => {
    const owner = anvil.wallet(0);
    // the deployer is a bulk anchor submitter by default, but not on the allow-list
    const { address } = await deployRegistry(owner, { allowList: [accounts[1].address] });
    const connect = (i: 0 | 1) =>
      EvmLedger.connect({
        url: anvil.url,
        address,
        account: accounts[i],
        cas: new MemoryCasStore(),
        mode: 'batched',
        batch: { maxWaitMs: 1 },
        pollingIntervalMs: 20,
      });
    const [deployer, member] = await Promise.all([connect(0), connect(1)]);
    expect(await deployer.anchorRights()).toBe('bulk');
    expect(await member.anchorRights()).toBe('none');
    const e0 = await deployer.append('t', enc.encode('a')).catch((e) => e);
    expect([e0.code, e0.message]).toEqual([
      'ERR_LEDGER_TX_REVERTED',
      expect.stringMatching(/SubmitterNotAllowed/),
    ]);
    const e1 = await member.append('t', enc.encode('b')).catch((e) => e);
    expect([e1.code, e1.message]).toEqual([
      'ERR_LEDGER_TX_REVERTED',
      expect.stringMatching(/AnchorNotAllowed/),
    ]);
    // the owner cannot name the zero address
    await expect(
      owner.writeContract({
        address,
        abi: REGISTRY_ABI,
        functionName: 'setAnchorSubmitter',
        args: ['0x0000000000000000000000000000000000000000', 1],
      }),
    ).rejects.toThrow(/ZeroAddress/);
    const h = await owner.writeContract({
      address,
      abi: REGISTRY_ABI,
      functionName: 'setAnchorSubmitter',
      args: [accounts[1].address, 1],
    });
    await anvil.publicClient().waitForTransactionReceipt({ hash: h });
    expect(await member.anchorRights()).toBe('topics');
    expect((await member.append('t', enc.encode('b'))).position).toBe(0);
    await Promise.all([deployer.close(), member.close()]);
  });

  it('an open registry takes anyone', async () => {
    const { address } = await deployRegistry(anvil.wallet(0));
    const l = await EvmLedger.connect({
      url: anvil.url,
      address,
      account: accounts[2],
      pollingIntervalMs: 20,
    });
    expect((await l.append('t', enc.encode('x'))).position).toBe(0);
    await l.close();
  });
});

describe('gas reporting', () => {
  it('reports the gas of every transaction through onGas and info().gas', async () => {
    const { address, gasUsed } = await deployRegistry(anvil.wallet(0));
    expect(gasUsed).toBeGreaterThan(100_000n);
    const reports: GasReport[] = [];
    const l = await EvmLedger.connect({
      url: anvil.url,
      address,
      account: accounts[0],
      pollingIntervalMs: 20,
      onGas: (r) => reports.push(r),
    });
    await l.append('g', enc.encode('one'));
    await l.appendBatch([
      { topic: 'g', payload: enc.encode('two') },
      { topic: 'h', payload: enc.encode('three') },
    ]);
    await l.append('g', enc.encode('one')); // duplicate: no transaction
    expect(reports.map((r) => [r.operation, r.entries])).toEqual([
      ['append', 1],
      ['appendMany', 2],
    ]);
    for (const r of reports) {
      const receipt = await anvil.publicClient().getTransactionReceipt({ hash: r.txHash });
      expect(r.gasUsed).toBe(receipt.gasUsed);
    }
    const info = await l.info();
    expect(info.gas).toEqual({
      transactions: 2,
      gasUsed: (reports[0]!.gasUsed + reports[1]!.gasUsed).toString(),
      entries: 3,
    });
    await l.close();
  });
});
