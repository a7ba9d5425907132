import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryId } from '@realdid/ledger';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteLedger } from '../src/index.js';
import { tempDir, writerCommand } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const freshPath = () => join(tmp.dir, `case-${n++}`, 'ledger.sqlite');
const bytes = (s: string) => new TextEncoder().encode(s);

async function codeOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: unknown }).code;
  }
  return 'no error';
}

/** Runs the writer fixture to completion and returns its receipts. */
function runWriter(
  env: Record<string, string>,
): Promise<{ position: number; id: string; payload: string }[]> {
  const spec = writerCommand(env);
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer exited with ${code}: ${err.slice(0, 1000)}`));
      else
        resolve(
          out
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l)),
        );
    });
  });
}

describe('SqliteLedger file', () => {
  it('creates the file and its folders on first use, in WAL mode with synchronous FULL, schema version 1', async () => {
    const path = freshPath();
    expect(existsSync(path)).toBe(false);
    const ledger = await SqliteLedger.open(path);
    expect(existsSync(path)).toBe(true);
    const info = await ledger.info();
    expect(info).toMatchObject({
      kind: 'sqlite',
      location: path,
      schemaVersion: 1,
      synchronous: 'full',
      journalMode: 'wal',
    });
    await ledger.append('t', bytes('x'));
    await ledger.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(0x52444c47);
    const row = db.prepare('SELECT digest, payload FROM entry').get() as { digest: Buffer; payload: Buffer };
    expect(row.digest.length).toBe(32);
    expect(new Uint8Array(row.payload)).toEqual(bytes('x'));
    db.close();
  });

  it('reads a topic through the (tid, position) index', async () => {
    const ledger = await SqliteLedger.open(freshPath());
    await ledger.close();
    const db = new Database(ledger.path, { readonly: true });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT e.position, e.digest, e.time, e.payload FROM topic t JOIN entry e ON e.tid = t.tid
         WHERE t.name = ? AND e.position >= ? ORDER BY e.position LIMIT ?`,
      )
      .all('t', 0, -1) as { detail: string }[];
    db.close();
    const details = plan.map((p) => p.detail).join(' | ');
    expect(details).toMatch(/SEARCH t USING (COVERING )?INDEX sqlite_autoindex_topic_1/);
    expect(details).toMatch(/SEARCH e USING INDEX entry_position \(tid=\? AND position>\?\)/);
    expect(details).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it('rejects a file that is not a RealDID ledger with ERR_LEDGER_CORRUPT', async () => {
    const other = freshPath();
    await SqliteLedger.open(other).then((l) => l.close());
    const foreign = join(tmp.dir, 'foreign.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE notes (x TEXT)');
    db.close();
    expect(await codeOf(SqliteLedger.open(foreign))).toBe('ERR_LEDGER_CORRUPT');
    const garbage = join(tmp.dir, 'garbage.sqlite');
    writeFileSync(garbage, new Uint8Array(8192).fill(0x5a));
    expect(await codeOf(SqliteLedger.open(garbage))).toBe('ERR_LEDGER_CORRUPT');
  });

  it('refuses a file of a newer schema version with ERR_LEDGER_UNAVAILABLE', async () => {
    const path = freshPath();
    await SqliteLedger.open(path).then((l) => l.close());
    const db = new Database(path);
    db.pragma('user_version = 2');
    db.close();
    expect(await codeOf(SqliteLedger.open(path))).toBe('ERR_LEDGER_UNAVAILABLE');
  });

  it('fails with ERR_LEDGER_UNAVAILABLE when the file cannot be created', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await codeOf(SqliteLedger.open(join(file, 'below', 'ledger.sqlite')))).toBe(
      'ERR_LEDGER_UNAVAILABLE',
    );
  });

  it('rejects bad arguments to open with TypeError / RangeError', async () => {
    for (const bad of [undefined, null, 1, {}, new Uint8Array(1)]) {
      await expect(SqliteLedger.open(bad as never)).rejects.toThrow(TypeError);
    }
    await expect(SqliteLedger.open('')).rejects.toThrow(RangeError);
    await expect(SqliteLedger.open(':memory:', { synchronous: 'off' as never })).rejects.toThrow(RangeError);
    await expect(SqliteLedger.open(':memory:', { busyTimeoutMs: -1 })).rejects.toThrow(RangeError);
    await expect(SqliteLedger.open(':memory:', { busyTimeoutMs: '1' as never })).rejects.toThrow(TypeError);
    await expect(SqliteLedger.open(':memory:', { maxEntryBytes: 0 })).rejects.toThrow(RangeError);
    await expect(SqliteLedger.open(':memory:', null as never)).rejects.toThrow(TypeError);
    await expect(SqliteLedger.open(':memory:', { create: 'no' as never })).rejects.toThrow(TypeError);
    await expect(SqliteLedger.open(':memory:', { createFolders: 0 as never })).rejects.toThrow(TypeError);
  });

  it('create: false refuses a missing file with ERR_LEDGER_NOT_FOUND and creates nothing', async () => {
    const dir = join(tmp.dir, 'no-create');
    mkdirSync(dir);
    const typo = join(dir, 'ledgr.db');
    expect(await codeOf(SqliteLedger.open(typo, { create: false }))).toBe('ERR_LEDGER_NOT_FOUND');
    expect(readdirSync(dir)).toEqual([]);
    // An existing ledger opens as usual, with its entries.
    const path = join(dir, 'ledger.db');
    const first = await SqliteLedger.open(path);
    await first.append('t', bytes('kept'));
    await first.close();
    const again = await SqliteLedger.open(path, { create: false });
    expect((await again.info()).entries).toBe(1);
    await again.close();
    // :memory: has no file to look for.
    await (await SqliteLedger.open(':memory:', { create: false })).close();
  });

  it('createFolders: false refuses a missing folder with ERR_LEDGER_NOT_FOUND and creates no folder', async () => {
    const missing = join(tmp.dir, 'nonexistent', 'dir');
    const path = join(missing, 'l.db');
    expect(await codeOf(SqliteLedger.open(path, { createFolders: false }))).toBe('ERR_LEDGER_NOT_FOUND');
    expect(existsSync(join(tmp.dir, 'nonexistent'))).toBe(false);
    // A file named like the folder is not a folder either.
    const file = join(tmp.dir, 'plain-file');
    writeFileSync(file, 'x');
    expect(await codeOf(SqliteLedger.open(join(file, 'l.db'), { createFolders: false }))).toBe(
      'ERR_LEDGER_NOT_FOUND',
    );
    // In an existing folder the file is created.
    const ok = await SqliteLedger.open(join(tmp.dir, 'l.db'), { createFolders: false });
    expect(existsSync(join(tmp.dir, 'l.db'))).toBe(true);
    await ok.close();
  });

  it('checkIntegrity finds a payload changed behind its back, and a wrong topic size', async () => {
    const path = freshPath();
    const ledger = await SqliteLedger.open(path);
    await ledger.appendBatch([1, 2, 3].map((i) => ({ topic: 't', payload: bytes(`p${i}`) })));
    expect(await ledger.checkIntegrity({ digests: true })).toEqual({ topics: 1, entries: 3 });
    await ledger.close();
    const db = new Database(path);
    db.prepare('UPDATE entry SET payload = ? WHERE position = 1').run(bytes('tampered'));
    db.close();
    const reopened = await SqliteLedger.open(path);
    await reopened.checkIntegrity();
    expect(await codeOf(reopened.checkIntegrity({ digests: true }))).toBe('ERR_LEDGER_CORRUPT');
    await reopened.close();
    const db2 = new Database(path);
    db2.prepare('UPDATE entry SET payload = ? WHERE position = 1').run(bytes('p2'));
    db2.prepare('UPDATE topic SET size = 5').run();
    db2.close();
    const again = await SqliteLedger.open(path);
    expect(await codeOf(again.checkIntegrity())).toBe('ERR_LEDGER_CORRUPT');
    await again.close();
  });
});

