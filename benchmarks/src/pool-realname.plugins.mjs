// The plug-in module of pool-realname.bench.mjs: in each worker, the site's relying party restored
// from its exported state over the stores all threads share — the SQLite ledger file and a
// one-time nonce store in another SQLite file (the main thread's relying party, which makes the
// requests, uses the same two). Accounts go to a memory store per thread (registration only
// writes them). Also started alone, as a thread of the floor (POOL_FLOOR in workerData): it then
// verifies the responses it is given in a loop, with no message per registration.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { RelyingParty } from '@realdid/realname';
import Database from 'better-sqlite3';

/** A NonceStore over one SQLite file: `consume` is one UPDATE … RETURNING, atomic across threads. */
export class SqliteNonceStore {
  #put;
  #take;
  #seen;
  constructor(path) {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    // WAL with NORMAL: a commit does not wait for the disk (a power cut may lose the last ones).
    db.pragma('synchronous = NORMAL');
    db.exec(
      'CREATE TABLE IF NOT EXISTS nonce (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, data TEXT, used INTEGER NOT NULL DEFAULT 0)',
    );
    this.#put = db.prepare('INSERT INTO nonce (nonce, expires_at, data) VALUES (?, ?, ?)');
    this.#take = db.prepare(
      'UPDATE nonce SET used = 1 WHERE nonce = ? AND used = 0 RETURNING expires_at, data',
    );
    this.#seen = db.prepare('SELECT used FROM nonce WHERE nonce = ?');
  }
  async put(nonce, expiresAt, data) {
    this.#put.run(nonce, expiresAt, data === undefined ? null : JSON.stringify(data));
  }
  async consume(nonce) {
    const row = this.#take.get(nonce);
    if (row === undefined) {
      return this.#seen.get(nonce) === undefined ? { status: 'unknown' } : { status: 'consumed' };
    }
    if (row.expires_at <= Date.now()) return { status: 'expired' };
    return { status: 'ok', data: row.data === null ? undefined : JSON.parse(row.data) };
  }
}

export async function createVerifierPlugins(o) {
  const relyingParty = RelyingParty.restore(o.state, {
    ledger: await SqliteLedger.open(o.ledgerPath, { create: false }),
    registryDid: o.registryDid,
    traceCommittee: o.traceCommittee,
    nonceStore: new SqliteNonceStore(o.noncePath),
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
