import { isRealDidError } from '@realdid/crypto';
import {
  type KeyResolver,
  type StatusChecker,
  type VerifiedSdJwtVc,
  type VerifySdJwtOptions,
  verifySdJwtVc,
} from '@realdid/sd-jwt';
import { DcqlPresentationResult, type DcqlQuery } from 'dcql';
import { claimSetsOf, excessClaim, ldpDisclosed, parseDcqlQuery } from './internal/dcql.js';
import { oidError } from './internal/errors.js';
import { assertObject, isPlainObject } from './internal/json.js';
import { openAuthorizationResponse } from './openAuthorizationResponse.js';
import type { LdpPresentationVerifier, OneTimeStore, VerifierTransaction } from './types.js';

/** Options of {@link verifyAuthorizationResponse}. */
export interface VerifyAuthorizationResponseOptions {
  /** The transaction from {@link createAuthorizationRequest}. */
  transaction: VerifierTransaction;
  /** Consumes the transaction nonce once (replayed responses fail). Required. */
  replayStore: OneTimeStore;
  /** Finds the issuer key of each presented credential (`@realdid/sd-jwt`'s resolvers). */
  keyResolver: KeyResolver;
  /** Checks each credential's status; required unless `requireStatusCheck: false`. */
  checkStatus?: StatusChecker;
  /** Set to false to accept credentials without a status check (explicit opt-out). */
  requireStatusCheck?: boolean;
  /** The current time in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Tolerated clock difference in seconds (default 60). */
  clockSkewSeconds?: number;
  /** How old a key binding JWT may be, in seconds (default 300). */
  maxKeyBindingAgeSeconds?: number;
  /** Bound on each plug-in answer in milliseconds (passed to `verifySdJwtVc`). */
  timeoutMs?: number;
  /**
   * Verifies `ldp_vc` presentations (`ldpPresentationVerifier` of `@realdid/openid4vc/ldp`).
   * Without it, an answer to an `ldp_vc` query is refused.
   */
  verifyLdpPresentation?: LdpPresentationVerifier;
}

/** A verified `ldp_vc` presentation: its holder and its one credential, with its type IRIs. */
export interface VerifiedLdpCredential {
  holder: string;
  credential: Record<string, unknown>;
  types: string[];
}

/** A verified response. */
export interface VerifiedAuthorizationResponse {
  verified: true;
  /** For each answered `dc+sd-jwt` credential query id, its verified presentations. */
  presentations: Record<string, VerifiedSdJwtVc[]>;
  /** For each answered `ldp_vc` credential query id, its verified presentations. */
  ldpPresentations: Record<string, VerifiedLdpCredential[]>;
}

const SD_JWT_CODES: Record<string, 'ERR_OID4VC_NONCE' | 'ERR_OID4VC_AUDIENCE'> = {
  ERR_SD_JWT_KB_NONCE: 'ERR_OID4VC_NONCE',
  ERR_SD_JWT_KB_AUD: 'ERR_OID4VC_AUDIENCE',
  ERR_VC_CHALLENGE: 'ERR_OID4VC_NONCE',
  ERR_VC_DOMAIN: 'ERR_OID4VC_AUDIENCE',
};

function presentationError(id: string, cause: unknown): never {
  if (isRealDidError(cause)) {
    const mapped = SD_JWT_CODES[cause.code];
    if (mapped !== undefined) throw oidError(mapped, `presentation for ${id}: ${cause.message}`, cause);
    throw oidError('ERR_OID4VC_PRESENTATION_INVALID', `presentation for ${id}: ${cause.message}`, cause);
  }
  throw cause;
}

