import { sha256, utf8Encode } from '@realdid/crypto';
import { BUNDLED_CONTEXTS } from './internal/contexts/index.js';
import { vcError } from './internal/errors.js';
import { isObject } from './internal/plain.js';

/** What a JSON-LD document loader answers. */
export interface RemoteDocument {
  readonly contextUrl: null;
  readonly documentUrl: string;
  readonly document: unknown;
  /**
   * `static` for pinned contexts: jsonld then keeps the processed context in its process-wide
   * cache and reuses it (instead of reprocessing the context on every canonicalization).
   */
  readonly tag?: 'static';
}

/** A JSON-LD document loader: URL in, document out; rejects with a coded error. */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/**
 * A context given by the integrator: its exact JSON text and the sha-256 (lower-case hex) that
 * text must have. The hash is checked when the context is first loaded.
 */
export interface PinnedContext {
  readonly text: string;
  readonly sha256: string;
}

/** Options of {@link createDocumentLoader}. */
export interface DocumentLoaderOptions {
  /** Extra contexts, by URL, each pinned by sha-256. They take precedence over bundled ones. */
  readonly contexts?: Readonly<Record<string, PinnedContext>>;
  /**
   * URLs that may be fetched from the network (exact match), with the fetch function to use
   * (default: the global `fetch`). Fetched documents are cached for the loader's lifetime. Off by
   * default: nothing is fetched.
   */
  readonly remote?: {
    readonly allow: readonly string[];
    readonly fetch?: (url: string) => Promise<unknown>;
  };
  /**
   * Resolves a DID (without fragment) to its DID document: pass
   * `createDidResolver(…).didDocument` (`@realdid/did`). Without it, DID URLs are refused.
   */
  readonly resolveDid?: (did: string) => Promise<unknown>;
}

const checked = new Map<string, unknown>();

/** For each loader made here (or wrapping one), the pinned document it serves for a URL, uncloned. */
const pinnedOf = new WeakMap<DocumentLoader, (url: string) => unknown>();

/**
 * The frozen master of the pinned context `loader` serves for `url` (undefined when the loader
 * was not made by {@link createDocumentLoader}, or pins nothing there). Not exported from the
 * package.
 */
export function pinnedDocument(loader: DocumentLoader, url: string): unknown {
  return pinnedOf.get(loader)?.(url);
}

