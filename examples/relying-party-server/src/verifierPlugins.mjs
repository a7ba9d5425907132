// The plug-in module of the example's VerifierPool (@realdid/pool), imported once in each worker
// thread: it restores the site's RelyingParty from the state the main thread holds, over the SAME
// stores the main thread and every other server of the site use — the SQLite ledger and account
// files of REALDID_DIR (both in WAL mode: several connections, one writer at a time, readers never
// wait) and the one-time nonces' Redis or SQLite file. A nonce issued on the main thread is spent
// once, by whichever thread verifies first; every other thread then finds it spent.
import { SqliteAccountStore, SqliteNonceStore } from '@realdid/accounts-sqlite';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { RedisNonceStore } from '@realdid/nonce-redis';
import { RelyingParty } from '@realdid/realname';
import { createClient } from 'redis';

/**
 * @param {{
 *   state: import('@realdid/realname').RelyingPartyState,
 *   ledgerPath: string,
 *   accountsPath: string,
 *   nonces: { kind: 'redis', url: string } | { kind: 'sqlite', path: string },
 *   registryDid: string,
 *   traceCommittee: string,
 * }} o  structured-cloneable options, from src/verifierPool.mjs
 */
export async function createVerifierPlugins(o) {
  let nonceStore;
  if (o.nonces.kind === 'redis') {
    const redis = createClient({ url: o.nonces.url });
    redis.on('error', (err) => console.error(`redis (verifier thread): ${err.message}`));
    await redis.connect();
    nonceStore = new RedisNonceStore({ command: (args) => redis.sendCommand(args) });
  } else if (o.nonces.kind === 'sqlite') {
    nonceStore = await SqliteNonceStore.open(o.nonces.path, { create: false });
  } else throw new Error(`verifier threads need shared nonces, not ${String(o.nonces.kind)}`);
  const relyingParty = RelyingParty.restore(o.state, {
    ledger: await SqliteLedger.open(o.ledgerPath, { create: false }),
    registryDid: o.registryDid,
    traceCommittee: o.traceCommittee,
    accounts: await SqliteAccountStore.open(o.accountsPath, { create: false }),
    nonceStore,
  });
  return { relyingParty };
}
