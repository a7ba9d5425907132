import type { Clock } from '@realdid/crypto';
import { checkTimeoutMs } from '@realdid/crypto';
import {
  DEFAULT_STATUS_LIST_ALGORITHMS,
  STATUS_LIST_ALGORITHMS,
  STATUS_LIST_JWT_TYP,
} from './createStatusListToken.js';
import { decodeStatusList } from './encodeStatusList.js';
import { checkFunction, checkInteger, checkString, describe, statusError } from './internal/errors.js';
import { parseCompactJwt } from './internal/jwt.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, documentText, type SizeLimits } from './internal/limits.js';
import { renamedOption } from './internal/options.js';
import { verifyJwsSignature } from './internal/verifySignature.js';
import type { StatusList } from './StatusList.js';
import type { StatusListKeyResolver } from './StatusListKeyResolver.js';

/** Options of {@link verifyStatusListToken}. */
export interface VerifyStatusListTokenOptions extends SizeLimits {
  /** The URI the credential points to; the token's `sub` must equal it. */
  uri: string;
  /** Finds the public key of the status issuer (see {@link createStatusListKeyResolver}). */
  keyResolver?: StatusListKeyResolver;
  /** @deprecated the former name of `keyResolver` (kept for one minor version). */
  resolveKey?: StatusListKeyResolver;
  /** When given, the token's `iss` must equal it (the Referenced Token's `iss`). */
  iss?: string;
  /** Clock in milliseconds (default `Date.now`). */
  now?: Clock;
  /** Tolerated clock difference in seconds (default 60). */
  clockSkewSeconds?: number;
  /** @deprecated the former name of `clockSkewSeconds` (kept for one minor version). */
  clockSkewSec?: number;
  /** Largest token accepted, in bytes (default 3 MiB). */
  maxTokenBytes?: number;
  /** Bound on the key resolver's answer, in ms (default 10,000; `Infinity` for none). */
  timeoutMs?: number;
  /**
   * Allowed JWS algorithms (default `EdDSA`, `ES256`, `ES256K`). SM2 signatures are accepted only
   * when listed, as `SM2` or `SM2SM3` (the same opt-in as `@realdid/sd-jwt`'s `algorithms`).
   */
  algorithms?: readonly string[];
}

/** Checks an `algorithms` option (caller misuse is a TypeError). */
export function readAlgorithms(v: unknown): readonly string[] {
  if (v === undefined) return DEFAULT_STATUS_LIST_ALGORITHMS;
  if (!Array.isArray(v) || v.length === 0)
    throw new TypeError(`algorithms: expected a non-empty array, found ${describe(v)}`);
  for (const a of v) {
    if (typeof a !== 'string' || !STATUS_LIST_ALGORITHMS.includes(a)) {
      throw new TypeError(
        `algorithms: expected EdDSA, ES256, ES256K, SM2 or SM2SM3 (never none), found ${describe(a)}`,
      );
    }
  }
  return Object.freeze([...v]);
}

/** A Status List Token whose signature and claims were checked. */
export interface VerifiedStatusListToken {
  /** The list. */
  list: StatusList;
  /** `sub`: the list's URI. */
  uri: string;
  /** `iss`, when present. */
  iss?: string;
  /** `iat` in seconds. */
  iat: number;
  /** `exp` in seconds, when present. */
  exp?: number;
  /** `ttl` in seconds, when present. */
  ttl?: number;
  /** The protected header. */
  header: Readonly<Record<string, unknown>>;
  /** The claims (with `status_list` still compressed). */
  payload: Readonly<Record<string, unknown>>;
}

function numericDate(payload: Record<string, unknown>, name: string, required: boolean): number | undefined {
  const v = payload[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw statusError('ERR_STATUS_LIST_MALFORMED', `${name}: expected a NumericDate, found ${describe(v)}`);
  }
  return v;
}

/**
 * Verifies a Status List Token in JWT form (draft-ietf-oauth-status-list §8.3): `typ`
 * `statuslist+jwt`, an allowed asymmetric `alg` (EdDSA, ES256, ES256K, and SM2 when `algorithms`
 * lists it — never `none` or a MAC),
 * the signature with the key the resolver returns, `sub` equal to the expected URI, `iss` when
 * asked, `iat` not in the future, `exp`/`nbf` against the clock, a positive `ttl`, and the
 * compressed list within the size limits.
 *
 * @param token - the compact JWT (string or its UTF-8 bytes)
 * @param options - expected uri, key resolver, clock, limits
 * @returns the verified token and its decoded list
 * @throws RealDidError `ERR_STATUS_LIST_MALFORMED`, `ERR_STATUS_LIST_TYPE`, `ERR_STATUS_LIST_ALG`,
 *   `ERR_STATUS_LIST_KEY`, `ERR_STATUS_LIST_SIGNATURE`, `ERR_STATUS_LIST_SUBJECT_MISMATCH`,
 *   `ERR_STATUS_LIST_ISSUER_MISMATCH`, `ERR_STATUS_LIST_EXPIRED`, `ERR_STATUS_LIST_NOT_YET_VALID`,
 *   `ERR_STATUS_LIST_TOO_LARGE`, `ERR_STATUS_LIST_COMPRESSION`
 * @example
 * ```ts
 * const { list } = await verifyStatusListToken(jwt, {
 *   uri: 'https://status.example/lists/1',
 *   keyResolver: () => ({ type: 'Ed25519', publicKey }),
 * });
 * list.get(42); // 0
 * ```
 */
