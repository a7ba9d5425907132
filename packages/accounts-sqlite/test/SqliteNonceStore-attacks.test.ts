/**
 * Adversarial review of SqliteNonceStore: what `put` stores comes back unchanged (or is refused at
 * `put`), a hostile table or row planted in the file is a coded error that carries none of the
 * stored data, the retention boundary and re-`put` cannot revive a spent nonce, SQL text in any
 * input is data, and two processes with skewed clocks still spend a nonce at most once.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isRealDidError } from '@realdid/crypto';
import { MemoryNonceStore } from '@realdid/realname';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allHostileValues, wrongClocks } from '../../../test-support/hostile.js';
import { SqliteNonceStore } from '../src/index.js';
import { openDescriptors } from './openDescriptors.js';
import { runFixture } from './runFixture.js';

const dir = mkdtempSync(join(tmpdir(), 'realdid-nonce-attacks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `nonces-${files++}.db`);
const T0 = Date.parse('2026-12-07T00:00:00Z');

/** Everything an error says, its causes included, as a server's log would print it. */
const logged = (e: unknown) => inspect(e, { depth: 10 });

describe('data round trip', () => {
  const values: Array<[string, unknown]> = [
    ['null', null],
    ['undefined (no data)', undefined],
    ['0', 0],
    ['empty string', ''],
    ['false', false],
    ['2^53 - 1', 2 ** 53 - 1],
    ['2^53', 2 ** 53],
    ['2^53 + 2', 2 ** 53 + 2],
    ['-(2^53)', -(2 ** 53)],
    ['largest double', Number.MAX_VALUE],
    ['smallest double', Number.MIN_VALUE],
    ['0.1', 0.1],
    ['unicode', 'é😀\u0000\u2028\ufeff'],
    ['a lone surrogate', 'a\ud800b'],
    ['nested', { a: [1, { b: null, c: [[], {}] }], 'k"\\': '', __proto__x: 1 }],
    ['a null-prototype object', Object.assign(Object.create(null), { a: 1 })],
    ['an own __proto__ key', JSON.parse('{"__proto__":{"x":1}}')],
  ];
  for (const [name, value] of values) {
    it(`${name} comes back as it went in, as from the in-memory reference`, async () => {
      const s = SqliteNonceStore.openSync(':memory:', { now: () => T0 });
      const ref = new MemoryNonceStore({ now: () => T0 });
      await s.put('n', T0 + 1000, value);
      await ref.put('n', T0 + 1000, value);
      const got = await s.consume('n');
      const want = await ref.consume('n');
      // a null-prototype object comes back as a plain one with the same content
      if (name.startsWith('a null-prototype')) expect(got).toEqual(want);
      else expect(got).toStrictEqual(want);
      if (typeof value !== 'object' || value === null)
        expect(Object.is((got as { data?: unknown }).data, value)).toBe(true);
      s.close();
    });
  }
  it('random JSON comes back deeply equal, or (holding a -0) is refused at put', async () => {
    const s = SqliteNonceStore.openSync(':memory:', { now: () => T0 });
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => {
        const n = `j${i++}`;
        let negativeZero = false;
        JSON.stringify(v, (_k, x) => {
          if (Object.is(x, -0)) negativeZero = true;
          return x;
        });
        if (negativeZero) {
          await expect(s.put(n, T0 + 1000, v)).rejects.toThrow(TypeError);
          return;
        }
        await s.put(n, T0 + 1000, v);
        expect(await s.consume(n)).toStrictEqual({ status: 'ok', data: v });
      }),
      { numRuns: 400 },
    );
    s.close();
  });
  it('what JSON would change is refused at put (TypeError), never stored altered', async () => {
    class Point {
      x = 1;
    }
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const bad: Array<[string, unknown]> = [
      ['-0', -0],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-0 inside', { a: [1, -0] }],
      ['NaN inside', { a: Number.NaN }],
      ['undefined member', { a: undefined, b: 1 }],
      ['undefined element', [undefined]],
      ['a hole', sparse],
      ['a function member', { f: () => 1 }],
      ['a symbol member', { s: Symbol('s') }],
      ['a symbol key', { [Symbol('k')]: 1, a: 1 }],
      ['a Date (toJSON)', new Date(0)],
      ['toJSON', { toJSON: () => 'other' }],
      ['a Map', new Map([[1, 2]])],
      ['a Set', new Set([1])],
      ['a class instance', new Point()],
      ['a boxed number', Object(1)],
      ['a boxed string', Object('s')],
      ['a typed array', new Uint8Array(2)],
      ['a regexp', /x/],
      ['an Error', new Error('x')],
    ];
    const s = SqliteNonceStore.openSync(':memory:', { now: () => T0 });
    for (const [name, v] of bad) {
      await expect(s.put('n', T0 + 1000, v), name).rejects.toThrow(TypeError);
      expect(await s.consume('n'), name).toEqual({ status: 'unknown' }); // nothing stored
    }
    s.close();
  });
});