/** Records that `wrapper` serves what `inner` serves (a loader bounded in time). */
export function servesAs(wrapper: DocumentLoader, inner: DocumentLoader): void {
  const of = pinnedOf.get(inner);
  if (of !== undefined) pinnedOf.set(wrapper, of);
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** Parses a pinned context once (per text and hash), checking its hash. Parsed objects are reused. */
function loadPinned(url: string, ctx: PinnedContext): unknown {
  const key = `${ctx.sha256} ${url}`;
  const hit = checked.get(key);
  if (hit !== undefined) return hit;
  const actual = hex(sha256(utf8Encode(ctx.text)));
  if (actual !== ctx.sha256.toLowerCase()) {
    throw vcError('ERR_VC_CONTEXT_HASH_MISMATCH', `the context ${url} does not have its pinned sha-256`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(ctx.text);
  } catch (e) {
    throw vcError('ERR_VC_CONTEXT', `the context ${url} is not JSON`, e);
  }
  deepFreeze(doc);
  checked.set(key, doc);
  return doc;
}

/**
 * Creates the offline JSON-LD document loader used for canonicalization.
 *
 * It serves the bundled contexts (credentials v1 and v2, undefined-terms v2, data-integrity v1 and
 * v2, multikey v1, jwk v1, did v1 and v1.1, cid v1, Bitstring Status List v1), each pinned by the
 * sha-256 of its text and checked on first load, then parsed once and reused; the integrator's
 * pinned contexts; DID URLs through `resolveDid` (the default loader of the other functions binds
 * `@realdid/did`). Any other
 * URL is refused with `ERR_VC_CONTEXT_NOT_ALLOWED` unless it is on the `remote.allow` list.
 *
 * @param options - extra pinned contexts, a remote allow-list, a DID resolver
 * @returns the document loader
 * @throws TypeError when the options are malformed
 * @example
 * ```ts
 * import { createDocumentLoader } from '@realdid/vc';
 * const load = createDocumentLoader();
 * const { document } = await load('https://www.w3.org/ns/credentials/v2');
 * await load('https://example.com/unknown').catch((e) => e.code); // 'ERR_VC_CONTEXT_NOT_ALLOWED'
 * ```
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError('options: expected an object');
  }
  const extra = new Map<string, PinnedContext>();
  if (options.contexts !== undefined) {
    if (!isObject(options.contexts)) throw new TypeError('options.contexts: expected an object keyed by URL');
    for (const [url, c] of Object.entries(options.contexts)) {
      if (
        !isObject(c) ||
        typeof c.text !== 'string' ||
        typeof c.sha256 !== 'string' ||
        !/^[0-9a-fA-F]{64}$/.test(c.sha256)
      ) {
        throw new TypeError(`options.contexts["${url}"]: expected { text, sha256 (64 hex digits) }`);
      }
      extra.set(url, { text: c.text, sha256: c.sha256 });
    }
  }
  const allow = new Set<string>();
  let fetcher: ((url: string) => Promise<unknown>) | undefined;
  if (options.remote !== undefined) {
    if (!isObject(options.remote) || !Array.isArray(options.remote.allow)) {
      throw new TypeError('options.remote: expected { allow: string[], fetch? }');
    }
    for (const u of options.remote.allow) {
      if (typeof u !== 'string') throw new TypeError('options.remote.allow: expected strings');
      allow.add(u);
    }
    fetcher = options.remote.fetch ?? defaultFetch;
    if (typeof fetcher !== 'function') throw new TypeError('options.remote.fetch: expected a function');
  }
  const resolveDid = options.resolveDid;
  if (resolveDid !== undefined && typeof resolveDid !== 'function') {
    throw new TypeError('options.resolveDid: expected a function');
  }
  const remoteCache = new Map<string, Promise<unknown>>();

  const loader = async (url: string): Promise<RemoteDocument> => {
    if (typeof url !== 'string')
      throw vcError('ERR_VC_CONTEXT_NOT_ALLOWED', 'a document URL must be a string');
    const pinned = extra.get(url) ?? BUNDLED_CONTEXTS.get(url);
    if (pinned !== undefined) {
      // jsonld resolves URLs inside a loaded context in place, so it gets its own copy of the
      // frozen, hash-checked master; `static` lets jsonld cache the processed context.
      return {
        contextUrl: null,
        documentUrl: url,
        document: structuredClone(loadPinned(url, pinned)),
        tag: 'static',
      };
    }
    if (url.startsWith('did:')) {
      const did = url.split('#')[0]!;
      const doc = resolveDid !== undefined ? await resolveDid(did) : undefined;
      if (!isObject(doc)) throw vcError('ERR_VC_CONTEXT_NOT_ALLOWED', `cannot resolve ${did}`);
      if (url === did) return { contextUrl: null, documentUrl: url, document: doc };
      const vm = [doc.verificationMethod].flat().find((m) => isObject(m) && m.id === url);
      if (!isObject(vm)) throw vcError('ERR_VC_CONTEXT_NOT_ALLOWED', `no verification method ${url}`);
      return { contextUrl: null, documentUrl: url, document: { '@context': doc['@context'], ...vm } };
    }
    if (fetcher !== undefined && allow.has(url)) {
      let p = remoteCache.get(url);
      if (p === undefined) {
        p = fetcher(url).then((d) => deepFreeze(typeof d === 'string' ? JSON.parse(d) : d));
        remoteCache.set(url, p);
        p.catch(() => remoteCache.delete(url));
      }
      return { contextUrl: null, documentUrl: url, document: structuredClone(await p), tag: 'static' };
    }
    throw vcError('ERR_VC_CONTEXT_NOT_ALLOWED', `the document loader does not serve ${url}`);
  };
  pinnedOf.set(loader, (url) => {
    const pinned = extra.get(url) ?? BUNDLED_CONTEXTS.get(url);
    return pinned === undefined ? undefined : loadPinned(url, pinned);
  });
  return loader;
}

async function defaultFetch(url: string): Promise<unknown> {
  const res = await fetch(url, {
    headers: { accept: 'application/ld+json, application/json' },
    redirect: 'error',
  });
  if (!res.ok) throw vcError('ERR_VC_CONTEXT_NOT_ALLOWED', `fetching ${url} failed with HTTP ${res.status}`);
  return res.json();
}
