import { base64urlEncode, constantTimeEqual, randomBytes, utf8Encode } from '@realdid/crypto';
import { assertObject, isPlainObject, plainCopy } from './internal/json.js';
import { JWS_ALGS, readAlgorithms } from './internal/jws.js';
import { verifyProofJwt } from './internal/proof.js';
import { isSecureUrl } from './internal/url.js';

/** The pre-authorized code grant type (OpenID4VCI §4.1.1). */
export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** A credential configuration this issuer offers (`dc+sd-jwt` only). */
export interface SdJwtVcConfiguration {
  format: 'dc+sd-jwt';
  vct: string;
  /** Further metadata (`credential_metadata` with display and claims, `scope`, …). */
  [k: string]: unknown;
}

/** What the issuer's `issue` callback receives for each credential of a batch. */
export interface IssueRequest {
  /** What the caller attached to the offer (for instance the verified person's record). */
  subject: unknown;
  /** The configuration requested. */
  configurationId: string;
  /** The holder key proven in the proof JWT: `{ jwk }` or `{ kid }` (did:key). */
  cnf: { jwk: Record<string, unknown> } | { kid: string };
  /** The position in the batch (0-based). */
  index: number;
}

/** What the issuer's `issueBatch` callback receives: one holder key per credential of the batch. */
export interface IssueBatchRequest {
  /** What the caller attached to the offer. */
  subject: unknown;
  /** The configuration requested. */
  configurationId: string;
  /** The holder keys proven in the proof JWTs, in the order of the proofs. */
  cnfs: Array<IssueRequest['cnf']>;
}

/** Options of {@link createCredentialIssuer}. */
export interface CredentialIssuerOptions {
  /**
   * The Credential Issuer Identifier: an https URL (also the authorization server here; `http:` only
   * on 127.0.0.1 or localhost, for development). With a path, its metadata lives at
   * `<origin>/.well-known/openid-credential-issuer<path>` (OpenID4VCI 1.0 §12.2.2).
   */
  credentialIssuer: string;
  /** The configurations offered, by id. */
  configurations: Record<string, SdJwtVcConfiguration>;
  /**
   * Signs one credential (for instance with `@realdid/sd-jwt`'s `issueSdJwtVc`). Give either
   * `issue` or `issueBatch`.
   */
  issue?: (request: IssueRequest) => Promise<string>;
  /**
   * Signs a whole batch in one call, one credential per key in the order of `cnfs` — for an issuer
   * that checks the subject or publishes a status list once per batch rather than per credential.
   */
  issueBatch?: (request: IssueBatchRequest) => Promise<string[]>;
  /** Most credentials in one request (default 10; `batch_credential_issuance.batch_size`). */
  batchSize?: number;
  /** Lifetime of a pre-authorized code in seconds (default 600). */
  codeTtlSeconds?: number;
  /** Lifetime of an access token in seconds (default 300). */
  tokenTtlSeconds?: number;
  /** Lifetime of a `c_nonce` in seconds (default 300). */
  nonceTtlSeconds?: number;
  /** Wrong transaction codes tolerated before the pre-authorized code is revoked (default 3). */
  maxTxCodeAttempts?: number;
  /**
   * Accepted proof JWT algorithms (default EdDSA, ES256, ES256K). `SM2` (SM2 over SM3, default
   * user ID) is accepted only when listed.
   */
  proofAlgorithms?: readonly string[];
  /** The current time in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Tolerated clock difference in seconds for proof `iat` (default 60). */
  clockSkewSeconds?: number;
}

/** A request handed to a handler: the parsed body and the headers (lower-case names). */
export interface HandlerRequest {
  headers?: Record<string, string | undefined>;
  /** Form fields (token endpoint) or the parsed JSON body (credential endpoint). */
  body?: unknown;
}

/** A handler's answer; send `body` as JSON with `status` and `headers`. */
export interface HandlerResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Options of `createOffer`. */
export interface CreateOfferOptions {
  /** The configurations offered. */
  configurationIds: readonly string[];
  /** Attached to the code, handed to `issue` (the verified identity record). */
  subject: unknown;
  /** Require a transaction code (default true: 6 digits, sent out of band). */
  txCode?: boolean | { length?: number; description?: string };
}

/** A created offer. */
export interface CreatedOffer {
  /** The Credential Offer object (OpenID4VCI §4.1.1). */
  offer: Record<string, unknown>;
  /** `openid-credential-offer://?credential_offer=…`, for a QR code or a link. */
  offerUri: string;
  /** The transaction code to deliver out of band (never inside the offer). */
  txCode?: string;
}

