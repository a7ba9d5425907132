import type { Clock } from '@realdid/crypto';
import { checkTimeoutMs, readClock, TIMED_OUT, withTimeout } from '@realdid/crypto';
import type { DidResolvers } from '../createDidResolver.js';
import { createDidResolver } from '../createDidResolver.js';
import type { DocumentLoader } from '../createDocumentLoader.js';
import { createDocumentLoader, servesAs } from '../createDocumentLoader.js';
import type { VerificationMethodResolver } from '../VerificationMethodResolver.js';
import { cachedResolve } from '../VerificationMethodResolver.js';
import type { StatusCheck } from '../VerificationResult.js';
import { isUint8Array } from './bbs2023/isBytes.js';
import { vcError } from './errors.js';
import type { ResolvedVerificationMethod } from './keys.js';
import type { DocumentLimits, ResolvedLimits } from './plain.js';
import { checkLimits } from './plain.js';
import type { ProofPurposeName } from './purpose.js';
import type { ResolveVm } from './suites.js';
import { verifyingSuites } from './suites.js';

/** Options shared by every verifying function. */
export interface CommonVerifyOptions {
  /** The JSON-LD document loader (default: the offline {@link createDocumentLoader} loader). */
  readonly documentLoader?: DocumentLoader;
  /**
   * Resolves verification methods for a proof purpose (default: `@realdid/did` without ledgers:
   * did:key, did:jwk, long-form did:realdid; see {@link createDidResolver} for ledgers).
   */
  readonly keyResolver?: VerificationMethodResolver;
  /** @deprecated Use `keyResolver` (the same function); kept for one minor version. */
  readonly resolver?: VerificationMethodResolver;
  /** How long a resolved verification method is reused, in milliseconds (default 300 000). */
  readonly resolverCacheTtlMs?: number;
  /**
   * The clock validity is checked against, read once per call: milliseconds since the epoch,
   * like `Date.now` (the default). Deprecated for one minor version: a `Date` (a fixed instant)
   * or a function returning a `Date`; both are converted.
   */
  readonly now?: Clock | Date | (() => Date);
  /** Tolerated clock skew for validity periods, in seconds (default 300). */
  readonly clockSkewSeconds?: number;
  /** @deprecated Use `clockSkewSeconds`; kept for one minor version. */
  readonly maxClockSkewSeconds?: number;
  /** Checks each `credentialStatus` entry (see `@realdid/status`). */
  readonly checkStatus?: StatusCheck;
  /** @deprecated Use `checkStatus` (the same hook); kept for one minor version. */
  readonly statusCheck?: StatusCheck;
  /**
   * Whether a credential with `credentialStatus` fails (`ERR_VC_STATUS_UNCHECKED`) when no
   * `checkStatus` is given (default true: fail closed). Set false only to knowingly accept
   * credentials whose revocation you do not check.
   */
  readonly requireStatusCheck?: boolean;
  /**
   * The context URLs this verifier accepts, in the order a document must list them (a document
   * lists the base context first, then a subsequence of the others). Default: the base context
   * first, then any context the document loader serves (bundled, pinned by you, or allowed for
   * remote loading), each once.
   */
  readonly contexts?: readonly string[];
  /**
   * **Dangerous.** Accept inline (object) contexts in the documents verified. An inline context
   * can map any term to any IRI: the JSON then says whatever the context makes it say, although
   * the signature still verifies (a credential whose `givenName` and `familyName` are swapped by
   * an inline context verifies). Turn on only for issuers whose inline contexts you control, and
   * read the claims through the context you expect. Default false: `ERR_VC_CONTEXT`.
   */
  readonly allowInlineContexts?: boolean;
  /** Size, depth and canonicalization budgets on the untrusted document. */
  readonly limits?: DocumentLimits;
  /**
   * Bound on each answer of a plug-in — `keyResolver`, a caller's `documentLoader`, `checkStatus` —
   * in milliseconds (default 10,000; `Infinity` for none), so a stuck resolver or status server
   * never hangs verification: a resolver that does not answer in time is
   * `ERR_VC_VERIFICATION_METHOD`, a document loader `ERR_VC_CONTEXT`, a status check
   * `ERR_VC_STATUS_CHECK_FAILED`.
   */
  readonly timeoutMs?: number;
  /**
   * `bbs-2023` `pseudonym` / `holder_binding_pseudonym` disclosures: this verifier's `nym_domain`
   * (its verifier id; a string is taken as its UTF-8 bytes). Such a proof verifies only when it was
   * made for this domain (`ERR_VC_NYM_DOMAIN` otherwise, and when this option is not given); the
   * verified pseudonym is then in the result's `proofs[i].pseudonym`.
   */
  readonly nymDomain?: string | Uint8Array;
}

/** The value of an option that has a deprecated alias (TypeError when both are given and differ). */
function aliased<T>(o: Record<string, unknown>, name: string, old: string): T | undefined {
  const a = o[name];
  const b = o[old];
  if (a !== undefined && b !== undefined && a !== b) {
    throw new TypeError(
      `options.${name}: given together with its deprecated alias ${old}, with another value`,
    );
  }
  return (a !== undefined ? a : b) as T | undefined;
}

let defaultLoader: DocumentLoader | undefined;

/** The shared default document loader (its parsed contexts are reused across calls). */
export function getDefaultLoader(): DocumentLoader {
  defaultLoader ??= createDocumentLoader({ resolveDid: getDefaultDid().didDocument });
  return defaultLoader;
}

let defaultDid: DidResolvers | undefined;

