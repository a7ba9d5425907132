import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRealDidError } from '@realdid/crypto';
import { type Account, MemoryAccountStore } from '@realdid/realname';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allHostileValues, outcome } from '../../../test-support/hostile.js';
import { SqliteAccountStore } from '../src/index.js';
import { accountStoreConformance, sampleAccount } from './accountStoreConformance.js';
import { openDescriptors } from './openDescriptors.js';
import { runFixture } from './runFixture.js';

const CODES = ['ERR_ACCOUNT_STORE_CORRUPT', 'ERR_ACCOUNT_STORE_UNAVAILABLE', 'ERR_ACCOUNT_STORE_CLOSED'];
const dir = mkdtempSync(join(tmpdir(), 'realdid-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `accounts-${files++}.db`);

accountStoreConformance('MemoryAccountStore (reference)', async () => ({
  store: new MemoryAccountStore(),
  close() {},
}));
accountStoreConformance('SqliteAccountStore, file', async () => {
  const store = await SqliteAccountStore.open(freshFile());
  return { store, close: () => store.close() };
});
accountStoreConformance('SqliteAccountStore, :memory:', async () => {
  const store = await SqliteAccountStore.open(':memory:');
  return { store, close: () => store.close() };
});

/** Writes a raw row, as a hand edit or a damaged page would leave it. */
function plant(file: string, did: unknown, account: unknown): void {
  const db = new Database(file);
  db.prepare('INSERT OR REPLACE INTO realdid_account (did, account) VALUES (?, ?)').run(did, account);
  db.close();
}

describe('SqliteAccountStore', () => {
  it('keeps accounts across reopening, in WAL mode, and shares one file between two stores', async () => {
    const file = freshFile();
    const a = await SqliteAccountStore.open(file);
    const b = await SqliteAccountStore.open(file);
    await a.put(sampleAccount(1));
    expect(await b.get(sampleAccount(1).did)).toEqual(sampleAccount(1));
    a.close();
    b.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = await SqliteAccountStore.open(file, { create: false });
    expect(await again.list()).toEqual([sampleAccount(1)]);
    again.close();
  });

  const corrupt: [string, unknown, unknown][] = [
    ['JSON that does not parse', 'did:realdid:zQmPairwise1', '{"did":'],
    ['a JSON array', 'did:realdid:zQmPairwise1', '[]'],
    ['JSON null', 'did:realdid:zQmPairwise1', 'null'],
    ['another DID than its key', 'did:realdid:zQmPairwise1', JSON.stringify(sampleAccount(2))],
    [
      'an unknown claim',
      'did:realdid:zQmPairwise1',
      JSON.stringify({ ...sampleAccount(1), claims: { password: 'x' } }),
    ],
    ['no trace', 'did:realdid:zQmPairwise1', JSON.stringify({ ...sampleAccount(1), trace: undefined })],
    [
      'a trace token that is not base64url',
      'did:realdid:zQmPairwise1',
      JSON.stringify(sampleAccount(1, { trace: { committee: 'c', token: 'a b', context: 'x' } })),
    ],
    [
      'exp as a string',
      'did:realdid:zQmPairwise1',
      JSON.stringify({
        ...sampleAccount(1),
        credential: { ...sampleAccount(1).credential, exp: '2000000000' },
      }),
    ],
    [
      'a negative status index',
      'did:realdid:zQmPairwise1',
      JSON.stringify({
        ...sampleAccount(1),
        credential: { ...sampleAccount(1).credential, status: { status_list: { idx: -1, uri: 'u' } } },
      }),
    ],
    [
      'registeredAt not a date',
      'did:realdid:zQmPairwise1',
      JSON.stringify({ ...sampleAccount(1), registeredAt: 'yesterday' }),
    ],
    ['a DID that is not a DID', 'not-a-did', JSON.stringify({ ...sampleAccount(1), did: 'not-a-did' })],
    [
      'larger than maxAccountBytes',
      'did:realdid:zQmPairwise1',
      JSON.stringify({ ...sampleAccount(1), note: 'x'.repeat(70_000) }),
    ],
    [
      'a nested value 10,000 levels deep',
      'did:realdid:zQmPairwise1',
      `{"did":"did:realdid:zQmPairwise1","claims":{"region":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
    ],
  ];
  for (const [what, key, json] of corrupt) {
    it(`a row holding ${what} is ERR_ACCOUNT_STORE_CORRUPT from get and list, never a crash`, async () => {
      const file = freshFile();
      const store = await SqliteAccountStore.open(file);
      await store.put(sampleAccount(7));
      plant(file, key, json);
      const err = await store.get(key as string).catch((e: unknown) => e);
      if (key === 'not-a-did' || key === 'did:realdid:zQmPairwise1')
        expect(isRealDidError(err, 'ERR_ACCOUNT_STORE_CORRUPT')).toBe(true);
      const listed = await store.list().catch((e: unknown) => e);
      expect(isRealDidError(listed, 'ERR_ACCOUNT_STORE_CORRUPT')).toBe(true);
      expect((listed as Error).message).not.toContain('dG9rZW4t'); // no account content in the message
      expect(await store.get(sampleAccount(7).did)).toEqual(sampleAccount(7)); // the good row still reads
      store.close();
    });
  }

  it('a value of another type in a table that is not STRICT is ERR_ACCOUNT_STORE_CORRUPT', async () => {
    const file = freshFile();
    const db = new Database(file);
    db.exec('CREATE TABLE realdid_account (did TEXT PRIMARY KEY NOT NULL, account TEXT NOT NULL)');
    db.prepare('INSERT INTO realdid_account VALUES (?, ?)').run(
      'did:realdid:zQmPairwise1',
      Buffer.from('{}'),
    );
    db.prepare('INSERT INTO realdid_account VALUES (?, ?)').run(42, JSON.stringify(sampleAccount(42)));
    db.close();
    const store = await SqliteAccountStore.open(file);
    await expect(store.get('did:realdid:zQmPairwise1')).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_STORE_CORRUPT',
    });
    await expect(store.list()).rejects.toMatchObject({ code: 'ERR_ACCOUNT_STORE_CORRUPT' });
    store.close();
  });

  it('the STRICT table refuses a value of another type at write time', async () => {
    const file = freshFile();
    (await SqliteAccountStore.open(file)).close();
    expect(() => plant(file, 'did:realdid:zQmX', Buffer.from('{}'))).toThrow(/cannot store BLOB/);
  });

  it('a file that is not a database, or a table of another shape, is ERR_ACCOUNT_STORE_CORRUPT at open', async () => {
    const junk = freshFile();
    writeFileSync(junk, 'this is not a SQLite database, it is plain text of some length '.repeat(20));
    await expect(SqliteAccountStore.open(junk)).rejects.toMatchObject({ code: 'ERR_ACCOUNT_STORE_CORRUPT' });
    const other = freshFile();
    const db = new Database(other);
    db.exec('CREATE TABLE realdid_account (did TEXT PRIMARY KEY, json BLOB)');
    db.close();
    await expect(SqliteAccountStore.open(other)).rejects.toMatchObject({ code: 'ERR_ACCOUNT_STORE_CORRUPT' });
    await expect(SqliteAccountStore.open(join(dir, 'missing.db'), { create: false })).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_STORE_UNAVAILABLE',
    });
    await expect(SqliteAccountStore.open(join(dir, 'no', 'such', 'folder.db'))).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_STORE_UNAVAILABLE',
    });
  });

  it('a table of its own name lives next to the site`s other tables', async () => {
    const file = freshFile();
    const db = new Database(file);
    db.exec('CREATE TABLE realdid_account (unrelated INTEGER)');
    db.close();
    const store = await SqliteAccountStore.open(file, { table: 'site_accounts' });
    await store.put(sampleAccount(3));
    expect(await store.list()).toEqual([sampleAccount(3)]);
    store.close();
    await expect(SqliteAccountStore.open(file, { table: 'x"; DROP TABLE y; --' })).rejects.toThrow(
      RangeError,
    );
  });

  it('a closed store is ERR_ACCOUNT_STORE_CLOSED; close is idempotent', async () => {
    const store = await SqliteAccountStore.open(':memory:');
    store.close();
    store.close();
    for (const call of [() => store.get('did:x:y'), () => store.put(sampleAccount(1)), () => store.list()])
      await expect(call()).rejects.toMatchObject({ code: 'ERR_ACCOUNT_STORE_CLOSED' });
  });

  it('hostile arguments: put, get and open give TypeError/RangeError, never a crash or a polluted prototype', async () => {
    const store = await SqliteAccountStore.open(':memory:');
    for (const v of allHostileValues()) {
      const p = await outcome(() => store.put(v as Account), { codes: CODES, misuse: true });
      expect(p.kind === 'misuse' || p.kind === 'sentinel').toBe(true);
      for (const field of ['did', 'claims', 'trace', 'credential', 'registeredAt'] as const) {
        const bad = { ...sampleAccount(1), [field]: v };
        const o = await outcome(() => store.put(bad as Account), { codes: CODES, misuse: true });
        if (o.kind === 'returned') expect(await store.get(sampleAccount(1).did)).toBeDefined();
      }
      const g = await outcome(() => store.get(v as string), { codes: CODES, misuse: true });
      expect(g.kind === 'returned' ? g.value : undefined).toBeUndefined();
      // A hostile string is a path in the test's own folder, never in the working directory.
      const path = typeof v === 'string' && v !== '' ? join(dir, v) : v;
      const o = await outcome(() => SqliteAccountStore.open(path as string), { codes: CODES, misuse: true });
      if (o.kind === 'returned') (o.value as SqliteAccountStore).close();
      await outcome(() => SqliteAccountStore.open(':memory:', v as never), { codes: CODES, misuse: true });
    }
    // What got in is well-formed (list checks every row); only sampleAccount(1) variants could.
    expect((await store.list()).map((a) => a.did)).toEqual(
      (await store.list()).length === 0 ? [] : [sampleAccount(1).did],
    );
    await expect(store.put({ ...sampleAccount(1), note: 'x'.repeat(70_000) } as Account)).rejects.toThrow(
      RangeError,
    );
    for (const did of ['x'.repeat(1 << 20), 'did:realdid:a\u0000b', 'did:realdid:\ud800', 'did:realdid:a b'])
      expect(await store.get(did)).toBeUndefined();
    store.close();
  });

  it('property: any well-formed account round-trips; any one-character change of a row reads back or is coded', async () => {
    const store = await SqliteAccountStore.open(':memory:');
    const claim = fc.constantFrom('age_over_18', 'region', 'nationality', 'birthdate');
    const account = fc.record({
      n: fc.nat(1_000_000),
      claims: fc.dictionary(claim, fc.jsonValue({ maxDepth: 2 })),
      idx: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(account, async ({ n, claims, idx }) => {
        const a = sampleAccount(n, { claims: JSON.parse(JSON.stringify(claims)) });
        a.credential.status.status_list.idx = idx;
        await store.put(a);
        expect(await store.get(a.did)).toEqual(a);
      }),
      { numRuns: 100 },
    );
    store.close();
    const file = freshFile();
    const mutated = await SqliteAccountStore.open(file);
    const text = JSON.stringify(sampleAccount(1));
    await fc.assert(
      fc.asyncProperty(fc.nat(text.length - 1), fc.string({ minLength: 0, maxLength: 2 }), async (at, s) => {
        plant(file, 'did:realdid:zQmPairwise1', text.slice(0, at) + s + text.slice(at + 1));
        const o = await outcome(() => mutated.get('did:realdid:zQmPairwise1'), { codes: CODES });
        if (o.kind === 'coded') expect(o.code).toBe('ERR_ACCOUNT_STORE_CORRUPT');
        else expect(o.kind).toBe('returned');
      }),
      { numRuns: 200 },
    );
    mutated.close();
  });

  it('two processes writing one file at once (WAL): every put lands, upserts of shared DIDs included', async () => {
    const file = freshFile();
    (await SqliteAccountStore.open(file)).close();
    const startAt = Date.now() + 1_500;
    const count = 150;
    const run = (who: string) =>
      runFixture<{ puts: number }>('writer', {
        DB: file,
        WHO: who,
        COUNT: String(count),
        START_AT: String(startAt),
      });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect(a.puts + b.puts).toBe(4 * count);
    const store = await SqliteAccountStore.open(file);
    const all = await store.list();
    expect(all).toHaveLength(3 * count); // own accounts of each, plus the shared ones once each
    for (let i = 0; i < count; i++) {
      expect(await store.get(sampleAccount(10_000 + i).did)).toEqual(sampleAccount(10_000 + i));
      expect(await store.get(sampleAccount(20_000 + i).did)).toEqual(sampleAccount(20_000 + i));
      const shared = (await store.get(sampleAccount(i).did)) as Account;
      expect(['written by a', 'written by b']).toContain(shared.claims.region);
    }
    store.close();
  });

  it('an account table without a unique did column is ERR_ACCOUNT_STORE_CORRUPT, and the file is closed', () => {
    const file = freshFile();
    const db = new Database(file);
    db.exec('CREATE TABLE realdid_account (did TEXT, account TEXT)');
    db.close();
    let err: unknown;
    try {
      SqliteAccountStore.openSync(file);
    } catch (e) {
      err = e;
    }
    if (existsSync('/proc/self/fd')) expect(openDescriptors(file)).toBe(0);
    expect(isRealDidError(err, 'ERR_ACCOUNT_STORE_CORRUPT'), String(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/without a unique did column/);
  });
});
