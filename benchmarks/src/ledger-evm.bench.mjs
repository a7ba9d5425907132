// EvmLedger on a local anvil node: gas per DID create (direct, appendMany, Merkle-batched), entries
// per second through BatchWriter, a reader's sync of a large batch, the Merkle work next to its
// floor (bare sha-256), and the arithmetic for 1.4 billion DIDs.
//   node benchmarks/run.mjs ledger-evm
//   LEDGER_EVM_BENCH_MAX=1000 node benchmarks/run.mjs ledger-evm   # skip the 10 000-entry batch
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { anchorDid, createDid } from '@realdid/did';
import { entryId, MemoryLedger } from '@realdid/ledger';
import {
  BatchWriter,
  deployRegistry,
  EvmLedger,
  MerkleTree,
  merkleLeaf,
  verifyMerkleProof,
} from '@realdid/ledger-evm';
import { FsCasStore } from '@realdid/ledger-evm/fs-cas';
import { do_not_optimize, measure } from 'mitata';
import { createWalletClient, defineChain, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const MAX = Number(process.env.LEDGER_EVM_BENCH_MAX ?? 10_000);
const BLOCK_GAS = 30_000_000n; // a typical public-chain block gas limit (Ethereum mainnet: 30–45 M)
const BLOCK_SECONDS = 12;
const DIDS_TOTAL = 1_400_000_000n;
// anvil's first development key (public, well known): never use it on a real chain.
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const require = createRequire(import.meta.url);
function anvilBinary() {
  const req = createRequire(require.resolve('@foundry-rs/anvil/package.json'));
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return join(
    dirname(req.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)),
    'bin',
    'anvil',
  );
}
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// A high block gas limit so a 1 000-entry appendMany fits in one block for measurement; the
// arithmetic below uses BLOCK_GAS.
const anvil = spawn(
  anvilBinary(),
  ['--host', '127.0.0.1', '--port', String(port), '--gas-limit', '2000000000', '--silent'],
  {
    stdio: 'ignore',
  },
);
for (let i = 0; i < 200; i++) {
  try {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
    });
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 50));
  }
}
const dir = mkdtempSync(join(tmpdir(), 'realdid-evm-bench-'));
const account = privateKeyToAccount(DEV_KEY);
const chain = defineChain({
  id: 31337,
  name: 'anvil',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [url] } },
});
const wallet = createWalletClient({ chain, transport: http(url), account });