describe('a hostile file', () => {
  it('a nonce table without a unique nonce column is ERR_ACCOUNT_STORE_CORRUPT, and the file is closed', () => {
    const file = freshFile();
    const db = new Database(file);
    db.exec('CREATE TABLE realdid_nonce (nonce TEXT, expires_at INTEGER, data TEXT, used INTEGER)');
    db.close();
    let err: unknown;
    try {
      SqliteNonceStore.openSync(file);
    } catch (e) {
      err = e;
    }
    // closed: no descriptor of this process is left on the file (where /proc tells)
    if (existsSync('/proc/self/fd')) expect(openDescriptors(file)).toBe(0);
    expect(isRealDidError(err, 'ERR_ACCOUNT_STORE_CORRUPT'), String(err)).toBe(true);
  });

  it('rows of other types (a table that is not STRICT) are ERR_ACCOUNT_STORE_CORRUPT, never ok', async () => {
    const file = freshFile();
    const db = new Database(file);
    db.exec(
      'CREATE TABLE realdid_nonce (nonce TEXT PRIMARY KEY NOT NULL, expires_at INTEGER NOT NULL, data TEXT NOT NULL, used INTEGER NOT NULL)',
    );
    const far = T0 + 3_600_000;
    const insert = db.prepare('INSERT INTO realdid_nonce VALUES (?, ?, ?, ?)');
    insert.run('blobExpiry', Buffer.from([1, 2]), 'null', 0);
    insert.run('textExpiry', 'soon', 'null', 0);
    insert.run('realExpiry', far + 0.5, 'null', 0);
    insert.run('hugeExpiry', 2n ** 62n, 'null', 0);
    insert.run('usedTwo', far, 'null', 2);
    insert.run('usedText', far, 'null', 'no');
    insert.run('blobData', far, Buffer.from('{}'), 0);
    insert.run('hugeData', far, JSON.stringify('x'.repeat(40_000)), 0);
    db.close();
    const s = SqliteNonceStore.openSync(file, { now: () => T0 });
    for (const n of [
      'blobExpiry',
      'textExpiry',
      'realExpiry',
      'hugeExpiry',
      'usedTwo',
      'usedText',
      'blobData',
      'hugeData',
    ]) {
      let r: unknown;
      try {
        r = await s.consume(n);
      } catch (e) {
        r = e;
      }
      expect(
        isRealDidError(r, 'ERR_ACCOUNT_STORE_CORRUPT') || (r as { status?: string }).status !== 'ok',
        `${n}: ${String(r)}`,
      ).toBe(true);
    }
    s.close();
  });

  it('a damaged row says which nonce, and nothing of the data it holds, in message or cause', async () => {
    const file = freshFile();
    const s = SqliteNonceStore.openSync(file, { now: () => T0 });
    await s.put('victim', T0 + 60_000, { session: 'ok' });
    const db = new Database(file);
    for (const planted of ['hunter2-secret', '{"session":"hunter2-secret"', 'hunter2-secret}']) {
      db.prepare("UPDATE realdid_nonce SET data = ?, used = 0 WHERE nonce = 'victim'").run(planted);
      let err: unknown;
      try {
        await s.consume('victim');
      } catch (e) {
        err = e;
      }
      expect(isRealDidError(err, 'ERR_ACCOUNT_STORE_CORRUPT')).toBe(true);
      expect(logged(err)).toContain('victim');
      expect(logged(err)).not.toContain('hunter2');
    }
    db.close();
    s.close();
  });
});

