// Registration verification on worker threads (VerifierPool of @realdid/pool), chosen by the
// environment:
//
//   VERIFIER_THREADS=N (N >= 1)  POST /rp/register and POST /rp/openid4vp/response/:id verify on
//                                N worker threads, each with the site's RelyingParty restored
//                                over the shared stores (./verifierPlugins.mjs)
//   VERIFIER_THREADS=0 / unset   verification in the server's own thread
//
// Every thread writes the one-time nonces and the accounts, so both must be in stores all threads
// share: VERIFIER_THREADS needs the nonces in Redis (REDIS_URL) or in SQLite (NONCES=sqlite) — a
// nonce kept in one thread's memory could be spent once per thread, or not be found by the thread
// that verifies — and the SQLite accounts (not ACCOUNTS=memory).
import { VerifierPool } from '@realdid/pool';
import { noncesFrom } from './sharedState.mjs';

/** The largest VERIFIER_THREADS accepted. */
export const MAX_VERIFIER_THREADS = 256;

/**
 * Reads VERIFIER_THREADS and checks the stores it needs.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {number} the number of verifier threads (0: in process)
 * @throws Error with a message for the operator when the setting is invalid or a shared store is missing
 */
export function verifierThreadsFrom(env = process.env) {
  const raw = env.VERIFIER_THREADS;
  if (raw === undefined || raw === '') return 0;
  if (!/^[0-9]{1,4}$/.test(raw) || Number(raw) > MAX_VERIFIER_THREADS)
    throw new Error(
      `VERIFIER_THREADS: expected an integer from 0 to ${MAX_VERIFIER_THREADS}, found ${JSON.stringify(raw.slice(0, 20))}`,
    );
  const threads = Number(raw);
  if (threads === 0) return 0;
  if (noncesFrom(env) === 'memory')
    throw new Error(
      `VERIFIER_THREADS=${threads} needs REDIS_URL or NONCES=sqlite: the one-time nonces must be in a store every thread shares, or a nonce could be spent once per thread`,
    );
  if ((env.ACCOUNTS ?? 'sqlite') !== 'sqlite')
    throw new Error(
      `VERIFIER_THREADS=${threads} needs ACCOUNTS=sqlite: every thread must write to the same account database`,
    );
  return threads;
}

/**
 * Starts a pool of `threads` workers, each verifying registrations with the site's relying party
 * (restored from `rp.exportState()`) over the given shared stores, and waits until every worker
 * has built it.
 *
 * @param {{
 *   threads: number,
 *   rp: import('@realdid/realname').RelyingParty,
 *   ledgerPath: string,
 *   accountsPath: string,
 *   nonces: { kind: 'redis', url: string } | { kind: 'sqlite', path: string },
 *   registryDid: string,
 *   traceCommittee: string,
 * }} o
 * @returns {Promise<VerifierPool>}
 */
export async function startVerifierPool({
  threads,
  rp,
  ledgerPath,
  accountsPath,
  nonces,
  registryDid,
  traceCommittee,
}) {
  const pool = new VerifierPool({
    size: threads,
    plugins: {
      module: new URL('./verifierPlugins.mjs', import.meta.url),
      options: { state: rp.exportState(), ledgerPath, accountsPath, nonces, registryDid, traceCommittee },
    },
  });
  try {
    await pool.ready();
  } catch (err) {
    await pool.close();
    throw err;
  }
  return pool;
}
