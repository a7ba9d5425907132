import { type Account, parseAccount } from '@realdid/realname';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues, outcome } from '../../../test-support/hostile.js';
// The AccountStore conformance suite, shared with the SQLite store and run there against the memory store too.
import {
  accountStoreConformance,
  sampleAccount,
} from '../../accounts-sqlite/test/accountStoreConformance.js';
import { PostgresAccountStore } from '../src/index.js';
import { hasPostgres, startPostgres } from './postgresServer.js';

// A real PostgreSQL server, started here (initdb + pg_ctl in a temporary folder, 127.0.0.1) and
// stopped at the end. Outside CI a machine without the binaries skips with a printed reason; in
// CI (CI=true) the tests must run.
const available = hasPostgres();
if (!available && process.env.CI !== 'true')
  console.warn(
    'accounts-postgres: initdb/pg_ctl are not installed (apt-get install postgresql); skipping the PostgreSQL tests',
  );
const CODES = ['ERR_ACCOUNT_STORE_CORRUPT', 'ERR_ACCOUNT_STORE_UNAVAILABLE'];

describe.runIf(available || process.env.CI === 'true')('PostgresAccountStore on a real PostgreSQL', () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  let pool: pg.Pool;
  let tables = 0;
  const query = (text: string, params: unknown[]) => pool.query(text, params);
  const fresh = () => PostgresAccountStore.open({ query, table: `accounts_${tables++}` });
  beforeAll(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    server?.stop();
  });

  accountStoreConformance('PostgresAccountStore', async () => ({ store: await fresh(), close() {} }));

  const plant = (table: string, did: unknown, account: unknown) =>
    pool.query(
      `INSERT INTO ${table} (did, account) VALUES ($1, $2) ON CONFLICT (did) DO UPDATE SET account = excluded.account`,
      [did, account],
    );

  const corrupt: [string, string][] = [
    ['JSON that does not parse', '{"did":'],
    ['a JSON array', '[]'],
    ['another DID than its key', JSON.stringify(sampleAccount(2))],
    ['an unknown claim', JSON.stringify({ ...sampleAccount(1), claims: { password: 'x' } })],
    [
      'exp as a string',
      JSON.stringify({ ...sampleAccount(1), credential: { ...sampleAccount(1).credential, exp: '1' } }),
    ],
    ['larger than maxAccountBytes', JSON.stringify({ ...sampleAccount(1), note: 'x'.repeat(70_000) })],
    [
      'a value nested 10,000 levels deep',
      `{"did":"did:realdid:zQmPairwise1","claims":{"region":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
    ],
  ];
  for (const [what, json] of corrupt) {
    it(`a row holding ${what} is ERR_ACCOUNT_STORE_CORRUPT from get and list`, async () => {
      const store = await fresh();
      await store.put(sampleAccount(7));
      await plant(store.table, sampleAccount(1).did, json);
      await expect(store.get(sampleAccount(1).did)).rejects.toMatchObject({
        code: 'ERR_ACCOUNT_STORE_CORRUPT',
      });
      const err = await store.list().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERR_ACCOUNT_STORE_CORRUPT' });
      expect((err as Error).message).not.toContain('dG9rZW4t');
      expect(await store.get(sampleAccount(7).did)).toEqual(sampleAccount(7));
    });
  }

  it('a table of another shape is ERR_ACCOUNT_STORE_CORRUPT; a failing client is ERR_ACCOUNT_STORE_UNAVAILABLE', async () => {
    await pool.query('CREATE TABLE other_shape (did TEXT PRIMARY KEY, account JSONB)');
    await expect(PostgresAccountStore.open({ query, table: 'other_shape' })).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_STORE_CORRUPT',
    });
    const store = await fresh();
    const broken = await PostgresAccountStore.open({ query, table: store.table });
    await pool.query(`DROP TABLE ${store.table}`);
    await expect(broken.get(sampleAccount(1).did)).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_STORE_UNAVAILABLE',
    });
    await expect(
      PostgresAccountStore.open({ query: async () => ({}) as { rows: unknown[] } }),
    ).rejects.toMatchObject({ code: 'ERR_ACCOUNT_STORE_UNAVAILABLE' });
    await expect(PostgresAccountStore.open({ query, table: 'x; DROP TABLE y' })).rejects.toThrow(RangeError);
  });

  it('hostile arguments: TypeError/RangeError, never a crash; nothing malformed is stored', async () => {
    const store = await fresh();
    for (const v of allHostileValues()) {
      const p = await outcome(() => store.put(v as Account), { codes: CODES, misuse: true });
      expect(p.kind === 'misuse' || p.kind === 'sentinel').toBe(true);
      const g = await outcome(() => store.get(v as string), { codes: CODES, misuse: true });
      expect(g.kind === 'returned' ? g.value : undefined).toBeUndefined();
      await outcome(() => PostgresAccountStore.open(v as never), { codes: CODES, misuse: true });
      await outcome(() => PostgresAccountStore.open({ query, table: v } as never), {
        codes: CODES,
        misuse: true,
      });
    }
    for (const did of ['did:realdid:a\u0000b', 'did:realdid:\ud800', 'x'.repeat(1 << 20)])
      expect(await store.get(did)).toBeUndefined();
    for (const a of await store.list()) expect(parseAccount(a)).toEqual(a);
  });

  it('concurrent upserts of one DID from several connections: one row, one of the written accounts', async () => {
    const store = await fresh();
    const writes = Array.from({ length: 40 }, (_, i) => sampleAccount(5, { claims: { region: `w${i}` } }));
    await Promise.all(writes.map((w) => store.put(w)));
    const all = await store.list();
    expect(all).toHaveLength(1);
    expect(writes.map((w) => w.claims.region)).toContain(all[0]!.claims.region);
  });

  it('property: any well-formed account round-trips', async () => {
    const store = await fresh();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1_000_000),
        fc.dictionary(fc.constantFrom('age_over_18', 'region', 'nationality'), fc.jsonValue({ maxDepth: 2 })),
        async (n, claims) => {
          const a = sampleAccount(n, { claims: JSON.parse(JSON.stringify(claims)) });
          await store.put(a);
          expect(await store.get(a.did)).toEqual(a);
        },
      ),
      { numRuns: 50 },
    );
  });
});