describe('retention and re-put', () => {
  it('at every instant around expiry and retention: ok at most once, and no put revives a remembered nonce', async () => {
    const retainMs = 1000;
    const clock = { t: T0 };
    const s = SqliteNonceStore.openSync(freshFile(), { now: () => clock.t, retainMs });
    const E = T0 + 500;
    const instants = [T0, E - 1, E, E + 1, E + retainMs - 1, E + retainMs, E + retainMs + 1];
    for (const [k, spendAt] of instants.entries()) {
      for (const putAt of instants) {
        const n = `r${k}x${putAt - T0}`;
        clock.t = T0;
        await s.put(n, E, { k });
        clock.t = spendAt;
        const answers = [await s.consume(n)];
        expect(answers[0]!.status === 'ok').toBe(spendAt < E);
        // A second put of the same nonce: refused while the nonce is remembered (live, expired
        // or consumed within retention), taken again only after retention.
        clock.t = putAt;
        const remembered = putAt < E + retainMs;
        if (remembered) await expect(s.put(n, putAt + 500, 'again')).rejects.toThrow(RangeError);
        else await s.put(n, putAt + 500, 'again');
        answers.push(await s.consume(n), await s.consume(n));
        // The first issuance is spent at most once (an unspent one may still be spent when this
        // clock goes back before its expiry); the second, only when it was issued, exactly once.
        const okWith = (d: unknown) =>
          answers.filter((a) => a.status === 'ok' && JSON.stringify(a.data) === JSON.stringify(d)).length;
        expect(okWith({ k }), n).toBeLessThanOrEqual(1);
        expect(okWith('again'), n).toBe(remembered ? 0 : 1);
        expect(answers.filter((a) => a.status === 'ok').length, n).toBeLessThanOrEqual(remembered ? 1 : 2);
      }
    }
    s.close();
  });

  it('SQL in the table option is refused, SQL in a nonce or in data is only data', async () => {
    for (const table of [
      't"; DROP TABLE x; --',
      'a b',
      't`',
      "t'",
      'sqlite_master"',
      '',
      'x'.repeat(64),
      'é',
    ]) {
      expect(() => SqliteNonceStore.openSync(':memory:', { table }), table).toThrow(RangeError);
    }
    const file = freshFile();
    const s = SqliteNonceStore.openSync(file, { now: () => T0 });
    const sql = `'); DROP TABLE realdid_nonce; --`;
    await expect(s.put(sql, T0 + 1000)).rejects.toThrow(TypeError);
    expect(await s.consume(sql)).toEqual({ status: 'unknown' });
    expect(await s.consume("' OR 1=1 --")).toEqual({ status: 'unknown' });
    await s.put('n', T0 + 1000, { q: sql, r: '%_*' });
    expect(await s.consume('n')).toEqual({ status: 'ok', data: { q: sql, r: '%_*' } });
    s.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM realdid_nonce').get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('two processes with skewed clocks', () => {
  it('one an hour ahead, one an hour behind, racing for 200 nonces: each ok at most once', async () => {
    const file = freshFile();
    const s = await SqliteNonceStore.open(file);
    const nonces = Array.from({ length: 200 }, (_, i) => `skew${i}`);
    // Live for the process behind and for the one on time; long expired for the one ahead.
    for (const n of nonces) await s.put(n, Date.now() + 120_000, { n });
    s.close();
    const startAt = String(Date.now() + 1_500);
    const env = (who: string, skew: number) => ({
      DB: file,
      WHO: who,
      NONCES: nonces.join(','),
      START_AT: startAt,
      SKEW_MS: String(skew),
    });
    const [ahead, behind] = await Promise.all([
      runFixture<{ ok: string[]; consumed: number; other: number }>('skewedConsumer', env('a', 3_600_000)),
      runFixture<{ ok: string[]; consumed: number; other: number }>('skewedConsumer', env('b', -3_600_000)),
    ]);
    const all = [...ahead.ok, ...behind.ok];
    expect(new Set(all).size).toBe(all.length);
    expect(ahead.ok).toEqual([]); // expired for it
    // The one behind spends those the one ahead has not pruned yet (its clock puts them past
    // retention): never one twice, and every answer accounted for.
    expect(behind.ok.length + behind.consumed + behind.other).toBe(200);
    expect(ahead.ok.length + ahead.consumed + ahead.other).toBe(200);
  });
});

describe('a clock that does not tell the time', () => {
  it('is a TypeError at put and consume, never a verdict, and never stops the pruning', async () => {
    const answer: { v: unknown } = { v: T0 };
    const file = freshFile();
    const s = SqliteNonceStore.openSync(file, { now: () => answer.v as number, retainMs: 1000 });
    for (let i = 0; i < 20; i++) await s.put(`old${i}`, T0 + 10);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, undefined, '2026-12-07', null, {}]) {
      answer.v = bad;
      await expect(s.put(`fresh${String(bad)}`.replace(/[^A-Za-z0-9]/g, ''), T0 + 60_000)).rejects.toThrow(
        TypeError,
      );
      await expect(s.consume('old1')).rejects.toThrow(TypeError);
    }
    // the deprecated form of a clock, a Date, is read as its time
    answer.v = new Date(T0 + 500);
    expect(await s.consume('old1')).toEqual({ status: 'expired' });
    answer.v = T0 + 5000; // past retention: three puts delete the twenty old rows
    await s.put('new0', T0 + 60_000);
    await s.put('new1', T0 + 60_000);
    await s.put('new2', T0 + 60_000);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM realdid_nonce').get()).toEqual({ n: 3 });
    db.close();
    s.close();
  });
});

