// Where the site keeps the state every one of its servers must share: its accounts and the
// one-time nonces of its requests and challenges. Chosen by the environment:
//
//   ACCOUNTS=sqlite (default)  accounts in a SQLite file (@realdid/accounts-sqlite), ACCOUNTS_DB
//                              (default <REALDID_DIR>/rp-example-accounts.db); several server
//                              processes on one host share the file
//   ACCOUNTS=memory            accounts in the process (one server, lost on restart)
//   REDIS_URL=redis://…        one-time nonces in Redis (@realdid/nonce-redis): a nonce issued by
//                              one server is consumed once, by any server; a replay sent to another
//                              server is refused
//   (no REDIS_URL)             nonces in the process: only one server may run
import { join } from 'node:path';
import { SqliteAccountStore } from '@realdid/accounts-sqlite';
import { RedisNonceStore } from '@realdid/nonce-redis';
import { MemoryAccountStore } from '@realdid/realname';
import { createClient } from 'redis';

/**
 * @param {string} dir  the server's state folder (REALDID_DIR)
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<{ accounts: import('@realdid/realname').AccountStore, nonceStore: import('@realdid/realname').NonceStore | undefined, describe: string, close(): Promise<void> }>}
 */
export async function openSharedState(dir, env = process.env) {
  const kind = env.ACCOUNTS ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'memory')
    throw new Error(`ACCOUNTS: expected sqlite or memory, found ${kind}`);
  const accounts =
    kind === 'sqlite'
      ? await SqliteAccountStore.open(env.ACCOUNTS_DB ?? join(dir, 'rp-example-accounts.db'))
      : new MemoryAccountStore();
  let redis;
  if (env.REDIS_URL) {
    redis = createClient({ url: env.REDIS_URL });
    redis.on('error', (err) => console.error(`redis: ${err.message}`));
    await redis.connect();
  }
  // Without Redis, undefined: the RelyingParty keeps its nonces in its own memory.
  const nonceStore = redis ? new RedisNonceStore({ command: (args) => redis.sendCommand(args) }) : undefined;
  return {
    accounts,
    nonceStore,
    describe: `accounts in ${kind === 'sqlite' ? accounts.path : 'memory'}, nonces in ${redis ? 'Redis' : 'memory'}`,
    async close() {
      if (kind === 'sqlite') accounts.close();
      if (redis) await redis.quit();
    },
  };
}
