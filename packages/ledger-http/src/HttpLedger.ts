import { base64urlEncode, RealDidError } from '@realdid/crypto';
import type {
  AppendReceipt,
  LedgerAppend,
  LedgerClient,
  LedgerEntry,
  LedgerErrorCode,
  LedgerInfo,
  ReadOptions,
} from '@realdid/ledger';
import { validateAppend, validateBatch, validateReadOptions, validateTopic } from '@realdid/ledger';
import { type AppendSigner, signAppend } from './appendEnvelope.js';
import type { GatewayErrorCode } from './GatewayErrorCode.js';
import { EtagCache } from './internal/EtagCache.js';
import { parseEntries, parseInfo, parseReceipt, parseSize } from './internal/parse.js';

/** The codes an {@link HttpLedger} throws with. */
export type HttpLedgerErrorCode = LedgerErrorCode | GatewayErrorCode;

/** Options of {@link HttpLedger}. */
export interface HttpLedgerOptions {
  /** The gateway's base URL, e.g. `https://gateway.example/` (the ledger API lives under `v1/`). */
  url: string;
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** The longest one HTTP attempt may take, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** How many times a failed request is retried (network error, 429, 502, 503, 504; default 3). */
  retries?: number;
  /** The first retry delay in milliseconds; it doubles on each retry, with jitter (default 100). */
  retryDelayMs?: number;
  /** Entries per page when reading a whole topic (default 1,000, at most the gateway's page limit). */
  pageSize?: number;
  /** How many read answers to keep for `If-None-Match` revalidation (default 256; 0 turns caching off). */
  cacheEntries?: number;
  /**
   * Signs appends to topics that are not DID topics (status lists, registries, audit logs): one
   * signer for every topic, or a function choosing a signer per topic (`undefined`: send unsigned).
   */
  signer?: AppendSigner | ((topic: string) => AppendSigner | undefined);
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 10_000;

function positiveInt(name: string, v: unknown, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`${name}: expected an integer`);
  if (v < min) throw new RangeError(`${name}: expected at least ${min}, found ${v}`);
  return v;
}

/**
 * A `LedgerClient` (`@realdid/ledger`) that reaches a ledger through a RealDID gateway over HTTP. Browser-safe:
 * it uses only `fetch`, `AbortController` and `setTimeout`.
 *
 * - Reads are revalidated with `If-None-Match`: an unchanged page costs a `304` and no payload.
 * - Failed requests (network errors, 429, 502, 503, 504) are retried with exponential backoff and
 *   jitter; appends are retried too, which is safe because the ledger de-duplicates payloads (a
 *   retried append whose first attempt committed returns the receipt with `duplicate: true`).
 * - Every attempt is bounded by `timeoutMs` (`ERR_LEDGER_TIMEOUT`); an unreachable gateway gives
 *   `ERR_LEDGER_UNAVAILABLE`; the gateway's coded errors are rethrown with the same `code`.
 *
 * @example
 * ```ts
 * import { HttpLedger } from '@realdid/ledger-http';
 * const ledger = new HttpLedger({ url: 'http://127.0.0.1:8080/' });
 * ledger.kind; // 'http'
 * ```
 */
export class HttpLedger implements LedgerClient {
  /** Always `http`. */
  readonly kind = 'http';
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #pageSize: number;
  readonly #cache: EtagCache;
  readonly #signer: ((topic: string) => AppendSigner | undefined) | undefined;
  #closed = false;