/**
 * Verifies an OpenID4VP 1.0 authorization response against the verifier's transaction: decrypts
 * it (`*.jwt` modes; a plain response there is refused), checks `state`, verifies every
 * presented SD-JWT VC with `@realdid/sd-jwt` (issuer signature, status, key binding to the
 * transaction's nonce and audience), checks with the `dcql` package that the presentations
 * satisfy the query (credential sets, `vct` and value filters), and refuses any claim beyond the
 * requested ones. Last, it consumes the nonce in `replayStore`, so the same transaction is
 * accepted once.
 *
 * @param response - the posted parameters (`{ vp_token, state }` with `vp_token` as a JSON
 *   string or object, or `{ response: JWE }`)
 * @param options - transaction, replay store, issuer key resolver, status check, clock
 * @returns the verified presentations per credential query id
 * @throws TypeError on misuse; RealDidError `ERR_OID4VC_RESPONSE_INVALID`,
 *   `ERR_OID4VC_RESPONSE_ENCRYPTION`, `ERR_OID4VC_STATE`, `ERR_OID4VC_NONCE`,
 *   `ERR_OID4VC_AUDIENCE`, `ERR_OID4VC_PRESENTATION_INVALID`, `ERR_OID4VC_DCQL_UNSATISFIED`,
 *   `ERR_OID4VC_CLAIMS_EXCESS`, `ERR_OID4VC_REPLAY`
 * @example
 * ```ts
 * // const { presentations } = await verifyAuthorizationResponse(body, {
 * //   transaction, replayStore, keyResolver: didKeyResolver({ resolver }), checkStatus });
 * ```
 */
