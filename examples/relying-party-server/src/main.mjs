// Starts the example relying party on 127.0.0.1 with the embedded SQLite ledger. Its keys and
// those of the public side are kept in a 0600 state file, and its accounts in its own SQLite
// database, so a restart keeps the site's DID and its users' accounts. Several servers of the site
// share one REALDID_DIR (the state file, the ledger and the accounts) and one Redis for the nonces
// (see src/sharedState.mjs); ORIGINS lists the origins wallets see the site at (comma-separated).
// VERIFIER_THREADS=N (N >= 1) verifies registrations on N worker threads (VerifierPool of
// @realdid/pool, see src/verifierPool.mjs), each with this site's relying party over the same
// SQLite accounts and the same nonce store; it needs the nonces in Redis (REDIS_URL) or in SQLite
// (NONCES=sqlite) — a nonce must be spent once across all threads — and the server refuses to
// start without. 0 or unset: verification in this thread.
//   PORT=8080 REALDID_DIR=./.realdid WALLET_DIR=../browser-wallet/dist node src/main.mjs
//   PORT=8081 REALDID_DIR=./.realdid REDIS_URL=redis://127.0.0.1:6379 ORIGINS=https://rp.example node src/main.mjs
//   PORT=8082 REALDID_DIR=./.realdid REDIS_URL=redis://127.0.0.1:6379 VERIFIER_THREADS=2 node src/main.mjs
//   PORT=8083 REALDID_DIR=./.realdid-one-host NONCES=sqlite VERIFIER_THREADS=2 node src/main.mjs
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { buildServer } from './server.mjs';
import { noncesFrom, openSharedState } from './sharedState.mjs';
import { startVerifierPool, verifierThreadsFrom } from './verifierPool.mjs';
import { createWorld, exportWorld, restoreWorld } from './world.mjs';

let threads;
try {
  threads = verifierThreadsFrom(process.env);
  noncesFrom(process.env);
} catch (err) {
  console.error(`relying party not started: ${err.message}`);
  process.exit(1);
}
const dir = resolve(process.env.REALDID_DIR ?? './.realdid');
mkdirSync(dir, { recursive: true, mode: 0o700 });
const ledgerPath = join(dir, 'rp-example-ledger.db');
const ledger = await SqliteLedger.open(ledgerPath);
const shared = await openSharedState(dir);
const stateFile = join(dir, 'rp-example-state.json');
const saved = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : undefined;

const world = saved ? restoreWorld(ledger, saved.world) : await createWorld(ledger);
// The authority writes its status list per epoch, not per enrolment, and a published list is valid
// for a day: re-publish it at start and every 12 hours so sites never see an expired one.
await world.authority.publishStatus();
setInterval(() => world.authority.publishStatus().catch((e) => console.error(e)), 12 * 3_600_000).unref();
const { app, rp, listen, verifierThreads } = await buildServer({
  ledger,
  world,
  site: {
    name: 'Example video site',
    claims: ['age_over_18'],
    origins: process.env.ORIGINS ? process.env.ORIGINS.split(',') : [],
  },
  staticDir: process.env.WALLET_DIR ? resolve(process.env.WALLET_DIR) : undefined,
  logger: true,
  accounts: shared.accounts,
  nonceStore: shared.nonceStore,
  rpState: saved?.rp,
  startVerifierPool:
    threads > 0
      ? (rp) =>
          startVerifierPool({
            threads,
            rp,
            ledgerPath,
            accountsPath: shared.accounts.path,
            nonces: shared.nonces,
            registryDid: world.registry.did,
            traceCommittee: world.committee.committeeId,
          })
      : undefined,
});
if (!saved)
  writeFileSync(stateFile, JSON.stringify({ world: exportWorld(world), rp: rp.exportState() }), {
    mode: 0o600,
  });

const address = await listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8080) });
console.log(
  `relying party ${rp.did.slice(0, 40)}… listening on ${address}${saved ? ' (restored)' : ''}; ${shared.describe}; verifier threads: ${verifierThreads}${verifierThreads ? '' : ' (in process)'}`,
);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, async () => {
    await app.close();
    await shared.close();
    await ledger.close();
    process.exit(0);
  });
