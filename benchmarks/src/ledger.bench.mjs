// SqliteLedger micro-benchmark: single and batched appends, reads, and bytes per entry on disk,
// each next to its floor (the same SQLite work done with plain better-sqlite3 statements).
//   node benchmarks/run.mjs ledger                       # 200 000 DID-like entries
//   LEDGER_BENCH_DIDS=1000000 node benchmarks/run.mjs ledger
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryId } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import Database from 'better-sqlite3';
import { do_not_optimize, measure } from 'mitata';

const DIDS = Number(process.env.LEDGER_BENCH_DIDS ?? 200_000);
const BATCH = 1_000;
const PAYLOAD_BYTES = 400; // about the size of a did:realdid create operation (JCS, two Multikeys, commitments)
const dir = mkdtempSync(join(tmpdir(), 'realdid-ledger-bench-'));
const rows = [];
const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);
const opts = { min_cpu_time: 300e6, max_samples: 20_000 };
let uniq = 0;
const payload = () => {
  const p = randomBytes(PAYLOAD_BYTES);
  p.writeUInt32BE(uniq++, 0);
  return new Uint8Array(p.buffer, p.byteOffset, p.length);
};
const didEntry = () => {
  const p = payload();
  return { topic: entryId(p).slice(1), payload: p };
};

/** The floor: the same schema and statements without validation, hashing of ids or receipts. */
function rawFloor(path, synchronous) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(`CREATE TABLE topic (tid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, size INTEGER NOT NULL);
    CREATE TABLE entry (seq INTEGER PRIMARY KEY, tid INTEGER NOT NULL, position INTEGER NOT NULL, digest BLOB NOT NULL, time INTEGER NOT NULL, payload BLOB NOT NULL);
    CREATE UNIQUE INDEX entry_position ON entry (tid, position); CREATE UNIQUE INDEX entry_digest ON entry (tid, digest);`);
  const insTopic = db.prepare('INSERT INTO topic (name, size) VALUES (?, 1)');
  const insEntry = db.prepare(
    'INSERT INTO entry (tid, position, digest, time, payload) VALUES (?, 0, ?, ?, ?)',
  );
  const digest = new Uint8Array(32);
  const insert = (e) => {
    const tid = insTopic.run(e.topic).lastInsertRowid;
    insEntry.run(tid, digest, Date.now(), e.payload);
  };
  const one = db.transaction(insert).immediate;
  const many = db.transaction((es) => {
    for (const e of es) insert(e);
  }).immediate;
  const read = db.prepare(
    'SELECT e.position, e.digest, e.time, e.payload FROM topic t JOIN entry e ON e.tid = t.tid WHERE t.name = ? AND e.position >= ? ORDER BY e.position LIMIT ?',
  );
  return { db, one, many, read };
}

async function lat(name, fn, floorName) {
  const s = await measure(fn, opts);
  rows.push({ name, avg: s.avg, p50: s.p50, p99: s.p99, floorName });
  return s;
}

// 1. Single appends (one transaction and one commit each), new DID topic each time.
for (const sync of ['full', 'normal']) {
  const ledger = await SqliteLedger.open(join(dir, `single-${sync}.sqlite`), { synchronous: sync });
  const floor = rawFloor(join(dir, `single-floor-${sync}.sqlite`), sync.toUpperCase());
  await lat(`floor: raw INSERTs, 1 txn (synchronous ${sync})`, () => floor.one(didEntry()));
  await lat(
    `append, new topic (synchronous ${sync})`,
    () => ledger.append(didEntry().topic, payload()),
    `floor: raw INSERTs, 1 txn (synchronous ${sync})`,
  );
  await lat(
    `append, one growing topic (synchronous ${sync})`,
    () => ledger.append('growing', payload()),
    `floor: raw INSERTs, 1 txn (synchronous ${sync})`,
  );
  floor.db.close();
  await ledger.close();
}

// 2. Batched: fill a ledger with DIDS DID-like entries (a new topic each) in batches of BATCH.
const fills = [];
for (const [label, make] of [
  ['appendBatch (synchronous full)', async (p) => SqliteLedger.open(p)],
  ['floor: raw INSERTs in one txn per batch (synchronous full)', null],
]) {
  const path = join(dir, `fill-${fills.length}.sqlite`);
  const ledger = make ? await make(path) : null;
  const floor = make ? null : rawFloor(path, 'FULL');
  let busy = 0;
  for (let done = 0; done < DIDS; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, DIDS - done) }, didEntry);
    const t0 = performance.now();
    if (ledger) do_not_optimize(await ledger.appendBatch(batch));
    else floor.many(batch);
    busy += performance.now() - t0;
  }
  if (ledger) await ledger.close();
  else floor.db.close();
  const bytes = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  fills.push({
    label,
    path,
    seconds: busy / 1000,
    perSecond: DIDS / (busy / 1000),
    bytesPerEntry: bytes / DIDS,
  });
}

