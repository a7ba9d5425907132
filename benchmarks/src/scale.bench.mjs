// The per-person flow of a national deployment, for N people on one SQLite ledger, and its
// extrapolation to 1.4 billion: each person is enrolled (the authority checks the identity and
// issues a batch of SCALE_BENCH_CREDENTIALS credentials; the wallet opens a vault), registers at a
// site (presentation + RelyingParty.verifyRegistration) and logs in once (challenge, JWS by the
// pairwise DID, RelyingParty.verifyLogin).
//   pnpm build && node benchmarks/run.mjs scale
//   SCALE_BENCH_N=10000,30000 node benchmarks/src/scale.bench.mjs     (sizes; default 1000,3000)
//   SCALE_BENCH_LEDGER=memory …                                        (MemoryLedger instead of SQLite)
//   SCALE_BENCH_N=30000 SCALE_BENCH_CHECKPOINTS=1000,3000,10000,20000,30000 …   (per-stretch figures)
// The SQLite ledger is a fresh file per N in the OS temporary directory (synchronous: 'normal', WAL),
// deleted afterwards; its size at the end is reported.
//
// For every N it prints the CPU time (and wall time) per person of each phase and the ledger writes per kind
// (entries and payload bytes, counted by a wrapper around the ledger). Extrapolation is checked the
// way it is used: the per-person figures of each N predict the next N, and the report gives the
// ratio measured ÷ predicted (1.00 = linear; the ledger writes of the roles themselves — DIDs,
// registry, the status list — are fixed and reported apart from the per-person ones).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLedger } from '@realdid/ledger';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { createDeployment } from '@realdid/realname/testing';

const SIZES = (process.env.SCALE_BENCH_N ?? '1000,3000').split(',').map(Number);
const CREDENTIALS = Number(process.env.SCALE_BENCH_CREDENTIALS ?? 2);
const LEDGER = process.env.SCALE_BENCH_LEDGER ?? 'sqlite';
// Within one run, the per-person cost of each stretch between checkpoints is printed as soon as it
// is reached (a run stopped early still reports every checkpoint it passed).
const CHECKPOINTS = (process.env.SCALE_BENCH_CHECKPOINTS ?? '').split(',').filter(Boolean).map(Number);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The kind of a ledger topic, from its name. */
function kindOf(topic) {
  if (topic.startsWith('status')) return 'status lists';
  if (topic.startsWith('registry') || topic.includes('registry')) return 'registry';
  if (topic.startsWith('audit') || topic.includes('trace')) return 'audit';
  return 'DIDs and other';
}

/** A ledger (SQLite in a fresh file, or memory) that counts what is written, by kind. */
async function countingLedger() {
  let file;
  let inner;
  if (LEDGER === 'memory') inner = new MemoryLedger();
  else {
    const dir = mkdtempSync(join(tmpdir(), 'realdid-scale-'));
    file = join(dir, 'ledger.sqlite');
    inner = await SqliteLedger.open(file, { synchronous: 'normal' });
  }
  const counts = new Map();
  const add = (topic, payload) => {
    const k = kindOf(topic);
    const c = counts.get(k) ?? { entries: 0, bytes: 0, topics: new Set() };
    c.entries++;
    c.bytes += payload.length;
    c.topics.add(topic);
    counts.set(k, c);
  };
  const ledger = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'append')
        return async (topic, payload) => {
          add(topic, payload);
          return target.append(topic, payload);
        };
      if (prop === 'appendBatch')
        return async (entries) => {
          for (const e of entries) add(e.topic, e.payload);
          return target.appendBatch(entries);
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const snapshot = () =>
    new Map([...counts].map(([k, c]) => [k, { entries: c.entries, bytes: c.bytes, topics: c.topics.size }]));
  const close = async () => {
    if (file === undefined) return undefined;
    await inner.close();
    const bytes = statSync(file).size;
    rmSync(join(file, '..'), { recursive: true, force: true });
    return bytes;
  };
  return { ledger, snapshot, close };
}

function person(i) {
  const n = String(i).padStart(8, '0');
  return {
    recordId: `rec-${n}`,
    nationalId: `1101051990${n}`,
    familyName: '王',
    givenName: `小明${i}`,
    birthdate: '1990-01-01',
    region: '110105',
    nationality: 'CHN',
  };
}

