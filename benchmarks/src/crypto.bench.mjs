// @realdid/crypto verification throughput per key type: our public API on the node:crypto backend
// (one-shot `verify` with its KeyObject LRU, and a prepared `createVerifier`), on the noble
// backend, and the floor — bare node:crypto `crypto.verify` with a cached KeyObject — in one run.
//   pnpm --filter @realdid/crypto build && node benchmarks/run.mjs crypto
import nodeCrypto from 'node:crypto';
import { createVerifier, generateKeyPair, KEY_TYPES, setBackend, sign, verify } from '@realdid/crypto';
import { do_not_optimize, measure } from 'mitata';

const message = new TextEncoder().encode(
  // about the size of a JWS signing input of a small key-binding JWT
  'eyJhbGciOiJFUzI1NiIsInR5cCI6ImtiK2p3dCJ9.eyJpYXQiOjE3MDAwMDAwMDAsImF1ZCI6Imh0dHBzOi8vcnAuZXhhbXBsZSIsIm5vbmNlIjoiMTIzNDU2Nzg5MCJ9',
);

/** The floor: a KeyObject made once (JWK for Ed25519, SPKI DER for ECDSA), then crypto.verify per call. */
function bareVerifier(type, publicKey) {
  if (type === 'Ed25519') {
    const key = nodeCrypto.createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    });
    return (m, s) => nodeCrypto.verify(null, m, key, s);
  }
  const prefix =
    type === 'P-256'
      ? '3039301306072a8648ce3d020106082a8648ce3d030107032200'
      : '3036301006072a8648ce3d020106052b8104000a032200';
  const key = nodeCrypto.createPublicKey({
    key: Buffer.concat([Buffer.from(prefix, 'hex'), publicKey]),
    format: 'der',
    type: 'spki',
  });
  const k = { key, dsaEncoding: 'ieee-p1363' };
  return (m, s) => nodeCrypto.verify('sha256', m, k, s);
}

const ROUNDS = Number(process.env.CRYPTO_BENCH_ROUNDS ?? 5);
const round = { min_cpu_time: 150e6, max_samples: 20_000 };
const median = (xs) => {
  const v = [...xs].sort((x, y) => x - y);
  return v[v.length >> 1];
};

const rows = [];
// SM2 has no node:crypto floor of its own (node:crypto cannot set the SM2 user ID): see sm2.bench.mjs.
for (const type of KEY_TYPES.filter((t) => t !== 'SM2')) {
  const pair = generateKeyPair(type);
  const signature = sign(type, pair.secretKey, message);
  const bare = bareVerifier(type, pair.publicKey);
  if (!bare(message, signature)) throw new Error(`floor rejects ${type}`);
  setBackend('node');
  if (!verify(type, pair.publicKey, message, signature)) throw new Error(`node verify rejects ${type}`);
  const verifier = createVerifier(type, pair.publicKey);
  // Floor and ours interleaved, round after round, so load from other processes on this shared
  // machine hits both alike; each ratio is taken within a round, and the median is reported.
  const t = { floor: [], oneShot: [], prepared: [] };
  for (let i = 0; i < ROUNDS; i++) {
    t.floor.push((await measure(() => do_not_optimize(bare(message, signature)), round)).p50);
    t.oneShot.push(
      (await measure(() => do_not_optimize(verify(type, pair.publicKey, message, signature)), round)).p50,
    );
    t.prepared.push((await measure(() => do_not_optimize(verifier.verify(message, signature)), round)).p50);
  }
  // The wrapper's own cost, measured without the noise of the signature arithmetic: the same
  // public path (argument checks, KeyObject cache lookup) stopped by a 63-byte signature just
  // before crypto.verify would run.
  const short = signature.subarray(0, 63);
  if (verify(type, pair.publicKey, message, short)) throw new Error('short signature accepted');
  const overhead = (await measure(() => do_not_optimize(verify(type, pair.publicKey, message, short)), round))
    .p50;
  setBackend('noble');
  if (!verify(type, pair.publicKey, message, signature)) throw new Error(`noble verify rejects ${type}`);
  const noble = (
    await measure(() => do_not_optimize(verify(type, pair.publicKey, message, signature)), {
      min_cpu_time: 300e6,
      max_samples: 2_000,
    })
  ).p50;
  setBackend('auto');
  rows.push({
    type,
    floor: median(t.floor),
    oneShot: median(t.oneShot),
    prepared: median(t.prepared),
    oneShotRatio: median(t.oneShot.map((x, i) => x / t.floor[i])),
    preparedRatio: median(t.prepared.map((x, i) => x / t.floor[i])),
    overhead,
    noble,
    nobleRatio: noble / median(t.floor),
  });
}

const ops = (ns) => Math.round(1e9 / ns).toLocaleString('en-US');
console.log(
  `\nverify, ${message.length}-byte message, Node ${process.version}, ${ROUNDS} interleaved rounds, ${new Date().toISOString()}\n`,
);
console.log(
  '| key type | bare node:crypto (floor) ops/s | `verify` (node) ops/s | time ÷ floor | `createVerifier` (node) ops/s | time ÷ floor | wrapper cost per call | as % of floor | `verify` (noble) ops/s | time ÷ floor |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.type} | ${ops(r.floor)} | ${ops(r.oneShot)} | ${r.oneShotRatio.toFixed(3)} | ${ops(r.prepared)} | ${r.preparedRatio.toFixed(3)} | ${Math.round(r.overhead)} ns | ${((100 * r.overhead) / r.floor).toFixed(2)} % | ${ops(r.noble)} | ${r.nobleRatio.toFixed(1)} |`,
  );
}
console.log(
  '\nops/s from the median per-call time (p50); "time ÷ floor" is the median of per-round ratios (1.000 = floor speed); "wrapper cost" is the p50 of the public node path stopped just before crypto.verify.',
);
