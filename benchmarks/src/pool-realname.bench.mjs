// @realdid/pool: realname registration (RelyingParty.verifyRegistration, warm caches) on a
// VerifierPool of POOL_BENCH_SIZE worker threads (default 2) against the relying party on the main
// thread, side by side in one run:
//   pnpm --filter "@realdid/pool..." build && node benchmarks/run.mjs pool-realname
//
// One deployment (createDeployment) on a SQLite ledger file; the site's one-time nonces in another
// SQLite file (pool-realname.plugins.mjs), shared by the main thread's relying party (which makes
// the requests and, in process, verifies) and the workers' (restored from the site's state by the
// plug-in module). Registration responses are single-use, so each contender gets its own, made
// before the rounds: POOL_BENCH_RN_N per contender per round (default 200, made just before the round),
// POOL_BENCH_PAIRS rounds (default 8).
//
// 1. Throughput, closed loop, rounds of the three contenders in turn (order reversed every round):
//    in process, one registration after another; pool, size × tasksPerWorker × 2 in flight; and the
//    floor, `size` threads each running its own restored relying party over its share of the
//    responses with no message per registration. Figures as in pool.bench.mjs: per wall second, per
//    CPU second of the whole process (process.cpuUsage(): every thread), and the scaling an idle
//    machine would allow, size × (in-process CPU per registration ÷ pool's).
// 2. Latency, open loop, as in pool.bench.mjs, at 50 %, 80 % and 100 % of each contender's
//    measured capacity for POOL_BENCH_LOAD_MS each (default 1000; 0 skips it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteNonceStore } from '@realdid/accounts-sqlite';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { VerifierPool } from '@realdid/pool';
import { createDeployment } from '@realdid/realname/testing';
import {
  clocks,
  printLatencyHeader,
  printLatencyRow,
  printThroughput,
  round,
  startFloor,
} from './pool-tables.mjs';
import { personNumber } from './realname-world.mjs';
import { load, quantile } from './stats.mjs';

const SIZE = Number(process.env.POOL_BENCH_SIZE ?? 2);
const TASKS_PER_WORKER = Number(process.env.POOL_BENCH_TASKS ?? 16);
const PAIRS = Number(process.env.POOL_BENCH_PAIRS ?? 8);
const N = Number(process.env.POOL_BENCH_RN_N ?? 200);
const LOAD_MS = Number(process.env.POOL_BENCH_LOAD_MS ?? 1000);

// ---------------------------------------------------------------- the deployment
const dir = mkdtempSync(join(tmpdir(), 'realdid-pool-bench-'));
const ledgerPath = join(dir, 'ledger.db');
const noncePath = join(dir, 'nonces.db');
const ledger = await SqliteLedger.open(ledgerPath);
// A wallet makes at most PER_WALLET responses (a wallet's own records grow with each), then the next
// person's wallet takes over.
const PER_WALLET = 250;
const people = Array.from({ length: 64 }, (_, i) => personNumber(i));

const statusMaxAgeSeconds = 300;
const deployment = await createDeployment({
  ledger,
  people,
  committee: { id: 'bench', threshold: 3, size: 5, approve: () => true },
  sites: [{ name: 'S', allowedClaims: ['age_over_18', 'region'], origins: ['https://s.example'] }],
  relyingParty: { statusMaxAgeSeconds, nonceStore: SqliteNonceStore.openSync(noncePath) },
});
const { rp: site, origin } = deployment.sites.get('S');
let wallet;
let made = 0;
const respond = async () => {
  if (made++ % PER_WALLET === 0) {
    const person = people[Math.floor((made - 1) / PER_WALLET)];
    if (person === undefined) throw new Error('out of people: lower POOL_BENCH_PAIRS or POOL_BENCH_RN_N');
    wallet = await deployment.enrolWallet(person, { count: 2 });
  }
  return wallet.respond(await site.createRequest(['age_over_18', 'region']), { origin });
};
const responses = async (n) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await respond());
  return out;
};
const pluginOptions = {
  state: site.exportState(),
  ledgerPath,
  noncePath,
  registryDid: deployment.registry.did,
  traceCommittee: deployment.committee.committeeId,
  statusMaxAgeSeconds,
};
const pool = new VerifierPool({
  size: SIZE,
  tasksPerWorker: TASKS_PER_WORKER,
  maxQueue: 1_000_000,
  whenFull: 'wait',
  plugins: { module: new URL('./pool-realname.plugins.mjs', import.meta.url), options: pluginOptions },
});
await pool.ready();
const floorWorkers = await startFloor(SIZE, new URL('./pool-realname.plugins.mjs', import.meta.url), {
  POOL_FLOOR: true,
  options: pluginOptions,
});
const inFlightPool = SIZE * TASKS_PER_WORKER * 2;

