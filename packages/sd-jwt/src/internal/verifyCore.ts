import type { Clock } from '@realdid/crypto';
import {
  checkTimeoutMs,
  didKeyToPublicKey,
  hashTextBase64url,
  type JwsAlgorithm,
  jwkToPublicKey,
  type KeyType,
  TIMED_OUT,
  withTimeout,
} from '@realdid/crypto';
import { localResolverKey } from '../jwkKeyResolver.js';
import type { StatusChecker } from '../StatusChecker.js';
import type {
  ClaimPath,
  KeyResolver,
  ResolvedKey,
  SdHashAlgorithm,
  SdJwtFlattenedJson,
  SdJwtGeneralJson,
  SdJwtLimits,
} from '../types.js';
import { DEFAULT_SD_JWT_LIMITS } from '../types.js';
import { decodeDisclosures, SD_ALGS, sdAlgOf } from './disclosure.js';
import { isPlainObject } from './encoding.js';
import { sdError } from './errors.js';
import {
  checkAlg,
  jwsSignatureVerifies,
  type ParsedJws,
  parseCompactJws,
  validatedKeyVerifier,
  verifierFor,
  verifyJwsSignature,
} from './jws.js';
import { processPayload } from './process.js';
import { type SplitSdJwt, sdHashInput, splitAny } from './split.js';

/** Expectations on the Key Binding JWT. */
export interface KeyBindingExpectations {
  /** The expected `aud` (this verifier). */
  aud?: string;
  /** The expected `nonce` (this transaction). */
  nonce?: string;
  /** How old a KB-JWT `iat` may be, in seconds (default 300). */
  maxAgeSeconds?: number;
}

/** Options shared by `verifySdJwt` and `verifySdJwtVc`. */
export interface VerifySdJwtOptions {
  /** Finds the issuer's public key (see `jwkKeyResolver`, `didKeyResolver`). */
  keyResolver: KeyResolver;
  /**
   * Allowed JWS algorithms for the Issuer-signed JWT and the KB-JWT (default EdDSA, ES256, ES256K;
   * SM2 signatures only when listed, as `SM2` or `SM2SM3`).
   */
  algorithms?: readonly JwsAlgorithm[];
  /** Allowed `_sd_alg` values (default sha-256, sha-384, sha-512, sm3). */
  sdAlgorithms?: readonly SdHashAlgorithm[];
  /** Accepted `typ` values of the Issuer-signed JWT; when given, `typ` must be one of them. */
  typ?: string | readonly string[];
  /**
   * Whether a KB-JWT is required (default false for `verifySdJwt`, true for `verifySdJwtVc`).
   * A KB-JWT that is present is always verified (signature, typ, iat, sd_hash; aud and nonce when
   * expected values are given), required or not.
   */
  requireKeyBinding?: boolean;
  /** What the KB-JWT must say. Required (with aud and nonce) when key binding is required. */
  keyBinding?: KeyBindingExpectations;
  /**
   * Finds the holder key when `cnf` holds something other than a `jwk` (for instance a `kid`).
   * Without it, `cnf.kid` is only understood when it is a did:key DID URL.
   */
  holderKeyResolver?: (cnf: Readonly<Record<string, unknown>>) => Promise<ResolvedKey>;
  /** The current time in milliseconds (default `Date.now`). */
  now?: Clock;
  /** Tolerated clock difference in seconds for iat/nbf/exp (default 60). */
  clockSkewSeconds?: number;
  /** Claims that must be present in the processed payload (for instance `['exp']`). */
  requiredClaims?: readonly string[];
  /** Limits on the input (defaults in `DEFAULT_SD_JWT_LIMITS`). */
  limits?: Partial<SdJwtLimits>;
  /** Called with the `status` claim when there is one; see {@link StatusChecker}. */
  checkStatus?: StatusChecker;
  /**
   * Whether a credential carrying a `status` claim must have it checked (default true): without a
   * `checkStatus` it is refused with `ERR_SD_JWT_STATUS_UNCHECKED`. Pass `false` to accept such a
   * credential without knowing whether it was revoked — an explicit opt-out.
   */
  requireStatusCheck?: boolean;
  /**
   * Bound on each answer of a plug-in — `keyResolver`, `holderKeyResolver`, `checkStatus` — in
   * milliseconds (default 10,000; `Infinity` for none), so a stuck DID resolver or status server
   * never hangs verification: no issuer key in time is `ERR_SD_JWT_KEY_RESOLUTION`, no holder key
   * `ERR_SD_JWT_CNF`, no status answer `ERR_SD_JWT_STATUS_CHECK`. `jwkKeyResolver`, which answers
   * from memory, is not raced against a timer.
   */
  timeoutMs?: number;
}

