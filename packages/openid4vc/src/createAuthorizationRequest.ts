import { base64urlEncode, randomBytes } from '@realdid/crypto';
import type { JwsSigner } from '@realdid/sd-jwt';
import { exportJWK, generateKeyPair } from 'jose';
import { parseDcqlQuery } from './internal/dcql.js';
import { assertObject, isPlainObject } from './internal/json.js';
import { signJwt } from './internal/jws.js';
import { isSecureUrl } from './internal/url.js';
import {
  REQUEST_OBJECT_TYP,
  RESPONSE_MODES,
  type ResponseEncryptionEnc,
  type ResponseMode,
  type VerifierTransaction,
} from './types.js';

/** Options of {@link createAuthorizationRequest}. */
export interface CreateAuthorizationRequestOptions {
  /**
   * The client identifier with its prefix: `decentralized_identifier:<did>` (signed with a key of
   * that DID), or `redirect_uri:<response_uri>` (unsigned; for tests and development). Omit it for an
   * unsigned `dc_api` request: the wallet then uses `origin:<origin>`.
   */
  clientId?: string;
  /** Signs the request object; required for `decentralized_identifier:`. */
  signer?: JwsSigner;
  /** The JWS `kid`: a DID URL of the client's DID (`did:…#key-1`). Required with `signer`. */
  kid?: string;
  /** How the wallet answers. */
  responseMode: ResponseMode;
  /** Where the wallet posts the response (`direct_post`, `direct_post.jwt`). */
  responseUri?: string;
  /** The origins the request may be used from (`dc_api*` signed requests). */
  expectedOrigins?: readonly string[];
  /** This verifier's web origin (`dc_api*`: the key binding audience is `origin:<origin>`, signed or not). */
  origin?: string;
  /** The DCQL query (OpenID4VP §6); checked with the `dcql` package. */
  dcqlQuery: Record<string, unknown>;
  /** The transaction nonce (default: 128 random bits, base64url). */
  nonce?: string;
  /** The `state` (default: 128 random bits for `direct_post*`, none otherwise). */
  state?: string;
  /** Content encryption of the response in `*.jwt` modes (default `A128GCM`). */
  enc?: ResponseEncryptionEnc;
  /** Further `client_metadata` (for instance `vp_formats_supported`). */
  clientMetadata?: Record<string, unknown>;
  /** The current time in milliseconds (default `Date.now`), for `iat`/`exp`. */
  now?: () => number;
  /** Lifetime of a signed request object in seconds (default 300). */
  expiresInSeconds?: number;
}

/** What {@link createAuthorizationRequest} returns. */
export interface CreatedAuthorizationRequest {
  /**
   * The parameters to send to the wallet: `{ client_id, request }` for a signed request (by value;
   * serve `request` at a `request_uri` if you prefer), the plain parameters otherwise. Over the DC
   * API this object is the `data` of the `openid4vp-v1-signed` / `-unsigned` protocol.
   */
  params: Record<string, unknown>;
  /** The signed request object (JWT), when signed. */
  requestObject?: string;
  /** The DC API protocol identifier, for `dc_api*` modes. */
  protocol?: 'openid4vp-v1-signed' | 'openid4vp-v1-unsigned';
  /** Keep this server-side; {@link verifyAuthorizationResponse} needs it. */
  transaction: VerifierTransaction;
}

const DID_PREFIX = 'decentralized_identifier:';
const REDIRECT_PREFIX = 'redirect_uri:';

function randomId(): string {
  return base64urlEncode(randomBytes(16));
}

/**
 * Builds an OpenID4VP 1.0 authorization request with a DCQL query, signed as a JAR request object
 * (`typ: oauth-authz-req+jwt`, RFC 9101) when the client is a DID, and the transaction the verifier
 * keeps to check the answer. For `direct_post.jwt` / `dc_api.jwt` it makes a fresh P-256 key
 * (ECDH-ES) for the response and lists it in `client_metadata.jwks`.
 *
 * @param options - client identifier, signer, response mode and URI, DCQL query, nonce and state
 * @returns the request parameters, the request object, and the transaction to keep
 * @throws TypeError / RangeError on misuse (a DID client without a signer, a `redirect_uri:`
 *   client whose URI is not the `response_uri`, a mode without what it needs); RealDidError
 *   `ERR_OID4VC_DCQL_INVALID` when the query does not validate
 * @example
 * ```ts
 * import { createAuthorizationRequest } from '@realdid/openid4vc';
 * const { params, transaction } = await createAuthorizationRequest({
 *   clientId: 'redirect_uri:https://rp.example/post',
 *   responseMode: 'direct_post',
 *   responseUri: 'https://rp.example/post',
 *   dcqlQuery: { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:pid'] },
 *     claims: [{ path: ['age_over_18'] }] }] },
 * });
 * // params.nonce === transaction.nonce
 * ```
 */