try {
  // Real did:realdid create operations: anchor each on a MemoryLedger and take the bytes back.
  const mem = new MemoryLedger();
  const tGen = performance.now();
  const creates = [];
  const REAL = Math.min(MAX, 1000);
  for (let i = 0; i < REAL; i++) {
    const c = createDid();
    await anchorDid(mem, c);
    const [e] = await mem.read(c.suffix);
    creates.push({ topic: c.suffix, payload: e.payload });
  }
  // Past 1 000, random payloads of the same size (gas and throughput depend on sizes, not contents;
  // this keeps the run short on a shared machine). Topics are their content ids, like DID suffixes.
  for (let i = REAL; i < MAX; i++) {
    const src = creates[i % REAL].payload;
    const p = new Uint8Array(randomBytes(src.length));
    creates.push({ topic: entryId(p), payload: p });
  }
  const genMs = performance.now() - tGen;
  const sizes = creates.map((c) => c.payload.length);
  const avgBytes = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  let next = 0;
  const take = (n) => {
    if (next + n > creates.length) next = 0;
    const out = creates.slice(next, next + n);
    next += n;
    return out;
  };

  const fresh = async (extra = {}) => {
    const { address } = await deployRegistry(wallet);
    const gas = [];
    const ledger = await EvmLedger.connect({
      url,
      address,
      account,
      pollingIntervalMs: 10,
      onGas: (g) => gas.push(g),
      ...extra,
    });
    return { ledger, gas, address };
  };

  const rows = [];
  // 1. direct, one transaction per DID create
  {
    const { ledger, gas } = await fresh();
    const n = 20;
    for (const c of take(n)) await ledger.append(c.topic, c.payload);
    const total = gas.reduce((a, g) => a + g.gasUsed, 0n);
    rows.push({
      mode: 'direct `append` (1 tx per DID)',
      n: 1,
      txGas: total / BigInt(n),
      perDid: Number(total) / n,
    });
    await ledger.close();
  }
  // 2. direct appendMany (all entries in one transaction, every payload in calldata and logs)
  for (const n of [10, 100, 1000].filter((x) => x <= MAX)) {
    const { ledger, gas } = await fresh();
    await ledger.appendBatch(take(n));
    const g = gas[0].gasUsed;
    rows.push({ mode: 'direct `appendMany` (1 tx)', n, txGas: g, perDid: Number(g) / n });
    await ledger.close();
  }
  // 3. Merkle-batched: one anchorBatch transaction per batch, payloads in the CAS
  const throughput = [];
  for (const n of [10, 100, 1000, 10_000].filter((x) => x <= MAX)) {
    const { ledger, gas, address } = await fresh({ cas: new FsCasStore(join(dir, `cas-${n}`)) });
    const writer = new BatchWriter(ledger, { maxEntries: n, maxWaitMs: 0 });
    const batch = take(n);
    const t0 = performance.now();
    const receipts = await writer.addMany(batch);
    const ms = performance.now() - t0;
    if (receipts.length !== n || receipts.some((r) => r.duplicate)) throw new Error('unexpected receipts');
    const g = gas[0].gasUsed;
    rows.push({ mode: 'Merkle batch `anchorBatch` (1 tx)', n, txGas: g, perDid: Number(g) / n });
    // a second client: fetch the batch file, check its hash and root, index every entry
    const reader = await EvmLedger.connect({ url, address, cas: new FsCasStore(join(dir, `cas-${n}`)) });
    const t1 = performance.now();
    await reader.sync();
    const readMs = performance.now() - t1;
    throughput.push({
      n,
      ms,
      perSec: (n / ms) * 1000,
      readMs,
      readPerSec: (n / readMs) * 1000,
      fileBytes: writer.batches[0] ? gas[0].bytes : 0,
    });
    await reader.close();
    await ledger.close();
  }

  // 3b. Merkle-batched by a submitter that is not a bulk submitter: the anchor names every topic
  // of the batch (one 32-byte hash per distinct topic; every DID create is a new topic).
  for (const n of [10, 100, 1000, 10_000].filter((x) => x <= MAX)) {
    const { address } = await deployRegistry(wallet, { bulkSubmitters: [] });
    const gas = [];
    const ledger = await EvmLedger.connect({
      url,
      address,
      account,
      pollingIntervalMs: 10,
      onGas: (g) => gas.push(g),
      cas: new FsCasStore(join(dir, `cas-named-${n}`)),
    });
    const writer = new BatchWriter(ledger, { maxEntries: n, maxWaitMs: 0 });
    await writer.addMany(take(n));
    const g = gas[0].gasUsed;
    rows.push({
      mode: 'Merkle batch `anchorBatch`, topics named (1 tx)',
      n,
      txGas: g,
      perDid: Number(g) / n,
    });
    await ledger.close();
  }

  // 4. Merkle work vs its floor (bare sha-256 of the same number of leaf and node inputs)
  const N = Math.min(1000, creates.length);
  const digests = creates
    .slice(0, N)
    .map((c) => new Uint8Array(createHash('sha256').update(c.payload).digest()));
  const treeStats = await measure(
    () => {
      const t = new MerkleTree(digests.map((d, i) => merkleLeaf(creates[i].topic, d)));
      do_not_optimize(t.root);
    },
    { min_cpu_time: 300e6 },
  );
  const floorStats = await measure(
    () => {
      let last;
      for (let i = 0; i < 2 * N - 1; i++)
        last = createHash('sha256')
          .update(digests[i % N])
          .update(digests[(i + 1) % N])
          .digest();
      do_not_optimize(last);
    },
    { min_cpu_time: 300e6 },
  );
  const tree = new MerkleTree(digests.map((d, i) => merkleLeaf(creates[i].topic, d)));
  const proof = tree.proof(N - 1);
  const leaf = merkleLeaf(creates[N - 1].topic, digests[N - 1]);
  const verifyStats = await measure(
    () => do_not_optimize(verifyMerkleProof(leaf, N - 1, N, proof, tree.root)),
    { min_cpu_time: 300e6 },
  );

  // ---- report
  const fmtInt = (x) => Math.round(Number(x)).toLocaleString('en-US');
  console.log(
    `\nDID create payloads: ${REAL} real did:realdid create operations (${Math.min(...sizes)}–${Math.max(...sizes)} bytes, mean ${avgBytes.toFixed(0)}), made in ${(genMs / 1000).toFixed(1)} s; ${MAX - REAL} more random payloads of the same sizes\n`,
  );
  console.log('| how | DIDs per tx | gas of the tx | gas per DID | direct single ÷ this |');
  console.log('|---|---:|---:|---:|---:|');
  const single = rows[0].perDid;
  for (const r of rows) {
    console.log(
      `| ${r.mode} | ${fmtInt(r.n)} | ${fmtInt(r.txGas)} | ${fmtInt(r.perDid)} | ${(single / r.perDid).toFixed(1)}× |`,
    );
  }
  console.log(
    '\n| batch size | BatchWriter: entries/s (write: Merkle + CAS + anchor tx + confirm + index) | second client: entries/s (fetch file, check hash + root, index) |',
  );
  console.log('|---:|---:|---:|');
  for (const t of throughput) {
    console.log(
      `| ${fmtInt(t.n)} | ${fmtInt(t.perSec)} (${t.ms.toFixed(0)} ms) | ${fmtInt(t.readPerSec)} (${t.readMs.toFixed(0)} ms) |`,
    );
  }
  console.log(
    `\n| Merkle work (${N} leaves) | avg | floor (${2 * N - 1} bare sha-256, node:crypto) | ratio |`,
  );
  console.log('|---|---:|---:|---:|');
  console.log(
    `| build tree (leaves + nodes) | ${(treeStats.avg / 1e6).toFixed(2)} ms | ${(floorStats.avg / 1e6).toFixed(2)} ms | ${(treeStats.avg / floorStats.avg).toFixed(2)}× |`,
  );
  console.log(
    `| verify one proof (${proof.length} siblings) | ${(verifyStats.avg / 1e3).toFixed(1)} µs | | |`,
  );

  console.log(
    `\nArithmetic for ${DIDS_TOTAL.toLocaleString('en-US')} DID creates (block gas limit ${fmtInt(BLOCK_GAS)}, ${BLOCK_SECONDS} s blocks):\n`,
  );
  console.log(
    '| how | total gas | transactions | full blocks | chain time at 100% of every block | ETH at 1 gwei | ETH at 10 gwei |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows.filter((x) => x.n === 1 || x.n >= 100)) {
    const perDid = r.perDid;
    const totalGas = perDid * Number(DIDS_TOTAL);
    const txs = Number(DIDS_TOTAL) / r.n;
    const blocks = totalGas / Number(BLOCK_GAS);
    const days = (blocks * BLOCK_SECONDS) / 86400;
    const eth1 = totalGas * 1e-9;
    console.log(
      `| ${r.mode}, ${fmtInt(r.n)}/tx | ${totalGas.toExponential(2)} | ${txs.toExponential(2)} | ${blocks.toExponential(2)} | ${days >= 365 ? `${(days / 365).toFixed(1)} years` : days >= 1 ? `${days.toFixed(1)} days` : `${(days * 24).toFixed(1)} hours`} | ${fmtInt(eth1)} | ${fmtInt(eth1 * 10)} |`,
    );
  }
} finally {
  anvil.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
