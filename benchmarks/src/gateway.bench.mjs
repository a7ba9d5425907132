// Load on the gateway's Universal Resolver driver: CLIENTS concurrent HTTP clients (default 200)
// resolve anchored did:realdid DIDs through a gateway in another process on 127.0.0.1, against
// resolving the same DIDs in-process. Loopback only.
//   pnpm --filter "@realdid/gateway..." build && node benchmarks/run.mjs gateway
//
// DIDS (default 10,000) anchored DIDs; requests pick them uniformly at random.
// LEDGER=memory (default): each process anchors its own DIDS fresh DIDs in a MemoryLedger.
// LEDGER=sqlite: one SQLite ledger file, LEDGER_FILE (default /tmp/realdid-gateway-bench-<DIDS>.sqlite),
//   populated once (bulk: POPULATE_BATCH create operations per transaction, built by
//   POPULATE_WORKERS worker threads, verification keys from a pool of KEY_POOL, default 10,000)
//   and reused by later runs; the gateway process and the
//   in-process baseline both read that file.
// A run is bounded by REQUESTS (default 20,000) or, when DURATION_MS is set, by time.
// CACHE_TTLS (default "0,5000"): the gateway runs, one per resolution-cache TTL in ms.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { base58btcEncode } from '@realdid/crypto';
import { anchorDid, createDid, resolveDid } from '@realdid/did';
import { createGateway } from '@realdid/gateway';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import Database from 'better-sqlite3';

const DIDS = Number(process.env.DIDS ?? 10_000);
const REQUESTS = Number(process.env.REQUESTS ?? 20_000);
const DURATION_MS = process.env.DURATION_MS === undefined ? undefined : Number(process.env.DURATION_MS);
const CLIENTS = Number(process.env.CLIENTS ?? 200);
const LEDGER = process.env.LEDGER ?? 'memory';
const LEDGER_FILE = process.env.LEDGER_FILE ?? `/tmp/realdid-gateway-bench-${DIDS}.sqlite`;
const CACHE_TTLS = (process.env.CACHE_TTLS ?? '0,5000').split(',').map(Number);
const POPULATE_BATCH = Number(process.env.POPULATE_BATCH ?? 10_000);
const POPULATE_WORKERS = Number(process.env.POPULATE_WORKERS ?? Math.min(2, availableParallelism()));
const KEY_POOL = Number(process.env.KEY_POOL ?? 10_000);
const here = fileURLToPath(import.meta.url);

/** A random update/recovery commitment (a sha2-256 multihash, `zQm…`) of a key held elsewhere. */
function randomCommitment() {
  const mh = new Uint8Array(34);
  mh[0] = 0x12;
  mh[1] = 0x20;
  mh.set(randomBytes(32), 2);
  return `z${base58btcEncode(mh)}`;
}

/** A fresh Ed25519 public key from node:crypto (its private half is dropped). */
function freshPublicKey() {
  const spki = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

/**
 * One create operation of a distinct, valid did:realdid DID, built fast: its verification key is
 * one of a pool of `pool.size` real Ed25519 keys (generated on first use, then reused in turn), and
 * its update/recovery commitments are to keys held elsewhere (random, so every operation, hence
 * every DID, is distinct; nobody will update these DIDs). The operation, its hash and its DID are
 * exactly what createDid builds for such a caller; only key generation (three @noble keys a DID,
 * over 1 ms each on this machine) is avoided. Resolution work does not depend on the key.
 */
function bulkCreate(pool) {
  if (pool.keys.length < pool.size) pool.keys.push(freshPublicKey());
  const publicKey = pool.keys[pool.next++ % pool.keys.length];
  return createDid({
    publicKeys: [
      {
        id: 'key-1',
        purposes: ['authentication', 'assertionMethod', 'capabilityInvocation', 'capabilityDelegation'],
        type: 'Ed25519',
        publicKey,
      },
    ],
    updateCommitment: randomCommitment(),
    recoveryCommitment: randomCommitment(),
  });
}

if (!isMainThread) {
  // A population worker: builds workerData.count create operations, posting them in batches.
  let left = workerData.count;
  const pool = { size: Math.max(1, workerData.keyPool), keys: [], next: 0 };
  while (left > 0) {
    const n = Math.min(left, workerData.batch);
    const topics = [];
    const payloads = [];
    for (let i = 0; i < n; i++) {
      const c = bulkCreate(pool);
      topics.push(c.topic);
      payloads.push(c.payload);
    }
    parentPort.postMessage({ topics, payloads });
    left -= n;
  }
  parentPort.close();
}

/** Topics (DID suffixes) held by a SQLite ledger file, read from its topic table. */
function sqliteTopics(file, limit) {
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT name FROM topic ORDER BY tid LIMIT ?').pluck().all(limit);
  } finally {
    db.close();
  }
}