describe('SqliteLedger with several writers on one file', () => {
  it('two instances in one process keep positions consecutive', async () => {
    const path = freshPath();
    const a = await SqliteLedger.open(path);
    const b = await SqliteLedger.open(path);
    const rs = [];
    for (let i = 0; i < 20; i++) rs.push(await (i % 2 ? a : b).append('shared', bytes(`entry ${i}`)));
    expect(rs.map((r) => r.position)).toEqual(rs.map((_, i) => i));
    const dup = await a.append('shared', bytes('entry 0'));
    expect([dup.position, dup.duplicate]).toEqual([0, true]);
    expect((await b.read('shared')).map((e) => e.id)).toEqual(rs.map((r) => r.id));
    await a.close();
    await b.close();
  });

  it('two processes appending to one topic at once: every entry once, positions 0..n-1', async () => {
    const path = freshPath();
    const init = await SqliteLedger.open(path);
    await init.close();
    const count = 150;
    const startAt = String(Date.now() + 3000);
    const [x, y] = await Promise.all(
      ['x', 'y'].map((tag) =>
        runWriter({
          REALDID_LEDGER_PATH: path,
          REALDID_WRITE_TOPIC: 'shared',
          REALDID_WRITE_COUNT: String(count),
          REALDID_WRITE_TAG: tag,
          REALDID_WRITE_START_AT: startAt,
          REALDID_WRITE_PAUSE_MS: '5',
        }),
      ),
    );
    const ledger = await SqliteLedger.open(path);
    const entries = await ledger.read('shared');
    expect(entries.length).toBe(2 * count);
    expect(entries.map((e) => e.position)).toEqual(entries.map((_, i) => i));
    for (const r of [...x!, ...y!]) {
      expect(entries[r.position]?.id).toBe(r.id);
      expect(new TextDecoder().decode(entries[r.position]!.payload)).toBe(r.payload);
      expect(r.id).toBe(entryId(bytes(r.payload)));
    }
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.time >= entries[i - 1]!.time).toBe(true);
    const tags = entries.map((e) => new TextDecoder().decode(e.payload)[0]).join('');
    // With a pause between appends (as a server has between requests) the writers interleave.
    const runs = tags.match(/(.)\1*/g) ?? [];
    expect(runs.length).toBeGreaterThan(2);
    expect(await ledger.checkIntegrity({ digests: true })).toEqual({ topics: 1, entries: 2 * count });
    await ledger.close();
  });

  it('fails with ERR_LEDGER_UNAVAILABLE when another writer holds the lock past busyTimeoutMs, and writes nothing', async () => {
    const path = freshPath();
    const ledger = await SqliteLedger.open(path, { busyTimeoutMs: 50 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    expect(await codeOf(ledger.append('t', bytes('blocked')))).toBe('ERR_LEDGER_UNAVAILABLE');
    other.exec('ROLLBACK');
    other.close();
    expect(await ledger.size('t')).toBe(0);
    const r = await ledger.append('t', bytes('after'));
    expect(r.position).toBe(0);
    await ledger.close();
  });

  it('keeps ledger time non-decreasing across writers whose clocks disagree', async () => {
    const path = freshPath();
    const ahead = await SqliteLedger.open(path, { clock: () => new Date(Date.UTC(2030, 0, 1)) });
    const behind = await SqliteLedger.open(path, { clock: () => new Date(Date.UTC(2020, 0, 1)) });
    const r1 = await ahead.append('t', bytes('1'));
    const r2 = await behind.append('t', bytes('2'));
    expect(r2.time >= r1.time).toBe(true);
    await ahead.close();
    await behind.close();
  });
});