/** The result of a successful verification. Failures are thrown as coded `RealDidError`s. */
export interface VerifiedSdJwt {
  verified: true;
  /** The processed payload: undisclosed claims absent, `_sd`, `_sd_alg` and digests removed. */
  claims: Record<string, unknown>;
  /** Paths of the claims that were revealed by disclosures (array indexes as in `claims`). */
  disclosed: ClaimPath[];
  /** The protected header of the Issuer-signed JWT. */
  header: Record<string, unknown>;
  /** The issuer key that verified the signature. */
  issuerKey: ResolvedKey;
  /** The `cnf` claim (holder key confirmation), when present. */
  cnf?: Record<string, unknown>;
  /** The holder key from `cnf`, when the KB-JWT was verified with it. */
  holderKey?: ResolvedKey;
  /** The verified KB-JWT, when present. */
  keyBinding?: { header: Record<string, unknown>; payload: Record<string, unknown> };
  /** The `_sd_alg` in force. */
  sdAlg: SdHashAlgorithm;
  /** The serialization of the input. */
  format: 'compact' | 'flattened' | 'general';
}

const DEFAULT_ALGS: readonly JwsAlgorithm[] = ['EdDSA', 'ES256', 'ES256K'];
const ALLOWED_ALGS = new Set<string>([...DEFAULT_ALGS, 'SM2', 'SM2SM3']);

/** Checked, defaulted options. */
export interface ResolvedOptions {
  keyResolver: KeyResolver;
  algorithms: readonly string[];
  sdAlgorithms: readonly SdHashAlgorithm[];
  typ: readonly string[] | undefined;
  requireKeyBinding: boolean;
  kb: { aud: string | undefined; nonce: string | undefined; maxAge: number };
  holderKeyResolver: VerifySdJwtOptions['holderKeyResolver'];
  now: () => number;
  skew: number;
  requiredClaims: readonly string[];
  limits: SdJwtLimits;
  checkStatus: StatusChecker | undefined;
  requireStatusCheck: boolean;
  timeoutMs: number;
}

function optString(v: unknown, what: string): string | undefined {
  if (v !== undefined && typeof v !== 'string') throw new TypeError(`${what} must be a string`);
  return v as string | undefined;
}

function nonNegative(v: unknown, dflt: number, what: string, integer = false): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new RangeError(`${what} must be a non-negative ${integer ? 'integer' : 'number'}`);
  }
  return v;
}

