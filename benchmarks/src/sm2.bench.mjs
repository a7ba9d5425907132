// SM2 sign / verify and SM3 throughput: @realdid/crypto against the JavaScript SM2 libraries a user
// would pick instead (sm-crypto-v2, on @noble/curves v1; sm-crypto, on jsbn), with Node's P-256
// verify (OpenSSL, cached KeyObject) as the reference floor of a 256-bit curve signature, and
// node:crypto's SM3 as the floor of hashing — all in one run, interleaved round by round.
//   pnpm --filter @realdid/crypto build && node benchmarks/run.mjs sm2
import nodeCrypto from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import {
  createSigner,
  createVerifier,
  generateKeyPair,
  publicKeyToJwk,
  setBackend,
  sign,
  sm3,
  verify,
} from '@realdid/crypto';
import { do_not_optimize, measure } from 'mitata';
import smCrypto from 'sm-crypto';
import { sm2 as v2sm2, sm3 as v2sm3 } from 'sm-crypto-v2';

// about the size of a JWS signing input of a small key-binding JWT (ASCII, so every library agrees)
const text =
  'eyJhbGciOiJTTTIiLCJ0eXAiOiJrYitqd3QifQ.eyJpYXQiOjE3MDAwMDAwMDAsImF1ZCI6Imh0dHBzOi8vcnAuZXhhbXBsZSIsIm5vbmNlIjoiMTIzNDU2Nzg5MCJ9';
const message = new TextEncoder().encode(text);
const ROUNDS = Number(process.env.SM2_BENCH_ROUNDS ?? 3);
const round = { min_cpu_time: 150e6, max_samples: 5_000 };
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const hex = (b) => Buffer.from(b).toString('hex');
const b64 = (s) => Buffer.from(s, 'base64url').toString('hex');

// Keys: one SM2 pair shared by every library; a P-256 pair for the floor.
const pair = generateKeyPair('SM2');
const jwk = publicKeyToJwk('SM2', pair.publicKey);
const pubHex = `04${b64(jwk.x)}${b64(jwk.y)}`;
const skHex = hex(pair.secretKey);
const sig = sign('SM2', pair.secretKey, message);
const sigHex = hex(sig);

const p256 = nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p256Sig = nodeCrypto.sign('sha256', message, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });
const p256Key = { key: p256.publicKey, dsaEncoding: 'ieee-p1363' };

const v2Point = v2sm2.precomputePublicKey(pubHex);
const checks = {
  floor: () => nodeCrypto.verify('sha256', message, p256Key, p256Sig),
  'verify (node)': () => verify('SM2', pair.publicKey, message, sig),
  'createVerifier (node)': null,
  'verify (noble)': null,
  'sm-crypto-v2': () => v2sm2.doVerifySignature(message, sigHex, pubHex, { hash: true }),
  'sm-crypto-v2, precomputed key': () => v2sm2.doVerifySignature(message, sigHex, v2Point, { hash: true }),
  'sm-crypto': () => smCrypto.sm2.doVerifySignature(text, sigHex, pubHex, { hash: true }),
};
setBackend('node');
const nodeVerifier = createVerifier('SM2', pair.publicKey);
checks['createVerifier (node)'] = () => nodeVerifier.verify(message, sig);
setBackend('noble');
const nobleVerifier = createVerifier('SM2', pair.publicKey);
checks['verify (noble)'] = () => nobleVerifier.verify(message, sig);
setBackend('node');
for (const [name, f] of Object.entries(checks))
  if (f() !== true) throw new Error(`${name} rejects the signature`);

// Every library verifies the others' signatures (the figures compare the same work).
if (
  !verify(
    'SM2',
    pair.publicKey,
    message,
    Buffer.from(v2sm2.doSignature(message, skHex, { hash: true }), 'hex'),
  )
)
  throw new Error('sm-crypto-v2 signature rejected');
if (
  !verify(
    'SM2',
    pair.publicKey,
    message,
    Buffer.from(smCrypto.sm2.doSignature(text, skHex, { hash: true }), 'hex'),
  )
)
  throw new Error('sm-crypto signature rejected');

const verifyTimes = Object.fromEntries(Object.keys(checks).map((k) => [k, []]));
for (let i = 0; i < ROUNDS; i++) {
  for (const [name, f] of Object.entries(checks)) {
    verifyTimes[name].push((await measure(() => do_not_optimize(f()), round)).p50);
  }
}