describe('three processes issuing and pruning at once', () => {
  it('every put and consume resolves (no lock error under contention), each nonce ok once', async () => {
    const file = freshFile();
    SqliteNonceStore.openSync(file).close();
    const startAt = String(Date.now() + 1_500);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((who) =>
        runFixture<{ puts: number; oks: number; errors: string[] }>('putter', {
          DB: file,
          WHO: who,
          COUNT: '800',
          START_AT: startAt,
        }),
      ),
    );
    for (const r of results) expect(r).toEqual({ puts: 800, oks: 400, errors: [] });
  }, 60_000);
});

describe('the shared hostile matrices', () => {
  it('every wrong clock is a TypeError at open, put or consume', async () => {
    for (const [i, clock] of wrongClocks().entries()) {
      let s: SqliteNonceStore;
      try {
        s = SqliteNonceStore.openSync(':memory:', { now: clock as () => number });
      } catch (e) {
        expect(e, `clock ${i}`).toBeInstanceOf(TypeError);
        continue;
      }
      await expect(s.put('n', T0 + 1000), `clock ${i}`).rejects.toThrow(TypeError);
      await expect(s.consume('n'), `clock ${i}`).rejects.toThrow(TypeError);
      s.close();
    }
  });
  it('every hostile value as data is stored and given back unchanged, or refused with TypeError/RangeError', async () => {
    const s = SqliteNonceStore.openSync(':memory:', { now: () => T0 });
    for (const [i, v] of allHostileValues().entries()) {
      const n = `h${i}`;
      let stored = true;
      try {
        await s.put(n, T0 + 1000, v);
      } catch (e) {
        stored = false;
        expect(e instanceof TypeError || e instanceof RangeError, `value ${i}: ${String(e)}`).toBe(true);
      }
      const r = await s.consume(n);
      if (stored) expect(r, `value ${i}`).toEqual({ status: 'ok', data: v });
      else expect(r).toEqual({ status: 'unknown' });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    s.close();
  });
});