/** A framework-free credential issuer: metadata, offers, and the endpoint handlers. */
export interface CredentialIssuer {
  /** Credential Issuer Metadata (`/.well-known/openid-credential-issuer`). */
  metadata(): Record<string, unknown>;
  /** Authorization Server Metadata (`/.well-known/oauth-authorization-server`). */
  authorizationServerMetadata(): Record<string, unknown>;
  /** Makes a pre-authorized code offer for a person whose identity was checked before. */
  createOffer(options: CreateOfferOptions): CreatedOffer;
  /** The token endpoint (pre-authorized code grant with transaction code). */
  token(request: HandlerRequest): Promise<HandlerResponse>;
  /** The nonce endpoint: a fresh `c_nonce`. */
  nonce(request?: HandlerRequest): Promise<HandlerResponse>;
  /** The credential endpoint: proofs of possession in, a batch of credentials out. */
  credential(request: HandlerRequest): Promise<HandlerResponse>;
}

const NO_STORE = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function answer(
  status: number,
  body: Record<string, unknown>,
  extra: Record<string, string> = {},
): HandlerResponse {
  return { status, headers: { ...NO_STORE, ...extra }, body };
}

function oauthError(status: number, error: string, description: string): HandlerResponse {
  return answer(status, { error, error_description: description });
}

function random(): string {
  return base64urlEncode(randomBytes(32));
}

function digits(n: number): string {
  const bytes = randomBytes(n * 2);
  let s = '';
  for (let i = 0; i < n; i++)
    s += String(((bytes[2 * i] as number) * 256 + (bytes[2 * i + 1] as number)) % 10);
  return s;
}

interface CodeRecord {
  subject: unknown;
  configurationIds: readonly string[];
  txCode: string | undefined;
  expires: number;
  attempts: number;
}

interface TokenRecord {
  subject: unknown;
  configurationIds: readonly string[];
  expires: number;
}

/**
 * Creates an OpenID4VCI 1.0 credential issuer for SD-JWT VC (`dc+sd-jwt`) with the
 * pre-authorized code flow: offers with a transaction code, a token endpoint, a nonce endpoint and
 * a credential endpoint that verifies one JWT proof of possession per credential
 * (`openid4vci-proof+jwt`, fresh `c_nonce`, `aud` the issuer) and issues the whole batch, one
 * credential per proven key. The identity check happens before `createOffer`; its outcome is the
 * `subject` handed to `issue`.
 *
 * Codes, tokens and nonces live in this object's memory (one process): a code and a `c_nonce`
 * are good once, an access token for one credential request.
 *
 * @param options - identifier, configurations, the `issue` callback, limits and clock
 * @returns metadata, `createOffer`, and the `token`, `nonce` and `credential` handlers
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { createCredentialIssuer } from '@realdid/openid4vc';
 * const issuer = createCredentialIssuer({
 *   credentialIssuer: 'https://authority.example',
 *   configurations: { realname: { format: 'dc+sd-jwt', vct: 'https://authority.example/realname' } },
 *   issue: async () => 'eyJ…~',
 * });
 * const { offer, txCode } = issuer.createOffer({ configurationIds: ['realname'], subject: { id: 1 } });
 * ```
 */