/** The default resolvers: `@realdid/did` without ledgers (did:key, did:jwk, long-form did:realdid). */
export function getDefaultDid(): DidResolvers {
  defaultDid ??= createDidResolver();
  return defaultDid;
}

/** The value `map` holds for `key`, made and stored on first use. */
function memo<K, V>(
  map: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  make: () => V,
): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

const suitesByResolve = new WeakMap<ResolveVm, ReturnType<typeof verifyingSuites>>();
const resolveFns = new WeakMap<VerificationMethodResolver, Map<string, ResolveVm>>();
const boundedLoaders = new WeakMap<DocumentLoader, Map<number, DocumentLoader>>();

/** A caller's document loader whose every answer is bounded by `ms` (one wrapper per loader and bound). */
function boundedLoader(loader: DocumentLoader, ms: number): DocumentLoader {
  if (ms === Number.POSITIVE_INFINITY) return loader;
  return memo(
    memo(boundedLoaders, loader, () => new Map()),
    ms,
    () => {
      const bounded = async (url: string) => {
        const r = await withTimeout(loader(url), ms);
        if (r === TIMED_OUT) {
          throw vcError(
            'ERR_VC_CONTEXT',
            `the document loader gave no document for ${String(url).slice(0, 200)} within ${ms} ms`,
          );
        }
        return r;
      };
      servesAs(bounded, loader);
      return bounded;
    },
  );
}

/** Everything a verification needs, normalised once per call. */
export interface VerifyContext {
  readonly documentLoader: DocumentLoader;
  readonly resolve: (id: string, purpose: ProofPurposeName) => Promise<ResolvedVerificationMethod>;
  readonly suites: ReturnType<typeof verifyingSuites>;
  readonly now: Date;
  readonly skewMs: number;
  readonly statusCheck: StatusCheck | undefined;
  readonly requireStatusCheck: boolean;
  readonly contexts: readonly string[] | undefined;
  readonly allowInlineContexts: boolean;
  readonly limits: ResolvedLimits;
  readonly timeoutMs: number;
  readonly nymDomain: Uint8Array | undefined;
}

/** Validates the options (TypeError on misuse) and builds the verify context. */
export function verifyContext(options: CommonVerifyOptions | undefined): VerifyContext {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new TypeError('options: expected an object');
  const r = o as Record<string, unknown>;
  if (o.documentLoader !== undefined && typeof o.documentLoader !== 'function') {
    throw new TypeError('options.documentLoader: expected a function');
  }
  const keyResolver = aliased<VerificationMethodResolver>(r, 'keyResolver', 'resolver');
  if (keyResolver !== undefined && typeof keyResolver !== 'function') {
    throw new TypeError('options.keyResolver: expected a function');
  }
  const statusCheck = aliased<StatusCheck>(r, 'checkStatus', 'statusCheck');
  if (statusCheck !== undefined && typeof statusCheck !== 'function') {
    throw new TypeError('options.checkStatus: expected a function');
  }
  if (o.requireStatusCheck !== undefined && typeof o.requireStatusCheck !== 'boolean') {
    throw new TypeError('options.requireStatusCheck: expected a boolean');
  }
  if (o.allowInlineContexts !== undefined && typeof o.allowInlineContexts !== 'boolean') {
    throw new TypeError('options.allowInlineContexts: expected a boolean');
  }
  if (
    o.contexts !== undefined &&
    !(Array.isArray(o.contexts) && o.contexts.length > 0 && o.contexts.every((c) => typeof c === 'string'))
  ) {
    throw new TypeError('options.contexts: expected a non-empty array of context URLs');
  }
  const now = new Date(readClock(o.now, 'options.now'));
  const ttl = o.resolverCacheTtlMs === undefined ? 300_000 : o.resolverCacheTtlMs;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
    throw new RangeError('options.resolverCacheTtlMs: expected a non-negative number');
  }
  const givenSkew = aliased<number>(r, 'clockSkewSeconds', 'maxClockSkewSeconds');
  const skew = givenSkew === undefined ? 300 : givenSkew;
  if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0) {
    throw new RangeError('options.clockSkewSeconds: expected a non-negative number');
  }
  const limits = checkLimits(o.limits);
  const nymDomain = nymDomainOption(o.nymDomain);
  const timeoutMs = checkTimeoutMs(o.timeoutMs);
  const resolver = keyResolver ?? getDefaultDid().verificationMethod;
  const byTtl = memo(resolveFns, resolver, () => new Map());
  const resolve = memo(byTtl, `${ttl} ${timeoutMs}`, () => cachedResolve(resolver, ttl, timeoutMs));
  const suites = memo(suitesByResolve, resolve, () => verifyingSuites(resolve));
  return {
    documentLoader:
      o.documentLoader === undefined ? getDefaultLoader() : boundedLoader(o.documentLoader, timeoutMs),
    resolve,
    suites,
    now,
    skewMs: skew * 1000,
    statusCheck,
    requireStatusCheck: o.requireStatusCheck ?? true,
    contexts: o.contexts === undefined ? undefined : [...o.contexts],
    allowInlineContexts: o.allowInlineContexts ?? false,
    limits,
    timeoutMs,
    nymDomain,
  };
}

/** The verifier's `nymDomain` option as bytes (TypeError / RangeError on misuse). */
function nymDomainOption(v: unknown): Uint8Array | undefined {
  if (v === undefined) return undefined;
  const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : isUint8Array(v) ? v.slice() : null;
  if (bytes === null) throw new TypeError('options.nymDomain: expected a string or a Uint8Array');
  if (bytes.length === 0 || bytes.length > 1024)
    throw new RangeError('options.nymDomain: expected 1 to 1024 bytes');
  return bytes;
}
