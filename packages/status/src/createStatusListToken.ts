import type { Clock } from '@realdid/crypto';
import { encodeStatusList } from './encodeStatusList.js';
import { checkString, describe } from './internal/errors.js';
import { type JwsSigner, signCompactJwt } from './internal/jwt.js';
import { StatusList } from './StatusList.js';

/** The JWT `typ` of a Status List Token. */
export const STATUS_LIST_JWT_TYP = 'statuslist+jwt';

/**
 * The JWS algorithms a Status List Token may be signed with: `EdDSA`, `ES256`, `ES256K`, and SM2
 * over SM3 with the default user ID under either of its names, `SM2` or `SM2SM3` (docs/crypto.md).
 * A verifier accepts the SM2 names only when its `algorithms` option lists them.
 */
export const STATUS_LIST_ALGORITHMS: readonly string[] = Object.freeze([
  'EdDSA',
  'ES256',
  'ES256K',
  'SM2',
  'SM2SM3',
]);

/** The algorithms `verifyStatusListToken` accepts when its `algorithms` option is not given. */
export const DEFAULT_STATUS_LIST_ALGORITHMS: readonly string[] = Object.freeze(['EdDSA', 'ES256', 'ES256K']);

/** Options of {@link createStatusListToken}. */
export interface CreateStatusListTokenOptions {
  /** The list to publish. */
  list: StatusList;
  /** The URI of the list: the `sub` claim, equal to the `uri` in credentials that point to it. */
  uri: string;
  /**
   * The signer: a `Signer` of `@realdid/crypto` (`createSigner(keyPair)`), or any object with an
   * `alg` (`EdDSA`, `ES256`, `ES256K`, `SM2` or `SM2SM3`) and a `sign(bytes)` that returns the
   * JWS signature (for SM2: raw `r ‖ s` over SM3(Z_A ‖ input) with the default user ID).
   */
  signer: JwsSigner;
  /** `kid` header: the verification method that verifies the signature (e.g. a DID URL). */
  kid?: string;
  /** `iss` claim: the status issuer. */
  iss?: string;
  /** `iat` in seconds since the epoch (default: now). */
  iat?: number;
  /** `exp` in seconds since the epoch (default: none). */
  exp?: number;
  /** `ttl` in seconds: how long verifiers may cache the token (positive). */
  ttl?: number;
  /** Clock for the default `iat`, in milliseconds (default `Date.now`). */
  now?: Clock;
}

function checkSeconds(name: string, v: unknown, positive: boolean): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < (positive ? 1 : 0)) {
    throw new RangeError(
      `${name}: expected a ${positive ? 'positive' : 'non-negative'} integer, found ${describe(v)}`,
    );
  }
  return v;
}

/**
 * Signs a Status List Token in JWT form (draft-ietf-oauth-status-list §5.1): header
 * `{ alg, typ: 'statuslist+jwt', kid? }`, claims `{ sub, iat, exp?, ttl?, iss?, status_list }`.
 *
 * @param options - list, uri, signer and claims
 * @returns the compact JWT
 * @throws TypeError / RangeError on misuse (no list, a bad uri, an alg outside {@link STATUS_LIST_ALGORITHMS},
 *   exp not after iat)
 * @example
 * ```ts
 * import { createSigner, generateKeyPair } from '@realdid/crypto';
 * import { StatusList, createStatusListToken } from '@realdid/status';
 * const jwt = await createStatusListToken({
 *   list: new StatusList(131072),
 *   uri: 'https://status.example/lists/1',
 *   signer: createSigner(generateKeyPair('Ed25519')),
 *   ttl: 300,
 * });
 * ```
 */
export async function createStatusListToken(options: CreateStatusListTokenOptions): Promise<string> {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const { list, signer } = options;
  if (!(list instanceof StatusList))
    throw new TypeError(`list: expected a StatusList, found ${describe(list)}`);
  const uri = checkString('uri', options.uri);
  if (typeof signer !== 'object' || signer === null || typeof signer.sign !== 'function') {
    throw new TypeError('signer: expected an object with alg and sign()');
  }
  if (!STATUS_LIST_ALGORITHMS.includes(signer.alg)) {
    throw new RangeError(
      `signer.alg: expected EdDSA, ES256, ES256K, SM2 or SM2SM3, found ${describe(signer.alg)}`,
    );
  }
  const now = options.now ?? Date.now;
  const iat = checkSeconds('iat', options.iat ?? Math.floor(now() / 1000), false);
  const header: Record<string, unknown> = { alg: signer.alg, typ: STATUS_LIST_JWT_TYP };
  if (options.kid !== undefined) header.kid = checkString('kid', options.kid);
  const payload: Record<string, unknown> = {};
  if (options.iss !== undefined) payload.iss = checkString('iss', options.iss);
  payload.sub = uri;
  payload.iat = iat;
  if (options.exp !== undefined) {
    payload.exp = checkSeconds('exp', options.exp, true);
    if (options.exp <= iat) throw new RangeError('exp: must be after iat');
  }
  if (options.ttl !== undefined) payload.ttl = checkSeconds('ttl', options.ttl, true);
  payload.status_list = encodeStatusList(list);
  return signCompactJwt(header, payload, signer);
}