// 3. Reads on the full ledger: a DID topic (1 entry), a topic of 100 entries, size().
const path = fills[0].path;
const ledger = await SqliteLedger.open(path);
const floor = new Database(path, { readonly: true });
const floorRead = floor.prepare(
  'SELECT e.position, e.digest, e.time, e.payload FROM topic t JOIN entry e ON e.tid = t.tid WHERE t.name = ? AND e.position >= ? ORDER BY e.position LIMIT ?',
);
const topics = floor.prepare('SELECT name FROM topic ORDER BY random() LIMIT 1000').pluck().all();
await ledger.appendBatch(Array.from({ length: 100 }, () => ({ topic: 'hundred', payload: payload() })));
let k = 0;
await lat(`floor: raw SELECT of a 1-entry topic (${DIDS} entries in file)`, () =>
  floorRead.all(topics[k++ % topics.length], 0, -1),
);
await lat(
  'read(did) — 1-entry topic',
  () => ledger.read(topics[k++ % topics.length]),
  `floor: raw SELECT of a 1-entry topic (${DIDS} entries in file)`,
);
await lat('floor: raw SELECT of a 100-entry topic', () => floorRead.all('hundred', 0, -1));
await lat(
  'read(topic) — 100 entries',
  () => ledger.read('hundred'),
  'floor: raw SELECT of a 100-entry topic',
);
await lat('read(topic, { from: 90, limit: 5 })', () => ledger.read('hundred', { from: 90, limit: 5 }));
await lat('size(topic)', () => ledger.size(topics[k++ % topics.length]));
const integrity = performance.now();
await ledger.checkIntegrity();
const integrityMs = performance.now() - integrity;
await ledger.close();
floor.close();

// 4. Bytes per entry of the id stored as a 32-byte digest (the schema) vs as 47 characters of text.
const sizes = {};
for (const kind of ['BLOB (32-byte digest)', 'TEXT (multibase id)']) {
  const p = join(dir, `size-${kind[0]}.sqlite`);
  const db = new Database(p);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE topic (tid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, size INTEGER NOT NULL);
    CREATE TABLE entry (seq INTEGER PRIMARY KEY, tid INTEGER NOT NULL, position INTEGER NOT NULL, digest NOT NULL, time INTEGER NOT NULL, payload BLOB NOT NULL);
    CREATE UNIQUE INDEX entry_position ON entry (tid, position); CREATE UNIQUE INDEX entry_digest ON entry (tid, digest);`);
  const insT = db.prepare('INSERT INTO topic (name, size) VALUES (?, 1)');
  const insE = db.prepare('INSERT INTO entry (tid, position, digest, time, payload) VALUES (?, 0, ?, ?, ?)');
  const n = 100_000;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const e = didEntry();
      const tid = insT.run(e.topic).lastInsertRowid;
      const id = `z${e.topic}`;
      insE.run(tid, kind.startsWith('BLOB') ? randomBytes(32) : id, Date.now(), e.payload);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  sizes[kind] = statSync(p).size / n - PAYLOAD_BYTES;
}
rmSync(dir, { recursive: true, force: true });

// Report
const byName = new Map(rows.map((r) => [r.name, r]));
console.log(
  `\nSqliteLedger, Node ${process.version}, ${new Date().toISOString()}, payload ${PAYLOAD_BYTES} B\n`,
);
console.log('| operation | avg | p50 | p99 | ops/s | × floor |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const f = r.floorName ? byName.get(r.floorName) : undefined;
  console.log(
    `| ${r.name} | ${fmt(r.avg)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${Math.round(1e9 / r.avg).toLocaleString('en')} | ${f ? (r.avg / f.avg).toFixed(2) : ''} |`,
  );
}
console.log(
  `\n| fill: ${DIDS.toLocaleString('en')} DID topics of 1 entry, batches of ${BATCH} | seconds | entries/s | file bytes per entry | × floor time |`,
);
console.log('|---|---|---|---|---|');
for (const f of fills) {
  console.log(
    `| ${f.label} | ${f.seconds.toFixed(2)} | ${Math.round(f.perSecond).toLocaleString('en')} | ${f.bytesPerEntry.toFixed(0)} (payload ${PAYLOAD_BYTES}) | ${(f.seconds / fills[1].seconds).toFixed(2)} |`,
  );
}
console.log(
  `\ncheckIntegrity() (integrity_check + topic sizes) on the ${DIDS.toLocaleString('en')}-entry file: ${(integrityMs / 1000).toFixed(2)} s`,
);
console.log('\n| id column | overhead bytes per 1-entry topic (file size / n - payload), 100 000 entries |');
console.log('|---|---|');
for (const [kind, b] of Object.entries(sizes)) console.log(`| ${kind} | ${b.toFixed(0)} |`);
