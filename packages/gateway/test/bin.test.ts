import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedger, parseWriterRules } from '../src/index.js';
import { didKeyWriter, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('realdid-gateway (bin)', () => {
  it('starts on a SQLite ledger with a writer file, logs JSON, answers /health, stops on SIGTERM', async () => {
    const writersFile = join(tmp.dir, 'writers.json');
    writeFileSync(writersFile, JSON.stringify([{ topic: 'status:*', writers: [didKeyWriter().did] }]));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../src/bin.ts', import.meta.url)),
        '--ledger',
        `sqlite:${join(tmp.dir, 'bin', 'ledger.sqlite')}`,
        '--port',
        '0',
        '--writers',
        writersFile,
      ],
      {
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const line = out.split('\n').find((l) => l.includes('Server listening'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: expect.stringContaining('listening') });
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', ledger: 'sqlite', network: 'main' });
    const refused = await fetch(`${url}/v1/append`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'status:x', payload: 'AQ' }),
    });
    expect(refused.status).toBe(401);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('opens ledgers by URI and parses writer rules', async () => {
    const m = await openLedger('memory:');
    expect(m.kind).toBe('memory');
    await m.close();
    await expect(openLedger('postgres://x')).rejects.toThrow(TypeError);
    await expect(openLedger('sqlite:')).rejects.toThrow(TypeError);
    const [prefix, exact] = parseWriterRules(
      '[{"topic":"status:*","writers":["did:key:z1"]},{"topic":"registry","writers":[]}]',
    );
    expect(typeof prefix!.topic === 'function' && prefix!.topic('status:abc')).toBe(true);
    expect(typeof prefix!.topic === 'function' && prefix!.topic('statu')).toBe(false);
    expect(exact!.topic).toBe('registry');
    expect(() => parseWriterRules('{}')).toThrow(TypeError);
    expect(() => parseWriterRules('[{"topic":1}]')).toThrow(TypeError);
  });
});
