import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRealDidError } from '@realdid/crypto';
import { MemoryNonceStore, type NonceStore } from '@realdid/realname';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteNonceStore } from '../src/index.js';
import { runFixture } from './runFixture.js';

const dir = mkdtempSync(join(tmpdir(), 'realdid-nonces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `nonces-${files++}.db`);
const T0 = Date.parse('2026-12-07T00:00:00Z');

/** The behaviour every NonceStore shares, run against the in-memory reference and the SQLite store. */
function conformance(name: string, make: (clock: { t: number }) => NonceStore) {
  describe(`${name}: NonceStore behaviour`, () => {
    it('hands a nonce out once with its data, then says consumed; unknown for one never issued', async () => {
      const clock = { t: T0 };
      const s = make(clock);
      await s.put('n1', T0 + 60_000, { kind: 'login', site: 'a' });
      expect(await s.consume('n1')).toEqual({ status: 'ok', data: { kind: 'login', site: 'a' } });
      expect(await s.consume('n1')).toEqual({ status: 'consumed' });
      expect(await s.consume('n2')).toEqual({ status: 'unknown' });
    });
    it('an expired nonce is expired, never ok', async () => {
      const clock = { t: T0 };
      const s = make(clock);
      await s.put('late', T0 + 1000, { kind: 'registration' });
      clock.t = T0 + 1000;
      expect(await s.consume('late')).toEqual({ status: 'expired' });
      clock.t = T0 + 5000;
      expect((await s.consume('late')).status).not.toBe('ok');
    });
    it('refuses a nonce already in use', async () => {
      const s = make({ t: T0 });
      await s.put('dup', T0 + 60_000);
      await expect(s.put('dup', T0 + 90_000)).rejects.toThrow(RangeError);
    });
  });
}

conformance('MemoryNonceStore (reference)', (clock) => new MemoryNonceStore({ now: () => clock.t }));
conformance('SqliteNonceStore, file', (clock) =>
  SqliteNonceStore.openSync(freshFile(), { now: () => clock.t }),
);
conformance('SqliteNonceStore, :memory:', (clock) =>
  SqliteNonceStore.openSync(':memory:', { now: () => clock.t }),
);

describe('SqliteNonceStore', () => {
  it('checks its arguments; hostile nonces are unknown without a lookup', async () => {
    const s = await SqliteNonceStore.open(':memory:', { now: () => T0 });
    for (const bad of [undefined, null, 1, {}, [], 'has space', 'a'.repeat(513), '', 'é', 'a\u0000b'])
      await expect(s.put(bad as string, T0 + 1)).rejects.toThrow(TypeError);
    for (const bad of [0, -1, 1.5, Number.NaN, '1', 2 ** 60])
      await expect(s.put('ok', bad as number)).rejects.toThrow(TypeError);
    await expect(s.put('ok', T0 + 1, { big: 1n })).rejects.toThrow(TypeError);
    await expect(s.put('ok', T0 + 1, 'x'.repeat(20_000))).rejects.toThrow(RangeError);
    // counted in UTF-8 bytes: 6,000 characters of 3 bytes each are over 16 KiB
    await expect(s.put('ok', T0 + 1, '€'.repeat(6000))).rejects.toThrow(RangeError);
    await s.put('fits', T0 + 1, '€'.repeat(5000));
    for (const bad of [undefined, null, 1, {}, []])
      await expect(s.consume(bad as string)).rejects.toThrow(TypeError);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 600 }), async (n) => {
        const r = await s.consume(n);
        expect(r.status).toBe('unknown');
      }),
      { numRuns: 300 },
    );
    for (const bad of [null, 5, 'x', []])
      expect(() => SqliteNonceStore.openSync(':memory:', bad as never), String(bad)).toThrow(
        /options must be an object/,
      );
    expect(() => SqliteNonceStore.openSync(':memory:', { retainMs: -1 })).toThrow(RangeError);
    expect(() => SqliteNonceStore.openSync(':memory:', { now: 5 as never })).toThrow(TypeError);
    expect(() => SqliteNonceStore.openSync(':memory:', { table: 'x; DROP' })).toThrow(RangeError);
    expect(() => SqliteNonceStore.openSync(join(dir, 'missing', 'n.db'))).toThrow(/ERR|folder/);
    s.close();
    await expect(s.consume('ok')).rejects.toSatisfy((e) => isRealDidError(e, 'ERR_ACCOUNT_STORE_CLOSED'));
  });

  it('remembers a nonce retainMs past expiry, then forgets and deletes it; the table stays small', async () => {
    const file = freshFile();
    const clock = { t: T0 };
    const s = await SqliteNonceStore.open(file, { now: () => clock.t, retainMs: 10_000 });
    for (let i = 0; i < 100; i++) await s.put(`old${i}`, T0 + 1000);
    await s.consume('old0');
    clock.t = T0 + 10_999;
    expect(await s.consume('old0')).toEqual({ status: 'consumed' });
    expect(await s.consume('old1')).toEqual({ status: 'expired' });
    await expect(s.put('old2', T0 + 60_000)).rejects.toThrow(RangeError); // still remembered
    clock.t = T0 + 11_000;
    expect(await s.consume('old0')).toEqual({ status: 'unknown' });
    await s.put('old2', T0 + 60_000, 'again'); // past its retention: the nonce may be issued again
    expect(await s.consume('old2')).toEqual({ status: 'ok', data: 'again' });
    for (let i = 0; i < 20; i++) await s.put(`new${i}`, T0 + 60_000);
    const db = new Database(file, { readonly: true });
    const rows = (db.prepare('SELECT count(*) AS n FROM realdid_nonce').get() as { n: number }).n;
    db.close();
    // 21 puts deleted up to 8 expired rows each: every one of the 99 old rows but old2 is gone
    expect(rows).toBe(21);
    s.close();
  });

  it('a damaged row is ERR_ACCOUNT_STORE_CORRUPT, not a crash; another shape of table is refused', async () => {
    const file = freshFile();
    const s = await SqliteNonceStore.open(file, { now: () => T0 });
    await s.put('good', T0 + 60_000, { kind: 'login' });
    await s.put('bad', T0 + 60_000, { kind: 'login' });
    const db = new Database(file);
    db.prepare("UPDATE realdid_nonce SET data = '{\"kind\":' WHERE nonce = 'bad'").run();
    db.exec('CREATE TABLE other (nonce TEXT)');
    db.close();
    await expect(s.consume('bad')).rejects.toSatisfy((e) => isRealDidError(e, 'ERR_ACCOUNT_STORE_CORRUPT'));
    expect((await s.consume('good')).status).toBe('ok');
    expect(() => SqliteNonceStore.openSync(file, { table: 'other' })).toThrow(/other columns/);
    s.close();
  });

  it('two stores on one file (threads or processes): issued by one, spent once, by the other', async () => {
    const file = freshFile();
    const a = await SqliteNonceStore.open(file);
    const b = await SqliteNonceStore.open(file);
    await a.put('shared', Date.now() + 60_000, { kind: 'registration' });
    expect(await b.consume('shared')).toEqual({ status: 'ok', data: { kind: 'registration' } });
    expect(await a.consume('shared')).toEqual({ status: 'consumed' });
    a.close();
    b.close();
  });

  it('two processes consuming the same 300 nonces at once: each is ok exactly once', async () => {
    const file = freshFile();
    const s = await SqliteNonceStore.open(file);
    const nonces = Array.from({ length: 300 }, (_, i) => `race${i}`);
    for (const n of nonces) await s.put(n, Date.now() + 120_000, { n });
    s.close();
    const startAt = String(Date.now() + 1_500);
    const env = (who: string) => ({ DB: file, WHO: who, NONCES: nonces.join(','), START_AT: startAt });
    const [x, y] = await Promise.all([
      runFixture<{ ok: string[]; consumed: number }>('consumer', env('a')),
      runFixture<{ ok: string[]; consumed: number }>('consumer', env('b')),
    ]);
    expect([...x.ok, ...y.ok].sort()).toEqual([...nonces].sort());
    expect(x.consumed + y.consumed).toBe(300);
  });
});