  /**
   * @param options - see {@link HttpLedgerOptions}
   * @throws TypeError/RangeError on a malformed option
   */
  constructor(options: HttpLedgerOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
    if (typeof options.url !== 'string') throw new TypeError('options.url: expected a string');
    let u: URL;
    try {
      u = new URL(options.url);
    } catch {
      throw new TypeError('options.url: expected an absolute http(s) URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new TypeError('options.url: expected an http(s) URL');
    if (u.username !== '' || u.password !== '')
      throw new TypeError('options.url: credentials in the URL are not accepted');
    u.search = '';
    u.hash = '';
    this.#base = u.href.endsWith('/') ? u.href : `${u.href}/`;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new TypeError('options.fetch: expected a function');
    this.#fetch = f;
    this.#timeoutMs = positiveInt('options.timeoutMs', options.timeoutMs, 10_000, 1);
    this.#retries = positiveInt('options.retries', options.retries, 3, 0);
    this.#retryDelayMs = positiveInt('options.retryDelayMs', options.retryDelayMs, 100, 0);
    this.#pageSize = positiveInt('options.pageSize', options.pageSize, 1_000, 1);
    this.#cache = new EtagCache(positiveInt('options.cacheEntries', options.cacheEntries, 256, 0));
    const s = options.signer;
    if (s === undefined) this.#signer = undefined;
    else if (typeof s === 'function') this.#signer = s;
    else if (typeof s === 'object' && s !== null && typeof s.sign === 'function') this.#signer = () => s;
    else throw new TypeError('options.signer: expected an AppendSigner or a function');
  }

  /** The gateway's base URL. */
  get url(): string {
    return this.#base;
  }

  #check(): void {
    if (this.#closed)
      throw new RealDidError<HttpLedgerErrorCode>('ERR_LEDGER_CLOSED', 'the ledger client is closed');
  }

  async #entryBody(topic: string, payload: Uint8Array): Promise<Record<string, unknown>> {
    const signer = this.#signer?.(topic);
    const body: Record<string, unknown> = { topic, payload: base64urlEncode(payload) };
    if (signer !== undefined) body.auth = await signAppend(topic, payload, signer);
    return body;
  }

  async append(topic: string, payload: Uint8Array): Promise<AppendReceipt> {
    this.#check();
    validateAppend(topic, payload, Number.MAX_SAFE_INTEGER);
    const body = await this.#entryBody(topic, payload);
    const res = await this.#request('POST', 'v1/append', body);
    return parseReceipt(res.json, topic);
  }

  async appendBatch(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    this.#check();
    const list = validateBatch(entries, Number.MAX_SAFE_INTEGER);
    if (list.length === 0) return [];
    const body = { entries: await Promise.all(list.map((e) => this.#entryBody(e.topic, e.payload))) };
    const res = await this.#request('POST', 'v1/batch', body);
    const r = res.json as { receipts?: unknown } | null;
    if (
      r === null ||
      typeof r !== 'object' ||
      !Array.isArray(r.receipts) ||
      r.receipts.length !== list.length
    )
      throw protocolError('a batch answer must hold one receipt per entry');
    return r.receipts.map((x, i) => parseReceipt(x, list[i]!.topic));
  }

  async read(topic: string, options?: ReadOptions): Promise<LedgerEntry[]> {
    this.#check();
    validateTopic(topic);
    const { from, limit } = validateReadOptions(options);
    const out: LedgerEntry[] = [];
    let at = from;
    while (out.length < limit) {
      const want = Math.min(this.#pageSize, limit - out.length);
      const res = await this.#request(
        'GET',
        `v1/entries?topic=${encodeURIComponent(topic)}&from=${at}&limit=${want}`,
      );
      const page = parseEntries(res.json, topic, at);
      for (const e of page.entries) out.push(e);
      if (page.entries.length === 0 || page.next === null) break;
      at = page.next;
    }
    return out;
  }

  async size(topic: string): Promise<number> {
    this.#check();
    validateTopic(topic);
    const res = await this.#request('GET', `v1/size?topic=${encodeURIComponent(topic)}`);
    return parseSize(res.json);
  }

  async info(): Promise<LedgerInfo> {
    this.#check();
    const res = await this.#request('GET', 'v1/info');
    const inner = parseInfo(res.json);
    return { ...inner, kind: this.kind, location: this.#base, backend: inner.kind };
  }

  /**
   * Fetches the inclusion proof (anchor) of an entry, for ledgers that anchor entries in batches.
   *
   * @param topic - the topic
   * @param id - the entry id
   * @returns the anchor as the ledger gives it, or `undefined` when the ledger has none for the entry
   * @throws RealDidError `ERR_GATEWAY_NOT_FOUND` when the topic holds no such entry
   */
  async proof(topic: string, id: string): Promise<Readonly<Record<string, unknown>> | undefined> {
    this.#check();
    validateTopic(topic);
    if (typeof id !== 'string' || !/^z[1-9A-HJ-NP-Za-km-z]{1,60}$/.test(id))
      throw new TypeError('id: expected an entry id');
    const res = await this.#request('GET', `v1/proof?topic=${encodeURIComponent(topic)}&id=${id}`);
    const j = res.json as { anchor?: unknown } | null;
    if (j === null || typeof j !== 'object') throw protocolError('a proof answer must be an object');
    if (j.anchor === null || j.anchor === undefined) return undefined;
    if (typeof j.anchor !== 'object' || Array.isArray(j.anchor))
      throw protocolError('anchor must be an object');
    return j.anchor as Record<string, unknown>;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#cache.clear();
  }

  async #request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ json: unknown }> {
    const url = this.#base + path;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let lastError: RealDidError<HttpLedgerErrorCode> | undefined;
    for (let attempt = 0; attempt <= this.#retries; attempt++) {
      if (attempt > 0) await sleep(this.#backoff(attempt, lastError));
      this.#check();
      const cached = method === 'GET' ? this.#cache.get(url) : undefined;
      const headers: Record<string, string> = { accept: 'application/json' };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      if (cached !== undefined) headers['if-none-match'] = cached.etag;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
      let res: Response;
      let text: string;
      try {
        // Called detached: a browser's fetch throws "Illegal invocation" when `this` is not the
        // window (calling it as this.#fetch(…) would pass the HttpLedger as `this`).
        const detachedFetch = this.#fetch;
        res = await detachedFetch(url, {
          method,
          headers,
          signal: controller.signal,
          ...(payload === undefined ? {} : { body: payload }),
        });
        text = await res.text();
      } catch (err) {
        lastError = controller.signal.aborted
          ? new RealDidError('ERR_LEDGER_TIMEOUT', `the gateway did not answer within ${this.#timeoutMs} ms`)
          : new RealDidError('ERR_LEDGER_UNAVAILABLE', 'the gateway could not be reached', { cause: err });
        continue;
      } finally {
        clearTimeout(timer);
      }
      if (res.status === 304 && cached !== undefined) return { json: cached.json };
      let json: unknown;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (res.ok) {
        if (json === undefined)
          throw protocolError(`the gateway answered ${res.status} with a body that is not JSON`);
        const etag = res.headers.get('etag');
        if (method === 'GET' && etag !== null) this.#cache.set(url, etag, json);
        return { json };
      }
      const err = errorFromBody(res.status, json);
      if (RETRY_STATUS.has(res.status)) {
        lastError = err;
        const ra = Number(res.headers.get('retry-after'));
        if (Number.isFinite(ra) && ra > 0) retryAfter.set(err, Math.min(ra * 1000, MAX_RETRY_AFTER_MS));
        continue;
      }
      throw err;
    }
    throw lastError ?? new RealDidError('ERR_LEDGER_UNAVAILABLE', 'the gateway could not be reached');
  }

  #backoff(attempt: number, err: RealDidError<HttpLedgerErrorCode> | undefined): number {
    const hinted = err === undefined ? undefined : retryAfter.get(err);
    if (hinted !== undefined) return hinted;
    const base = this.#retryDelayMs * 2 ** (attempt - 1);
    return base / 2 + Math.random() * (base / 2);
  }
}

const retryAfter = new WeakMap<object, number>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function protocolError(message: string): RealDidError<HttpLedgerErrorCode> {
  return new RealDidError('ERR_GATEWAY_PROTOCOL', message);
}

const KNOWN = /^ERR_(LEDGER|GATEWAY)_[A-Z_]{1,40}$/;

function errorFromBody(status: number, json: unknown): RealDidError<HttpLedgerErrorCode> {
  const e = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code =
    typeof e?.code === 'string' && KNOWN.test(e.code) ? (e.code as HttpLedgerErrorCode) : undefined;
  const message = typeof e?.message === 'string' ? e.message.slice(0, 500) : `the gateway answered ${status}`;
  if (code !== undefined) return new RealDidError(code, message);
  if (status >= 500) return new RealDidError('ERR_LEDGER_UNAVAILABLE', `the gateway answered ${status}`);
  return protocolError(`the gateway answered ${status} without a coded error`);
}