/** Checks caller options once (TypeError/RangeError on misuse). */
export function resolveOptions(options: unknown, requireKbDefault: boolean): ResolvedOptions {
  if (!isPlainObject(options)) throw new TypeError('options must be an object');
  const o = options as unknown as VerifySdJwtOptions;
  if (typeof o.keyResolver !== 'function') throw new TypeError('options.keyResolver must be a function');
  const algorithms = o.algorithms === undefined ? DEFAULT_ALGS : o.algorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    throw new TypeError('options.algorithms must be a non-empty array');
  for (const a of algorithms) {
    if (!ALLOWED_ALGS.has(a)) throw new TypeError(`unsupported algorithm ${String(a)} (never none)`);
  }
  const sdAlgorithms = o.sdAlgorithms === undefined ? SD_ALGS : o.sdAlgorithms;
  if (!Array.isArray(sdAlgorithms) || sdAlgorithms.some((a) => !SD_ALGS.includes(a))) {
    throw new TypeError('options.sdAlgorithms must list sha-256, sha-384, sha-512 or sm3');
  }
  let typ: readonly string[] | undefined;
  if (o.typ !== undefined) {
    if (o.typ === null) throw new TypeError('options.typ must be strings');
    typ = typeof o.typ === 'string' ? [o.typ] : o.typ;
    if (!Array.isArray(typ) || typ.some((t) => typeof t !== 'string'))
      throw new TypeError('options.typ must be strings');
  }
  const requireKeyBinding = o.requireKeyBinding === undefined ? requireKbDefault : o.requireKeyBinding;
  if (typeof requireKeyBinding !== 'boolean')
    throw new TypeError('options.requireKeyBinding must be a boolean');
  const kbo = o.keyBinding === undefined ? {} : o.keyBinding;
  if (!isPlainObject(kbo)) throw new TypeError('options.keyBinding must be an object');
  const kb = {
    aud: optString(kbo.aud, 'keyBinding.aud'),
    nonce: optString(kbo.nonce, 'keyBinding.nonce'),
    maxAge: nonNegative(kbo.maxAgeSeconds, 300, 'keyBinding.maxAgeSeconds'),
  };
  if (requireKeyBinding && (kb.aud === undefined || kb.nonce === undefined)) {
    throw new TypeError('key binding is required: give keyBinding.aud and keyBinding.nonce');
  }
  if (o.holderKeyResolver !== undefined && typeof o.holderKeyResolver !== 'function') {
    throw new TypeError('options.holderKeyResolver must be a function');
  }
  if (o.now !== undefined && typeof o.now !== 'function')
    throw new TypeError('options.now must be a function');
  if (o.checkStatus !== undefined && typeof o.checkStatus !== 'function') {
    throw new TypeError('options.checkStatus must be a function');
  }
  if (o.requireStatusCheck !== undefined && typeof o.requireStatusCheck !== 'boolean') {
    throw new TypeError('options.requireStatusCheck must be a boolean');
  }
  const requiredClaims = o.requiredClaims === undefined ? [] : o.requiredClaims;
  if (!Array.isArray(requiredClaims) || requiredClaims.some((c) => typeof c !== 'string')) {
    throw new TypeError('options.requiredClaims must be an array of strings');
  }
  const l = o.limits === undefined ? {} : o.limits;
  if (!isPlainObject(l)) throw new TypeError('options.limits must be an object');
  const limits: SdJwtLimits = {
    maxBytes: nonNegative(l.maxBytes, DEFAULT_SD_JWT_LIMITS.maxBytes, 'limits.maxBytes', true),
    maxDisclosures: nonNegative(
      l.maxDisclosures,
      DEFAULT_SD_JWT_LIMITS.maxDisclosures,
      'limits.maxDisclosures',
      true,
    ),
    maxDepth: nonNegative(l.maxDepth, DEFAULT_SD_JWT_LIMITS.maxDepth, 'limits.maxDepth', true),
  };
  return {
    keyResolver: o.keyResolver,
    algorithms,
    sdAlgorithms,
    typ,
    requireKeyBinding,
    kb,
    holderKeyResolver: o.holderKeyResolver,
    now: o.now ?? Date.now,
    skew: nonNegative(o.clockSkewSeconds, 60, 'clockSkewSeconds'),
    requiredClaims,
    limits,
    checkStatus: o.checkStatus,
    requireStatusCheck: o.requireStatusCheck ?? true,
    timeoutMs: checkTimeoutMs(o.timeoutMs),
  };
}

/**
 * Holder keys from `cnf.jwk`, cached so a repeated holder key is imported once. The cache is
 * consulted only for a JWK that passed the structural checks. It is looked up by `x` and an entry
 * is taken only when the JWK has exactly the members of the one stored, with the same values (in
 * any order): an entry is only ever found for exactly the JWK that was validated when it was
 * stored. Only JWKs whose members are all strings are cached.
 */
const holderKeyCache = new Map<
  string,
  { members: Record<string, string>; count: number; key: ResolvedKey }
>();
const HOLDER_CACHE_MAX = 512;

const JWK_REQUIRED = ['kty', 'crv', 'x'] as const;
const JWK_OPTIONAL = ['y', 'alg', 'kid', 'use'] as const;

