// did:realdid under a junk flood: resolution of an anchored DID whose topic holds JUNK_ENTRIES
// (default 100 000) adversarial entries appended after its create and one update:
//   - plain junk: 100-byte random payloads, on a MemoryLedger;
//   - heavy junk: well-formed 31 KB updates naming the DID and its current head, each carrying 230
//     P-256 keys, revealing a key that is not the committed one (served by a hostile ledger that
//     returns JUNK_DISTINCT distinct payloads round-robin, so the flood fits in memory).
// Reports the resolution time with the default budget and with the byte budget lifted, the cost
// per junk entry, and, for comparison, the key decoding that checking a heavy entry's shape
// before its chain position costs (what a resolver that validates first pays per entry).
//   node benchmarks/run.mjs did-junk
//   JUNK_ENTRIES=10000 node benchmarks/run.mjs did-junk
import { cpus, loadavg } from 'node:os';
import {
  base58btcEncode,
  generateKeyPair,
  multibaseToPublicKey,
  publicKeyToMultibase,
  randomBytes,
  sha256,
} from '@realdid/crypto';
import { anchorDid, canonicalize, createDid, publishOperation, resolveDid, updateDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';

const N = Number(process.env.JUNK_ENTRIES ?? 100_000);
const DISTINCT = Number(process.env.JUNK_DISTINCT ?? 500);
const KEYS_PER_ENTRY = 230;
const RUNS = 3;
const enc = new TextEncoder();
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const fmtUs = (ms) => `${(ms * 1000).toFixed(2)} µs`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mh = (bytes) => `z${base58btcEncode(new Uint8Array([0x12, 0x20, ...sha256(bytes)]))}`;

async function timeResolve(did, options) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const t = performance.now();
    result = await resolveDid(did, options);
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

function outcome(r) {
  const m = r.didResolutionMetadata;
  return m.error === undefined
    ? `resolved, versionId …${r.didDocumentMetadata.versionId.slice(-6)}`
    : `${m.error} / ${m.code}`;
}

// --- the DID: anchored, one honest update --------------------------------------------------------
async function anchoredDid(ledger) {
  const created = createDid();
  await anchorDid(ledger, created);
  const u = updateDid({
    did: created.did,
    previous: created.suffix,
    updateKey: created.keys.update,
    patches: [{ action: 'remove-keys', ids: ['key-1'] }],
  });
  await publishOperation(ledger, u);
  return { created, head: u.hash };
}

console.log(
  `did:realdid junk flood: ${N.toLocaleString('en-US')} entries, node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`,
);

// --- plain junk on a MemoryLedger -----------------------------------------------------------------
{
  const ledger = new MemoryLedger();
  const { created, head } = await anchoredDid(ledger);
  const baseline = await timeResolve(created.did, { networks: { main: ledger } });
  for (let i = 0; i < N; i++) await ledger.append(created.suffix, randomBytes(100));
  const r = await timeResolve(created.did, { networks: { main: ledger } });
  if (r.result.didDocumentMetadata.versionId !== head) throw new Error('plain junk changed the result');
  console.log(
    `plain junk   ${N} × 100 B   default budget: ${fmtMs(r.ms)} (${fmtUs((r.ms - baseline.ms) / N)} per entry; ${outcome(r.result)}; 2 entries alone: ${fmtMs(baseline.ms)})`,
  );
}

// --- heavy junk on a hostile ledger ---------------------------------------------------------------
{
  const source = new MemoryLedger();
  const { created, head } = await anchoredDid(source);
  const honest = await source.read(created.suffix);
  const t0 = performance.now();
  const pool = Array.from({ length: 2 * KEYS_PER_ENTRY }, () =>
    publicKeyToMultibase('P-256', generateKeyPair('P-256').publicKey),
  );
  const payloads = [];
  for (let j = 0; j < DISTINCT; j++) {
    const publicKeys = Array.from({ length: KEYS_PER_ENTRY }, (_, i) => ({
      id: `j${j}k${i}`,
      type: 'Multikey',
      publicKeyMultibase: pool[(i + j) % pool.length],
      purposes: ['assertionMethod'],
    }));
    const thief = publicKeyToMultibase('Ed25519', generateKeyPair('Ed25519').publicKey);
    payloads.push(
      enc.encode(
        canonicalize({
          type: 'update',
          did: created.suffix,
          previous: head,
          updateKey: thief,
          nextUpdateCommitment: mh(randomBytes(32)),
          patches: [
            { action: 'add-keys', publicKeys: publicKeys.slice(0, 64) },
            { action: 'add-keys', publicKeys: publicKeys.slice(64, 128) },
            { action: 'add-keys', publicKeys: publicKeys.slice(128, 192) },
            { action: 'add-keys', publicKeys: publicKeys.slice(192) },
          ],
          proof: base64url86(),
        }),
      ),
    );
  }
  const size = payloads[0].length;
  console.log(
    `heavy junk: ${DISTINCT} distinct ${(size / 1024).toFixed(1)} KB updates (${KEYS_PER_ENTRY} P-256 keys each) built in ${fmtMs(performance.now() - t0)}`,
  );
  const entries = [...honest];
  for (let i = 0; i < N; i++) {
    const payload = payloads[i % DISTINCT];
    entries.push({
      topic: created.suffix,
      position: entries.length,
      id: mh(payload),
      time: new Date(Date.UTC(2026, 0, 1, 1, 0, i)).toISOString(),
      payload,
    });
  }
  const hostile = {
    kind: 'hostile',
    read: async () => entries,
    append: async () => {
      throw new Error('read-only');
    },
    appendBatch: async () => {
      throw new Error('read-only');
    },
    size: async () => entries.length,
    info: async () => ({
      kind: 'hostile',
      location: 'bench',
      maxEntryBytes: 65536,
      topics: 1,
      entries: entries.length,
    }),
    close: async () => {},
  };
  const total = entries.reduce((n, e) => n + e.payload.length, 0);
  const dflt = await timeResolve(created.did, { networks: { main: hostile } });
  console.log(
    `heavy junk   ${N} × ${(size / 1024).toFixed(1)} KB (${(total / 2 ** 30).toFixed(2)} GiB)   default budget (256 MiB): ${fmtMs(dflt.ms)} → ${outcome(dflt.result)}`,
  );
  const lifted = await timeResolve(created.did, {
    networks: { main: hostile },
    maxLedgerBytes: Number.POSITIVE_INFINITY,
    timeoutMs: Number.POSITIVE_INFINITY,
  });
  if (lifted.result.didDocumentMetadata.versionId !== head) throw new Error('heavy junk changed the result');
  console.log(
    `heavy junk   ${N} × ${(size / 1024).toFixed(1)} KB   byte budget lifted: ${fmtMs(lifted.ms)} (${fmtUs(lifted.ms / N)} per entry; ${outcome(lifted.result)})`,
  );

  // what validating a heavy entry's keys first costs (the order this resolver no longer uses)
  const sample = Math.min(20, DISTINCT);
  const tk = performance.now();
  for (let j = 0; j < sample; j++) {
    const o = JSON.parse(new TextDecoder().decode(payloads[j]));
    for (const p of o.patches) for (const k of p.publicKeys) multibaseToPublicKey(k.publicKeyMultibase);
  }
  const perEntry = (performance.now() - tk) / sample;
  console.log(
    `floor of the old order: parse + decode ${KEYS_PER_ENTRY} P-256 Multikeys = ${fmtMs(perEntry)} per heavy entry → ${fmtMs(perEntry * N)} for ${N} entries (extrapolated from ${sample})`,
  );
}

function base64url86() {
  return Buffer.from(randomBytes(64)).toString('base64url');
}
