// What the two pool suites (pool.bench.mjs, pool-realname.bench.mjs) share: the floor's threads,
// the figures of a closed loop, each round's ratios, and the two tables they print.
import { Worker } from 'node:worker_threads';
import { fmt, load, median, range } from './stats.mjs';

/** Starts `size` threads of the floor (`url` with `workerData`); each says it is ready with a message. */
export function startFloor(size, url, workerData) {
  return Promise.all(
    Array.from(
      { length: size },
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(url, { workerData });
          w.once('message', () => resolve(w));
          w.once('error', reject);
        }),
    ),
  );
}

/** Starts a CPU and wall clock; `stop(done)` gives `done` per wall second and per CPU second of the process. */
export function clocks() {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return (done) => {
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { wall: (done * 1000) / wall, cpu: (done * 1e6) / (c.user + c.system) };
  };
}

/** Runs the three contenders of round `p` (order reversed every other round) and gives its ratios. */
export async function round(p, contenders) {
  const order = p % 2 === 0 ? ['in', 'pool', 'floor'] : ['floor', 'pool', 'in'];
  const r = {};
  for (const who of order) r[who] = await contenders[who]();
  return {
    ...r,
    ratio: r.pool.wall / r.in.wall,
    cpuRatio: r.pool.cpu / r.in.cpu,
    floorCpuRatio: r.floor.cpu / r.in.cpu,
    poolOfFloor: r.pool.cpu / r.floor.cpu,
  };
}

/**
 * Prints the throughput table and the scaling line of the rounds; `what` is the plural noun
 * ("verifications"), `rounds` how a round is described. Returns the two wall-clock capacities.
 */
export function printThroughput(rows, { size, what, rounds }) {
  const one = what.replace(/s$/, '');
  const capIn = median(rows.map((r) => r.in.wall));
  const capPool = median(rows.map((r) => r.pool.wall));
  const ratios = rows.map((r) => r.ratio);
  const cpuRatios = rows.map((r) => r.cpuRatio);
  const floorRatios = rows.map((r) => r.floorCpuRatio);
  const ofFloor = rows.map((r) => r.poolOfFloor);
  console.log(
    `\n| ${rounds} | in-process | pool(${size}) | floor: ${size} threads, no messages | pool ÷ in-process |`,
  );
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| ${what} per wall second (median) | ${fmt(capIn)} | ${fmt(capPool)} | ` +
      `${fmt(median(rows.map((r) => r.floor.wall)))} | **${median(ratios).toFixed(2)}×** (rounds: ${range(ratios, 2)}) |`,
  );
  console.log(
    `| ${what} per CPU second of the process (median) | ${fmt(median(rows.map((r) => r.in.cpu)))} | ` +
      `${fmt(median(rows.map((r) => r.pool.cpu)))} | ${fmt(median(rows.map((r) => r.floor.cpu)))} | ` +
      `${median(cpuRatios).toFixed(3)} (rounds: ${range(cpuRatios, 3)}) |`,
  );
  console.log(
    `\nscaling an idle ${size}-core machine would allow, from CPU per ${one}: pool ${size} × ` +
      `${median(cpuRatios).toFixed(3)} = **${(size * median(cpuRatios)).toFixed(2)}×** (target ≥ 1.85×); ` +
      `floor ${size} × ${median(floorRatios).toFixed(3)} = ${(size * median(floorRatios)).toFixed(2)}× ` +
      `(rounds: ${range(
        floorRatios.map((x) => size * x),
        2,
      )}); pool ÷ floor ${median(ofFloor).toFixed(3)} (rounds: ${range(ofFloor, 3)}); load now ${load()}`,
  );
  return { capIn, capPool };
}

/** Prints the latency table's header. */
export function printLatencyHeader() {
  console.log('\n| contender | load | rate (/s) | started | p50 (ms) | p99 (ms) | max (ms) |');
  console.log('|---|---|---|---|---|---|---|');
}

/** Prints one row of the latency table (`r` from an open loop: started, failed, p50, p99, max). */
export function printLatencyRow(name, share, rate, r) {
  console.log(
    `| ${name} | ${share * 100} % | ${fmt(rate)} | ${r.started}${r.failed ? ` (${r.failed} failed)` : ''} | ` +
      `${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} |`,
  );
}
