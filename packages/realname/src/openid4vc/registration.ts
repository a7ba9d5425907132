/**
 * Registration at a site over OpenID4VP 1.0 with DCQL: the mapping between the native messages of
 * `roles/protocol.ts` and an authorization request (a JAR signed by the RP's DID, `client_id`
 * `decentralized_identifier:<did>`) and its response (`vp_token` + the pairwise DID's proof as
 * the extension parameter `realdid_did_proof`). The checks themselves stay in the roles: the
 * wallet's registry, origin, allowed-claims and consent checks, and the relying party's
 * `verifyRegistration`, run unchanged on what this module extracts.
 */
import type { KeyPair } from '@realdid/crypto';
import { createSigner } from '@realdid/crypto';
import type {
  AuthorizationResponse,
  CreatedAuthorizationRequest,
  VerifiedAuthorizationRequest,
  VerifierTransaction,
} from '@realdid/openid4vc';
import { isRealNameClaim, REALNAME_VCT, type RealNameClaim } from '../claims.js';
import { isPlainObject } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { decodeJws } from '../internal/jws.js';
import { openid4vc } from '../internal/openid4vc.js';
import { checkRequestTimes } from '../internal/requestTimes.js';
import { isOrigin } from '../registry/readRegistry.js';
import { DID_PROOF_TYP, type RegistrationResponse } from '../roles/protocol.js';

/** The client identifier prefix of a relying party identified by its DID (OpenID4VP 1.0 §5.9.3). */
export const DID_CLIENT_PREFIX = 'decentralized_identifier:';

/** The id of the credential query of a registration request (and the key of its `vp_token`). */
export const REGISTRATION_QUERY_ID = 'realname';

/**
 * The authorization response parameter that carries the pairwise DID's proof of control (a compact
 * JWS, `typ` {@link DID_PROOF_TYP}, over `{ iss: did, aud: client_id, nonce, sd_hash }`). Inside
 * the JWE for `direct_post.jwt`.
 */
export const DID_PROOF_PARAMETER = 'realdid_did_proof';

/** The response modes a registration request may use. */
export type RegistrationResponseMode = 'direct_post' | 'direct_post.jwt';

/** Options of `RelyingParty.createAuthorizationRequest`. */
export interface RegistrationRequestOptions {
  /** Where the wallet posts its answer: an endpoint of this site, on one of its registered origins. */
  responseUri: string;
  /** `direct_post.jwt` (default: the answer is encrypted to a key of this transaction) or `direct_post`. */
  responseMode?: RegistrationResponseMode;
}

/** Options of `Wallet.answerAuthorizationRequest`. */
export interface AnswerAuthorizationRequestOptions {
  /**
   * The web origin the request arrived from, as the browser reports it (never a value taken from
   * the request): the RP must be registered for it, as for `Wallet.respond`.
   */
  origin: string;
  /** Register again with a fresh credential (see `RespondOptions.renew`). */
  renew?: boolean;
  /** Fetches a request passed by reference (`request_uri`); without it such a request is refused. */
  fetch?: typeof globalThis.fetch;
  /** Bound on fetching `request_uri` in milliseconds. */
  timeoutMs?: number;
}

/** Options of `Wallet.acceptCredentialOffer`. */
export interface AcceptCredentialOfferOptions {
  /** The transaction code the person received out of band. */
  txCode?: string;
  /** How many credentials to ask for (default 5; at most the issuer's batch size). */
  count?: number;
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Bound on each HTTP exchange in milliseconds. */
  timeoutMs?: number;
}

/** What `Wallet.answerAuthorizationRequest` returns. */
export interface AnsweredAuthorizationRequest {
  /** The verified request: post the response to its `responseUri` (`submitAuthorizationResponse`). */
  request: VerifiedAuthorizationRequest;
  /** The authorization response (a JWE in `response` for `direct_post.jwt`). */
  response: AuthorizationResponse;
  /** The site's pairwise DID the response registers. */
  did: string;
}

/**
 * The DCQL query of a registration: one SD-JWT VC of the real-name `vct`, with exactly the claims
 * asked for (each a top-level claim), holder-bound.
 */
export function registrationQuery(claims: readonly RealNameClaim[]): Record<string, unknown> {
  return {
    credentials: [
      {
        id: REGISTRATION_QUERY_ID,
        format: 'dc+sd-jwt',
        meta: { vct_values: [REALNAME_VCT] },
        claims: claims.map((c) => ({ path: [c] })),
      },
    ],
  };
}

/** The RP side: a signed request for `claims`, with the nonce, time and lifetime the RP chose. */
export async function createRegistrationRequest(o: {
  rp: string;
  vm: string;
  key: KeyPair;
  claims: readonly RealNameClaim[];
  nonce: string;
  iat: number;
  ttl: number;
  options: RegistrationRequestOptions;
}): Promise<CreatedAuthorizationRequest> {
  const { options } = o;
  if (!isPlainObject(options)) throw new TypeError('createAuthorizationRequest: expected { responseUri }');
  const responseMode = options.responseMode ?? 'direct_post.jwt';
  if (responseMode !== 'direct_post' && responseMode !== 'direct_post.jwt')
    throw new TypeError('responseMode: expected direct_post or direct_post.jwt');
  if (typeof options.responseUri !== 'string') throw new TypeError('responseUri: expected a URL');
  const { createAuthorizationRequest } = await openid4vc();
  return createAuthorizationRequest({
    clientId: `${DID_CLIENT_PREFIX}${o.rp}`,
    signer: createSigner(o.key),
    kid: o.vm,
    responseMode,
    responseUri: options.responseUri,
    dcqlQuery: registrationQuery(o.claims),
    nonce: o.nonce,
    now: () => o.iat * 1000,
    expiresInSeconds: o.ttl,
  });
}

