// @realdid/pool: SD-JWT VC verification (EdDSA issuer, 10 selectively disclosable claims of which
// 5 disclosed, key binding by an EdDSA holder — the workload of sd-jwt.bench.mjs) on a
// VerifierPool of POOL_BENCH_SIZE worker threads (default 2) against the in-process
// verifySdJwtVc on the main thread, side by side in one run:
//   pnpm --filter @realdid/pool build && node benchmarks/run.mjs pool
//
// 1. Throughput, closed loop. Rounds alternate between the contenders (the order reversing every
//    round), each round POOL_BENCH_ROUND_MS long (default 300): in process, one verification
//    after another on the main thread; pool, size × tasksPerWorker × 2 calls kept in flight
//    (tasksPerWorker: POOL_BENCH_TASKS, default 32); and a floor no pool can beat: `size` worker
//    threads each verifying its own copies of the presentations in a loop, with no message per
//    verification and nothing on the main thread. The ratios are taken per round (adjacent
//    rounds, so a change in machine load hits all alike) and reported with their median over
//    POOL_BENCH_PAIRS rounds (default 30).
// 2. Latency, open loop. Calls are started on a fixed schedule at 50 %, 80 % and 100 % of the
//    capacity measured in 1 (median throughput of each contender), for POOL_BENCH_LOAD_MS each
//    (default 4000). Latency is measured from the scheduled start (not the actual one), so a
//    stalled generator does not hide queueing (no coordinated omission). p50 / p99 / max.
//
// The load average is printed before and after: the machine is shared. On a loaded machine the
// wall-clock ratio measures the scheduler (three busy threads get a larger share of contended
// cores than one), so the suite also divides verifications by the CPU time of the whole process:
// the pool's CPU per verification against in-process gives the scaling an idle machine allows,
// size × (in-process CPU per op ÷ pool CPU per op), load or not. The floor's figure says what
// running `size` threads at once costs on this machine by itself (caches, memory, the scheduler):
// pool ÷ floor is the part of the gap the pool's own work (messages, copies, wake-ups) accounts for.
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { VerifierPool } from '@realdid/pool';
import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';

const SIZE = Number(process.env.POOL_BENCH_SIZE ?? 2);
const TASKS_PER_WORKER = Number(process.env.POOL_BENCH_TASKS ?? 32);
const PAIRS = Number(process.env.POOL_BENCH_PAIRS ?? 30);
const ROUND_MS = Number(process.env.POOL_BENCH_ROUND_MS ?? 300);
const LOAD_MS = Number(process.env.POOL_BENCH_LOAD_MS ?? 4000);
const WARM_MS = 1000;

