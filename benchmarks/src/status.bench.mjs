// @realdid/status: the cost of a status check.
//   pnpm --filter @realdid/crypto build && pnpm --filter @realdid/ledger build && pnpm --filter @realdid/status build
//   node benchmarks/run.mjs status
//
// 1. Cached check (the hot path): `createTokenStatusResolver(...)(claim)` when the list is in the
//    cache, against the floor — reading the 2-bit entry straight from a Uint8Array.
// 2. Cold check: fetch from a MemoryLedger, verify the Status List Token (Ed25519), inflate
//    131,072 two-bit entries, read the entry — against the floor: node:crypto Ed25519 verify of the
//    same signing input + node:zlib inflateSync of the same `lst` bytes.
// 3. encodedList decode of a 131,072-entry bitstring (fflate, capped, CRC-checked) against
//    node:zlib gunzipSync.
// 5. Encoding a list for a token or the issuer's state (`encodeStatusList`: zlib level 9, fflate)
//    of 4 entries and of 131,072 two-bit entries (1 % set), against node:zlib deflateSync level 9.
// 4. Index allocation in a list between half and 15/16 full (where the real-name authority opens
//    the next list), against the floor of one 4-byte CSPRNG draw (node:crypto randomBytes).
// Floor and ours are measured in interleaved rounds; each ratio is taken within a round and the
// median over the rounds is reported.
import nodeCrypto from 'node:crypto';
import { deflateSync, gunzipSync, inflateSync } from 'node:zlib';
import { createSigner, generateKeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import {
  Bitstring,
  createLedgerStatusFetcher,
  createTokenStatusResolver,
  decodeBitstring,
  encodeBitstring,
  encodeStatusList,
  IndexAllocator,
  StatusList,
  TokenStatusListIssuer,
} from '@realdid/status';
import { do_not_optimize, measure } from 'mitata';

const ROUNDS = Number(process.env.STATUS_BENCH_ROUNDS ?? 5);
const round = { min_cpu_time: 100e6, max_samples: 50_000 };
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];

const ledger = new MemoryLedger();
const keys = generateKeyPair('Ed25519');
const uri = 'https://authority.example/status/bench';
const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(keys), ttlSec: 3600 });
const claims = [];
for (let i = 0; i < 1000; i++) claims.push(issuer.allocate());
// 1% of the list revoked at random positions, 0.2% suspended.
for (let i = 0; i < 1310; i++) issuer.revoke(issuer.allocate().status_list.idx);
for (let i = 0; i < 262; i++) issuer.suspend(issuer.allocate().status_list.idx);
const { token } = await issuer.publish(ledger);
const keyResolver = () => ({ type: 'Ed25519', publicKey: keys.publicKey });
const fetch = createLedgerStatusFetcher(ledger);

// ---- 1. cached
const cached = createTokenStatusResolver({ fetch, keyResolver, matchIssuer: false });
await cached(claims[0]);
const floorBytes = issuer.list.toBytes();
let k = 0;
const floorRead = () => {
  const i = claims[k++ % 1000].status_list.idx;
  return (floorBytes[i >> 2] >> ((i & 3) * 2)) & 3;
};
// A second, fairer floor for the cached path: the least an async lookup by URI can do.
const lists = new Map([[uri, floorBytes]]);
let m = 0;
const floorAsync = async () => {
  const c = claims[m++ % 1000].status_list;
  const bytes = lists.get(c.uri);
  return (bytes[c.idx >> 2] >> ((c.idx & 3) * 2)) & 3;
};
let j = 0;
const oursCached = () => cached(claims[j++ % 1000]);

// ---- 2. cold
const [h, p, s] = token.split('.');
const signingInput = Buffer.from(`${h}.${p}`);
const signature = Buffer.from(s, 'base64url');
const lst = Buffer.from(JSON.parse(Buffer.from(p, 'base64url').toString()).status_list.lst, 'base64url');
const pub = nodeCrypto.createPublicKey({
  key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(keys.publicKey).toString('base64url') },
  format: 'jwk',
});
const floorCold = () => {
  if (!nodeCrypto.verify(null, signingInput, pub, signature)) throw new Error('floor rejects');
  const bytes = inflateSync(lst);
  return bytes[100];
};
const oursCold = async () => {
  const fresh = createTokenStatusResolver({ fetch, keyResolver, matchIssuer: false }); // empty cache each time
  return fresh(claims[0]);
};

// ---- 3. bitstring
const bits = new Bitstring();
for (let i = 0; i < 1310; i++) bits.set(nodeCrypto.randomInt(131_072), 1);
const encodedList = encodeBitstring(bits);
const gz = Buffer.from(encodedList.slice(1), 'base64url');
const floorGunzip = () => gunzipSync(gz)[0];
const oursBitstring = () => decodeBitstring(encodedList).get(7);