/** Structural checks of a `cnf.jwk` before anything looks it up. */
function checkHolderJwk(jwk: unknown): asserts jwk is Record<string, unknown> & { x: string } {
  if (!isPlainObject(jwk)) throw sdError('ERR_SD_JWT_CNF', 'cnf.jwk must be an object');
  if (jwk.d !== undefined) throw sdError('ERR_SD_JWT_CNF', 'cnf.jwk holds private key material');
  for (const m of JWK_REQUIRED) {
    if (typeof jwk[m] !== 'string') throw sdError('ERR_SD_JWT_CNF', `cnf.jwk.${m} must be a string`);
  }
  for (const m of JWK_OPTIONAL) {
    if (jwk[m] !== undefined && typeof jwk[m] !== 'string')
      throw sdError('ERR_SD_JWT_CNF', `cnf.jwk.${m} must be a string`);
  }
}

/** Whether `jwk` has exactly the `count` members of `members` (a null-prototype copy), same values. */
function sameMembers(jwk: Record<string, unknown>, members: Record<string, string>, count: number): boolean {
  let n = 0;
  for (const k in jwk) {
    if (!Object.hasOwn(jwk, k)) continue;
    if (!Object.hasOwn(members, k) || members[k] !== jwk[k]) return false;
    n++;
  }
  return n === count;
}

/** A null-prototype copy of the members of an all-string JWK and their count; undefined otherwise. */
function stringMembers(
  jwk: Record<string, unknown>,
): { members: Record<string, string>; count: number } | undefined {
  const members: Record<string, string> = Object.create(null);
  let count = 0;
  for (const k in jwk) {
    if (!Object.hasOwn(jwk, k)) continue;
    const v = jwk[k];
    if (typeof v !== 'string') return undefined;
    members[k] = v; // a null-prototype object: even '__proto__' is an own data property
    count++;
  }
  return { members, count };
}

function holderKeyFromJwk(jwk: unknown): ResolvedKey {
  checkHolderJwk(jwk);
  const hit = holderKeyCache.get(jwk.x);
  if (hit !== undefined && sameMembers(jwk, hit.members, hit.count)) return hit.key;
  let key: ResolvedKey;
  try {
    const k = jwkToPublicKey(jwk);
    key = Object.freeze({ type: k.type, publicKey: k.publicKey });
  } catch (cause) {
    throw sdError('ERR_SD_JWT_CNF', 'cnf.jwk is not a valid public key', cause);
  }
  const copy = stringMembers(jwk);
  if (copy === undefined) return key;
  if (hit === undefined && holderKeyCache.size >= HOLDER_CACHE_MAX)
    holderKeyCache.delete(holderKeyCache.keys().next().value as string);
  holderKeyCache.set(jwk.x, { members: copy.members, count: copy.count, key });
  return key;
}

/**
 * The holder key named by `cnf`, when it can be had without calling out: from `cnf.jwk`, or from
 * a did:key `cnf.kid`. `'resolver'` when the caller's `holderKeyResolver` must be asked (that is
 * done only once the issuer signature has verified).
 */
function holderKeyNow(cnf: unknown, o: ResolvedOptions): ResolvedKey | 'resolver' {
  if (!isPlainObject(cnf))
    throw sdError('ERR_SD_JWT_CNF', 'the payload has no cnf object to verify key binding with');
  if (cnf.jwk !== undefined) return holderKeyFromJwk(cnf.jwk);
  if (o.holderKeyResolver !== undefined) return 'resolver';
  const kid = cnf.kid;
  if (typeof kid === 'string' && kid.startsWith('did:key:')) {
    try {
      const k = didKeyToPublicKey(kid.split('#', 1)[0]!);
      return { type: k.type, publicKey: k.publicKey };
    } catch (cause) {
      throw sdError('ERR_SD_JWT_CNF', 'cnf.kid is not a valid did:key', cause);
    }
  }
  throw sdError('ERR_SD_JWT_CNF', 'cnf has no jwk (give a holderKeyResolver for other confirmation methods)');
}

/** The caller's holder key resolver, its failures coded. */
async function resolveHolderKey(cnf: Record<string, unknown>, o: ResolvedOptions): Promise<ResolvedKey> {
  let key: ResolvedKey | typeof TIMED_OUT;
  try {
    key = await withTimeout(o.holderKeyResolver!(cnf), o.timeoutMs);
  } catch (cause) {
    throw sdError('ERR_SD_JWT_CNF', 'the holder key could not be resolved', cause);
  }
  if (key === TIMED_OUT) throw sdError('ERR_SD_JWT_CNF', `no holder key within ${o.timeoutMs} ms`);
  return key;
}

