// The relying-party example (examples/relying-party-server) under HTTP load: registrations
// (`POST /rp/register`) verified in the server's own thread (VERIFIER_THREADS=0) against the same
// site verifying them on a VerifierPool of two worker threads (VERIFIER_THREADS=2). Both are real
// server processes (Fastify, its request logging on, SQLite ledger and accounts, nonces in a real
// redis-server) of one site, started side by side; this process is the wallets and the load
// generator, with HTTP keep-alive connections on 127.0.0.1.
//   pnpm build && node benchmarks/run.mjs rp-http
//
// 1. Capacity, closed loop: RP_HTTP_N prepared registrations (default 1500) sent with
//    RP_HTTP_CONCURRENCY (default 32) in flight; registrations per second of wall time, and per
//    CPU second of the server process (all its threads, from /proc/<pid>/stat). Rounds alternate
//    between the two servers (RP_HTTP_ROUNDS pairs, default 3); the ratio is taken per pair.
// 2. Latency, open loop: at 50 %, 80 % and 100 % of each server's measured capacity, registrations
//    are started on a fixed schedule for RP_HTTP_SECONDS (default 3) and timed from their
//    scheduled start (so a server that falls behind is charged for the queue: no coordinated
//    omission).
// Each registration needs a request with a fresh nonce from the site: requests are fetched and
// answered by the wallets before each measured stretch, never during it. Needs redis-server.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { MemoryStorage, Vault, Wallet } from '@realdid/realname';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', '..', 'examples', 'relying-party-server', 'src', 'main.mjs');
const N = Number(process.env.RP_HTTP_N ?? 1500);
const CONCURRENCY = Number(process.env.RP_HTTP_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.RP_HTTP_ROUNDS ?? 3);
const SECONDS = Number(process.env.RP_HTTP_SECONDS ?? 3);
const TICK = 100; // clock ticks per second of /proc/<pid>/stat (USER_HZ)

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
};
const fmt = (x) => Math.round(x).toLocaleString('en-US');

if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.error('rp-http: redis-server is not installed (apt-get install redis-server)');
  process.exit(1);
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const children = [];
function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', stopAll);