const median = (xs) => {
  const v = [...xs].sort((x, y) => x - y);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const v = [...xs].sort((x, y) => x - y);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const fmt = (x) => Math.round(x).toLocaleString('en-US');

// ---------------------------------------------------------------- the workload
const now = Math.floor(Date.now() / 1000);
const aud = 'https://rp.example';
const nonce = 'bench-nonce-0123456789';
const iss = 'https://authority.example';
const issuer = generateKeyPair('Ed25519');
const issuerJwk = publicKeyToJwk('Ed25519', issuer.publicKey);
const claims = {
  given_name: 'Ada',
  family_name: 'Lovelace',
  birthdate: '1815-12-10',
  age_over_18: true,
  age_over_65: true,
  nationality: 'GB',
  region: 'London',
  id_number: '110101181512100000',
  email: 'ada@example.com',
  phone_number: '+44 20 0000 0000',
};
const disclosed = Object.fromEntries(
  ['given_name', 'age_over_18', 'nationality', 'region', 'email'].map((k) => [k, true]),
);
// 64 distinct presentations (distinct holders, salts and KB-JWTs), used in turn.
const vps = [];
for (let i = 0; i < 64; i++) {
  const holder = generateKeyPair('Ed25519');
  const vc = await issueSdJwtVc({
    signer: createSigner(issuer),
    vct: 'urn:realdid:realname:1',
    iss,
    iat: now,
    exp: now + 86_400,
    cnf: { jwk: publicKeyToJwk('Ed25519', holder.publicKey) },
    claims,
    disclosureFrame: { _sd: Object.keys(claims) },
  });
  vps.push(
    await presentSdJwt(vc, disclosed, { keyBinding: { signer: createSigner(holder), aud, nonce, iat: now } }),
  );
}
const callOptions = { keyBinding: { aud, nonce } };
const inProcessOptions = { ...callOptions, keyResolver: jwkKeyResolver(issuerJwk) };
let next = 0;
const nextVp = () => vps[next++ % vps.length];

const inProcess = (vp) => verifySdJwtVc(vp, inProcessOptions);
const pool = new VerifierPool({
  size: SIZE,
  tasksPerWorker: TASKS_PER_WORKER,
  maxQueue: 100_000,
  whenFull: 'wait',
  issuerKeys: { [iss]: issuerJwk },
});
await pool.ready();
const pooled = (vp) => pool.verifySdJwtVc(vp, callOptions);
// The floor: `SIZE` threads verifying in a loop, no messages per verification.
const floorWorkers = await Promise.all(
  Array.from(
    { length: SIZE },
    () =>
      new Promise((resolve, reject) => {
        const w = new Worker(new URL('./pool-floor.worker.mjs', import.meta.url), {
          workerData: { vps, issuerJwk, callOptions },
        });
        w.once('message', () => resolve(w));
        w.once('error', reject);
      }),
  ),
);
const floorRun = (w, ms) =>
  new Promise((resolve) => {
    w.once('message', resolve);
    w.postMessage(ms);
  });
/** The floor for `ms`: every thread verifies for that long; same figures as closedLoop. */
async function floorLoop(ms) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const counts = await Promise.all(floorWorkers.map((w) => floorRun(w, ms)));
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const done = counts.reduce((x, y) => x + y, 0);
  return { wall: (done * 1000) / wall, cpu: (done * 1e6) / (c.user + c.system) };
}
const a = await inProcess(vps[0]);
const b = await pooled(vps[0]);
if (JSON.stringify(a.claims) !== JSON.stringify(b.claims)) throw new Error('pool and in-process disagree');

/**
 * Closed loop: `inFlight` calls outstanding for `ms`. Returns verifications per wall-clock second
 * and per CPU second of the whole process (`process.cpuUsage()` counts every thread, so the
 * workers' time and the main thread's dispatch are both in it).
 */
async function closedLoop(verify, inFlight, ms) {
  let done = 0;
  const end = performance.now() + ms;
  const lane = async () => {
    while (performance.now() < end) {
      await verify(nextVp());
      done++;
    }
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall: (done * 1000) / wall, cpu: (done * 1e6) / (c.user + c.system) };
}