export async function createAuthorizationRequest(
  options: CreateAuthorizationRequestOptions,
): Promise<CreatedAuthorizationRequest> {
  assertObject(options, 'options');
  const { clientId, signer, kid, responseMode, responseUri, expectedOrigins, origin } = options;
  if (!RESPONSE_MODES.includes(responseMode))
    throw new TypeError(`responseMode: expected one of ${RESPONSE_MODES.join(', ')}`);
  if (clientId !== undefined && typeof clientId !== 'string')
    throw new TypeError('clientId must be a string');
  const dcApi = responseMode.startsWith('dc_api');
  const signed = signer !== undefined;
  if (signed && (typeof signer !== 'object' || typeof signer.sign !== 'function'))
    throw new TypeError('signer must be a JwsSigner');
  if (clientId?.startsWith(DID_PREFIX)) {
    if (!signed) throw new TypeError('a decentralized_identifier: client must sign its requests (signer)');
    const did = clientId.slice(DID_PREFIX.length);
    if (typeof kid !== 'string' || !kid.startsWith(`${did}#`))
      throw new TypeError('kid must be a DID URL of the client DID');
  } else if (clientId?.startsWith(REDIRECT_PREFIX)) {
    if (signed) throw new TypeError('redirect_uri: requests cannot be signed (OpenID4VP §5.9.3)');
    if (dcApi) throw new TypeError('redirect_uri: is not usable over the Digital Credentials API');
    if (responseUri !== clientId.slice(REDIRECT_PREFIX.length))
      throw new TypeError('with redirect_uri:, responseUri must be the client identifier without prefix');
  } else if (clientId !== undefined) {
    throw new TypeError('clientId: expected the prefix decentralized_identifier: or redirect_uri:');
  } else if (!dcApi || signed) {
    throw new TypeError('clientId is required except for an unsigned dc_api request');
  }
  if (!dcApi && !isSecureUrl(responseUri))
    throw new TypeError(
      `responseUri is required for ${responseMode}: an https URL (http only on 127.0.0.1 or localhost)`,
    );
  if (dcApi && responseUri !== undefined) throw new TypeError('responseUri is not used with dc_api');
  if (dcApi && signed && (!Array.isArray(expectedOrigins) || expectedOrigins.length === 0))
    throw new TypeError('a signed dc_api request needs expectedOrigins');
  // Over the DC API the key binding audience is `origin:<origin>`, signed or not (OpenID4VP 1.0 Appendix A).
  if (dcApi && typeof origin !== 'string')
    throw new TypeError('a dc_api request needs origin (this verifier’s origin)');
  if (dcApi && signed && !(expectedOrigins as readonly string[]).includes(origin as string))
    throw new TypeError('origin must be one of expectedOrigins');
  if (!isPlainObject(options.dcqlQuery)) throw new TypeError('dcqlQuery must be an object');
  parseDcqlQuery(options.dcqlQuery);
  const enc = options.enc ?? 'A128GCM';
  if (enc !== 'A128GCM' && enc !== 'A256GCM') throw new TypeError('enc: expected A128GCM or A256GCM');
  const nonce = options.nonce ?? randomId();
  if (typeof nonce !== 'string' || nonce.length < 16)
    throw new RangeError('nonce must be a string of at least 16 characters');
  const state = options.state ?? (dcApi ? undefined : randomId());
  if (state !== undefined && typeof state !== 'string') throw new TypeError('state must be a string');
  const now = options.now ?? Date.now;
  const ttl = options.expiresInSeconds ?? 300;
  if (typeof ttl !== 'number' || !(ttl > 0)) throw new RangeError('expiresInSeconds must be positive');

  const clientMetadata: Record<string, unknown> = { ...(options.clientMetadata ?? {}) };
  let decryptionKey: Record<string, unknown> | undefined;
  if (responseMode.endsWith('.jwt')) {
    const kp = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
    const kidEnc = randomId();
    const pub = { ...(await exportJWK(kp.publicKey)), kid: kidEnc, use: 'enc', alg: 'ECDH-ES' };
    decryptionKey = { ...(await exportJWK(kp.privateKey)), kid: kidEnc, alg: 'ECDH-ES' };
    clientMetadata.jwks = { keys: [pub] };
    clientMetadata.encrypted_response_enc_values_supported = [enc];
  }
  const payload: Record<string, unknown> = {
    response_type: 'vp_token',
    response_mode: responseMode,
    nonce,
    dcql_query: options.dcqlQuery,
  };
  if (clientId !== undefined) payload.client_id = clientId;
  if (responseUri !== undefined) payload.response_uri = responseUri;
  if (state !== undefined) payload.state = state;
  if (Object.keys(clientMetadata).length > 0) payload.client_metadata = clientMetadata;
  if (dcApi && signed) payload.expected_origins = [...(expectedOrigins as string[])];
  const audience = dcApi ? `origin:${origin as string}` : (clientId as string);
  const transaction: VerifierTransaction = { audience, nonce, responseMode, dcqlQuery: options.dcqlQuery };
  if (clientId !== undefined) transaction.clientId = clientId;
  if (state !== undefined) transaction.state = state;
  if (responseUri !== undefined) transaction.responseUri = responseUri;
  if (decryptionKey !== undefined) {
    transaction.decryptionKey = decryptionKey;
    transaction.enc = enc;
  }
  const protocol = dcApi ? (signed ? 'openid4vp-v1-signed' : 'openid4vp-v1-unsigned') : undefined;
  if (!signed) {
    return protocol ? { params: payload, protocol, transaction } : { params: payload, transaction };
  }
  const iat = Math.floor(now() / 1000);
  const body = { ...payload, iat, exp: iat + ttl, ...(dcApi ? {} : { aud: 'https://self-issued.me/v2' }) };
  const requestObject = await signJwt(signer as JwsSigner, { typ: REQUEST_OBJECT_TYP, kid }, body);
  const params: Record<string, unknown> = dcApi
    ? { request: requestObject }
    : { client_id: clientId, request: requestObject };
  return protocol ? { params, requestObject, protocol, transaction } : { params, requestObject, transaction };
}