async function startRedis() {
  const port = await freePort();
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  children.push(proc);
  return `redis://127.0.0.1:${port}`;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
/** One HTTP call: resolves with the status and the parsed JSON body. */
function call(base, method, path, payload) {
  return new Promise((resolve, reject) => {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const req = http.request(
      `${base}${path}`,
      {
        method,
        agent,
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function startServer(env, port) {
  const base = `http://127.0.0.1:${port}`;
  let err = '';
  const proc = spawn(process.execPath, [main], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  proc.stderr.on('data', (d) => {
    err += d;
  });
  children.push(proc);
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${err}`);
    try {
      if ((await call(base, 'GET', '/rp')).status === 200) return { proc, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${err}`);
}

/** CPU seconds of a process and all its threads so far. */
function cpuOf(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

// ------------------------------------------------------------------ the site and its wallets
const dir = mkdtempSync(join(tmpdir(), 'realdid-rp-http-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const redisUrl = await startRedis();
const ports = [await freePort(), await freePort()];
const env = {
  REALDID_DIR: dir,
  ACCOUNTS: 'sqlite',
  REDIS_URL: redisUrl,
  // wallets check the origin a request came from: both servers are the site
  ORIGINS: ports.map((p) => `http://127.0.0.1:${p}`).join(','),
};
// The first server creates the site; the second restores it (same state file, ledger, accounts, Redis).
const contenders = [
  { name: 'in-process', ...(await startServer({ ...env, VERIFIER_THREADS: '0' }, ports[0])) },
  { name: 'pool(2)', ...(await startServer({ ...env, VERIFIER_THREADS: '2' }, ports[1])) },
];

const ledger = await SqliteLedger.open(join(dir, 'rp-example-ledger.db'));
const { json: cfg } = await call(contenders[0].base, 'GET', '/wallet-config');
const people = [
  { nationalId: '110105199001011234', familyName: '王', givenName: '小明' },
  { nationalId: '310104198502024321', familyName: '李', givenName: '华' },
];
const wallets = [];
for (const evidence of people) {
  const vault = await Vault.create(new MemoryStorage(), 'pw', { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
  const wallet = await Wallet.create({ vault, ledger, registryDid: cfg.registryDid });
  const r = await call(contenders[0].base, 'POST', '/authority/enrol', {
    evidence,
    holderKeys: await wallet.createHolderKeys(2),
  });
  if (r.status !== 200) throw new Error(`enrol: ${JSON.stringify(r.json)}`);
  await wallet.storeCredentials(r.json.credentials);
  wallets.push(wallet);
}

/** `n` registration responses for the server at `base`, each to a fresh request of its own. */
async function prepare(base, n) {
  const out = [];
  for (let i = 0; i < n; i += 16) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(16, n - i) }, () => call(base, 'POST', '/rp/register/request', {})),
    );
    for (const [j, r] of batch.entries()) {
      if (r.status !== 200) throw new Error(`request: ${JSON.stringify(r.json)}`);
      out.push(await wallets[(i + j) % wallets.length].respond(r.json, { origin: base }));
    }
  }
  return out;
}

/** Posts one registration; resolves with its HTTP status. */
const register = (base, response) => call(base, 'POST', '/rp/register', { response }).then((r) => r.status);

// ------------------------------------------------------------------ 1. capacity, closed loop
async function closedLoop(c, responses) {
  let next = 0;
  let failed = 0;
  const cpu0 = cpuOf(c.proc.pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < responses.length) {
        const status = await register(c.base, responses[next++]);
        if (status !== 200) failed++;
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuOf(c.proc.pid) - cpu0;
  if (failed) throw new Error(`${c.name}: ${failed} registrations refused`);
  return { perSecond: responses.length / wall, perCpuSecond: responses.length / cpu };
}

console.log(
  `rp-http: ${ROUNDS} pairs of ${N} registrations, ${CONCURRENCY} in flight; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);
// warm-up: JIT, caches, the pool's threads
for (const c of contenders) await closedLoop(c, await prepare(c.base, 200));
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [...contenders].reverse() : contenders;
  const round = {};
  for (const c of order) round[c.name] = await closedLoop(c, await prepare(c.base, N));
  rounds.push(round);
}
const cap = Object.fromEntries(
  contenders.map((c) => [c.name, median(rounds.map((r) => r[c.name].perSecond))]),
);
const wallRatios = rounds.map((r) => r['pool(2)'].perSecond / r['in-process'].perSecond);
const cpuRatios = rounds.map((r) => r['pool(2)'].perCpuSecond / r['in-process'].perCpuSecond);
console.log('');
console.log('| closed loop | in-process | pool(2) | pool ÷ in-process |');
console.log('|---|---:|---:|---:|');
console.log(
  `| registrations per wall second (median of ${ROUNDS}) | ${fmt(cap['in-process'])} | ${fmt(cap['pool(2)'])} | **${median(wallRatios).toFixed(2)}×** (rounds: ${wallRatios.map((x) => x.toFixed(2)).join(', ')}) |`,
);
console.log(
  `| registrations per CPU second of the server (median) | ${fmt(median(rounds.map((r) => r['in-process'].perCpuSecond)))} | ${fmt(median(rounds.map((r) => r['pool(2)'].perCpuSecond)))} | ${median(cpuRatios).toFixed(3)} |`,
);

// ------------------------------------------------------------------ 2. latency, open loop
async function openLoop(c, rate) {
  const n = Math.max(1, Math.round(rate * SECONDS));
  const responses = await prepare(c.base, n);
  const latencies = [];
  let failed = 0;
  const pending = [];
  const t0 = performance.now() + 50;
  let i = 0;
  await new Promise((done) => {
    const tick = () => {
      const now = performance.now();
      while (i < n && t0 + (i * 1000) / rate <= now) {
        const scheduled = t0 + (i * 1000) / rate;
        const p = register(c.base, responses[i]).then((status) => {
          if (status !== 200) failed++;
          latencies.push(performance.now() - scheduled);
        });
        pending.push(p);
        i++;
      }
      if (i < n) setTimeout(tick, 1);
      else done();
    };
    setTimeout(tick, 50);
  });
  await Promise.all(pending);
  return {
    rate,
    n,
    failed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
  };
}

console.log('');
console.log('| contender | load | rate (/s) | started | refused | p50 (ms) | p99 (ms) | max (ms) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const share of [0.5, 0.8, 1.0]) {
  for (const c of contenders) {
    const r = await openLoop(c, share * cap[c.name]);
    console.log(
      `| ${c.name} | ${share * 100} % | ${fmt(r.rate)} | ${r.n} | ${r.failed} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} |`,
    );
  }
}
console.log(
  `\nload average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);
await ledger.close();
agent.destroy();
stopAll();
process.exit(0);