function checkHolderKeyType(hk: ResolvedKey, kbType: KeyType): void {
  if (hk.type !== kbType)
    throw sdError('ERR_SD_JWT_KB_SIGNATURE', `the cnf key is ${hk.type}, KB-JWT alg needs ${kbType}`);
}

function numericDate(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw sdError('ERR_SD_JWT_CLAIM_INVALID', `${name} must be a NumericDate`);
  }
  return v;
}

/** iat / nbf / exp checks (RFC 7519) with skew. */
export function checkValidity(claims: Record<string, unknown>, nowSec: number, skew: number): void {
  if (claims.exp !== undefined && numericDate(claims.exp, 'exp') <= nowSec - skew) {
    throw sdError('ERR_SD_JWT_EXPIRED', 'the SD-JWT has expired');
  }
  if (claims.nbf !== undefined && numericDate(claims.nbf, 'nbf') > nowSec + skew) {
    throw sdError('ERR_SD_JWT_NOT_YET_VALID', 'the SD-JWT is not valid yet (nbf)');
  }
  if (claims.iat !== undefined && numericDate(claims.iat, 'iat') > nowSec + skew) {
    throw sdError('ERR_SD_JWT_IAT_IN_FUTURE', 'the SD-JWT is issued in the future (iat)');
  }
}

async function resolveIssuerKey(jws: ParsedJws, keyType: string, o: ResolvedOptions): Promise<ResolvedKey> {
  // A jwkKeyResolver answers from memory: its key is taken as it is, never raced against a timer.
  const local = localResolverKey(o.keyResolver);
  if (local !== undefined) return checkIssuerKey(local, keyType);
  let key: ResolvedKey | typeof TIMED_OUT;
  try {
    key = await withTimeout(o.keyResolver(jws.header, jws.payload), o.timeoutMs);
  } catch (cause) {
    if ((cause as { code?: unknown })?.code === 'ERR_SD_JWT_KEY_RESOLUTION') throw cause;
    throw sdError('ERR_SD_JWT_KEY_RESOLUTION', 'the issuer key could not be resolved', cause);
  }
  if (key === TIMED_OUT) throw sdError('ERR_SD_JWT_KEY_RESOLUTION', `no issuer key within ${o.timeoutMs} ms`);
  return checkIssuerKey(key, keyType);
}

/** The resolved issuer key must be a key, of the type the `alg` needs. */
function checkIssuerKey(key: ResolvedKey, keyType: string): ResolvedKey {
  if (typeof key !== 'object' || key === null || !(key.publicKey instanceof Uint8Array)) {
    throw sdError('ERR_SD_JWT_KEY_RESOLUTION', 'the key resolver returned no key');
  }
  if (key.type !== keyType) {
    throw sdError('ERR_SD_JWT_KEY_RESOLUTION', `the issuer key is ${key.type}, alg needs ${keyType}`);
  }
  return key;
}

/**
 * Everything of RFC 9901 §7 that needs no signature, worked out in one stretch before the
 * signatures are checked (see {@link verifyCore}). Nothing here is trusted or returned until the
 * issuer signature verifies; a failure is kept, to be thrown where §7 meets it.
 */
interface Ahead {
  sdAlg?: SdHashAlgorithm;
  claims?: Record<string, unknown>;
  disclosed?: ClaimPath[];
  kb?: ParsedJws;
  kbType?: KeyType;
  /** The holder key, or `'resolver'` when the caller's resolver is to be asked. */
  holderKey?: ResolvedKey | 'resolver';
  /** The first failure before the KB-JWT signature in §7 order (disclosures … holder key). */
  before?: unknown;
  /** The first failure after it (KB-JWT iat, exp, nbf, aud, nonce, sd_hash). */
  after?: unknown;
  /** Which signature of the presentation `sd_hash` was computed over (0 but for general JSON). */
  sdHashSignature?: number;
}

