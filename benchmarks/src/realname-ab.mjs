// Two builds of @realdid/realname side by side in one process: RelyingParty.verifyRegistration with
// warm caches, of the build in packages/realname/dist ("after") and of another build ("before"),
// against the floor of benchmarks/src/realname.bench.mjs (3 Ed25519 verifications + SHA-256 on
// node:crypto with pre-imported keys). Both relying parties are the same site (one restored from
// the other's state), so they verify the same kind of response against the same registry, issuer
// and status list. Per round: POOL responses each, floor / before / after in each of the 6 orders in turn, CPU time.
//   cp -r packages/realname/dist /tmp/rn-before/dist && cp packages/realname/package.json /tmp/rn-before/ \
//     && ln -s "$PWD/packages/realname/node_modules" /tmp/rn-before/node_modules   # the build before a change
//   pnpm --filter "@realdid/realname..." build                                      # the build after it
//   REALNAME_AB_BEFORE=/tmp/rn-before/dist/index.js node benchmarks/src/realname-ab.mjs
// REALNAME_AB_ROUNDS (default 18: each of the 6 orders 3 times), REALNAME_AB_POOL (default 60).
import { pathToFileURL } from 'node:url';
import { floorOf, floorVerify, registrationWorld } from './realname-world.mjs';

const ROUNDS = Number(process.env.REALNAME_AB_ROUNDS ?? 18);
const POOL = Number(process.env.REALNAME_AB_POOL ?? 60);
const beforePath = process.env.REALNAME_AB_BEFORE;
if (beforePath === undefined) throw new Error('set REALNAME_AB_BEFORE to the index.js of the other build');
const afterPath = process.env.REALNAME_AB_AFTER;
const { RelyingParty: BeforeRP } = await import(pathToFileURL(beforePath).href);
// Both relying parties are restored the same way; by default "after" is the class of the build the
// deployment itself runs on (set REALNAME_AB_AFTER to another copy to take it out of that module).
const { RelyingParty: AfterRP } = await import(
  afterPath === undefined ? '@realdid/realname' : pathToFileURL(afterPath).href
);

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const world = await registrationWorld();
const { ledger, d, rp: site, respond } = world;
const rpOptions = { ledger, registryDid: d.registry.did, traceCommittee: 'bench', statusMaxAgeSeconds: 300 };
const before = BeforeRP.restore(site.exportState(), rpOptions);
const after = AfterRP.restore(site.exportState(), rpOptions);
for (let i = 0; i < POOL; i++)
  for (const rp of [after, before]) await rp.verifyRegistration(await respond(rp));
const floor = await floorOf(world, after.did);
const { floorInputs } = floor;

const t = { floor: [], before: [], after: [] };
for (let r = 0; r < ROUNDS; r++) {
  // made interleaved, so that no build's responses are fresher in memory than the other's
  const work = { floor: [], before: [], after: [] };
  for (let i = 0; i < POOL; i++) {
    const made = await Promise.all([site, before, after].map((rp) => respond(rp)));
    work.floor.push(floorInputs(made[0]));
    work.before.push(made[1]);
    work.after.push(made[2]);
  }
  const order = [
    ['floor', 'before', 'after'],
    ['before', 'after', 'floor'],
    ['after', 'floor', 'before'],
    ['floor', 'after', 'before'],
    ['after', 'before', 'floor'],
    ['before', 'floor', 'after'],
  ][r % 6];
  for (const k of order) {
    const c = cpu();
    if (k === 'floor') {
      for (const x of work.floor) floorVerify(x, floor);
    } else {
      const rp = k === 'before' ? before : after;
      for (const res of work[k]) await rp.verifyRegistration(res);
    }
    t[k].push((cpu() - c) / POOL);
  }
}
const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
const ratio = (a, b) => median(a.map((x, i) => x / b[i]));
console.log(`rounds ${ROUNDS} × ${POOL} responses, CPU time, medians`);
console.log(`floor  ${us(median(t.floor))}`);
console.log(`before ${us(median(t.before))}  floor/before ${(100 * ratio(t.floor, t.before)).toFixed(1)} %`);
console.log(`after  ${us(median(t.after))}  floor/after  ${(100 * ratio(t.floor, t.after)).toFixed(1)} %`);
console.log(`after/before ${ratio(t.after, t.before).toFixed(3)}`);
