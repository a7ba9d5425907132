// A small client of the example relying party's API, as a wallet page would use it. The ledger
// itself is reached with @realdid/ledger-http's HttpLedger, through the gateway the server mounts.
import { RealDidError } from '@realdid/crypto';

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
  /** OpenID4VCI: `{ offerUri, txCode }` for a checked person (the code would come out of band). */
  credentialOffer(evidence) {
    return this.#call('POST', '/authority/offer', { evidence });
  }
  /** OpenID4VP: `{ params }`, a registration request signed by the site's DID, for the wallet. */
  authorizationRequest() {
    return this.#call('POST', '/rp/openid4vp/request', {});
  }
  /** The account an OpenID4VP response registered, by the `response_code` of its `redirect_uri`. */
  registrationResult(responseCode) {
    return this.#call('GET', `/rp/openid4vp/result/${encodeURIComponent(responseCode)}`);
  }
}
