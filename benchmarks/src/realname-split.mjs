// Where the CPU of RelyingParty.verifyRegistration (warm caches) goes next to its floor: the same
// setup as realname-ab.mjs, with node:crypto's verify and hash wrapped and timed inside our
// verification and inside the floor's loop, so the native work and everything else are told apart
// (CPU time of the process, read around each call; the wrapper's own reads are counted on both
// sides). Per round: POOL responses each, floor and ours in alternating order.
//   pnpm --filter "@realdid/realname..." build && node benchmarks/src/realname-split.mjs
// REALNAME_SPLIT_ROUNDS (default 12), REALNAME_SPLIT_POOL (default 60).
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const nodeCrypto = require('node:crypto');
const ROUNDS = Number(process.env.REALNAME_SPLIT_ROUNDS ?? 12);
const POOL = Number(process.env.REALNAME_SPLIT_POOL ?? 60);
const spent = { verify: 0, hash: 0, calls: 0, nth: [0, 0, 0, 0, 0, 0] };
// CPU time of the process in ms (a shared machine: wall time would measure the scheduler)
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const wrap = (name, slot) => {
  const f = nodeCrypto[name];
  nodeCrypto[name] = function (...args) {
    const t = cpu();
    try {
      return f.apply(this, args);
    } finally {
      const dt = cpu() - t;
      spent[slot] += dt;
      if (slot === 'verify') {
        spent.nth[Math.min(spent.calls % 3, 5)] += dt;
        spent.calls++;
      }
    }
  };
};
wrap('verify', 'verify');
wrap('hash', 'hash');
wrap('createHash', 'hash');
syncBuiltinESMExports();

const { floorOf, floorVerify, registrationWorld } = await import('./realname-world.mjs');

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const world = await registrationWorld();
const { rp: site, respond } = world;
for (let i = 0; i < POOL; i++) await site.verifyRegistration(await respond());
const floorKeys = await floorOf(world, site.did);
const { floorInputs } = floorKeys;
const rows = { floor: [], ours: [] };
for (let r = 0; r < ROUNDS; r++) {
  const floor = [];
  const ours = [];
  for (let i = 0; i < POOL; i++) {
    floor.push(floorInputs(await respond()));
    ours.push(await respond());
  }
  for (const k of r % 2 === 0 ? ['floor', 'ours'] : ['ours', 'floor']) {
    spent.verify = 0;
    spent.hash = 0;
    spent.calls = 0;
    spent.nth = [0, 0, 0, 0, 0, 0];
    const t = cpu();
    if (k === 'floor') {
      for (const x of floor) floorVerify(x, floorKeys);
    } else {
      for (const res of ours) await site.verifyRegistration(res);
    }
    const total = (cpu() - t) / POOL;
    rows[k].push({
      total,
      verify: spent.verify / POOL,
      hash: spent.hash / POOL,
      calls: spent.calls / POOL,
      nth: spent.nth.slice(0, 3).map((x) => x / POOL),
    });
  }
}
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
for (const k of ['floor', 'ours']) {
  const m = (f) => median(rows[k].map(f));
  console.log(
    `${k.padEnd(5)} total ${us(m((x) => x.total))}  3 verify ${us(m((x) => x.verify))}  hashes ${us(m((x) => x.hash))}  rest ${us(m((x) => x.total - x.verify - x.hash))}`,
  );
}
for (const k of ['floor', 'ours'])
  console.log(
    k,
    'verify calls per verification',
    median(rows[k].map((x) => x.calls)),
    'by order',
    [0, 1, 2].map((j) => us(median(rows[k].map((x) => x.nth[j])))).join(' '),
  );
console.log(
  `floor/ours ${(100 * median(rows.ours.map((x, i) => rows.floor[i].total / x.total))).toFixed(1)} %; ours' verify / floor's verify ${median(rows.ours.map((x, i) => x.verify / rows.floor[i].verify)).toFixed(3)}`,
);