/** Brings the SQLite ledger file up to DIDS anchored DIDs (bulk), and reports what it did. */
async function populateSqlite() {
  const have = sqliteTopics(LEDGER_FILE, DIDS).length;
  const missing = DIDS - have;
  if (missing <= 0) {
    console.log(`ledger ${LEDGER_FILE}: reusing ${have} DIDs`);
    return;
  }
  // synchronous 'normal': a bulk load that a crash would simply restart; reads are unaffected.
  const ledger = await SqliteLedger.open(LEDGER_FILE, { synchronous: 'normal' });
  const t0 = performance.now();
  let written = 0;
  let insertMs = 0;
  const workers = Math.max(1, POPULATE_WORKERS);
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const count = Math.floor(missing / workers) + (w < missing % workers ? 1 : 0);
      const worker = new Worker(here, {
        workerData: { count, batch: POPULATE_BATCH, keyPool: Math.ceil(KEY_POOL / workers) },
      });
      let chain = Promise.resolve();
      worker.on('message', ({ topics, payloads }) => {
        chain = chain.then(async () => {
          const s = performance.now();
          await ledger.appendBatch(topics.map((topic, i) => ({ topic, payload: payloads[i] })));
          insertMs += performance.now() - s;
          written += topics.length;
          if (written % 100_000 < topics.length)
            console.log(`  ${have + written} DIDs, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        });
      });
      return new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', () => chain.then(resolve, reject));
      });
    }),
  );
  await ledger.close();
  const secs = (performance.now() - t0) / 1000;
  const bytes = ['', '-wal'].reduce(
    (s, x) => s + (existsSync(LEDGER_FILE + x) ? statSync(LEDGER_FILE + x).size : 0),
    0,
  );
  console.log(
    `populated ${written} DIDs into ${LEDGER_FILE} in ${secs.toFixed(1)} s with ${workers} worker(s) ` +
      `(${(written / secs).toFixed(0)}/s; ${KEY_POOL} distinct keys; inserting ${(insertMs / 1000).toFixed(1)} s of it, ` +
      `${POPULATE_BATCH} per transaction); file ${(bytes / 2 ** 20).toFixed(0)} MiB`,
  );
}

async function openLedger() {
  if (LEDGER === 'sqlite') {
    const ledger = await SqliteLedger.open(LEDGER_FILE, { create: false });
    return { ledger, dids: sqliteTopics(LEDGER_FILE, DIDS).map((t) => `did:realdid:${t}`) };
  }
  if (LEDGER !== 'memory') throw new Error(`LEDGER: expected memory or sqlite, found ${LEDGER}`);
  const ledger = new MemoryLedger();
  const dids = [];
  for (let i = 0; i < DIDS; i++) {
    const c = createDid();
    await anchorDid(ledger, c);
    dids.push(c.did);
  }
  return { ledger, dids };
}

if (isMainThread && process.argv[2] === 'server') {
  // The gateway process: opens the ledger, prints the DIDs when it made them itself, then its URL.
  const { ledger, dids } = await openLedger();
  const app = await createGateway({
    ledger,
    logger: false,
    rateLimit: false,
    resolutionCacheTtlMs: Number(process.env.CACHE_TTL_MS ?? 0),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${LEDGER === 'memory' ? JSON.stringify(dids) : '[]'}\nlistening ${url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => app.close().then(() => process.exit(0)));
} else if (isMainThread) {
  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const fmt = (ms) => `${ms.toFixed(2)} ms`;
  const bounded = DURATION_MS === undefined ? `${REQUESTS} requests` : `${DURATION_MS} ms`;
  console.log(`gateway load: ${DIDS} DIDs in a ${LEDGER} ledger, ${CLIENTS} clients, ${bounded} per run`);

  if (LEDGER === 'sqlite') await populateSqlite();

  // In-process: the same resolution on the same kind of ledger, no HTTP, no cache, one at a time.
  const local = await openLedger();
  const lat = [];
  const t0 = performance.now();
  const until = DURATION_MS === undefined ? undefined : t0 + DURATION_MS;
  const n = Math.min(REQUESTS, 20_000);
  while (until === undefined ? lat.length < n : performance.now() < until) {
    const did = local.dids[Math.floor(Math.random() * local.dids.length)];
    const s = performance.now();
    const r = await resolveDid(did, { networks: { main: local.ledger } });
    lat.push(performance.now() - s);
    if (r.didDocument?.id !== did) throw new Error('in-process resolution failed');
  }
  const localSecs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const localRate = lat.length / localSecs;
  console.log(
    `in-process: ${lat.length} resolutions, ${localRate.toFixed(0)}/s, p50 ${fmt(pct(lat, 50))}, p99 ${fmt(pct(lat, 99))}`,
  );
  if (LEDGER === 'sqlite') await local.ledger.close();

  for (const ttl of CACHE_TTLS) {
    const child = spawn(process.execPath, [here, 'server'], {
      env: { ...process.env, CACHE_TTL_MS: String(ttl) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const { served, url } = await new Promise((resolve) => {
      child.stdout.on('data', (d) => {
        out += d.toString('utf8');
        const m = /listening (\S+)\n/.exec(out);
        if (m) resolve({ served: JSON.parse(out.slice(0, out.indexOf('\n'))), url: m[1] });
      });
    });
    const dids = LEDGER === 'memory' ? served : local.dids;
    const times = [];
    let next = 0;
    let errors = 0;
    const start = performance.now();
    const end = DURATION_MS === undefined ? undefined : start + DURATION_MS;
    const more = () => (end === undefined ? next++ < REQUESTS : performance.now() < end);
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (more()) {
          const did = dids[Math.floor(Math.random() * dids.length)];
          const s = performance.now();
          try {
            const res = await fetch(`${url}/1.0/identifiers/${did}`, {
              headers: { accept: 'application/did' },
            });
            const body = await res.json();
            times.push(performance.now() - s);
            if (res.status !== 200 || body.id !== did) errors++;
          } catch {
            errors++;
          }
        }
      }),
    );
    const secs = (performance.now() - start) / 1000;
    times.sort((a, b) => a - b);
    const rate = times.length / secs;
    console.log(
      `gateway (${CLIENTS} clients, resolution cache ${ttl === 0 ? 'off' : `${ttl} ms`}): ${times.length} resolutions in ${secs.toFixed(1)} s, ` +
        `${rate.toFixed(0)}/s, p50 ${fmt(pct(times, 50))}, p99 ${fmt(pct(times, 99))}, errors ${errors}; ` +
        `throughput ${(rate / localRate).toFixed(2)}× in-process`,
    );
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
  }
}
