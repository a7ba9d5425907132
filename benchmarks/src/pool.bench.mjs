import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { VerifierPool } from '@realdid/pool';
import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';
import {
  clocks,
  printLatencyHeader,
  printLatencyRow,
  printThroughput,
  round,
  startFloor,
} from './pool-tables.mjs';
import { load, quantile } from './stats.mjs';

const SIZE = Number(process.env.POOL_BENCH_SIZE ?? 2);
const TASKS_PER_WORKER = Number(process.env.POOL_BENCH_TASKS ?? 32);
const PAIRS = Number(process.env.POOL_BENCH_PAIRS ?? 30);
const ROUND_MS = Number(process.env.POOL_BENCH_ROUND_MS ?? 300);
const LOAD_MS = Number(process.env.POOL_BENCH_LOAD_MS ?? 4000);
const WARM_MS = 1000;

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
const floorWorkers = await startFloor(SIZE, new URL('./pool-floor.worker.mjs', import.meta.url), {
  vps,
  issuerJwk,
  callOptions,
});
const floorRun = (w, ms) =>
  new Promise((resolve) => {
    w.once('message', resolve);
    w.postMessage(ms);
  });
/** The floor for `ms`: every thread verifies for that long; same figures as closedLoop. */
async function floorLoop(ms) {
  const stop = clocks();
  const counts = await Promise.all(floorWorkers.map((w) => floorRun(w, ms)));
  return stop(counts.reduce((x, y) => x + y, 0));
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
  const stop = clocks();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return stop(done);
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
for (let p = 0; p < PAIRS; p++) rows.push(await round(p, contenders));
const { capIn, capPool } = printThroughput(rows, {
  size: SIZE,
  what: 'verifications',
  rounds: `${PAIRS} rounds of ${ROUND_MS} ms`,
});
for (const w of floorWorkers) await w.terminate();

// ---------------------------------------------------------------- 2. latency, open loop
if (LOAD_MS > 0) {
  printLatencyHeader();
  for (const [name, verify, cap] of [
    ['in-process', inProcess, capIn],
    [`pool(${SIZE})`, pooled, capPool],
  ]) {
    for (const share of [0.5, 0.8, 1]) {
      const rate = cap * share;
      printLatencyRow(name, share, rate, await openLoop(verify, rate, LOAD_MS));
    }
  }
}
await pool.close();
console.log(`\nload average after: ${load()}`);
