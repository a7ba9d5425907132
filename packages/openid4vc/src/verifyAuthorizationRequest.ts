import { checkTimeoutMs, DEFAULT_TIMEOUT_MS, isRealDidError } from '@realdid/crypto';
import { resolveVerificationMethod } from '@realdid/did';
import type { DcqlQuery } from 'dcql';
import type { Resolvable } from 'did-resolver';
import { parseDcqlQuery } from './internal/dcql.js';
import { oidError } from './internal/errors.js';
import { assertObject, isPlainObject, plainCopy, str } from './internal/json.js';
import { jwtVerifies, keyTypeFor, parseJwt, readAlgorithms } from './internal/jws.js';
import {
  REQUEST_OBJECT_TYP,
  RESPONSE_MODES,
  type ResponseEncryptionEnc,
  type ResponseMode,
} from './types.js';

/** Options of {@link verifyAuthorizationRequest}. */
export interface VerifyAuthorizationRequestOptions {
  /** A did-resolver `Resolver` for the client's DID (`decentralized_identifier:`). */
  resolver?: Resolvable;
  /**
   * Whether only signed requests are accepted (default true). Set false to accept unsigned
   * `redirect_uri:` requests (tests) and unsigned `dc_api` requests.
   */
  requireSigned?: boolean;
  /** The origin the request came from, as the browser reports it; required over the DC API. */
  origin?: string;
  /**
   * The JWS algorithms accepted on the request object (default EdDSA, ES256, ES256K). `SM2` (SM2
   * over SM3, default user ID) is accepted only when listed.
   */
  algorithms?: readonly string[];
  /** The current time in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Tolerated clock difference in seconds for `iat`/`exp` (default 60). */
  clockSkewSeconds?: number;
  /**
   * Fetches a request object passed by reference (`request_uri`, GET, RFC 9101 §5.2). Without
   * it, a `request_uri` request is refused; pass `globalThis.fetch` to allow it.
   */
  fetch?: typeof globalThis.fetch;
  /** Bound on fetching `request_uri` in milliseconds (default 10 000). */
  timeoutMs?: number;
  /**
   * The claim paths this client may ask for (for instance from its registration), or a function
   * that finds them for the verified client (called after the signature checks, with the client
   * identifier and, for a DID client, its DID). When given, every claim path of the query must
   * lie under one of them (`null` in an allowed path stands for any array element); a request for
   * anything else is `ERR_OID4VC_CLAIMS_NOT_ALLOWED`.
   */
  allowedClaims?:
    | ReadonlyArray<ReadonlyArray<string | number | null>>
    | ((client: {
        clientId: string;
        clientDid?: string;
      }) =>
        | ReadonlyArray<ReadonlyArray<string | number | null>>
        | Promise<ReadonlyArray<ReadonlyArray<string | number | null>>>);
}

/** A request the wallet may answer. */
export interface VerifiedAuthorizationRequest {
  /** The client identifier with its prefix (`origin:<origin>` for an unsigned DC API request). */
  clientId: string;
  /** The key binding audience: the client identifier, or `origin:<origin>` over the DC API (signed or not). */
  audience: string;
  /** The client's DID, for a `decentralized_identifier:` client. */
  clientDid?: string;
  signed: boolean;
  nonce: string;
  state?: string;
  responseMode: ResponseMode;
  responseUri?: string;
  /** The DCQL query, parsed and validated by the `dcql` package. */
  dcqlQuery: DcqlQuery;
  /** The verifier's response encryption key and `enc` (`*.jwt` modes). */
  encryption?: { jwk: Record<string, unknown>; enc: ResponseEncryptionEnc };
  /** The request parameters as verified. */
  payload: Record<string, unknown>;
}

const DID_PREFIX = 'decentralized_identifier:';
const REDIRECT_PREFIX = 'redirect_uri:';

function invalid(message: string): never {
  throw oidError('ERR_OID4VC_REQUEST_INVALID', message);
}

