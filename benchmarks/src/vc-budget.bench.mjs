// @realdid/vc canonicalization budgets: the costliest documents that the default limits still let
// through to JSON-LD processing and RDFC-1.0, each signed (so every stage runs, up to the
// signature), timed and weighed; then the hostile inputs that exceed a budget, which must be
// refused before any JSON-LD work. Target: every document within the limits < 200 ms, < 100 MB.
//   node --expose-gc benchmarks/src/vc-budget.bench.mjs      (or: node benchmarks/run.mjs vc-budget)
import { generateKeyPair, sha256 } from '@realdid/crypto';
import {
  addDataIntegrityProof,
  createDidKeySigner,
  createDocumentLoader,
  issueCredential,
  verifyCredential,
} from '@realdid/vc';

const hex = (b) => Buffer.from(b).toString('hex');
// One pinned vocabulary context for the claims (inline contexts are refused by default).
const VOCAB = 'https://example.org/budget/v1';
const vocabText = JSON.stringify({ '@context': { '@vocab': 'https://example.org/budget#' } });
const documentLoader = createDocumentLoader({
  contexts: { [VOCAB]: { text: vocabText, sha256: hex(sha256(new TextEncoder().encode(vocabText))) } },
});
const signer = createDidKeySigner(generateKeyPair('Ed25519'));
const CONTEXTS = ['https://www.w3.org/ns/credentials/v2', VOCAB];
const credential = (subject, extra = {}) => ({
  '@context': CONTEXTS,
  type: ['VerifiableCredential'],
  issuer: signer.did,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:subject', ...subject },
  ...extra,
});
const baseline = await issueCredential(credential({ name: 'Asha' }), { signer, documentLoader });
// Signed when RDFC-1.0 can canonicalize it at all; otherwise (rdf-canonize's own guard against
// too many equal blank nodes) the document carries a copied proof, as an attacker would send it:
// verification then runs every stage up to the refusal.
const issue = async (doc, opts = {}) => {
  try {
    return await issueCredential(doc, { signer, documentLoader, ...opts });
  } catch {
    return { ...doc, proof: baseline.proof };
  }
};

// --- documents at the default limits ---
const atLimits = {
  'baseline: a small credential': await issue(credential({ name: 'Asha' })),
  'one set of 256 distinct values (maxArrayLength)': await issue(
    credential({ tags: Array.from({ length: 256 }, (_, i) => `value-${i}`) }),
  ),
  'one set of 256 equal numbers': await issue(credential({ n: Array.from({ length: 256 }, () => 7) })),
  '126 equal blank nodes in one set (maxBlankNodes 128)': await issue(
    credential({ knows: Array.from({ length: 126 }, () => ({ name: 'x' })) }),
  ),
  '126 blank nodes, pairwise linked to equal twins': await issue(
    credential({
      knows: Array.from({ length: 63 }, () => ({ name: 'x', friend: { name: 'x' } })),
    }),
  ),
  'a chain of 28 nested blank nodes (maxDepth 32)': await issue(
    credential({
      next: Array.from({ length: 28 }).reduce((inner) => ({ name: 'x', next: inner }), { name: 'x' }),
    }),
  ),
  '~1,900 values in 7 sets of 256 (maxNodes 2,000)': await issue(
    credential(
      Object.fromEntries(
        Array.from({ length: 7 }, (_, k) => [`p${k}`, Array.from({ length: 256 }, (_, i) => `v${k}-${i}`)]),
      ),
    ),
  ),
};
// 16 contexts (maxContexts) with 64 inline terms (maxContextTerms), inline contexts allowed
const inline = Array.from({ length: 14 }, (_, k) =>
  Object.fromEntries(
    Array.from({ length: k < 8 ? 5 : 4 }, (_, i) => [`t${k}_${i}`, `https://example.org/t#${k}_${i}`]),
  ),
);
atLimits['16 contexts, 64 inline terms (allowInlineContexts)'] = await issue(
  credential({ name: 'Asha' }, { '@context': [...CONTEXTS, ...inline] }),
);
// 8 proofs (maxProofs), each verified
{
  let doc = credential({ name: 'Asha' });
  for (let i = 0; i < 8; i++) doc = await addDataIntegrityProof(doc, { signer, documentLoader });
  atLimits['8 proofs (maxProofs), all verified'] = doc;
}

// --- the hostile inputs of the report, which must be refused by a budget ---
const small = atLimits['baseline: a small credential'];
const over = {
  '5,000 one-term inline contexts (~100 KB)': {
    ...small,
    '@context': [
      ...CONTEXTS,
      ...Array.from({ length: 5000 }, (_, i) => ({ [`t${i}`]: `https://x.example/${i}` })),
    ],
  },
  '30,000 distinct values in one set': {
    ...small,
    credentialSubject: { id: 'did:example:subject', tags: Array.from({ length: 30000 }, (_, i) => `v${i}`) },
  },
  'a list of 8,000 equal values': {
    ...small,
    credentialSubject: { id: 'did:example:subject', l: Array.from({ length: 8000 }, () => 'same') },
  },
  '9,000 equal blank nodes': {
    ...small,
    credentialSubject: {
      id: 'did:example:subject',
      knows: Array.from({ length: 9000 }, () => ({ name: 'x' })),
    },
  },
  '300 equal blank nodes': {
    ...small,
    credentialSubject: {
      id: 'did:example:subject',
      knows: Array.from({ length: 300 }, () => ({ name: 'x' })),
    },
  },
};

const OPTS = { documentLoader, requireStatusCheck: false, now: () => Date.parse('2026-01-01T00:00:00Z') };
async function run(doc, extra) {
  try {
    await verifyCredential(doc, { ...OPTS, ...extra });
    return 'verified';
  } catch (e) {
    return e.code ?? String(e);
  }
}
async function measureCase(doc, extra = {}) {
  await run(doc, extra); // warm the caches and the JIT
  globalThis.gc?.();
  const times = [];
  const cpu = [];
  let peak = 0;
  let outcome = '';
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }, 1);
    const t = performance.now();
    const c = process.cpuUsage();
    outcome = await run(doc, extra);
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { outcome, median: times[2], cpuMedian: cpu[2], cpuMax: cpu[4], peakMB: peak / 2 ** 20 };
}

const rows = [];
for (const [name, doc] of Object.entries(atLimits)) {
  const extra = name.includes('allowInlineContexts') ? { allowInlineContexts: true } : {};
  rows.push([name, await measureCase(doc, extra)]);
}
for (const [name, doc] of Object.entries(over)) {
  rows.push([`over: ${name}`, await measureCase(doc, { allowInlineContexts: true })]);
}
// CPU time of this process (user + system) is the cost of the work itself; wall time on a shared
// machine also counts every other process.
console.log('| document | outcome | CPU ms, median | CPU ms, max | wall ms, median | peak heap MB |');
console.log('|---|---|---:|---:|---:|---:|');
for (const [name, r] of rows) {
  console.log(
    `| ${name} | ${r.outcome} | ${r.cpuMedian.toFixed(1)} | ${r.cpuMax.toFixed(1)} | ${r.median.toFixed(1)} | ${r.peakMB.toFixed(1)} |`,
  );
}
const slow = rows.filter(([, r]) => r.cpuMax >= 200 || r.peakMB >= 100);
console.log(
  slow.length === 0
    ? '\nevery case under 200 ms and 100 MB'
    : `\nOVER BUDGET: ${slow.map(([n]) => n).join('; ')}`,
);