/** Verifies `list` with `inFlight` calls outstanding; per wall second and per CPU second. */
async function closedLoop(verify, list, inFlight) {
  let next = 0;
  const lane = async () => {
    while (next < list.length) await verify(list[next++]);
  };
  const stop = clocks();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return stop(list.length);
}
async function floorLoop(list) {
  const share = Math.ceil(list.length / SIZE);
  const stop = clocks();
  await Promise.all(
    floorWorkers.map(
      (w, i) =>
        new Promise((resolve) => {
          w.once('message', resolve);
          w.postMessage(list.slice(i * share, (i + 1) * share));
        }),
    ),
  );
  return stop(list.length);
}
const inProcess = (r) => site.verifyRegistration(r);
const pooled = (r) => pool.verifyRegistration(r);
// Same answer both ways (and warm caches on every thread).
{
  const [a, b] = [await site.verifyRegistration(await respond()), await pooled(await respond())];
  if (JSON.stringify(a.claims) !== JSON.stringify(b.claims) || a.did !== b.did)
    throw new Error('pool and in-process disagree');
  await closedLoop(pooled, await responses(4 * inFlightPool), inFlightPool);
  await floorLoop(await responses(20 * SIZE));
  await closedLoop(inProcess, await responses(20), 1);
}

console.log(
  `load average before: ${load()}  (cores: 2, pool size ${SIZE}, ${TASKS_PER_WORKER} tasks per worker)`,
);
// ---------------------------------------------------------------- 1. throughput
const rows = [];
for (let p = 0; p < PAIRS; p++) {
  // Made just before their round: a request (and its nonce) lives 300 s.
  const list = { in: await responses(N), pool: await responses(N), floor: await responses(N) };
  rows.push(
    await round(p, {
      in: () => closedLoop(inProcess, list.in, 1),
      pool: () => closedLoop(pooled, list.pool, inFlightPool),
      floor: () => floorLoop(list.floor),
    }),
  );
}
const { capIn, capPool } = printThroughput(rows, {
  size: SIZE,
  what: 'registrations',
  rounds: `${PAIRS} rounds of ${N} registrations each`,
});
for (const w of floorWorkers) await w.terminate();

// ---------------------------------------------------------------- 2. latency, open loop
/** Starts calls at `rate` per second over `list` (one each); latencies (ms) from the scheduled start. */
async function openLoop(verify, rate, list) {
  const lat = [];
  const pending = [];
  const interval = 1000 / rate;
  const t0 = performance.now();
  let i = 0;
  let failed = 0;
  while (i < list.length) {
    const t = performance.now();
    while (i < list.length && t0 + i * interval <= t) {
      const scheduled = t0 + i * interval;
      pending.push(
        verify(list[i++]).then(
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
if (LOAD_MS > 0) {
  printLatencyHeader();
  for (const [name, verify, cap] of [
    ['in-process', inProcess, capIn],
    [`pool(${SIZE})`, pooled, capPool],
  ]) {
    for (const share of [0.5, 0.8, 1]) {
      const rate = cap * share;
      const list = await responses(Math.ceil((rate * LOAD_MS) / 1000));
      printLatencyRow(name, share, rate, await openLoop(verify, rate, list));
    }
  }
}
await pool.close();
rmSync(dir, { recursive: true, force: true });
console.log(`\nload average after: ${load()}`);
