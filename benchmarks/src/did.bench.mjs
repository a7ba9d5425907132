// did:realdid at scale: a SqliteLedger holding DID_BENCH_DIDS DIDs (default 1 000 000) created in
// batches (appendBatch). Measures creation throughput, resolve p50/p99 uncached and cached, file
// bytes per DID, at 10 000 DIDs and again at the full count, next to the floor (the ledger read
// alone) in the same run.
//   node benchmarks/run.mjs did                      # 1 000 000 DIDs
//   DID_BENCH_DIDS=100000 node benchmarks/run.mjs did
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  base58btcEncode,
  generateKeyPair,
  getBackend,
  multibaseToPublicKey,
  publicKeyToMultibase,
  randomBytes,
  sha256,
} from '@realdid/crypto';
import {
  createDid,
  createResolutionCache,
  getResolver,
  publishOperations,
  Resolver,
  resolveDid,
} from '@realdid/did';
import { SqliteLedger } from '@realdid/ledger-sqlite';

const TOTAL = Number(process.env.DID_BENCH_DIDS ?? 1_000_000);
const FIRST = Math.min(10_000, TOTAL);
const BATCH = 10_000;
const SAMPLES = 3_000;
const KEY_POOL = Number(process.env.DID_BENCH_KEYS ?? 4_000); // distinct verification keys, reused round-robin
const dir = mkdtempSync(join(tmpdir(), 'realdid-did-bench-'));
const path = join(dir, 'ledger.sqlite');
const fmtUs = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);
const fmtN = (n) => Math.round(n).toLocaleString('en-US');

