import { checkTimeoutMs, TIMED_OUT, withTimeout } from '@realdid/crypto';
import type { DidResolvers } from '../createDidResolver.js';
import { createDidResolver } from '../createDidResolver.js';
import type { DocumentLoader } from '../createDocumentLoader.js';
import { createDocumentLoader } from '../createDocumentLoader.js';
import type { VerificationMethodResolver } from '../VerificationMethodResolver.js';
import { cachedResolve } from '../VerificationMethodResolver.js';
import type { StatusCheck } from '../VerificationResult.js';
import { vcError } from './errors.js';
import type { ResolvedVerificationMethod } from './keys.js';
import type { DocumentLimits } from './plain.js';
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
  readonly resolver?: VerificationMethodResolver;
  /** How long a resolved verification method is reused, in milliseconds (default 300 000). */
  readonly resolverCacheTtlMs?: number;
  /** The time to check validity against (default: now). */
  readonly now?: Date;
  /** Tolerated clock skew for validity periods, in seconds (default 300). */
  readonly maxClockSkewSeconds?: number;
  /** Checks each `credentialStatus` entry (see `@realdid/status`). */
  readonly statusCheck?: StatusCheck;
  /**
   * Whether a credential with `credentialStatus` fails (`ERR_VC_STATUS_UNCHECKED`) when no
   * `statusCheck` is given (default true: fail closed).
   */
  readonly requireStatusCheck?: boolean;
  /** Size and depth limits on the untrusted document. */
  readonly limits?: DocumentLimits;
  /**
   * Bound on each answer of a plug-in — `resolver`, a caller's `documentLoader`, `statusCheck` —
   * in milliseconds (default 10,000; `Infinity` for none), so a stuck resolver or status server
   * never hangs verification: a resolver that does not answer in time is
   * `ERR_VC_VERIFICATION_METHOD`, a document loader `ERR_VC_CONTEXT`, a status check
   * `ERR_VC_STATUS_CHECK_FAILED`.
   */
  readonly timeoutMs?: number;
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
    () => async (url: string) => {
      const r = await withTimeout(loader(url), ms);
      if (r === TIMED_OUT) {
        throw vcError(
          'ERR_VC_CONTEXT',
          `the document loader gave no document for ${String(url).slice(0, 200)} within ${ms} ms`,
        );
      }
      return r;
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
  readonly limits: DocumentLimits;
  readonly timeoutMs: number;
}

/** Validates the options (TypeError on misuse) and builds the verify context. */
export function verifyContext(options: CommonVerifyOptions | undefined): VerifyContext {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new TypeError('options: expected an object');
  if (o.documentLoader !== undefined && typeof o.documentLoader !== 'function') {
    throw new TypeError('options.documentLoader: expected a function');
  }
  if (o.resolver !== undefined && typeof o.resolver !== 'function') {
    throw new TypeError('options.resolver: expected a function');
  }
  if (o.statusCheck !== undefined && typeof o.statusCheck !== 'function') {
    throw new TypeError('options.statusCheck: expected a function');
  }
  if (o.now !== undefined && !(o.now instanceof Date && Number.isFinite(o.now.getTime()))) {
    throw new TypeError('options.now: expected a valid Date');
  }
  const ttl = o.resolverCacheTtlMs ?? 300_000;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
    throw new RangeError('options.resolverCacheTtlMs: expected a non-negative number');
  }
  const skew = o.maxClockSkewSeconds ?? 300;
  if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0) {
    throw new RangeError('options.maxClockSkewSeconds: expected a non-negative number');
  }
  const timeoutMs = checkTimeoutMs(o.timeoutMs);
  const resolver = o.resolver ?? getDefaultDid().verificationMethod;
  const byTtl = memo(resolveFns, resolver, () => new Map());
  const resolve = memo(byTtl, `${ttl} ${timeoutMs}`, () => cachedResolve(resolver, ttl, timeoutMs));
  const suites = memo(suitesByResolve, resolve, () => verifyingSuites(resolve));
  return {
    documentLoader:
      o.documentLoader === undefined ? getDefaultLoader() : boundedLoader(o.documentLoader, timeoutMs),
    resolve,
    suites,
    now: o.now ?? new Date(),
    skewMs: skew * 1000,
    statusCheck: o.statusCheck,
    requireStatusCheck: o.requireStatusCheck ?? true,
    limits: o.limits ?? {},
    timeoutMs,
  };
}