function lookAhead(payload: Record<string, unknown>, split: SplitSdJwt, o: ResolvedOptions): Ahead {
  const a: Ahead = {};
  let kb: ParsedJws;
  let nowSec: number;
  let sdAlg: SdHashAlgorithm;
  try {
    // 2. _sd_alg, disclosures (each hashed once), processing.
    sdAlg = sdAlgOf(payload, o.sdAlgorithms);
    const map = decodeDisclosures(split.disclosures, sdAlg);
    const { claims, disclosed } = processPayload(payload, map, o.limits.maxDepth);
    a.sdAlg = sdAlg;
    a.claims = claims;
    a.disclosed = disclosed;
    // 3. Validity.
    nowSec = o.now() / 1000;
    for (const c of o.requiredClaims) {
      if (!Object.hasOwn(claims, c))
        throw sdError('ERR_SD_JWT_CLAIM_INVALID', `required claim ${c} is missing`);
    }
    checkValidity(claims, nowSec, o.skew);
    // 4. Key binding, up to its signature.
    if (split.kbJwt === undefined) {
      if (o.requireKeyBinding)
        throw sdError('ERR_SD_JWT_KB_REQUIRED', 'key binding is required but there is no KB-JWT');
      return a;
    }
    kb = parseCompactJws(split.kbJwt, 'KB-JWT');
    const kbType = checkAlg(kb.header, o.algorithms, 'KB-JWT');
    if (kb.header.typ !== 'kb+jwt') throw sdError('ERR_SD_JWT_TYP', 'KB-JWT typ must be kb+jwt');
    const hk = holderKeyNow(claims.cnf, o);
    if (hk !== 'resolver') checkHolderKeyType(hk, kbType);
    a.kb = kb;
    a.kbType = kbType;
    a.holderKey = hk;
  } catch (err) {
    a.before = err;
    return a;
  }
  // What follows the KB-JWT signature.
  const p = kb.payload;
  const iat = p.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    a.after = sdError('ERR_SD_JWT_KB_IAT', 'KB-JWT iat must be a NumericDate');
  } else if (iat > nowSec + o.skew || iat < nowSec - o.kb.maxAge - o.skew) {
    a.after = sdError('ERR_SD_JWT_KB_IAT', 'KB-JWT iat is outside the accepted window');
  } else if (p.exp !== undefined && (typeof p.exp !== 'number' || !Number.isFinite(p.exp))) {
    a.after = sdError('ERR_SD_JWT_CLAIM_INVALID', 'KB-JWT exp must be a NumericDate');
  } else if (p.nbf !== undefined && (typeof p.nbf !== 'number' || !Number.isFinite(p.nbf))) {
    a.after = sdError('ERR_SD_JWT_CLAIM_INVALID', 'KB-JWT nbf must be a NumericDate');
  } else if (p.exp !== undefined && (p.exp as number) <= nowSec - o.skew) {
    // RFC 9901 §7.3 step 5: the KB-JWT must be valid in all other respects per RFC 7519.
    a.after = sdError('ERR_SD_JWT_KB_EXPIRED', 'the KB-JWT has expired (exp)');
  } else if (p.nbf !== undefined && (p.nbf as number) > nowSec + o.skew) {
    a.after = sdError('ERR_SD_JWT_KB_NOT_YET_VALID', 'the KB-JWT is not valid yet (nbf)');
  } else if (typeof p.aud !== 'string' || (o.kb.aud !== undefined && p.aud !== o.kb.aud)) {
    a.after = sdError('ERR_SD_JWT_KB_AUD', 'KB-JWT aud is not the expected audience');
  } else if (typeof p.nonce !== 'string' || (o.kb.nonce !== undefined && p.nonce !== o.kb.nonce)) {
    a.after = sdError('ERR_SD_JWT_KB_NONCE', 'KB-JWT nonce is not the expected nonce');
  } else if (typeof p.sd_hash !== 'string') {
    a.after = sdError('ERR_SD_JWT_SD_HASH', 'KB-JWT sd_hash is missing');
  } else {
    // RFC 9901 §8.1, §8.4: over the compact SD-JWT built from a signature of the presentation. For
    // the general serialization, whichever signature it names must be one that verifies (checked
    // once the signatures are).
    const sdHash = p.sd_hash;
    let i = -1;
    if (
      sdHash === hashTextBase64url(sdAlg, split.compactPrefix ?? sdHashInput(split.jwt, split.disclosures))
    ) {
      i = 0;
    } else {
      for (let k = 0; k < split.otherJwts.length; k++) {
        if (sdHash === hashTextBase64url(sdAlg, sdHashInput(split.otherJwts[k]!, split.disclosures))) {
          i = k + 1;
          break;
        }
      }
    }
    if (i < 0) a.after = sdError('ERR_SD_JWT_SD_HASH', 'KB-JWT sd_hash does not match the presented SD-JWT');
    else a.sdHashSignature = i;
  }
  return a;
}

