// The site's own database of accounts: what a relying party keeps per person is the pairwise DID,
// the claims it asked for and the trace token — nothing else. An AccountStore on SQLite.
import Database from 'better-sqlite3';

/** @implements {import('@realdid/realname').AccountStore} */
export class SqliteAccountStore {
  #db;
  #get;
  #put;
  #list;

  /** @param {string} path  the site's database file */
  constructor(path) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec('CREATE TABLE IF NOT EXISTS account (did TEXT PRIMARY KEY, json TEXT NOT NULL)');
    this.#get = this.#db.prepare('SELECT json FROM account WHERE did = ?');
    this.#put = this.#db.prepare(
      'INSERT INTO account (did, json) VALUES (?, ?) ON CONFLICT(did) DO UPDATE SET json = excluded.json',
    );
    this.#list = this.#db.prepare('SELECT json FROM account ORDER BY rowid');
  }

  async get(did) {
    const row = this.#get.get(did);
    return row ? JSON.parse(row.json) : undefined;
  }

  async put(account) {
    this.#put.run(account.did, JSON.stringify(account));
  }

  async list() {
    return this.#list.all().map((r) => JSON.parse(r.json));
  }

  close() {
    this.#db.close();
  }
}
