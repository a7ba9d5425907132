// Load on the gateway's Universal Resolver driver: CLIENTS concurrent HTTP clients (default 200)
// resolve anchored did:realdid DIDs through a gateway in another process on 127.0.0.1, against
// resolving the same DIDs in-process. Loopback only, bounded by REQUESTS (default 20,000).
//   pnpm --filter "@realdid/gateway..." build && node benchmarks/run.mjs gateway
// DIDS (default 10,000) anchored DIDs; requests pick them uniformly at random.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { anchorDid, createDid, resolveDid } from '@realdid/did';
import { createGateway } from '@realdid/gateway';
import { MemoryLedger } from '@realdid/ledger';

const DIDS = Number(process.env.DIDS ?? 10_000);
const REQUESTS = Number(process.env.REQUESTS ?? 20_000);
const CLIENTS = Number(process.env.CLIENTS ?? 200);

async function populate(n) {
  const ledger = new MemoryLedger();
  const dids = [];
  for (let i = 0; i < n; i++) {
    const c = createDid();
    await anchorDid(ledger, c);
    dids.push(c.did);
  }
  return { ledger, dids };
}

if (process.argv[2] === 'server') {
  // The gateway process: anchors the DIDs, prints them, then its URL.
  const { ledger, dids } = await populate(DIDS);
  const app = await createGateway({
    ledger,
    logger: false,
    rateLimit: false,
    resolutionCacheTtlMs: Number(process.env.CACHE_TTL_MS ?? 0),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify(dids)}\nlistening ${url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => app.close().then(() => process.exit(0)));
} else {
  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const fmt = (ms) => `${ms.toFixed(2)} ms`;

  // In-process: the same resolution, no HTTP, no cache.
  const local = await populate(DIDS);
  const lat = [];
  const t0 = performance.now();
  const n = Math.min(REQUESTS, 20_000);
  for (let i = 0; i < n; i++) {
    const did = local.dids[Math.floor(Math.random() * local.dids.length)];
    const s = performance.now();
    const r = await resolveDid(did, { networks: { main: local.ledger } });
    lat.push(performance.now() - s);
    if (r.didDocument?.id !== did) throw new Error('in-process resolution failed');
  }
  const localSecs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const localRate = n / localSecs;
  console.log(
    `in-process: ${n} resolutions, ${localRate.toFixed(0)}/s, p50 ${fmt(pct(lat, 50))}, p99 ${fmt(pct(lat, 99))}`,
  );

  for (const ttl of [0, 5_000]) {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'server'], {
      env: { ...process.env, CACHE_TTL_MS: String(ttl) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const { dids, url } = await new Promise((resolve) => {
      child.stdout.on('data', (d) => {
        out += d.toString('utf8');
        const m = /listening (\S+)\n/.exec(out);
        if (m) resolve({ dids: JSON.parse(out.slice(0, out.indexOf('\n'))), url: m[1] });
      });
    });
    const times = [];
    let next = 0;
    let errors = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < REQUESTS) {
          next++;
          const did = dids[Math.floor(Math.random() * dids.length)];
          const s = performance.now();
          const res = await fetch(`${url}/1.0/identifiers/${did}`, {
            headers: { accept: 'application/did' },
          });
          const body = await res.json();
          times.push(performance.now() - s);
          if (res.status !== 200 || body.id !== did) errors++;
        }
      }),
    );
    const secs = (performance.now() - start) / 1000;
    times.sort((a, b) => a - b);
    const rate = times.length / secs;
    console.log(
      `gateway (${CLIENTS} clients, resolution cache ${ttl === 0 ? 'off' : `${ttl} ms`}): ${times.length} resolutions in ${secs.toFixed(1)} s, ` +
        `${rate.toFixed(0)}/s, p50 ${fmt(pct(times, 50))}, p99 ${fmt(pct(times, 99))}, errors ${errors}; ` +
        `throughput ${(rate / localRate).toFixed(2)}× in-process`,
    );
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
  }
}