// ---- 5. encoding: a tiny list and a full one
const tiny = new StatusList(4, 2);
tiny.set(1, 1);
const full = new StatusList(131_072, 2);
for (let i = 0; i < 1310; i++) full.set(nodeCrypto.randomInt(131_072), 1);
const floorTiny = () => deflateSync(tiny.toBytes(), { level: 9 }).length;
const oursTiny = () => encodeStatusList(tiny).lst.length;
const floorFull = () => deflateSync(full.toBytes(), { level: 9 }).length;
const oursFull = () => encodeStatusList(full).lst.length;

// ---- 4. allocation past half: CPU time per call over a stretch of allocations
const cpuPerCall = (fn, n) => {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) do_not_optimize(fn());
  const d = process.cpuUsage(t0);
  return ((d.user + d.system) * 1000) / n; // ns
};
const pastHalf = () => {
  const a = new IndexAllocator(131_072);
  while (a.usedCount <= 65_536) a.allocate();
  return a;
};
const ALLOCS = 131_072 * (15 / 16) - 65_537;

const t = {
  fa: [],
  f1: [],
  o1: [],
  f2: [],
  o2: [],
  f3: [],
  o3: [],
  f4: [],
  o4: [],
  f5: [],
  o5: [],
  f6: [],
  o6: [],
};
for (let r = 0; r < ROUNDS; r++) {
  t.f1.push((await measure(() => do_not_optimize(floorRead()), round)).p50);
  t.fa.push((await measure(async () => do_not_optimize(await floorAsync()), round)).p50);
  t.o1.push((await measure(async () => do_not_optimize(await oursCached()), round)).p50);
  t.f2.push((await measure(() => do_not_optimize(floorCold()), round)).p50);
  t.o2.push((await measure(async () => do_not_optimize(await oursCold()), round)).p50);
  t.f3.push((await measure(() => do_not_optimize(floorGunzip()), round)).p50);
  t.o3.push((await measure(() => do_not_optimize(oursBitstring()), round)).p50);
  t.f5.push((await measure(() => do_not_optimize(floorTiny()), round)).p50);
  t.o5.push((await measure(() => do_not_optimize(oursTiny()), round)).p50);
  t.f6.push((await measure(() => do_not_optimize(floorFull()), round)).p50);
  t.o6.push((await measure(() => do_not_optimize(oursFull()), round)).p50);
  const a = pastHalf();
  t.f4.push(cpuPerCall(() => nodeCrypto.randomBytes(4), ALLOCS));
  t.o4.push(cpuPerCall(() => a.allocate(), ALLOCS));
}
const ops = (ns) => Math.round(1e9 / ns).toLocaleString('en-US');
const ratio = (o, f) => median(o.map((x, i) => x / f[i])).toFixed(2);
console.log(
  `token: ${token.length} bytes (lst ${lst.length} compressed bytes); encodedList ${encodedList.length} chars; rounds ${ROUNDS}`,
);
console.log('| operation | floor ops/s | ours ops/s | time ÷ floor |');
console.log('|---|---:|---:|---:|');
console.log(
  `| cached Token Status List check vs reading the entry from a Uint8Array | ${ops(median(t.f1))} | ${ops(median(t.o1))} | ${ratio(t.o1, t.f1)} |`,
);
console.log(
  `| cached Token Status List check vs an async Map lookup + entry read | ${ops(median(t.fa))} | ${ops(median(t.o1))} | ${ratio(t.o1, t.fa)} |`,
);
console.log(
  `| cold check (ledger read + verify EdDSA + inflate 32 KiB + read) vs node:crypto verify + node:zlib inflate | ${ops(median(t.f2))} | ${ops(median(t.o2))} | ${ratio(t.o2, t.f2)} |`,
);
console.log(
  `| decode encodedList (131,072 entries, 1% set) vs node:zlib gunzip | ${ops(median(t.f3))} | ${ops(median(t.o3))} | ${ratio(t.o3, t.f3)} |`,
);
console.log(
  `| encode a 4-entry list (encodeStatusList) vs node:zlib deflateSync level 9 | ${ops(median(t.f5))} | ${ops(median(t.o5))} | ${ratio(t.o5, t.f5)} |`,
);
console.log(
  `| encode a 131,072-entry two-bit list, 1% set (encodeStatusList) vs node:zlib deflateSync level 9 | ${ops(median(t.f6))} | ${ops(median(t.o6))} | ${ratio(t.o6, t.f6)} |`,
);
console.log(
  `| allocate an index in a 131,072-entry list between 1/2 and 15/16 full (CPU time) vs a 4-byte node:crypto randomBytes | ${ops(median(t.f4))} | ${ops(median(t.o4))} | ${ratio(t.o4, t.f4)} |`,
);
