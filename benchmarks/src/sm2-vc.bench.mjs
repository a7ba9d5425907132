// sm2-rdfc-2025 against eddsa-rdfc-2022 in @realdid/vc: `verifyCredential` of the same credential
// (the vc-di-eddsa Alumni example) issued once by an SM2 did:key and once by an Ed25519 did:key,
// interleaved round by round, plus the bare signature check of each suite over a 64-byte hashData
// (SM2 `createVerifier` against Ed25519 on node:crypto), to show how much of a verification the
// signature is. CPU time, not wall-clock time (see below).
//   pnpm --filter @realdid/crypto build && pnpm --filter @realdid/did build && \
//     pnpm --filter @realdid/vc build && node benchmarks/run.mjs sm2-vc
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createVerifier, generateKeyPair, sha256 } from '@realdid/crypto';
import { createDidKeySigner, createDocumentLoader, issueCredential, verifyCredential } from '@realdid/vc';
import { do_not_optimize } from 'mitata';

const ROUNDS = Number(process.env.SM2_VC_BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const hex = (b) => Buffer.from(b).toString('hex');

const CTX_DIR = new URL('../vectors/contexts/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', CTX_DIR), 'utf8'));
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';
const text = readFileSync(new URL(manifest.find((m) => m.url === EXAMPLES).savedAs, CTX_DIR), 'utf8');
const documentLoader = createDocumentLoader({
  contexts: { [EXAMPLES]: { text, sha256: hex(sha256(new TextEncoder().encode(text))) } },
});

const pairs = { SM2: generateKeyPair('SM2'), Ed25519: generateKeyPair('Ed25519') };
const suites = {};
for (const [type, kp] of Object.entries(pairs)) {
  const signer = createDidKeySigner(kp);
  const vc = await issueCredential(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2', EXAMPLES],
      id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
      type: ['VerifiableCredential', 'AlumniCredential'],
      name: 'Alumni Credential',
      issuer: signer.did,
      validFrom: '2023-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
    },
    { signer, documentLoader },
  );
  const r = await verifyCredential(vc, { documentLoader });
  const name = r.proofs[0].cryptosuite;
  const hashData = new Uint8Array(64).fill(7);
  const sig = await signer.sign({ data: hashData });
  const verifier = createVerifier(type, kp.publicKey);
  if (!verifier.verify(hashData, sig)) throw new Error(`${type}: the signature does not verify`);
  suites[name] = {
    vc: () => verifyCredential(vc, { documentLoader }),
    sig: () => verifier.verify(hashData, sig),
  };
}

// The machine these figures come from is shared: a wall-clock time includes the time the process
// waited for a core, and a 15 ms verification waits far more often than a 0.5 ms signature check.
// So each batch is timed in CPU time (process.cpuUsage: user + system, this process only), the
// suites interleaved round by round, and each figure is the median over the rounds.
const cpuPerCall = async (f, n) => {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) do_not_optimize(await f());
  const d = process.cpuUsage(before);
  return ((d.user + d.system) * 1e3) / n; // ns
};
const VC_BATCH = 40;
const SIG_BATCH = 400;
for (const s of Object.values(suites)) {
  await cpuPerCall(s.vc, VC_BATCH); // warm-up
  await cpuPerCall(s.sig, SIG_BATCH);
}
const times = Object.fromEntries(Object.keys(suites).map((k) => [k, { vc: [], sig: [] }]));
for (let i = 0; i < ROUNDS; i++) {
  const order = i % 2 === 0 ? Object.keys(suites) : Object.keys(suites).reverse();
  for (const name of order) {
    times[name].vc.push(await cpuPerCall(suites[name].vc, VC_BATCH));
    times[name].sig.push(await cpuPerCall(suites[name].sig, SIG_BATCH));
  }
}

const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);
// the ratio is the median of the per-round ratios (both suites are timed in every round)
const ratio = (name) => median(times[name].vc.map((t, i) => t / times['eddsa-rdfc-2022'].vc[i]));
const out = [
  `\nverifyCredential, one credential, Node ${process.version}, ${ROUNDS} interleaved rounds of ${VC_BATCH} verifications (signature checks: ${SIG_BATCH}), CPU time per call, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n`,
  '| cryptosuite | `verifyCredential` CPU time | time ÷ eddsa-rdfc-2022 | signature check alone | share of the verification |',
  '|---|---:|---:|---:|---:|',
];
for (const [name, t] of Object.entries(times)) {
  const vc = median(t.vc);
  const sig = median(t.sig);
  out.push(
    `| ${name} | ${fmt(vc)} | ${ratio(name).toFixed(2)} | ${fmt(sig)} | ${((sig / vc) * 100).toFixed(1)} % |`,
  );
}
console.log(out.join('\n'));
