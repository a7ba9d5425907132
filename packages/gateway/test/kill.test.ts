import { join } from 'node:path';
import type { AppendReceipt } from '@realdid/ledger';
import { HttpLedger } from '@realdid/ledger-http';
import { afterAll, describe, expect, it } from 'vitest';
import { didKeyWriter, tempDir, utf8 } from './helpers.js';
import { startGatewayProcess } from './process.js';
import { SqliteLedger } from './sqlite.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('a gateway killed with SIGKILL in the middle of appends (SQLite)', () => {
  it('loses no acknowledged entry', async () => {
    const path = join(tmp.dir, 'kill', 'ledger.sqlite');
    const writer = didKeyWriter();
    const { child, url } = await startGatewayProcess({
      REALDID_LEDGER_PATH: path,
      REALDID_WRITER_DID: writer.did,
    });
    const exited = new Promise((r) => child.once('exit', r));
    const client = new HttpLedger({ url, signer: writer.signer, retries: 0, timeoutMs: 5_000 });
    const acked: { receipt: AppendReceipt; payload: string }[] = [];
    const failed: string[] = [];
    let stop = false;
    // Eight writers append concurrently; the gateway is killed once 300 appends are acknowledged.
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const payload = `writer ${w} entry ${i}`;
        try {
          const receipt = await client.append('kill-topic', utf8(payload));
          acked.push({ receipt, payload });
          if (acked.length >= 300 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
        } catch (e) {
          failed.push(String((e as { code?: string }).code));
          // Before the kill, a slow machine may time an append out: go on; after it, stop.
          if (child.killed) stop = true;
        }
      }
    });
    await Promise.all(writers);
    await exited;
    expect(acked.length).toBeGreaterThanOrEqual(300);
    expect(failed.length).toBeGreaterThan(0); // some appends were in flight when it died
    for (const code of failed) expect(['ERR_LEDGER_UNAVAILABLE', 'ERR_LEDGER_TIMEOUT']).toContain(code);

    const ledger = await SqliteLedger.open(path);
    try {
      await ledger.checkIntegrity({ digests: true });
      const entries = await ledger.read('kill-topic');
      expect(entries.map((e) => e.position)).toEqual(entries.map((_, i) => i));
      for (const { receipt, payload } of acked) {
        const e = entries[receipt.position];
        expect(e?.id, `acknowledged entry at ${receipt.position}`).toBe(receipt.id);
        expect(new TextDecoder().decode(e!.payload)).toBe(payload);
      }
    } finally {
      await ledger.close();
    }
  });
});