async function run(n) {
  const { ledger, snapshot, close } = await countingLedger();
  const people = Array.from({ length: n }, (_, i) => person(i));
  const d = await createDeployment({
    ledger,
    people,
    sites: [{ name: 'S', allowedClaims: ['age_over_18'], origins: ['https://s.example'] }],
    relyingParty: { statusMaxAgeSeconds: 300 },
  });
  const { rp, origin } = d.sites.get('S');
  const fixed = snapshot();
  const t = { enrol: 0, 'of which authority.enrol (issuance)': 0, register: 0, login: 0 };
  const wall = { enrol: 0, register: 0, login: 0 };
  // CPU time of the process in ms: on a shared machine, what the work costs; wall time also counts
  // the time the scheduler gave to others.
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  // Time the authority's part of enrolment (identity check + issuing the batch) on its own.
  const enrol = d.authority.enrol.bind(d.authority);
  d.authority.enrol = async (...args) => {
    const t0 = cpu();
    try {
      return await enrol(...args);
    } finally {
      t['of which authority.enrol (issuance)'] += cpu() - t0;
    }
  };
  const phase = async (name, f) => {
    const c0 = cpu();
    const w0 = performance.now();
    const r = await f();
    t[name] += cpu() - c0;
    wall[name] += performance.now() - w0;
    return r;
  };
  let mark = { i: 0, t: { ...t }, at: performance.now() };
  let done = 0;
  for (const p of people) {
    const wallet = await phase('enrol', () => d.enrolWallet(p, { count: CREDENTIALS }));
    await phase('register', async () =>
      rp.verifyRegistration(await wallet.respond(await rp.createRequest(['age_over_18']), { origin })),
    );
    await phase('login', async () =>
      rp.verifyLogin(await wallet.login(await rp.createLoginChallenge(), { origin })),
    );
    done++;
    if (CHECKPOINTS.includes(done)) {
      const k = done - mark.i;
      const per = Object.entries(t)
        .map(([name, v]) => `${name} ${((v - mark.t[name]) / k).toFixed(2)}`)
        .join('; ');
      const status = snapshot().get('status lists')?.entries ?? 0;
      console.log(
        `checkpoint ${done.toLocaleString('en-US')}: people ${mark.i + 1}–${done}, CPU ms per person: ${per}; wall ${((performance.now() - mark.at) / 1000).toFixed(0)} s; status-list entries so far ${status}; load ${load()}`,
      );
      mark = { i: done, t: { ...t }, at: performance.now() };
    }
  }
  const publish = performance.now();
  await d.authority.publishEpoch();
  const epochMs = performance.now() - publish;
  const total = snapshot();
  const fileBytes = await close();
  return { n, t, wall, epochMs, fixed, total, fileBytes };
}

console.log(`load average before: ${load()}; ${CREDENTIALS} credentials per person; ledger: ${LEDGER}`);
const results = [];
for (const n of SIZES) {
  const r = await run(n);
  results.push(r);
  console.log(`\nN = ${n.toLocaleString('en-US')} people`);
  console.log('| phase | CPU total (s) | CPU per person (ms) | wall per person (ms) |\n|---|---:|---:|---:|');
  for (const [k, v] of Object.entries(r.t)) {
    const w = r.wall[k] === undefined ? '—' : (r.wall[k] / n).toFixed(2);
    console.log(`| ${k} | ${(v / 1000).toFixed(1)} | ${(v / n).toFixed(2)} | ${w} |`);
  }
  console.log(`| publishEpoch (once, wall) | — | — | ${r.epochMs.toFixed(1)} total |`);
  if (r.fileBytes !== undefined)
    console.log(`\nSQLite file at the end: ${r.fileBytes.toLocaleString('en-US')} bytes`);
  console.log(
    '\n| ledger writes | entries: setup | bytes: setup | entries: people | bytes: people | per person: entries / bytes | topics |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [k, c] of r.total) {
    const f = r.fixed.get(k) ?? { entries: 0, bytes: 0 };
    const pe = c.entries - f.entries;
    const pb = c.bytes - f.bytes;
    console.log(
      `| ${k} | ${f.entries} | ${f.bytes.toLocaleString('en-US')} | ${pe} | ${pb.toLocaleString('en-US')} | ${(pe / n).toFixed(4)} / ${(pb / n).toFixed(1)} | ${c.topics} |`,
    );
  }
}
if (results.length > 1) {
  console.log('\nExtrapolation check: per-person CPU time at the smaller N predicts the larger N.');
  console.log(
    '| from N | to N | phase | predicted (s) | measured (s) | measured ÷ predicted |\n|---|---|---|---:|---:|---:|',
  );
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    for (const k of Object.keys(a.t)) {
      const pred = (a.t[k] / a.n) * b.n;
      console.log(
        `| ${a.n} | ${b.n} | ${k} | ${(pred / 1000).toFixed(1)} | ${(b.t[k] / 1000).toFixed(1)} | ${(b.t[k] / pred).toFixed(2)} |`,
      );
    }
  }
}
console.log(`\nload average after: ${load()}`);
