// The plug-in module of the example's VerifierPool (@realdid/pool), imported once in each worker
// thread: it restores the site's RelyingParty from the state the main thread holds, over the SAME
// stores the main thread and every other server of the site use — the SQLite ledger and account
// files of REALDID_DIR (both in WAL mode: several connections, one writer at a time, readers never
// wait) and the Redis of the one-time nonces. A nonce issued on the main thread is spent once, by
// whichever thread verifies first; every other thread then finds it spent.
import { SqliteAccountStore } from '@realdid/accounts-sqlite';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { RedisNonceStore } from '@realdid/nonce-redis';
import { RelyingParty } from '@realdid/realname';
import { createClient } from 'redis';

/**
 * @param {{
 *   state: import('@realdid/realname').RelyingPartyState,
 *   ledgerPath: string,
 *   accountsPath: string,
 *   redisUrl: string,
 *   registryDid: string,
 *   traceCommittee: string,
 * }} o  structured-cloneable options, from src/verifierPool.mjs
 */
export async function createVerifierPlugins(o) {
  const redis = createClient({ url: o.redisUrl });
  redis.on('error', (err) => console.error(`redis (verifier thread): ${err.message}`));
  await redis.connect();
  const relyingParty = RelyingParty.restore(o.state, {
    ledger: await SqliteLedger.open(o.ledgerPath, { create: false }),
    registryDid: o.registryDid,
    traceCommittee: o.traceCommittee,
    accounts: await SqliteAccountStore.open(o.accountsPath, { create: false }),
    nonceStore: new RedisNonceStore({ command: (args) => redis.sendCommand(args) }),
  });
  return { relyingParty };
}
