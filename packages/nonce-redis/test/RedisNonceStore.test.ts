import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisNonceStore } from '../src/index.js';
import { hasRedisServer, startRedis } from './redisServer.js';
import { RespConnection } from './resp.js';

// A real redis-server, started here on 127.0.0.1 and stopped at the end. Outside CI a machine
// without redis-server skips these tests with a printed reason; in CI (CI=true) they must run.
const available = hasRedisServer();
if (!available && process.env.CI !== 'true')
  console.warn(
    'nonce-redis: redis-server is not installed (apt-get install redis-server); skipping the Redis tests',
  );
const suite = available || process.env.CI === 'true' ? describe : describe.skip;

suite('RedisNonceStore on a real redis-server', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let conn: RespConnection;
  let clock = 1_000_000;
  let store: RedisNonceStore;
  beforeAll(async () => {
    redis = await startRedis();
    conn = await RespConnection.open(redis.port);
    store = new RedisNonceStore({ command: conn.command, now: () => clock, retainMs: 60_000 });
  });
  afterAll(async () => {
    conn?.close();
    await redis?.stop();
  });

  it('hands a nonce out once, with its data, then says consumed', async () => {
    await store.put('n1', Date.now() + 60_000, { rp: 'https://rp.example', n: 1 });
    expect(await store.consume('n1')).toEqual({ status: 'ok', data: { rp: 'https://rp.example', n: 1 } });
    expect(await store.consume('n1')).toEqual({ status: 'consumed' });
    expect(await store.consume('never-put')).toEqual({ status: 'unknown' });
    await expect(store.put('n1', Date.now() + 60_000)).rejects.toThrow(RangeError);
  });

  it('refuses a nonce already in use, and an expired one', async () => {
    const expiresAt = Date.now() + 60_000;
    await store.put('n2', expiresAt);
    await expect(store.put('n2', expiresAt)).rejects.toThrow(RangeError);
    clock = expiresAt; // the application's clock says it has expired
    expect(await store.consume('n2')).toEqual({ status: 'expired' });
    clock = 1_000_000;
  });

  it('treats hostile nonces as unknown and checks its arguments', async () => {
    for (const n of ['', 'a b', '{x}', 'x'.repeat(513), '../../x', '*'])
      expect(await store.consume(n)).toEqual({ status: 'unknown' });
    await expect(store.consume(5 as never)).rejects.toThrow(TypeError);
    await expect(store.put('{x}', Date.now() + 1000)).rejects.toThrow(TypeError);
    await expect(store.put('ok', Number.NaN)).rejects.toThrow(TypeError);
    await expect(store.put('ok2', Date.now() + 1000, () => 1)).rejects.toThrow(TypeError);
    expect(() => new RedisNonceStore({ command: 5 as never })).toThrow(TypeError);
    expect(() => new RedisNonceStore({ command: conn.command, retainMs: -1 })).toThrow(RangeError);
  });

  it('two servers on one Redis: a nonce issued by one and used there is refused at the other', async () => {
    const other = await RespConnection.open(redis.port);
    try {
      const serverA = new RedisNonceStore({ command: conn.command });
      const serverB = new RedisNonceStore({ command: other.command });
      await serverA.put('login-challenge', Date.now() + 60_000, { site: 'a' });
      expect((await serverA.consume('login-challenge')).status).toBe('ok');
      expect(await serverB.consume('login-challenge')).toEqual({ status: 'consumed' }); // the replay
      await serverB.put('issued-by-b', Date.now() + 60_000);
      expect((await serverA.consume('issued-by-b')).status).toBe('ok'); // any server may take it once
      expect((await serverB.consume('issued-by-b')).status).toBe('consumed');
    } finally {
      other.close();
    }
  });

  it('1,000 concurrent consumes of one nonce from two processes: exactly one success', async () => {
    await store.put('shared-nonce', Date.now() + 120_000, { who: 'the winner' });
    const startAt = Date.now() + 1_500;
    const run = () =>
      new Promise<{ tally: Record<string, number>; data: unknown }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', fileURLToPath(new URL('./fixtures/consumer.ts', import.meta.url))],
          {
            env: {
              ...process.env,
              TSX_TSCONFIG_PATH: fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url)),
              REDIS_PORT: String(redis.port),
              NONCE: 'shared-nonce',
              COUNT: '500',
              CONNECTIONS: '10',
              START_AT: String(startAt),
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString('utf8');
        });
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString('utf8');
        });
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err.slice(0, 800))),
        );
      });
    const [a, b] = await Promise.all([run(), run()]);
    const ok = (a.tally.ok ?? 0) + (b.tally.ok ?? 0);
    const consumed = (a.tally.consumed ?? 0) + (b.tally.consumed ?? 0);
    expect(ok).toBe(1);
    expect(consumed).toBe(999);
    expect([a.data, b.data]).toContainEqual({ who: 'the winner' });
  });
});