// --- pre-generated material: cheap Ed25519 keys and commitments, reused across DIDs -----------
const t0 = performance.now();
const verificationKeys = Array.from({ length: KEY_POOL }, () =>
  publicKeyToMultibase('Ed25519', generateKeyPair('Ed25519').publicKey),
);
const commitment = () => {
  const mh = new Uint8Array([0x12, 0x20, ...sha256(randomBytes(32))]);
  return `z${base58btcEncode(mh)}`;
};
const updateCommitments = Array.from({ length: 1024 }, commitment);
const recoveryCommitments = Array.from({ length: 1024 }, commitment);
console.log(
  `pre-generated ${KEY_POOL} keys and 2 048 commitments in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const PURPOSES = ['authentication', 'assertionMethod'];
/** The i-th DID through the public builder: a distinct create operation (distinct pair of commitments). */
function makeDid(i) {
  return createDid({
    publicKeys: [{ id: 'key-1', publicKeyMultibase: verificationKeys[i % KEY_POOL], purposes: PURPOSES }],
    updateCommitment: updateCommitments[i % 1024],
    recoveryCommitment: recoveryCommitments[Math.floor(i / 1024) % 1024],
  });
}

/**
 * The same create operation written from a template (members already in JCS order) and hashed:
 * byte-identical to makeDid(i) (checked below), without createDid's input validation, so that
 * filling the ledger with a million DIDs stays within minutes on a shared machine.
 */
const enc = new TextEncoder();
function makeDidFast(i) {
  const text = `{"document":{"publicKeys":[{"id":"key-1","publicKeyMultibase":"${verificationKeys[i % KEY_POOL]}","purposes":["authentication","assertionMethod"],"type":"Multikey"}],"services":[]},"recoveryCommitment":"${recoveryCommitments[Math.floor(i / 1024) % 1024]}","type":"create","updateCommitment":"${updateCommitments[i % 1024]}"}`;
  const payload = enc.encode(text);
  const suffix = `z${base58btcEncode(new Uint8Array([0x12, 0x20, ...sha256(payload)]))}`;
  return { suffix, topic: suffix, payload, operation: { type: 'create' } };
}
for (let i = 0; i < 50; i++) {
  const a = makeDid(i * 7777);
  const b = makeDidFast(i * 7777);
  if (a.suffix !== b.suffix || Buffer.compare(Buffer.from(a.payload), Buffer.from(b.payload)) !== 0) {
    throw new Error('the template does not reproduce createDid');
  }
}

// createDid throughput on its own (validation, JCS, hashing, long form)
const CREATE_SAMPLE = 5_000;
let s0 = process.hrtime.bigint();
for (let i = 0; i < CREATE_SAMPLE; i++) makeDid(i);
const createDidPerSec = CREATE_SAMPLE / (Number(process.hrtime.bigint() - s0) / 1e9);
s0 = process.hrtime.bigint();
for (let i = 0; i < CREATE_SAMPLE; i++) makeDidFast(i);
const templatePerSec = CREATE_SAMPLE / (Number(process.hrtime.bigint() - s0) / 1e9);

const ledger = await SqliteLedger.open(path);
const suffixes = new Array(TOTAL);
let created = 0;
let buildNs = 0n;
let appendNs = 0n;

async function createUpTo(n) {
  while (created < n) {
    const count = Math.min(BATCH, n - created);
    const b0 = process.hrtime.bigint();
    const batch = new Array(count);
    for (let j = 0; j < count; j++) {
      const d = makeDidFast(created + j);
      batch[j] = d;
      suffixes[created + j] = d.suffix;
    }
    const b1 = process.hrtime.bigint();
    await publishOperations(ledger, batch);
    const b2 = process.hrtime.bigint();
    buildNs += b1 - b0;
    appendNs += b2 - b1;
    created += count;
    if (created % 100_000 === 0) process.stdout.write(`  ${fmtN(created)} DIDs\n`);
  }
}

function fileBytes() {
  let total = 0;
  for (const s of ['', '-wal', '-shm']) if (existsSync(path + s)) total += statSync(path + s).size;
  return total;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times `fn(i)` for SAMPLES random DIDs among the first `n`; returns p50 and p99 in ns. */
async function latency(n, fn) {
  const times = new Float64Array(SAMPLES);
  const cpu = new Float64Array(SAMPLES);
  for (let k = 0; k < SAMPLES; k++) {
    const i = Math.floor(Math.random() * n);
    const c = process.cpuUsage();
    const s = process.hrtime.bigint();
    await fn(i);
    times[k] = Number(process.hrtime.bigint() - s);
    const d = process.cpuUsage(c);
    cpu[k] = (d.user + d.system) * 1000;
  }
  times.sort();
  cpu.sort();
  // wall time includes the time the process waits for a core on a loaded machine; CPU time
  // (getrusage, µs resolution) is the work this process did for the call
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    cpu50: percentile(cpu, 50),
    cpu99: percentile(cpu, 99),
  };
}

const networks = { main: ledger };

async function measure(n) {
  globalThis.gc?.();
  // floor: the ledger read of the DID's topic, no parsing or checking
  const floor = await latency(n, (i) => ledger.read(suffixes[i]));
  // uncached: read, parse, check canonical form and hash, decode the key, build the document
  const cold = await latency(n, async (i) => {
    const r = await resolveDid(`did:realdid:${suffixes[i]}`, { networks, noCache: true });
    if (r.didResolutionMetadata.error) throw new Error(r.didResolutionMetadata.error);
  });
  // cached: 1 000 hot DIDs
  const cache = createResolutionCache({ maxEntries: 10_000, ttlMs: 600_000 });
  const hot = Array.from({ length: 1000 }, (_, k) => `did:realdid:${suffixes[(k * 7919) % n]}`);
  for (const d of hot) await resolveDid(d, { networks, cache });
  const cachedLat = await latency(1000, (i) => resolveDid(hot[i], { networks, cache }));
  const N = 200_000;
  let s = process.hrtime.bigint();
  for (let k = 0; k < N; k++) await resolveDid(hot[k % 1000], { networks, cache });
  const cachedPerSec = N / (Number(process.hrtime.bigint() - s) / 1e9);
  // cached through did-resolver's Resolver (its parse + our registry)
  const resolver = new Resolver(getResolver({ networks, cache }));
  s = process.hrtime.bigint();
  for (let k = 0; k < N; k++) await resolver.resolve(hot[k % 1000]);
  const viaResolverPerSec = N / (Number(process.hrtime.bigint() - s) / 1e9);
  const bytes = fileBytes();
  return { n, floor, cold, cachedLat, cachedPerSec, viaResolverPerSec, bytes };
}

/** p50/p99 of decoding (and validating) a never-seen Ed25519 Multikey: what a DID with fresh keys adds. */
function coldKeyDecode() {
  const fresh = Array.from({ length: 500 }, () =>
    publicKeyToMultibase('Ed25519', generateKeyPair('Ed25519').publicKey),
  );
  const times = fresh.map((k) => {
    const s = process.hrtime.bigint();
    multibaseToPublicKey(k);
    return Number(process.hrtime.bigint() - s);
  });
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const results = [];
const c0 = process.hrtime.bigint();
await createUpTo(FIRST);
results.push(await measure(FIRST));
await createUpTo(TOTAL);
const createSeconds = Number(process.hrtime.bigint() - c0) / 1e9;
if (TOTAL > FIRST) results.push(await measure(TOTAL));

const keyDecode = coldKeyDecode();
console.log(`\nbackend: ${getBackend()}; Node ${process.version}`);
console.log(`createDid: ${fmtN(createDidPerSec)}/s; template + hash (bulk fill): ${fmtN(templatePerSec)}/s`);
console.log(
  `cold Multikey decode (Ed25519, point check): p50 ${fmtUs(keyDecode.p50)}, p99 ${fmtUs(keyDecode.p99)}`,
);
console.log(`DIDs created: ${fmtN(TOTAL)} in batches of ${fmtN(BATCH)} (appendBatch)`);
console.log(
  `creation: ${fmtN(TOTAL / (Number(buildNs + appendNs) / 1e9))} DIDs/s overall ` +
    `(build ${fmtN(TOTAL / (Number(buildNs) / 1e9))}/s, append ${fmtN(TOTAL / (Number(appendNs) / 1e9))}/s); ` +
    `wall time including the 10k measurement: ${createSeconds.toFixed(1)} s`,
);
console.log(
  '\n| DIDs | ledger read p50 / p99 (floor) | resolve uncached p50 / p99 | ratio p50 | uncached CPU time p50 / p99 | cached resolve p50 / p99 | cached resolves/s | cached via did-resolver /s | file bytes per DID |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${fmtN(r.n)} | ${fmtUs(r.floor.p50)} / ${fmtUs(r.floor.p99)} | ${fmtUs(r.cold.p50)} / ${fmtUs(r.cold.p99)} | ${(r.cold.p50 / r.floor.p50).toFixed(1)}× | ${fmtUs(r.cold.cpu50)} / ${fmtUs(r.cold.cpu99)} | ${fmtUs(r.cachedLat.p50)} / ${fmtUs(r.cachedLat.p99)} | ${fmtN(r.cachedPerSec)} | ${fmtN(r.viaResolverPerSec)} | ${fmtN(r.bytes / r.n)} |`,
  );
}
console.log(
  `\nload average at the end (1/5/15 min): ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} on ${cpus().length} cores`,
);
await ledger.close();
rmSync(dir, { recursive: true, force: true });
