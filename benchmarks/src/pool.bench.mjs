// @realdid/pool: SD-JWT VC verification (EdDSA issuer, 10 selectively disclosable claims of which
// 5 disclosed, key binding by an EdDSA holder — the workload of sd-jwt.bench.mjs) on a
// VerifierPool of POOL_BENCH_SIZE worker threads (default 2) against the in-process
// verifySdJwtVc on the main thread, side by side in one run:
//   pnpm --filter @realdid/pool build && node benchmarks/run.mjs pool
//
// 1. Throughput, closed loop. Rounds alternate between the two contenders (the order swapping
//    every pair), each round POOL_BENCH_ROUND_MS long (default 300): in process, one verification
//    after another on the main thread; pool, size × tasksPerWorker × 2 calls kept in flight. The
//    ratio is taken per pair of adjacent rounds (so a change in machine load hits both alike) and
//    reported with its median over POOL_BENCH_PAIRS pairs (default 30).
// 2. Latency, open loop. Calls are started on a fixed schedule at 50 %, 80 % and 100 % of the
//    capacity measured in 1 (median throughput of each contender), for POOL_BENCH_LOAD_MS each
//    (default 4000). Latency is measured from the scheduled start (not the actual one), so a
//    stalled generator does not hide queueing (no coordinated omission). p50 / p99 / max.
//
// The load average is printed before and after: the machine is shared. On a loaded machine the
// wall-clock ratio measures the scheduler (three busy threads get a larger share of contended
// cores than one), so the suite also divides verifications by the CPU time of the whole process:
// the pool's CPU per verification against in-process gives the scaling an idle machine allows,
// size × (in-process CPU per op ÷ pool CPU per op), load or not.
import { loadavg } from 'node:os';
import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { VerifierPool } from '@realdid/pool';
import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';

const SIZE = Number(process.env.POOL_BENCH_SIZE ?? 2);
const TASKS_PER_WORKER = 8;
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
const rows = [];
for (let p = 0; p < PAIRS; p++) {
  const order = p % 2 === 0 ? ['in', 'pool'] : ['pool', 'in'];
  const r = {};
  for (const who of order) {
    r[who] =
      who === 'in'
        ? await closedLoop(inProcess, 1, ROUND_MS)
        : await closedLoop(pooled, inFlightPool, ROUND_MS);
  }
  rows.push({ in: r.in, pool: r.pool, ratio: r.pool.wall / r.in.wall, cpuRatio: r.pool.cpu / r.in.cpu });
}
const capIn = median(rows.map((r) => r.in.wall));
const capPool = median(rows.map((r) => r.pool.wall));
const ratios = rows.map((r) => r.ratio);
const cpuRatios = rows.map((r) => r.cpuRatio);
console.log(`\n| ${PAIRS} pairs of ${ROUND_MS} ms | in-process | pool(${SIZE}) | pool ÷ in-process |`);
console.log('|---|---:|---:|---:|');
console.log(
  `| verifications per wall second (median) | ${fmt(capIn)} | ${fmt(capPool)} | ` +
    `**${median(ratios).toFixed(2)}×** (pairs: ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
);
console.log(
  `| verifications per CPU second of the process (median) | ${fmt(median(rows.map((r) => r.in.cpu)))} | ` +
    `${fmt(median(rows.map((r) => r.pool.cpu)))} | ${median(cpuRatios).toFixed(3)} (pairs: ` +
    `${Math.min(...cpuRatios).toFixed(3)}–${Math.max(...cpuRatios).toFixed(3)}) |`,
);
console.log(
  `\nscaling an idle ${SIZE}-core machine would allow, from CPU per verification: ${SIZE} × ` +
    `${median(cpuRatios).toFixed(3)} = ${(SIZE * median(cpuRatios)).toFixed(2)}× (target ≥ 1.85×); load now ${load()}`,
);

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