export function createCredentialIssuer(options: CredentialIssuerOptions): CredentialIssuer {
  assertObject(options, 'options');
  const iss = options.credentialIssuer;
  if (!isSecureUrl(iss) || /[?#]/.test(iss) || iss.endsWith('/'))
    throw new TypeError(
      'credentialIssuer must be an https URL (http only on 127.0.0.1 or localhost) without query, fragment or trailing slash',
    );
  if (!isPlainObject(options.configurations) || Object.keys(options.configurations).length === 0)
    throw new TypeError('configurations must be a non-empty object');
  for (const [id, c] of Object.entries(options.configurations)) {
    if (!isPlainObject(c) || c.format !== 'dc+sd-jwt' || typeof c.vct !== 'string')
      throw new TypeError(`configuration ${id}: expected { format: 'dc+sd-jwt', vct }`);
  }
  const { issue, issueBatch } = options;
  if ((issue === undefined) === (issueBatch === undefined))
    throw new TypeError('give exactly one of issue and issueBatch');
  if (issue !== undefined && typeof issue !== 'function') throw new TypeError('issue must be a function');
  if (issueBatch !== undefined && typeof issueBatch !== 'function')
    throw new TypeError('issueBatch must be a function');
  const batchSize = options.batchSize ?? 10;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
    throw new RangeError('batchSize must be 1..1000');
  const codeTtl = options.codeTtlSeconds ?? 600;
  const tokenTtl = options.tokenTtlSeconds ?? 300;
  const nonceTtl = options.nonceTtlSeconds ?? 300;
  const maxAttempts = options.maxTxCodeAttempts ?? 3;
  const skew = options.clockSkewSeconds ?? 60;
  const algs = readAlgorithms(options.proofAlgorithms, 'proofAlgorithms');
  const now = options.now ?? Date.now;
  const secs = () => Math.floor(now() / 1000);
  const configurations = options.configurations;
  const codes = new Map<string, CodeRecord>();
  const tokens = new Map<string, TokenRecord>();
  const nonces = new Map<string, number>();
  const sweep = <V extends { expires: number } | number>(m: Map<string, V>) => {
    const t = secs();
    for (const [k, v] of m) if ((typeof v === 'number' ? v : v.expires) < t) m.delete(k);
  };

  const metadata = () => ({
    credential_issuer: iss,
    credential_endpoint: `${iss}/credential`,
    nonce_endpoint: `${iss}/nonce`,
    batch_credential_issuance: { batch_size: batchSize },
    credential_configurations_supported: Object.fromEntries(
      Object.entries(configurations).map(([id, c]) => [
        id,
        {
          cryptographic_binding_methods_supported: ['jwk', 'did:key'],
          credential_signing_alg_values_supported: [...JWS_ALGS],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...algs] } },
          ...c,
        },
      ]),
    ),
  });

  return Object.freeze({
    metadata,
    authorizationServerMetadata: () => ({
      issuer: iss,
      token_endpoint: `${iss}/token`,
      grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
      'pre-authorized_grant_anonymous_access_supported': true,
    }),

    createOffer(o: CreateOfferOptions): CreatedOffer {
      assertObject(o, 'options');
      if (
        !Array.isArray(o.configurationIds) ||
        o.configurationIds.length === 0 ||
        !o.configurationIds.every((id) => Object.hasOwn(configurations, id))
      )
        throw new TypeError('configurationIds must name configured credentials');
      const tx = o.txCode ?? true;
      const length = typeof tx === 'object' ? (tx.length ?? 6) : 6;
      if (!Number.isInteger(length) || length < 4 || length > 16)
        throw new RangeError('txCode.length must be 4..16');
      const txCode = tx === false ? undefined : digits(length);
      const code = random();
      sweep(codes);
      codes.set(code, {
        subject: o.subject,
        configurationIds: [...o.configurationIds],
        txCode,
        expires: secs() + codeTtl,
        attempts: 0,
      });
      const grant: Record<string, unknown> = { 'pre-authorized_code': code };
      if (txCode !== undefined) {
        grant.tx_code = {
          input_mode: 'numeric',
          length,
          ...(typeof tx === 'object' && typeof tx.description === 'string'
            ? { description: tx.description }
            : {}),
        };
      }
      const offer = {
        credential_issuer: iss,
        credential_configuration_ids: [...o.configurationIds],
        grants: { [PRE_AUTHORIZED_CODE_GRANT]: grant },
      };
      const offerUri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
      return txCode === undefined ? { offer, offerUri } : { offer, offerUri, txCode };
    },

    async token(req: HandlerRequest): Promise<HandlerResponse> {
      const r = plainCopy(req, 65_536);
      const body = isPlainObject(r) && isPlainObject(r.body) ? r.body : undefined;
      if (body === undefined) return oauthError(400, 'invalid_request', 'expected form parameters');
      if (body.grant_type !== PRE_AUTHORIZED_CODE_GRANT)
        return oauthError(400, 'unsupported_grant_type', 'only the pre-authorized code grant');
      const code = body['pre-authorized_code'];
      if (typeof code !== 'string')
        return oauthError(400, 'invalid_request', 'pre-authorized_code is missing');
      const rec = codes.get(code);
      if (rec === undefined || rec.expires < secs()) {
        codes.delete(code);
        return oauthError(400, 'invalid_grant', 'unknown, used or expired pre-authorized code');
      }
      if (rec.txCode !== undefined) {
        const given = body.tx_code;
        if (
          typeof given !== 'string' ||
          !constantTimeEqual(utf8Encode(given.padEnd(64)), utf8Encode(rec.txCode.padEnd(64)))
        ) {
          rec.attempts++;
          if (rec.attempts >= maxAttempts) codes.delete(code);
          return oauthError(400, 'invalid_grant', 'wrong transaction code');
        }
      } else if (body.tx_code !== undefined)
        return oauthError(400, 'invalid_request', 'no transaction code was asked');
      codes.delete(code);
      const accessToken = random();
      sweep(tokens);
      tokens.set(accessToken, {
        subject: rec.subject,
        configurationIds: rec.configurationIds,
        expires: secs() + tokenTtl,
      });
      return answer(200, { access_token: accessToken, token_type: 'Bearer', expires_in: tokenTtl });
    },

    async nonce(): Promise<HandlerResponse> {
      sweep(nonces);
      if (nonces.size > 100_000)
        return oauthError(503, 'temporarily_unavailable', 'too many outstanding nonces');
      const c = random();
      nonces.set(c, secs() + nonceTtl);
      return answer(200, { c_nonce: c });
    },

    async credential(req: HandlerRequest): Promise<HandlerResponse> {
      const copy = plainCopy(req, 1_048_576);
      const r = isPlainObject(copy) ? copy : {};
      const headers = isPlainObject(r.headers) ? r.headers : {};
      const auth = headers.authorization;
      const m = typeof auth === 'string' ? /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(auth) : null;
      const tok = m ? tokens.get(m[1] as string) : undefined;
      if (m === null || tok === undefined || tok.expires < secs()) {
        return answer(
          401,
          { error: 'invalid_token' },
          { 'www-authenticate': 'Bearer error="invalid_token"' },
        );
      }
      const body = isPlainObject(r.body) ? r.body : undefined;
      if (body === undefined) return oauthError(400, 'invalid_credential_request', 'expected a JSON object');
      const cid = body.credential_configuration_id;
      if (
        typeof cid !== 'string' ||
        !tok.configurationIds.includes(cid) ||
        !Object.hasOwn(configurations, cid)
      )
        return oauthError(
          400,
          'invalid_credential_request',
          'credential_configuration_id not granted by this token',
        );
      if (body.proof !== undefined)
        return oauthError(400, 'invalid_credential_request', 'use proofs (OpenID4VCI 1.0), not proof');
      const proofs = isPlainObject(body.proofs) ? body.proofs : undefined;
      const jwts = proofs !== undefined && Object.keys(proofs).length === 1 ? proofs.jwt : undefined;
      if (!Array.isArray(jwts) || jwts.length === 0)
        return oauthError(400, 'invalid_proof', 'proofs.jwt: expected a non-empty array');
      if (jwts.length > batchSize)
        return oauthError(400, 'invalid_credential_request', `at most ${batchSize} proofs`);
      const t = secs();
      const verified = [];
      const seenKeys = new Set<string>();
      for (const jwt of jwts) {
        const v = verifyProofJwt(jwt, iss, t, skew, algs);
        if (typeof v === 'string') return oauthError(400, v, 'a proof of possession does not verify');
        const exp = nonces.get(v.nonce);
        if (exp === undefined || exp < t)
          return oauthError(400, 'invalid_nonce', 'unknown, used or expired c_nonce');
        const keyId = JSON.stringify(v.jwk);
        if (seenKeys.has(keyId))
          return oauthError(400, 'invalid_proof', 'each credential of a batch needs its own key');
        seenKeys.add(keyId);
        verified.push(v);
      }
      // Every proof is good: spend the nonces and the token, then issue.
      for (const v of verified) nonces.delete(v.nonce);
      tokens.delete(m[1] as string);
      const cnfs = verified.map((v) => (typeof v.jwk.kid === 'string' ? { kid: v.jwk.kid } : { jwk: v.jwk }));
      let issued: unknown[];
      if (issueBatch !== undefined) {
        issued = await issueBatch({ subject: tok.subject, configurationId: cid, cnfs });
        if (!Array.isArray(issued) || issued.length !== cnfs.length)
          throw new TypeError('issueBatch must return one credential per key');
      } else {
        issued = [];
        for (const [index, cnf] of cnfs.entries())
          issued.push(
            await (issue as NonNullable<typeof issue>)({
              subject: tok.subject,
              configurationId: cid,
              cnf,
              index,
            }),
          );
      }
      if (!issued.every((c) => typeof c === 'string' && c.length > 0))
        throw new TypeError('issued credentials must be non-empty strings');
      return answer(200, { credentials: issued.map((credential) => ({ credential })) });
    },
  });
}
