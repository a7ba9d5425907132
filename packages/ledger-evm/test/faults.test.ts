import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deployRegistry, EvmLedger } from '../src/index.js';
import { Anvil, accounts } from './helpers/anvil.js';

const enc = new TextEncoder();
const nodes: Anvil[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const n of nodes) await n.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function nodeWithState(): Promise<Anvil> {
  const dir = mkdtempSync(join(tmpdir(), 'realdid-anvil-'));
  dirs.push(dir);
  const n = await Anvil.start({ stateFile: join(dir, 'state.json') });
  nodes.push(n);
  return n;
}

const fast = {
  pollingIntervalMs: 20,
  retries: 2,
  retryDelayMs: 20,
  requestTimeoutMs: 2_000,
  timeoutMs: 5_000,
};

describe('node down', () => {
  it('a stopped node gives ERR_LEDGER_UNAVAILABLE for every call; after a restart everything is there and works', async () => {
    const node = await nodeWithState();
    const { address } = await deployRegistry(node.wallet(0));
    const ledger = await EvmLedger.connect({ url: node.url, address, account: accounts[0], ...fast });
    const before = await ledger.appendBatch(
      Array.from({ length: 10 }, (_, i) => ({ topic: 'f', payload: enc.encode(`entry ${i}`) })),
    );
    const readBefore = await ledger.read('f');
    await node.stop();
    // Each call starts only when the one before has failed: started together, a call that fails
    // while an earlier one is still retrying would reject with no handler attached yet.
    for (const call of [
      () => ledger.append('f', enc.encode('while down')),
      () => ledger.appendBatch([{ topic: 'f', payload: enc.encode('while down 2') }]),
      () => ledger.read('f'),
      () => ledger.size('f'),
      () => ledger.info(),
    ]) {
      const err = await call().then(
        () => undefined,
        (e) => e,
      );
      expect(err?.code).toBe('ERR_LEDGER_UNAVAILABLE');
      expect(err?.message).toMatch(/unreachable/);
    }
    await node.startAgain();
    expect(await ledger.read('f')).toEqual(readBefore);
    expect(await ledger.size('f')).toBe(10);
    const again = await ledger.append('f', enc.encode('after restart'));
    expect(again.position).toBe(10);
    expect(again.time >= (before[9]?.time ?? '')).toBe(true);
    const dup = await ledger.append('f', enc.encode('entry 3'));
    expect([dup.position, dup.duplicate]).toEqual([3, true]);
    await ledger.close();
  });

  it('a node stopped while a batch is in flight leaves the batch whole or absent; a retry completes it once', async () => {
    const node = await nodeWithState();
    const { address } = await deployRegistry(node.wallet(0));
    const ledger = await EvmLedger.connect({ url: node.url, address, account: accounts[0], ...fast });
    const batch = Array.from({ length: 40 }, (_, i) => ({
      topic: i % 2 === 0 ? 'k-even' : 'k-odd',
      payload: enc.encode(`in flight ${i}`),
    }));
    const outcomes: string[] = [];
    for (const delayMs of [0, 5, 30]) {
      const tag = `d${delayMs}`;
      const mine = batch.map((e) => ({ topic: `${e.topic}-${tag}`, payload: e.payload }));
      const outcome = ledger.appendBatch(mine).then(
        (r) => ({ ok: r }),
        (e) => ({ err: e }),
      );
      await new Promise((r) => setTimeout(r, delayMs));
      await node.stop();
      const o = await outcome;
      outcomes.push('ok' in o ? 'committed' : o.err.code);
      if ('err' in o) expect(['ERR_LEDGER_UNAVAILABLE', 'ERR_LEDGER_TIMEOUT']).toContain(o.err.code);
      await node.startAgain();
      const even = await ledger.size(`k-even-${tag}`);
      const odd = await ledger.size(`k-odd-${tag}`);
      expect([0, 20]).toContain(even);
      expect(odd).toBe(even);
      if ('ok' in o) expect(even).toBe(20);
      const retry = await ledger.appendBatch(mine);
      expect(retry.map((r) => r.position)).toEqual(mine.map((_, i) => Math.floor(i / 2)));
      expect(await ledger.size(`k-even-${tag}`)).toBe(20);
      expect(await ledger.size(`k-odd-${tag}`)).toBe(20);
    }
    // The stop must have cut at least one batch off before its receipt came back.
    expect(outcomes.some((o) => o !== 'committed')).toBe(true);
    await ledger.close();
  });

  it('retries with backoff bridge a short outage', async () => {
    const node = await nodeWithState();
    const { address } = await deployRegistry(node.wallet(0));
    const ledger = await EvmLedger.connect({
      url: node.url,
      address,
      account: accounts[0],
      ...fast,
      retries: 6,
      retryDelayMs: 100,
    });
    await ledger.append('o', enc.encode('before'));
    await node.stop();
    const reading = ledger.read('o'); // fails at first, then retries (100, 200, 400, … ms)
    const writing = ledger.append('o', enc.encode('during'));
    await new Promise((r) => setTimeout(r, 150));
    await node.startAgain();
    expect((await reading).map((e) => e.position)).toEqual([0]);
    expect((await writing).position).toBe(1);
    expect(await ledger.size('o')).toBe(2);
    await ledger.close();
  });

  it('strips credentials from node URLs in errors and in info()', async () => {
    const node = await Anvil.start();
    nodes.push(node);
    const { address } = await deployRegistry(node.wallet(0));
    const url = node.url.replace('http://', 'http://alice:hunter2@');
    const secretUrl = `${url}/v3/abcdefghijklmnopqrstuvwxyz0123456789?apikey=SECRET-TOKEN-42&chain=1`;
    const check = (s: string) => {
      expect(s).not.toContain('hunter2');
      expect(s).not.toContain('alice');
      expect(s).not.toContain('SECRET-TOKEN-42');
      expect(s).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    };
    const err = await EvmLedger.connect({ url: secretUrl, address, ...fast }).catch((e) => e);
    expect(err.code).toBe('ERR_LEDGER_UNAVAILABLE');
    check(err.message);
    check(String(err.cause?.message ?? ''));
    // a reachable node whose URL carries a token: info() shows it redacted
    const withToken = `${node.url}/?token=SECRET-TOKEN-42`;
    const l = await EvmLedger.connect({ url: withToken, address, ...fast });
    const info = await l.info();
    check(info.location);
    expect(info.location).toContain('token=***');
    await node.stop();
    const down = await l.size('t').catch((e) => e);
    expect(down.code).toBe('ERR_LEDGER_UNAVAILABLE');
    check(down.message);
    check(String(down.cause?.message ?? ''));
  });

  it('a transaction that is never mined gives ERR_LEDGER_TIMEOUT; once mined, a retry is a duplicate', async () => {
    const node = await Anvil.start({ args: ['--no-mining'] });
    nodes.push(node);
    const deployer = node.wallet(0);
    const pending = deployRegistry(deployer);
    await new Promise((r) => setTimeout(r, 200));
    await node.mine(1);
    const { address } = await pending;
    const ledger = await EvmLedger.connect({
      url: node.url,
      address,
      account: accounts[0],
      ...fast,
      timeoutMs: 500,
    });
    const err = await ledger.append('t', enc.encode('slow')).catch((e) => e);
    expect(err.code).toBe('ERR_LEDGER_TIMEOUT');
    await node.mine(1);
    const r = await ledger.append('t', enc.encode('slow'));
    expect([r.position, r.duplicate]).toEqual([0, true]);
    await ledger.close();
  });
});