/**
 * The whole of RFC 9901 §7.1 and §7.3.
 *
 * The work is ordered for speed, the outcome as in §7. Everything that needs no signature (the
 * disclosures, the processing, the validity claims, the parsing and the claims of the KB-JWT,
 * `sd_hash`) is worked out in one stretch first; then the issuer signature and the KB-JWT
 * signature are checked back to back. Nothing worked out early is used unless the issuer
 * signature verifies, a failure found early is thrown at the step where §7 meets it (so an input
 * with several faults gets the same error code as in the plain order), and a caller's
 * `holderKeyResolver` is called only after the issuer signature has verified.
 */
export async function verifyCore(
  input: string | SdJwtFlattenedJson | SdJwtGeneralJson,
  o: ResolvedOptions,
): Promise<VerifiedSdJwt> {
  const split = splitAny(input, o.limits);
  // 1. Issuer-signed JWT: alg allow-list, typ, key, signature.
  const first = parseCompactJws(split.jwt, 'Issuer-signed JWT');
  // Every signature of the general JSON serialization covers the same payload, so this holds
  // whichever of them verifies.
  const a = lookAhead(first.payload, split, o);
  const sigs = [first];
  for (const other of split.otherJwts) sigs.push(parseCompactJws(other, 'Issuer-signed JWT'));
  const localKey = sigs.length === 1 ? localResolverKey(o.keyResolver) : undefined;
  const verified =
    localKey !== undefined
      ? verifyIssuerSignatureLocal(first, localKey, o)
      : await verifyIssuerSignatures(sigs, o);
  const { jws, key: issuerKey, index } = verified;
  const header = jws.header;
  // The KB-JWT signature, right after the issuer's when the holder key is already known.
  const kb = a.kb;
  let hk = a.holderKey;
  const kbOk =
    a.before === undefined && kb !== undefined && hk !== undefined && hk !== 'resolver'
      ? jwsSignatureVerifies(kb, validatedKeyVerifier(hk), 'KB-JWT')
      : undefined;
  // 2.–4., in §7 order.
  if (a.before !== undefined) throw a.before;
  const claims = a.claims!;
  const result: VerifiedSdJwt = {
    verified: true,
    claims,
    disclosed: a.disclosed!,
    header,
    issuerKey,
    sdAlg: a.sdAlg!,
    format: split.format,
  };
  if (isPlainObject(claims.cnf)) result.cnf = claims.cnf;
  if (kb !== undefined) {
    let ok = kbOk;
    if (hk === 'resolver') {
      hk = await resolveHolderKey(claims.cnf as Record<string, unknown>, o);
      checkHolderKeyType(hk, a.kbType!);
      ok = jwsSignatureVerifies(kb, verifierFor(hk), 'KB-JWT');
    }
    if (!ok) throw sdError('ERR_SD_JWT_KB_SIGNATURE', 'KB-JWT signature does not verify');
    if (a.after !== undefined) throw a.after;
    // sd_hash named another signature than the one tried first: it must verify too.
    if (a.sdHashSignature !== undefined && a.sdHashSignature !== index) {
      const named = sigs[a.sdHashSignature]!;
      try {
        await verifyIssuerSignatures([named], o);
      } catch (cause) {
        throw sdError('ERR_SD_JWT_SD_HASH', 'KB-JWT sd_hash is over a signature that does not verify', cause);
      }
    }
    result.holderKey = hk!; // set together with a.kb
    result.keyBinding = { header: kb.header, payload: kb.payload };
  }
  // 5. Status.
  if (claims.status !== undefined) {
    if (!isPlainObject(claims.status)) throw sdError('ERR_SD_JWT_CLAIM_INVALID', 'status must be an object');
    if (o.checkStatus !== undefined) await runStatusCheck(o.checkStatus, claims.status, claims, o.timeoutMs);
    else refuseUncheckedStatus(o);
  }
  return result;
}