// Signing. Ours is deterministic (RFC 6979-style nonce on HMAC-SM3); the other two draw a random k.
const signer = createSigner(pair);
const signers = {
  'sign (node)': () => sign('SM2', pair.secretKey, message),
  'createSigner (node)': () => signer.sign(message),
  'sm-crypto-v2': () => v2sm2.doSignature(message, skHex, { hash: true, publicKey: pubHex }),
  'sm-crypto': () => smCrypto.sm2.doSignature(text, skHex, { hash: true, publicKey: pubHex }),
};
const signTimes = Object.fromEntries(Object.keys(signers).map((k) => [k, []]));
for (let i = 0; i < ROUNDS; i++) {
  for (const [name, f] of Object.entries(signers)) {
    signTimes[name].push((await measure(() => do_not_optimize(f()), round)).p50);
  }
}

// SM3 throughput.
const sizes = [64, 1024, 65536];
const sm3Rows = [];
for (const size of sizes) {
  const data = nodeCrypto.randomBytes(size);
  const u8 = new Uint8Array(data);
  const want = nodeCrypto.createHash('sm3').update(data).digest('hex');
  setBackend('noble');
  const portable = hex(sm3(u8));
  setBackend('node');
  if (hex(sm3(u8)) !== want || portable !== want || v2sm3(u8) !== want) throw new Error('SM3 disagreement');
  const impls = {
    'node:crypto': () => nodeCrypto.createHash('sm3').update(data).digest(),
    'sm3 (node)': () => sm3(u8),
    'sm3 (noble, portable)': null,
    'sm-crypto-v2': () => v2sm3(u8),
    'sm-crypto': () => smCrypto.sm3(Array.from(u8)),
  };
  const t = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let i = 0; i < ROUNDS; i++) {
    for (const name of Object.keys(impls)) {
      if (name === 'sm3 (noble, portable)') setBackend('noble');
      const f = name === 'sm3 (noble, portable)' ? () => sm3(u8) : impls[name];
      if (name === 'sm-crypto' && size > 1024) continue; // minutes per sample at 64 KiB
      t[name].push((await measure(() => do_not_optimize(f()), round)).p50);
      setBackend('node');
    }
  }
  sm3Rows.push({ size, t });
}

const ops = (ns) => Math.round(1e9 / ns).toLocaleString('en-US');
const out = [];
out.push(
  `\nSM2 on sm2p256v1, ${message.length}-byte message, default user ID, Node ${process.version}, ${ROUNDS} interleaved rounds, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n`,
);
out.push('| verify | ops/s | time ÷ ours (`createVerifier`, node) | time ÷ P-256 floor |');
out.push('|---|---:|---:|---:|');
const ref = median(verifyTimes['createVerifier (node)']);
const floor = median(verifyTimes.floor);
for (const [name, xs] of Object.entries(verifyTimes)) {
  const label = name === 'floor' ? 'Node P-256 `crypto.verify` (OpenSSL; floor)' : name;
  out.push(
    `| ${label} | ${ops(median(xs))} | ${(median(xs) / ref).toFixed(2)} | ${(median(xs) / floor).toFixed(1)} |`,
  );
}
out.push('\n| sign | ops/s | time ÷ ours (`createSigner`, node) |');
out.push('|---|---:|---:|');
const sref = median(signTimes['createSigner (node)']);
for (const [name, xs] of Object.entries(signTimes)) {
  out.push(`| ${name} | ${ops(median(xs))} | ${(median(xs) / sref).toFixed(2)} |`);
}
out.push('\n| SM3 | input | MB/s | time ÷ node:crypto |');
out.push('|---|---:|---:|---:|');
for (const { size, t } of sm3Rows) {
  const base = median(t['node:crypto']);
  for (const [name, xs] of Object.entries(t)) {
    if (xs.length === 0) continue;
    const mbs = (size / median(xs)) * 1e3;
    out.push(`| ${name} | ${size} B | ${mbs.toFixed(1)} | ${(median(xs) / base).toFixed(2)} |`);
  }
}
out.push('\nops/s and MB/s from the median of per-round p50 times (mitata).');
console.log(out.join('\n'));
