// A read-only LedgerClient over the example server's /ledger API, for wallets that cannot reach
// the ledger themselves (a browser). Everything read is verified by the reader as usual: the
// server is trusted for availability, not for content.
import { base64urlDecode, RealDidError } from '@realdid/crypto';

export class HttpLedgerReader {
  kind = 'http-read-only';
  #base;
  #fetch;

  /** @param {string} baseUrl  @param {typeof fetch} [fetchImpl] */
  constructor(baseUrl, fetchImpl = globalThis.fetch.bind(globalThis)) {
    this.#base = baseUrl.replace(/\/$/, '');
    this.#fetch = fetchImpl;
  }

  async read(topic, options = {}) {
    const q = new URLSearchParams();
    if (options.from !== undefined) q.set('from', String(options.from));
    if (options.limit !== undefined) q.set('limit', String(options.limit));
    const res = await this.#fetch(`${this.#base}/ledger/topics/${encodeURIComponent(topic)}?${q}`);
    if (!res.ok)
      throw new RealDidError('ERR_LEDGER_UNAVAILABLE', `ledger read failed with HTTP ${res.status}`);
    const { entries } = await res.json();
    return entries.map((e) => ({ ...e, payload: base64urlDecode(e.payload) }));
  }

  async size(topic) {
    return (await this.read(topic)).length;
  }

  async append() {
    throw new RealDidError('ERR_LEDGER_UNAVAILABLE', 'this ledger client is read-only');
  }

  async appendBatch() {
    throw new RealDidError('ERR_LEDGER_UNAVAILABLE', 'this ledger client is read-only');
  }

  async info() {
    return { kind: this.kind, location: this.#base, maxEntryBytes: 0, topics: 0, entries: 0 };
  }

  async close() {}
}

/** A small client of the relying party's API, as a wallet page would use it. */
export class RelyingPartyClient {
  #base;
  #fetch;
  constructor(baseUrl, fetchImpl = globalThis.fetch.bind(globalThis)) {
    this.#base = baseUrl.replace(/\/$/, '');
    this.#fetch = fetchImpl;
  }
  async #call(method, path, payload, headers = {}) {
    const res = await this.#fetch(`${this.#base}${path}`, {
      method,
      headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    });
    const json = await res.json();
    if (!res.ok)
      throw new RealDidError(json?.error?.code ?? 'ERR_HTTP', json?.error?.message ?? `HTTP ${res.status}`);
    return json;
  }
  /** The wallet's provisioning: `{ registryDid }`, the trust anchor a wallet ships with. */
  walletConfig() {
    return this.#call('GET', '/wallet-config');
  }
  site() {
    return this.#call('GET', '/rp');
  }
  registrationRequest() {
    return this.#call('POST', '/rp/register/request', {});
  }
  register(response) {
    return this.#call('POST', '/rp/register', { response });
  }
  loginChallenge() {
    return this.#call('POST', '/rp/login/challenge', {});
  }
  login(response) {
    return this.#call('POST', '/rp/login', { response });
  }
  me(session) {
    return this.#call('GET', '/rp/me', undefined, { authorization: `Bearer ${session}` });
  }
  enrol(evidence, holderKeys) {
    return this.#call('POST', '/authority/enrol', { evidence, holderKeys });
  }
}