/**
 * The RP side: opens an authorization response (decrypts it, checks `state`, parses the
 * `vp_token`) and takes out the native registration response — exactly one presentation for the
 * registration query, and the pairwise DID's proof (its `alg` the profile's: `EdDSA`, or `SM2` in
 * the gm profile). The DID it names is the proof's `iss`, which `verifyRegistration` then checks the
 * proof is signed by.
 */
export async function openRegistrationResponse(
  response: Record<string, unknown>,
  transaction: VerifierTransaction,
  alg: 'EdDSA' | 'SM2' = 'EdDSA',
): Promise<RegistrationResponse> {
  const C = 'ERR_PRESENTATION_INVALID';
  const { openAuthorizationResponse } = await openid4vc();
  const { vpToken, params } = await openAuthorizationResponse(response, transaction);
  const ids = Object.keys(vpToken);
  const presentations = vpToken[REGISTRATION_QUERY_ID];
  if (ids.length !== 1 || presentations === undefined || presentations.length !== 1)
    throw fail(C, `expected one presentation for the ${REGISTRATION_QUERY_ID} query`);
  const proof = params[DID_PROOF_PARAMETER];
  if (typeof proof !== 'string' || proof.length > 16_384)
    throw fail(C, `expected the pairwise DID's proof in ${DID_PROOF_PARAMETER}`);
  const did = decodeJws(proof, C, DID_PROOF_TYP, alg).payload.iss;
  if (typeof did !== 'string') throw fail(C, 'the pairwise DID proof names no DID');
  return {
    type: 'realdid-registration-response',
    did,
    presentation: presentations[0] as string,
    proof,
  };
}

/** A registration request, checked as OpenID4VP and read as the native request it stands for. */
export interface RegistrationRequestFields {
  rp: string;
  claims: RealNameClaim[];
  nonce: string;
  iat: number;
  /** The key binding audience: the client identifier. */
  audience: string;
  /** The origin of the `response_uri` (must be one of the RP's registered origins). */
  responseOrigin: string;
  /** The credential query id to answer. */
  queryId: string;
}

/** Longest accepted request lifetime (exp − iat), seconds: as for native requests. */

/**
 * The wallet side: reads a verified authorization request as a registration — a
 * `decentralized_identifier:` client, `direct_post(.jwt)`, a request object with `iat` and
 * `exp` (unexpired, at most an hour apart: `iat` goes into the key binding as the native flow
 * does), a nonce of 128 to 768 bits, and a query for exactly one holder-bound real-name SD-JWT VC
 * with top-level known claims only (no value filters, claim sets or credential sets: a
 * registration discloses exactly the listed claims).
 */
export function readRegistrationRequest(
  request: VerifiedAuthorizationRequest,
  nowMs: number,
): RegistrationRequestFields {
  const bad = (why: string) => fail('ERR_REQUEST_INVALID', why);
  if (!request.signed || request.clientDid === undefined || !request.clientId.startsWith(DID_CLIENT_PREFIX))
    throw bad('a registration request is signed by the relying party’s DID');
  if (request.responseMode !== 'direct_post' && request.responseMode !== 'direct_post.jwt')
    throw bad('a registration request is answered by direct_post or direct_post.jwt');
  const iat = checkRequestTimes(request.payload.exp, request.payload.iat, nowMs);
  if (request.nonce.length < 22 || request.nonce.length > 128) throw bad('nonce: 128 to 768 bits');
  const origin = request.responseUri === undefined ? undefined : new URL(request.responseUri).origin;
  if (origin === undefined || !isOrigin(origin)) throw bad('response_uri: expected a URL of the site');
  const q = request.dcqlQuery;
  if (q.credentials.length !== 1 || q.credential_sets !== undefined)
    throw bad('a registration asks for exactly one credential');
  const cq = q.credentials[0] as (typeof q.credentials)[number] & Record<string, unknown>;
  const meta = cq.meta as { vct_values?: unknown } | undefined;
  if (
    cq.format !== 'dc+sd-jwt' ||
    !Array.isArray(meta?.vct_values) ||
    meta.vct_values.length !== 1 ||
    meta.vct_values[0] !== REALNAME_VCT ||
    cq.multiple === true ||
    cq.require_cryptographic_holder_binding === false ||
    cq.claim_sets !== undefined
  )
    throw bad('a registration asks for one holder-bound real-name SD-JWT VC');
  const claims = (cq.claims ?? []) as ReadonlyArray<Record<string, unknown>>;
  const names: RealNameClaim[] = [];
  for (const c of claims) {
    const path = c.path as unknown[];
    if (path.length !== 1 || !isRealNameClaim(path[0]) || c.values !== undefined)
      throw bad('a registration asks for known top-level claims, without value filters');
    if (!names.includes(path[0])) names.push(path[0]);
  }
  if (names.length === 0) throw bad('a registration asks for at least one claim');
  return {
    rp: request.clientDid,
    claims: names.sort(),
    nonce: request.nonce,
    iat,
    audience: request.audience,
    responseOrigin: origin,
    queryId: cq.id,
  };
}

/** The credential configuration id of real-name SD-JWT VCs in the issuer's metadata. */
export const REALNAME_CONFIGURATION_ID = 'realname';