export async function verifyStatusListToken(
  token: string | Uint8Array,
  options: VerifyStatusListTokenOptions,
): Promise<VerifiedStatusListToken> {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const uri = checkString('uri', options.uri);
  const resolveKey = checkFunction<StatusListKeyResolver>(
    'keyResolver',
    renamedOption(options as never, 'keyResolver', 'resolveKey'),
  );
  const maxTokenBytes = checkInteger(
    'maxTokenBytes',
    options.maxTokenBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    1,
    2 ** 31,
  );
  const skew = checkInteger(
    'clockSkewSeconds',
    renamedOption<number>(options as never, 'clockSkewSeconds', 'clockSkewSec') ?? 60,
    0,
    86_400,
  );
  const timeoutMs = checkTimeoutMs(options.timeoutMs);
  const algorithms = readAlgorithms(options.algorithms);
  const nowMs: unknown = checkFunction<() => number>('now', options.now ?? Date.now)();
  // A clock answering NaN (or an object, whose coercion may recurse until the stack overflows)
  // would make every expiry comparison false and accept an expired list: refuse it as misuse.
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new TypeError(`now: expected a function returning milliseconds, found ${describe(nowMs)}`);
  }
  const now = nowMs / 1000;
  if (typeof token !== 'string' && !(token instanceof Uint8Array)) {
    throw new TypeError(`token: expected a string or Uint8Array, found ${describe(token)}`);
  }
  const text = documentText(token, maxTokenBytes, 'token');
  const { header, payload, signingInput, signature } = parseCompactJwt(text.trim());

  const typ = header.typ;
  if (typ !== STATUS_LIST_JWT_TYP && typ !== `application/${STATUS_LIST_JWT_TYP}`) {
    throw statusError('ERR_STATUS_LIST_TYPE', `typ: expected "statuslist+jwt", found ${describe(typ)}`);
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !algorithms.includes(alg)) {
    throw statusError(
      'ERR_STATUS_LIST_ALG',
      `alg: expected ${algorithms.join(', ')}, found ${describe(alg)}`,
    );
  }
  if (header.crit !== undefined)
    throw statusError('ERR_STATUS_LIST_MALFORMED', 'crit: no critical extensions are understood');
  const kid = header.kid;
  if (kid !== undefined && typeof kid !== 'string') {
    throw statusError('ERR_STATUS_LIST_MALFORMED', `kid: expected a string, found ${describe(kid)}`);
  }
  const iss = payload.iss;
  if (iss !== undefined && typeof iss !== 'string') {
    throw statusError('ERR_STATUS_LIST_MALFORMED', `iss: expected a string, found ${describe(iss)}`);
  }
  const request: Parameters<StatusListKeyResolver>[0] = { alg, uri };
  if (kid !== undefined) request.kid = kid;
  if (iss !== undefined) request.iss = iss;
  await verifyJwsSignature(resolveKey, request, signingInput, signature, timeoutMs);

  // Claims, now that they are authentic.
  if (payload.sub !== uri) {
    throw statusError(
      'ERR_STATUS_LIST_SUBJECT_MISMATCH',
      `sub: expected ${JSON.stringify(uri)}, found ${describe(payload.sub)}`,
    );
  }
  if (options.iss !== undefined && iss !== options.iss) {
    throw statusError(
      'ERR_STATUS_LIST_ISSUER_MISMATCH',
      `iss: expected ${JSON.stringify(options.iss)}, found ${describe(iss)}`,
    );
  }
  const iat = numericDate(payload, 'iat', true)!;
  if (iat > now + skew) throw statusError('ERR_STATUS_LIST_NOT_YET_VALID', 'iat is in the future');
  const nbf = numericDate(payload, 'nbf', false);
  if (nbf !== undefined && nbf > now + skew)
    throw statusError('ERR_STATUS_LIST_NOT_YET_VALID', 'nbf is in the future');
  const exp = numericDate(payload, 'exp', false);
  if (exp !== undefined && exp <= now - skew)
    throw statusError('ERR_STATUS_LIST_EXPIRED', 'the status list token has expired');
  const ttl = payload.ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0)) {
    throw statusError('ERR_STATUS_LIST_MALFORMED', `ttl: expected a positive number, found ${describe(ttl)}`);
  }
  const list = decodeStatusList(payload.status_list, options);
  const out: VerifiedStatusListToken = { list, uri, iat, header, payload };
  if (iss !== undefined) out.iss = iss;
  if (exp !== undefined) out.exp = exp;
  if (ttl !== undefined) out.ttl = ttl;
  return out;
}