export async function verifyAuthorizationResponse(
  response: Record<string, unknown>,
  options: VerifyAuthorizationResponseOptions,
): Promise<VerifiedAuthorizationResponse> {
  assertObject(options, 'options');
  const tx = options.transaction;
  if (!isPlainObject(tx) || typeof tx.nonce !== 'string' || typeof tx.audience !== 'string')
    throw new TypeError('transaction must come from createAuthorizationRequest');
  if (!isPlainObject(options.replayStore) && typeof options.replayStore?.consume !== 'function')
    throw new TypeError('replayStore is required');
  if (typeof options.replayStore.consume !== 'function')
    throw new TypeError('replayStore.consume must be a function');
  if (typeof options.keyResolver !== 'function') throw new TypeError('keyResolver is required');
  if (options.checkStatus === undefined && options.requireStatusCheck !== false)
    throw new TypeError(
      'pass checkStatus, or requireStatusCheck: false to accept credentials without a status check',
    );
  const { vpToken } = await openAuthorizationResponse(response, tx);
  const query: DcqlQuery = parseDcqlQuery(tx.dcqlQuery);
  const vOptions: VerifySdJwtOptions & { requireStatusCheck?: boolean } = {
    keyResolver: options.keyResolver,
    requireKeyBinding: true,
    keyBinding: {
      aud: tx.audience,
      nonce: tx.nonce,
      ...(options.maxKeyBindingAgeSeconds !== undefined
        ? { maxAgeSeconds: options.maxKeyBindingAgeSeconds }
        : {}),
    },
    ...(options.checkStatus !== undefined ? { checkStatus: options.checkStatus } : {}),
    ...(options.requireStatusCheck !== undefined ? { requireStatusCheck: options.requireStatusCheck } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.clockSkewSeconds !== undefined ? { clockSkewSeconds: options.clockSkewSeconds } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const presentations: Record<string, VerifiedSdJwtVc[]> = {};
  const ldpPresentations: Record<string, VerifiedLdpCredential[]> = {};
  const dcqlPresentation: Record<string, Array<Record<string, unknown>>> = {};
  const verifyLdp = options.verifyLdpPresentation;
  if (verifyLdp !== undefined && typeof verifyLdp !== 'function')
    throw new TypeError('verifyLdpPresentation must be a function');
  for (const [id, value] of Object.entries(vpToken)) {
    const cq = query.credentials.find((c) => c.id === id);
    if (cq === undefined)
      throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'vp_token answers a credential query that was not asked');
    if (cq.format === 'ldp_vc' && verifyLdp !== undefined) {
      const list: VerifiedLdpCredential[] = [];
      for (const p of value) {
        let v: Awaited<ReturnType<LdpPresentationVerifier>>;
        try {
          v = await verifyLdp(p as unknown as Record<string, unknown>, {
            challenge: tx.nonce,
            domain: tx.audience,
          });
        } catch (cause) {
          presentationError(id, cause);
        }
        const [only, ...more] = v.credentials;
        if (only === undefined || more.length > 0)
          throw oidError('ERR_OID4VC_RESPONSE_INVALID', `each presentation for ${id} holds one credential`);
        const subject = only.credential.credentialSubject;
        const bound =
          v.holder !== undefined &&
          isPlainObject(subject) &&
          typeof subject.id === 'string' &&
          subject.id === v.holder;
        if (!bound && cq.require_cryptographic_holder_binding !== false)
          throw oidError(
            'ERR_OID4VC_PRESENTATION_INVALID',
            `the credential for ${id} is not bound to the presentation's holder (credentialSubject.id)`,
          );
        list.push({ holder: v.holder ?? '', credential: only.credential, types: only.types });
      }
      ldpPresentations[id] = list;
      dcqlPresentation[id] = list.map((v) => ({
        credential_format: 'ldp_vc',
        type: v.types,
        claims: v.credential,
        cryptographic_holder_binding: v.holder !== '',
      }));
      continue;
    }
    if (cq.format !== 'dc+sd-jwt' && cq.format !== 'vc+sd-jwt')
      throw oidError('ERR_OID4VC_RESPONSE_INVALID', `format ${cq.format} is not supported`);
    const list: VerifiedSdJwtVc[] = [];
    for (const p of value) {
      let v: VerifiedSdJwtVc;
      try {
        v = await verifySdJwtVc(p as string, vOptions);
      } catch (cause) {
        presentationError(id, cause);
      }
      list.push(v);
    }
    presentations[id] = list;
    dcqlPresentation[id] = list.map((v) => ({
      credential_format: cq.format,
      vct: v.claims.vct,
      claims: v.claims,
      cryptographic_holder_binding: v.keyBinding !== undefined,
    }));
  }
  let result: DcqlPresentationResult;
  try {
    result = DcqlPresentationResult.fromDcqlPresentation(
      dcqlPresentation as Parameters<typeof DcqlPresentationResult.fromDcqlPresentation>[0],
      { dcqlQuery: query },
    );
  } catch (cause) {
    throw oidError('ERR_OID4VC_DCQL_UNSATISFIED', 'the presentations do not match the query', cause);
  }
  if (!result.can_be_satisfied)
    throw oidError('ERR_OID4VC_DCQL_UNSATISFIED', 'the presentations do not satisfy the query');
  const answered: Array<
    [
      string,
      Array<{ claims: Record<string, unknown>; disclosed: ReadonlyArray<ReadonlyArray<string | number>> }>,
    ]
  > = [
    ...Object.entries(presentations),
    ...Object.entries(ldpPresentations).map(
      ([id, list]) =>
        [id, list.map((v) => ({ claims: v.credential, disclosed: ldpDisclosed(v.credential) }))] as [
          string,
          Array<{ claims: Record<string, unknown>; disclosed: Array<Array<string | number>> }>,
        ],
    ),
  ];
  for (const [id, list] of answered) {
    const cq = query.credentials.find((c) => c.id === id) as DcqlQuery['credentials'][number];
    const match = result.credential_matches[id];
    if (match === undefined || !match.success)
      throw oidError('ERR_OID4VC_DCQL_UNSATISFIED', `the presentation for ${id} does not match its query`);
    const sets = claimSetsOf(cq);
    for (const v of list) {
      // Exactly the requested claims: every disclosed value must fall under one claim set.
      const fits = sets.some((paths) => excessClaim(v.claims, v.disclosed, paths) === undefined);
      if (!fits) {
        const extra = excessClaim(v.claims, v.disclosed, sets[0] ?? []);
        throw oidError(
          'ERR_OID4VC_CLAIMS_EXCESS',
          `the presentation for ${id} discloses a claim not requested${extra ? ` (${JSON.stringify(extra.slice(0, 8))})` : ''}`,
        );
      }
    }
  }
  if (!(await options.replayStore.consume(tx.nonce)))
    throw oidError('ERR_OID4VC_REPLAY', 'this transaction was already answered');
  return { verified: true, presentations, ldpPresentations };
}