/** Open loop: starts calls at `rate` per second for `ms`; latencies (ms) from the scheduled start. */
async function openLoop(verify, rate, ms) {
  const lat = [];
  const pending = [];
  const interval = 1000 / rate;
  const t0 = performance.now();
  let i = 0;
  let failed = 0;
  while (true) {
    const t = performance.now();
    if (t - t0 >= ms) break;
    // Start every call due by now (a late tick starts the backlog at once, timed from its slot).
    while (t0 + i * interval <= t) {
      const scheduled = t0 + i * interval;
      i++;
      pending.push(
        verify(nextVp()).then(
          () => lat.push(performance.now() - scheduled),
          () => failed++,
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  return { started: i, failed, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), max: Math.max(...lat) };
}

console.log(
  `load average before: ${load()}  (cores: 2, pool size ${SIZE}, ${TASKS_PER_WORKER} tasks per worker)`,
);
const inFlightPool = SIZE * TASKS_PER_WORKER * 2;
await closedLoop(inProcess, 1, WARM_MS);
await closedLoop(pooled, inFlightPool, WARM_MS);

// ---------------------------------------------------------------- 1. throughput
await floorLoop(WARM_MS);
const rows = [];
const contenders = {
  in: () => closedLoop(inProcess, 1, ROUND_MS),
  pool: () => closedLoop(pooled, inFlightPool, ROUND_MS),
  floor: () => floorLoop(ROUND_MS),
};
for (let p = 0; p < PAIRS; p++) {
  const order = p % 2 === 0 ? ['in', 'pool', 'floor'] : ['floor', 'pool', 'in'];
  const r = {};
  for (const who of order) r[who] = await contenders[who]();
  rows.push({
    ...r,
    ratio: r.pool.wall / r.in.wall,
    cpuRatio: r.pool.cpu / r.in.cpu,
    floorCpuRatio: r.floor.cpu / r.in.cpu,
    poolOfFloor: r.pool.cpu / r.floor.cpu,
  });
}
const capIn = median(rows.map((r) => r.in.wall));
const capPool = median(rows.map((r) => r.pool.wall));
const range = (xs, d) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
const ratios = rows.map((r) => r.ratio);
const cpuRatios = rows.map((r) => r.cpuRatio);
const floorRatios = rows.map((r) => r.floorCpuRatio);
const ofFloor = rows.map((r) => r.poolOfFloor);
console.log(
  `\n| ${PAIRS} rounds of ${ROUND_MS} ms | in-process | pool(${SIZE}) | floor: ${SIZE} threads, no messages | pool ÷ in-process |`,
);
console.log('|---|---:|---:|---:|---:|');
console.log(
  `| verifications per wall second (median) | ${fmt(capIn)} | ${fmt(capPool)} | ` +
    `${fmt(median(rows.map((r) => r.floor.wall)))} | **${median(ratios).toFixed(2)}×** (rounds: ${range(ratios, 2)}) |`,
);
console.log(
  `| verifications per CPU second of the process (median) | ${fmt(median(rows.map((r) => r.in.cpu)))} | ` +
    `${fmt(median(rows.map((r) => r.pool.cpu)))} | ${fmt(median(rows.map((r) => r.floor.cpu)))} | ` +
    `${median(cpuRatios).toFixed(3)} (rounds: ${range(cpuRatios, 3)}) |`,
);
console.log(
  `\nscaling an idle ${SIZE}-core machine would allow, from CPU per verification: pool ${SIZE} × ` +
    `${median(cpuRatios).toFixed(3)} = **${(SIZE * median(cpuRatios)).toFixed(2)}×** (target ≥ 1.85×); ` +
    `floor ${SIZE} × ${median(floorRatios).toFixed(3)} = ${(SIZE * median(floorRatios)).toFixed(2)}× ` +
    `(rounds: ${range(
      floorRatios.map((x) => SIZE * x),
      2,
    )}); pool ÷ floor ${median(ofFloor).toFixed(3)} ` +
    `(rounds: ${range(ofFloor, 3)}); load now ${load()}`,
);
for (const w of floorWorkers) await w.terminate();

// ---------------------------------------------------------------- 2. latency, open loop
console.log('\n| contender | load | rate (/s) | started | p50 (ms) | p99 (ms) | max (ms) |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, verify, cap] of [
  ['in-process', inProcess, capIn],
  [`pool(${SIZE})`, pooled, capPool],
]) {
  for (const share of [0.5, 0.8, 1]) {
    const rate = cap * share;
    const r = await openLoop(verify, rate, LOAD_MS);
    console.log(
      `| ${name} | ${share * 100} % | ${fmt(rate)} | ${r.started}${r.failed ? ` (${r.failed} failed)` : ''} | ` +
        `${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} |`,
    );
  }
}
await pool.close();
console.log(`\nload average after: ${load()}`);
