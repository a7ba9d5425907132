import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { describe, expect, it } from 'vitest';
import { FsCasStore } from '../src/fs-cas.js';
import { casId, MemoryCasStore, parseEvmLedgerUri, verifyCasId } from '../src/index.js';
import { redactText, redactUrl } from '../src/internal/redact.js';

const ADDR = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

describe('parseEvmLedgerUri', () => {
  it('parses the node URL, contract and options; other query parameters stay on the RPC URL', () => {
    expect(parseEvmLedgerUri(`evm+http://127.0.0.1:8545?contract=${ADDR}`)).toEqual({
      rpcUrl: 'http://127.0.0.1:8545/',
      contract: ADDR,
    });
    expect(
      parseEvmLedgerUri(
        `evm+https://user:pw@node.example/rpc?apikey=K&contract=${ADDR}&confirmations=12&fromBlock=100&maxBlockRange=2000`,
      ),
    ).toEqual({
      rpcUrl: 'https://user:pw@node.example/rpc?apikey=K',
      contract: ADDR,
      confirmations: 12,
      fromBlock: 100n,
      maxBlockRange: 2000,
    });
  });

  it('rejects anything else with a TypeError that never repeats credentials', () => {
    for (const bad of [
      `http://127.0.0.1:8545?contract=${ADDR}`,
      'evm+http://127.0.0.1:8545',
      'evm+http://127.0.0.1:8545?contract=0x1234',
      `evm+ws://127.0.0.1:8545?contract=${ADDR}`,
      `evm+http://user:s3cr3t@127.0.0.1:8545?contract=${ADDR}&confirmations=-1`,
      `evm+http://user:s3cr3t@127.0.0.1:8545?contract=${ADDR}&maxBlockRange=0`,
      `evm+http://user:s3cr3t@127.0.0.1:8545?contract=${ADDR}&fromBlock=1e3`,
      'evm+http://[bad',
    ]) {
      let err: unknown;
      try {
        parseEvmLedgerUri(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TypeError);
      expect(String((err as Error).message)).not.toContain('s3cr3t');
    }
    for (const bad of [undefined, 1, {}, [], new Uint8Array(2)])
      expect(() => parseEvmLedgerUri(bad as never)).toThrow(TypeError);
  });
});

describe('credential redaction', () => {
  it('drops user:pass@, secret query values and key-like path segments', () => {
    expect(
      redactUrl('https://u:p@h.example/v3/0123456789abcdef0123456789abcdef?apikey=X&chain=1&token=Y'),
    ).toBe('https://h.example/v3/***?apikey=***&chain=1&token=***');
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545/');
    expect(redactUrl('not a url')).toBe('<invalid url>');
    expect(redactText('failed: URL: https://a:b@x.example/?key=zz details')).toBe(
      'failed: URL: https://x.example/?key=*** details',
    );
  });
});

describe('content-addressed stores', () => {
  it('FsCasStore writes once under the id and reads back; unknown ids give undefined', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'realdid-fscas-'));
    try {
      const cas = new FsCasStore(join(dir, 'sub'));
      const bytes = new Uint8Array([1, 2, 3, 4]);
      const id = await cas.put(bytes);
      expect(id).toBe(casId(bytes));
      expect(await cas.put(bytes)).toBe(id);
      expect(await cas.get(id)).toEqual(bytes);
      expect(await cas.get(casId(new Uint8Array([9])))).toBeUndefined();
      expect(await cas.get('../../etc/passwd')).toBeUndefined();
      // a file that was changed on disk is returned as is — readers catch it with verifyCasId
      writeFileSync(join(dir, 'sub', id), 'changed');
      const changed = (await cas.get(id)) as Uint8Array;
      expect(verifyCasId(id, changed)).toBe(false);
      expect(() => new FsCasStore('')).toThrow(TypeError);
      await expect(cas.get(1 as never)).rejects.toThrow(TypeError);
      await expect(cas.put('x' as never)).rejects.toThrow(TypeError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifyCasId accepts our ids and CIDv1 raw sha2-256, and nothing that does not hash to them', async () => {
    const bytes = new TextEncoder().encode('batch');
    expect(verifyCasId(casId(bytes), bytes)).toBe(true);
    expect(verifyCasId(casId(bytes), new TextEncoder().encode('batcH'))).toBe(false);
    const cid = CID.create(1, raw.code, await sha256.digest(bytes)).toString();
    expect(cid.startsWith('bafkrei')).toBe(true);
    expect(verifyCasId(cid, bytes)).toBe(true);
    expect(verifyCasId(cid, new Uint8Array(1))).toBe(false);
    const dagPb = CID.create(1, 0x70, await sha256.digest(bytes)).toString();
    expect(verifyCasId(dagPb, bytes)).toBe(false);
    for (const bad of ['', 'z', 'zzzz', 'Qm', 'bafy', 1, undefined])
      expect(verifyCasId(bad as never, bytes)).toBe(false);
    expect(verifyCasId(casId(bytes), 'batch' as never)).toBe(false);
    expect(casId(new TextEncoder().encode('hello'))).toBe('zQmRN6wdp1S2A5EtjW9A3M1vKSBuQQGcgvuhoMUoEz4iiT5');
    expect(() => casId('x' as never)).toThrow(TypeError);
    const m = new MemoryCasStore();
    const id = await m.put(bytes);
    const got = (await m.get(id)) as Uint8Array;
    got[0] = 0;
    expect(await m.get(id)).toEqual(bytes);
  });
});
