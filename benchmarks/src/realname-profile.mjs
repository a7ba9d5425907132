// Profile of RelyingParty.verifyRegistration with warm caches: the inspector's CPU profiler around
// the verify loop only; prints self time by function and by package.
//   pnpm --filter "@realdid/realname..." build && node benchmarks/src/realname-profile.mjs
//   REALNAME_PROFILE_N (default 1500) verifications; REALNAME_PROFILE_OUT=file.cpuprofile writes the
//   profile for a viewer; REALNAME_PROFILE_FRESH=1 profiles a new person per verification.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { MemoryLedger } from '@realdid/ledger';
import { createDeployment } from '@realdid/realname/testing';
import { personNumber } from './realname-world.mjs';

const N = Number(process.env.REALNAME_PROFILE_N ?? 1500);
const FRESH = process.env.REALNAME_PROFILE_FRESH === '1';
const person = personNumber;
const people = Array.from({ length: FRESH ? N + 1 : 1 }, (_, i) => person(i));
const ledger = new MemoryLedger();
const deployment = await createDeployment({
  ledger,
  people,
  committee: { id: 'bench', threshold: 3, size: 5, approve: () => true },
  sites: [{ name: 'S', allowedClaims: ['age_over_18', 'region'], origins: ['https://s.example'] }],
  relyingParty: { statusMaxAgeSeconds: 300 },
});
const { rp: site, origin } = deployment.sites.get('S');
const wallet = await deployment.enrolWallet(people[0], { count: 2 });
await site.verifyRegistration(
  await wallet.respond(await site.createRequest(['age_over_18', 'region']), { origin }),
);
const responses = [];
// Each response goes through JSON as a server receives it (JSON.parse of the request body): the
// wallet builds its strings by concatenation, and the first string operation on such a string
// flattens it (a copy) — a cost of the bench's preparation, not of a server's verification.
for (let i = 0; i < N; i++) {
  const w = FRESH ? await deployment.enrolWallet(people[i + 1], { count: 1 }) : wallet;
  const res = await w.respond(await site.createRequest(['age_over_18', 'region']), { origin });
  responses.push(JSON.parse(JSON.stringify(res)));
}
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
const c0 = process.cpuUsage();
await session.post('Profiler.start');
for (const r of responses) await site.verifyRegistration(r);
const { profile } = await session.post('Profiler.stop');
const c1 = process.cpuUsage(c0);
console.log(`${N} verifications, ${((c1.user + c1.system) / N).toFixed(0)} µs CPU each (profiler on)`);
if (process.env.REALNAME_PROFILE_OUT)
  writeFileSync(process.env.REALNAME_PROFILE_OUT, JSON.stringify(profile));
const self = new Map();
const byPkg = new Map();
const counts = new Map();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
let total = 0;
for (const node of profile.nodes) {
  const n = counts.get(node.id) ?? 0;
  if (n === 0) continue;
  total += n;
  const f = node.callFrame;
  const url = f.url.replace(/^file:\/\//, '');
  const m = url.match(/packages\/([^/]+)\//) ?? url.match(/node_modules\/(@[^/]+\/[^/]+|[^/]+)\//);
  const pkg = m
    ? m[1]
    : url === ''
      ? `(${f.functionName || 'native'})`
      : url.startsWith('node:')
        ? 'node:'
        : url;
  const key = `${f.functionName || '(anon)'} ${url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + n);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + n);
}
const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
console.log('--- by package');
for (const [k, n] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(pct(n), k);
console.log('--- by function (self)');
for (const [k, n] of [...self]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.env.REALNAME_PROFILE_TOP ?? 45)))
  console.log(pct(n), k);