async function verifySignedRequest(
  jwt: string,
  resolver: Resolvable | undefined,
  now: number,
  skew: number,
  algs: readonly string[],
): Promise<{ payload: Record<string, unknown>; did: string }> {
  const parsed = parseJwt(jwt);
  if (parsed === undefined)
    throw oidError('ERR_OID4VC_REQUEST_SIGNATURE', 'the request object is not a compact JWS');
  const { header, payload } = parsed;
  if (header.typ !== REQUEST_OBJECT_TYP)
    throw oidError('ERR_OID4VC_REQUEST_SIGNATURE', `request object typ: expected ${REQUEST_OBJECT_TYP}`);
  if (Object.hasOwn(header, 'crit')) throw oidError('ERR_OID4VC_REQUEST_SIGNATURE', 'crit is not supported');
  const type = keyTypeFor(header.alg, algs);
  if (type === undefined) throw oidError('ERR_OID4VC_REQUEST_SIGNATURE', 'request object alg not allowed');
  const clientId = str(payload, 'client_id');
  if (clientId === undefined) invalid('the request object has no client_id');
  if (!clientId.startsWith(DID_PREFIX))
    throw oidError('ERR_OID4VC_CLIENT_ID', 'a signed request needs a decentralized_identifier: client_id');
  const did = clientId.slice(DID_PREFIX.length);
  const kid = header.kid;
  if (typeof kid !== 'string' || !kid.startsWith(`${did}#`) || !did.startsWith('did:'))
    throw oidError('ERR_OID4VC_REQUEST_SIGNATURE', 'the kid is not a key of the client DID');
  if (resolver === undefined)
    throw new TypeError('resolver is required to verify a decentralized_identifier: request');
  let key: { type: string; publicKey: Uint8Array } | undefined;
  for (const purpose of ['authentication', 'assertionMethod'] as const) {
    try {
      key = await resolveVerificationMethod(resolver, kid, { purpose });
      break;
    } catch (cause) {
      if (!isRealDidError(cause)) throw cause;
      if (purpose === 'assertionMethod')
        throw oidError(
          'ERR_OID4VC_REQUEST_SIGNATURE',
          'the kid does not resolve to a key of the client DID',
          cause,
        );
    }
  }
  if (key === undefined || key.type !== type || !jwtVerifies(parsed, type, key.publicKey, algs))
    throw oidError('ERR_OID4VC_REQUEST_SIGNATURE', 'the request object signature does not verify');
  const exp = payload.exp;
  if (exp !== undefined && (typeof exp !== 'number' || exp + skew < now))
    throw oidError('ERR_OID4VC_REQUEST_INVALID', 'the request object is expired');
  const iat = payload.iat;
  if (iat !== undefined && (typeof iat !== 'number' || iat - skew > now))
    throw oidError('ERR_OID4VC_REQUEST_INVALID', 'the request object is issued in the future');
  return { payload, did };
}

