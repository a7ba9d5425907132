// The plug-in module of pool-realname.bench.mjs: in each worker, the site's relying party restored
// from its exported state over the stores all threads share — the SQLite ledger file and a
// one-time nonce store in another SQLite file (the main thread's relying party, which makes the
// requests, uses the same two). Accounts go to a memory store per thread (registration only
// writes them). Also started alone, as a thread of the floor (POOL_FLOOR in workerData): it then
// verifies the responses it is given in a loop, with no message per registration.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteNonceStore } from '@realdid/accounts-sqlite';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { RelyingParty } from '@realdid/realname';

export async function createVerifierPlugins(o) {
  const relyingParty = RelyingParty.restore(o.state, {
    ledger: await SqliteLedger.open(o.ledgerPath, { create: false }),
    registryDid: o.registryDid,
    traceCommittee: o.traceCommittee,
    nonceStore: SqliteNonceStore.openSync(o.noncePath),
    statusMaxAgeSeconds: o.statusMaxAgeSeconds,
  });
  return { relyingParty };
}

if (parentPort !== null && workerData?.POOL_FLOOR) {
  const { relyingParty } = await createVerifierPlugins(workerData.options);
  parentPort.on('message', async (responses) => {
    for (const r of responses) await relyingParty.verifyRegistration(r);
    parentPort.postMessage(responses.length);
  });
  parentPort.postMessage('ready');
}
