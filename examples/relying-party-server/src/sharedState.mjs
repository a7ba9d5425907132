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
//   NONCES=sqlite              one-time nonces in a SQLite file (SqliteNonceStore of
//                              @realdid/accounts-sqlite), NONCES_DB (default
//                              <REALDID_DIR>/rp-example-nonces.db): shared, spent once, by every
//                              thread and server process on this host
//   (neither)                  nonces in the process: only one server may run
//   NONCES=redis|sqlite|memory chooses explicitly (redis needs REDIS_URL)
import { join } from 'node:path';
import { SqliteAccountStore, SqliteNonceStore } from '@realdid/accounts-sqlite';
import { RedisNonceStore } from '@realdid/nonce-redis';
import { MemoryAccountStore } from '@realdid/realname';
import { createClient } from 'redis';

/**
 * @param {string} dir  the server's state folder (REALDID_DIR)
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<{ accounts: import('@realdid/realname').AccountStore, nonceStore: import('@realdid/realname').NonceStore | undefined, nonces: { kind: 'redis', url: string } | { kind: 'sqlite', path: string } | { kind: 'memory' }, describe: string, close(): Promise<void> }>}
 */
/**
 * Where the one-time nonces live: NONCES when set, else Redis when REDIS_URL is set, else memory.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {'redis' | 'sqlite' | 'memory'}
 * @throws Error for an unknown NONCES, or NONCES=redis without REDIS_URL
 */
export function noncesFrom(env = process.env) {
  const kind = env.NONCES || (env.REDIS_URL ? 'redis' : 'memory');
  if (kind !== 'redis' && kind !== 'sqlite' && kind !== 'memory')
    throw new Error(`NONCES: expected redis, sqlite or memory, found ${JSON.stringify(kind.slice(0, 20))}`);
  if (kind === 'redis' && !env.REDIS_URL) throw new Error('NONCES=redis needs REDIS_URL');
  return kind;
}

/** The SQLite file of the nonces with NONCES=sqlite. */
export function noncesDbFrom(dir, env = process.env) {
  return env.NONCES_DB ?? join(dir, 'rp-example-nonces.db');
}

export async function openSharedState(dir, env = process.env) {
  const kind = env.ACCOUNTS ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'memory')
    throw new Error(`ACCOUNTS: expected sqlite or memory, found ${kind}`);
  const accounts =
    kind === 'sqlite'
      ? await SqliteAccountStore.open(env.ACCOUNTS_DB ?? join(dir, 'rp-example-accounts.db'))
      : new MemoryAccountStore();
  const nonces = noncesFrom(env);
  let redis;
  if (nonces === 'redis') {
    redis = createClient({ url: env.REDIS_URL });
    redis.on('error', (err) => console.error(`redis: ${err.message}`));
    await redis.connect();
  }
  const sqliteNonces = nonces === 'sqlite' ? await SqliteNonceStore.open(noncesDbFrom(dir, env)) : undefined;
  // In memory: undefined, the RelyingParty keeps its nonces in its own memory.
  const nonceStore = redis
    ? new RedisNonceStore({ command: (args) => redis.sendCommand(args) })
    : sqliteNonces;
  return {
    accounts,
    nonceStore,
    nonces:
      nonces === 'redis'
        ? { kind: 'redis', url: env.REDIS_URL }
        : sqliteNonces
          ? { kind: 'sqlite', path: sqliteNonces.path }
          : { kind: 'memory' },
    describe: `accounts in ${kind === 'sqlite' ? accounts.path : 'memory'}, nonces in ${redis ? 'Redis' : sqliteNonces ? sqliteNonces.path : 'memory'}`,
    async close() {
      if (kind === 'sqlite') accounts.close();
      sqliteNonces?.close();
      if (redis) await redis.quit();
    },
  };
}