async function fetchRequestObject(uri: unknown, options: VerifyAuthorizationRequestOptions): Promise<string> {
  if (typeof uri !== 'string' || uri.length > 2048) invalid('request_uri must be a string');
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    invalid('request_uri is not a URL');
  }
  if (
    u.protocol !== 'https:' &&
    !(u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
  )
    invalid('request_uri must be https (http only for 127.0.0.1 and localhost)');
  const f = options.fetch;
  if (typeof f !== 'function') invalid('request_uri needs the fetch option');
  const timeoutMs = checkTimeoutMs(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  let text: string;
  try {
    const res = await f(uri, {
      method: 'GET',
      headers: { accept: 'application/oauth-authz-req+jwt' },
      ...(Number.isFinite(timeoutMs) ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = (await res.text()).trim();
  } catch (cause) {
    throw oidError(
      'ERR_OID4VC_REQUEST_INVALID',
      'the request object could not be fetched from request_uri',
      cause,
    );
  }
  if (text.length > 65_536) invalid('the request object is too large');
  return text;
}

function checkAllowed(query: DcqlQuery, allowed: ReadonlyArray<ReadonlyArray<string | number | null>>): void {
  if (!Array.isArray(allowed) || !allowed.every((a) => Array.isArray(a)))
    throw new TypeError('allowedClaims must be an array of claim paths');
  for (const cq of query.credentials) {
    const claims = (cq.claims ?? []) as ReadonlyArray<{ path: ReadonlyArray<string | number | null> }>;
    for (const c of claims) {
      const ok = allowed.some(
        (a) =>
          a.length <= c.path.length &&
          a.every((seg, i) => seg === c.path[i] || (seg === null && typeof c.path[i] === 'number')),
      );
      if (!ok)
        throw oidError(
          'ERR_OID4VC_CLAIMS_NOT_ALLOWED',
          `the query asks for ${JSON.stringify(c.path).slice(0, 200)}, which this client may not request`,
        );
    }
  }
}

function encryptionOf(payload: Record<string, unknown>): {
  jwk: Record<string, unknown>;
  enc: ResponseEncryptionEnc;
} {
  const md = payload.client_metadata;
  if (!isPlainObject(md)) invalid('an encrypted response mode needs client_metadata');
  const jwks = md.jwks;
  const keys = isPlainObject(jwks) && Array.isArray(jwks.keys) ? jwks.keys : [];
  const jwk = keys.find(
    (k): k is Record<string, unknown> =>
      isPlainObject(k) &&
      k.kty === 'EC' &&
      k.crv === 'P-256' &&
      (k.alg === undefined || k.alg === 'ECDH-ES') &&
      (k.use === undefined || k.use === 'enc') &&
      typeof k.x === 'string' &&
      typeof k.y === 'string' &&
      k.d === undefined,
  );
  if (jwk === undefined) invalid('client_metadata.jwks has no P-256 ECDH-ES key');
  const encs = md.encrypted_response_enc_values_supported ?? ['A128GCM'];
  if (!Array.isArray(encs)) invalid('encrypted_response_enc_values_supported must be an array');
  const enc = encs.find((e): e is ResponseEncryptionEnc => e === 'A128GCM' || e === 'A256GCM');
  if (enc === undefined) invalid('no supported content encryption (A128GCM, A256GCM)');
  return {
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: jwk.x,
      y: jwk.y,
      ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}),
    },
    enc,
  };
}

/**
 * Checks an OpenID4VP 1.0 authorization request on the wallet side: the request object's
 * signature with a key of the client's DID (resolved with the given `Resolver`), the
 * `client_id` prefix, the response mode and where the answer goes, the origin for the Digital
 * Credentials API (`expected_origins`), the encryption key for `*.jwt` modes, and the DCQL query.
 *
 * @param request - the request parameters (`{ client_id, request }`, the plain parameters of an
 *   unsigned request, or the DC API `data`), or the request object JWT itself
 * @param options - resolver, `requireSigned`, origin, clock
 * @returns the verified request
 * @throws TypeError on misuse; RealDidError `ERR_OID4VC_REQUEST_INVALID`,
 *   `ERR_OID4VC_REQUEST_UNSIGNED`, `ERR_OID4VC_REQUEST_SIGNATURE`, `ERR_OID4VC_CLIENT_ID`,
 *   `ERR_OID4VC_ORIGIN`, `ERR_OID4VC_DCQL_INVALID`
 * @example
 * ```ts
 * import { createAuthorizationRequest, verifyAuthorizationRequest } from '@realdid/openid4vc';
 * const { params } = await createAuthorizationRequest({
 *   clientId: 'redirect_uri:https://rp.example/post', responseMode: 'direct_post',
 *   responseUri: 'https://rp.example/post',
 *   dcqlQuery: { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:pid'] } }] },
 * });
 * const req = await verifyAuthorizationRequest(params, { requireSigned: false });
 * // req.audience === 'redirect_uri:https://rp.example/post'
 * ```
 */
export async function verifyAuthorizationRequest(
  request: Record<string, unknown> | string,
  options: VerifyAuthorizationRequestOptions = {},
): Promise<VerifiedAuthorizationRequest> {
  assertObject(options, 'options');
  const requireSigned = options.requireSigned ?? true;
  if (typeof requireSigned !== 'boolean') throw new TypeError('requireSigned must be a boolean');
  const now = (options.now ?? Date.now)() / 1000;
  const skew = options.clockSkewSeconds ?? 60;
  if (typeof skew !== 'number' || !(skew >= 0)) throw new RangeError('clockSkewSeconds must be ≥ 0');
  const algs = readAlgorithms(options.algorithms);
  if (options.origin !== undefined && typeof options.origin !== 'string')
    throw new TypeError('origin must be a string');
  let outer: Record<string, unknown>;
  const copied = typeof request === 'string' ? { request } : plainCopy(request, 262_144);
  if (isPlainObject(copied) && isPlainObject(request)) outer = copied;
  else if (typeof request === 'string') outer = { request };
  else throw oidError('ERR_OID4VC_REQUEST_INVALID', 'the request is neither parameters nor a JWT');

  let payload: Record<string, unknown>;
  let did: string | undefined;
  if (outer.request_uri !== undefined) {
    if (outer.request !== undefined) invalid('request and request_uri together');
    outer = { ...outer, request: await fetchRequestObject(outer.request_uri, options) };
  }
  const jwt = outer.request;
  if (jwt !== undefined) {
    if (typeof jwt !== 'string') invalid('request must be a string');
    ({ payload, did } = await verifySignedRequest(jwt, options.resolver, now, skew, algs));
    const outerClient = outer.client_id;
    if (outerClient !== undefined && outerClient !== payload.client_id)
      throw oidError('ERR_OID4VC_CLIENT_ID', 'client_id differs between the request and the request object');
  } else {
    if (requireSigned)
      throw oidError('ERR_OID4VC_REQUEST_UNSIGNED', 'an unsigned request where a signed one is required');
    payload = { ...outer };
  }
  const signed = did !== undefined;
  const mode = payload.response_mode;
  if (typeof mode !== 'string' || !RESPONSE_MODES.includes(mode as ResponseMode))
    invalid('response_mode: expected direct_post, direct_post.jwt, dc_api or dc_api.jwt');
  const responseMode = mode as ResponseMode;
  if (payload.response_type !== 'vp_token') invalid('response_type: expected vp_token');
  const nonce = str(payload, 'nonce');
  if (nonce === undefined || nonce.length === 0 || nonce.length > 1024)
    invalid('nonce: expected a non-empty string');
  const state = payload.state;
  if (state !== undefined && typeof state !== 'string') invalid('state must be a string');
  const dcApi = responseMode.startsWith('dc_api');
  const responseUri = payload.response_uri;
  let clientId: string;
  if (dcApi) {
    const origin = options.origin;
    if (origin === undefined) throw new TypeError('origin is required for a Digital Credentials API request');
    if (responseUri !== undefined) invalid('response_uri is not allowed with dc_api');
    if (signed) {
      const eo = payload.expected_origins;
      if (!Array.isArray(eo) || eo.length === 0 || !eo.every((o) => typeof o === 'string'))
        invalid('a signed dc_api request needs expected_origins');
      if (!eo.includes(origin))
        throw oidError('ERR_OID4VC_ORIGIN', 'the calling origin is not in expected_origins');
      clientId = payload.client_id as string;
    } else {
      if (payload.client_id !== undefined)
        throw oidError('ERR_OID4VC_CLIENT_ID', 'an unsigned dc_api request has no client_id');
      clientId = `origin:${origin}`;
    }
  } else {
    if (typeof responseUri !== 'string') invalid(`response_uri is required for ${responseMode}`);
    let u: URL;
    try {
      u = new URL(responseUri);
    } catch {
      invalid('response_uri is not a URL');
    }
    if (
      u.protocol !== 'https:' &&
      !(u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
    )
      invalid('response_uri must be https (http only for 127.0.0.1 and localhost)');
    const cid = str(payload, 'client_id');
    if (cid === undefined) throw oidError('ERR_OID4VC_CLIENT_ID', 'client_id is missing');
    if (!signed) {
      if (!cid.startsWith(REDIRECT_PREFIX))
        throw oidError('ERR_OID4VC_CLIENT_ID', 'an unsigned request needs a redirect_uri: client_id');
      if (cid.slice(REDIRECT_PREFIX.length) !== responseUri)
        throw oidError('ERR_OID4VC_CLIENT_ID', 'a redirect_uri: client_id must be the response_uri');
    }
    clientId = cid;
  }
  const dcqlQuery = parseDcqlQuery(payload.dcql_query);
  if (options.allowedClaims !== undefined) {
    const a = options.allowedClaims;
    const paths =
      typeof a === 'function' ? await a(did === undefined ? { clientId } : { clientId, clientDid: did }) : a;
    checkAllowed(dcqlQuery, paths);
  }
  const out: VerifiedAuthorizationRequest = {
    clientId,
    audience: dcApi ? `origin:${options.origin as string}` : clientId,
    signed,
    nonce,
    responseMode,
    dcqlQuery,
    payload,
  };
  if (did !== undefined) out.clientDid = did;
  if (state !== undefined) out.state = state;
  if (typeof responseUri === 'string') out.responseUri = responseUri;
  if (responseMode.endsWith('.jwt')) out.encryption = encryptionOf(payload);
  return out;
}