/**
 * Fail closed: a credential with a `status` claim and no status hook is refused unless the caller
 * said `requireStatusCheck: false`.
 */
export function refuseUncheckedStatus(o: ResolvedOptions): void {
  if (o.requireStatusCheck) {
    throw sdError(
      'ERR_SD_JWT_STATUS_UNCHECKED',
      'the credential has a status claim but no checkStatus was given (pass requireStatusCheck: false to accept it unchecked)',
    );
  }
}

/**
 * The issuer signatures of the presentation (one, or several for the general JSON serialization,
 * RFC 9901 §8.3), tried in order: every one whose `alg` is allowed, whose `typ` fits and whose key
 * resolves is checked until one verifies. When none does, the first signature's own failure is
 * thrown (a signature that does not verify is `ERR_SD_JWT_SIGNATURE` ahead of the others' faults).
 */
async function verifyIssuerSignatures(
  sigs: readonly ParsedJws[],
  o: ResolvedOptions,
): Promise<{ jws: ParsedJws; key: ResolvedKey; index: number }> {
  let firstError: unknown;
  let badSignature: unknown;
  for (let i = 0; i < sigs.length; i++) {
    const jws = sigs[i]!;
    try {
      const keyType = checkIssuerHeader(jws, o);
      const key = await resolveIssuerKey(jws, keyType, o);
      verifyJwsSignature(jws, verifierFor(key), 'ERR_SD_JWT_SIGNATURE', 'Issuer-signed JWT');
      return { jws, key, index: i };
    } catch (err) {
      firstError ??= err;
      if (badSignature === undefined && (err as { code?: unknown })?.code === 'ERR_SD_JWT_SIGNATURE')
        badSignature = err;
    }
  }
  throw sigs.length > 1 && badSignature !== undefined ? badSignature : firstError;
}

/**
 * {@link verifyIssuerSignatures} for one signature and a key held in memory (`jwkKeyResolver`):
 * the same checks in the same order, with nothing to wait for.
 */
function verifyIssuerSignatureLocal(
  jws: ParsedJws,
  localKey: ResolvedKey,
  o: ResolvedOptions,
): { jws: ParsedJws; key: ResolvedKey; index: number } {
  const key = checkIssuerKey(localKey, checkIssuerHeader(jws, o));
  verifyJwsSignature(jws, verifierFor(key), 'ERR_SD_JWT_SIGNATURE', 'Issuer-signed JWT');
  return { jws, key, index: 0 };
}

/** The issuer header's `alg` against the allow-list and its `typ` against the accepted ones. */
function checkIssuerHeader(jws: ParsedJws, o: ResolvedOptions): KeyType {
  const keyType = checkAlg(jws.header, o.algorithms, 'Issuer-signed JWT');
  if (o.typ !== undefined && (typeof jws.header.typ !== 'string' || !o.typ.includes(jws.header.typ))) {
    throw sdError('ERR_SD_JWT_TYP', `Issuer-signed JWT typ must be ${o.typ.join(' or ')}`);
  }
  return keyType;
}

/** Calls the status hook and maps its answer to a code. */
export async function runStatusCheck(
  checker: StatusChecker,
  status: Record<string, unknown>,
  claims: Record<string, unknown>,
  timeoutMs: number,
): Promise<void> {
  let answer: unknown;
  try {
    answer = await withTimeout(checker(status, claims), timeoutMs);
  } catch (cause) {
    throw sdError('ERR_SD_JWT_STATUS_CHECK', 'the status check failed', cause);
  }
  if (answer === TIMED_OUT)
    throw sdError('ERR_SD_JWT_STATUS_CHECK', `the status check gave no answer within ${timeoutMs} ms`);
  if (answer === 'revoked') throw sdError('ERR_SD_JWT_REVOKED', 'the credential is revoked');
  if (answer === 'suspended') throw sdError('ERR_SD_JWT_SUSPENDED', 'the credential is suspended');
  if (answer !== 'valid') throw sdError('ERR_SD_JWT_STATUS_CHECK', 'the status check gave no valid answer');
}
