import { checkTimeoutMs, DEFAULT_TIMEOUT_MS } from '@realdid/crypto';
import type { JwsSigner } from '@realdid/sd-jwt';
import { PRE_AUTHORIZED_CODE_GRANT } from './createCredentialIssuer.js';
import { oidError } from './internal/errors.js';
import { assertObject, isPlainObject } from './internal/json.js';
import { signJwt } from './internal/jws.js';
import { isSecureUrl, wellKnownUrl } from './internal/url.js';
import { parseCredentialOffer } from './parseCredentialOffer.js';
import { PROOF_JWT_TYP } from './types.js';

/** A holder key for one credential of the batch. */
export interface HolderKey {
  signer: JwsSigner;
  /** The public JWK (sent in the proof header), or a did:key DID URL as `kid`. */
  jwk?: Record<string, unknown>;
  kid?: string;
}

/** Options of {@link requestCredentials}. */
export interface RequestCredentialsOptions {
  /** The credential offer (object, JSON, or `openid-credential-offer://` URI). */
  offer: unknown;
  /** The transaction code the person received out of band. */
  txCode?: string;
  /** Which offered configuration to request (default the first). */
  configurationId?: string;
  /** One fresh key per credential wanted: the batch size is `holderKeys.length`. */
  holderKeys: readonly HolderKey[];
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Bound on each HTTP exchange in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** The current time in milliseconds, for proof `iat` (default `Date.now`). */
  now?: () => number;
}

async function call(
  f: typeof globalThis.fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  code: 'ERR_OID4VC_METADATA_INVALID' | 'ERR_OID4VC_TOKEN' | 'ERR_OID4VC_CREDENTIAL',
): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await f(url, {
      ...init,
      ...(Number.isFinite(timeoutMs) ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
  } catch (cause) {
    throw oidError(code, `${url} could not be reached`, cause);
  }
  const text = await res.text();
  if (text.length > 4_194_304) throw oidError(code, `${url}: answer too large`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw oidError(code, `${url}: HTTP ${res.status}, not JSON`);
  }
  if (!isPlainObject(body)) throw oidError(code, `${url}: not a JSON object`);
  if (!res.ok) {
    const e = typeof body.error === 'string' ? body.error.slice(0, 64) : 'error';
    throw oidError(code, `${url}: HTTP ${res.status} ${e}`);
  }
  return body;
}

function endpoint(md: Record<string, unknown>, k: string): string {
  const v = md[k];
  if (!isSecureUrl(v)) throw oidError('ERR_OID4VC_METADATA_INVALID', `${k} is missing or not https`);
  return v;
}

/**
 * The wallet side of OpenID4VCI 1.0 with a pre-authorized code: reads the issuer's metadata,
 * exchanges the code and transaction code at the token endpoint, gets a `c_nonce`, signs one
 * proof JWT per holder key and receives the batch — one credential per key.
 *
 * @param options - offer, transaction code, holder keys, `fetch`
 * @returns the issued credentials, in the order of `holderKeys`
 * @throws TypeError on misuse; RealDidError `ERR_OID4VC_OFFER_INVALID`,
 *   `ERR_OID4VC_METADATA_INVALID`, `ERR_OID4VC_TOKEN` (for instance a wrong transaction code),
 *   `ERR_OID4VC_CREDENTIAL`
 * @example
 * ```ts
 * // const creds = await requestCredentials({ offer: offerUri, txCode: '493536', holderKeys, fetch });
 * ```
 */
export async function requestCredentials(options: RequestCredentialsOptions): Promise<string[]> {
  assertObject(options, 'options');
  const offer = parseCredentialOffer(options.offer);
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== 'function') throw new TypeError('fetch must be a function');
  const timeoutMs = checkTimeoutMs(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  if (!Array.isArray(options.holderKeys) || options.holderKeys.length === 0)
    throw new TypeError('holderKeys must be a non-empty array');
  const now = options.now ?? Date.now;
  const cid = options.configurationId ?? offer.credential_configuration_ids[0];
  if (typeof cid !== 'string' || !offer.credential_configuration_ids.includes(cid))
    throw new TypeError('configurationId is not offered');
  const grant = offer.grants?.[PRE_AUTHORIZED_CODE_GRANT];
  if (grant === undefined) throw oidError('ERR_OID4VC_OFFER_INVALID', 'the offer has no pre-authorized code');
  if (grant.tx_code !== undefined && typeof options.txCode !== 'string')
    throw new TypeError('this offer needs txCode');
  const iss = offer.credential_issuer;

  const md = await call(
    f,
    wellKnownUrl(iss, 'openid-credential-issuer'),
    { method: 'GET' },
    timeoutMs,
    'ERR_OID4VC_METADATA_INVALID',
  );
  if (md.credential_issuer !== iss)
    throw oidError('ERR_OID4VC_METADATA_INVALID', 'metadata of another issuer');
  const configs = md.credential_configurations_supported;
  if (!isPlainObject(configs) || !isPlainObject(configs[cid]))
    throw oidError('ERR_OID4VC_METADATA_INVALID', `${cid} is not in the metadata`);
  const batch = md.batch_credential_issuance;
  const max = isPlainObject(batch) && typeof batch.batch_size === 'number' ? batch.batch_size : 1;
  if (options.holderKeys.length > max)
    throw new RangeError(`the issuer accepts at most ${max} credentials per request`);
  const as =
    Array.isArray(md.authorization_servers) && typeof md.authorization_servers[0] === 'string'
      ? md.authorization_servers[0]
      : iss;
  if (!isSecureUrl(as))
    throw oidError('ERR_OID4VC_METADATA_INVALID', 'authorization_servers[0] is not an https URL');
  const asMd = await call(
    f,
    wellKnownUrl(as, 'oauth-authorization-server'),
    { method: 'GET' },
    timeoutMs,
    'ERR_OID4VC_METADATA_INVALID',
  );
  if (asMd.issuer !== as)
    throw oidError('ERR_OID4VC_METADATA_INVALID', 'authorization server metadata of another server');

  const form = new URLSearchParams({
    grant_type: PRE_AUTHORIZED_CODE_GRANT,
    'pre-authorized_code': grant['pre-authorized_code'],
  });
  if (options.txCode !== undefined) form.set('tx_code', options.txCode);
  const tok = await call(
    f,
    endpoint(asMd, 'token_endpoint'),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    },
    timeoutMs,
    'ERR_OID4VC_TOKEN',
  );
  if (
    typeof tok.access_token !== 'string' ||
    typeof tok.token_type !== 'string' ||
    tok.token_type.toLowerCase() !== 'bearer'
  )
    throw oidError('ERR_OID4VC_TOKEN', 'the token response has no bearer access_token');
  const n = await call(
    f,
    endpoint(md, 'nonce_endpoint'),
    { method: 'POST' },
    timeoutMs,
    'ERR_OID4VC_CREDENTIAL',
  );
  if (typeof n.c_nonce !== 'string')
    throw oidError('ERR_OID4VC_CREDENTIAL', 'the nonce endpoint gave no c_nonce');
  const iat = Math.floor(now() / 60_000) * 60; // to the minute: no second-precision device clock
  const proofs: string[] = [];
  for (const k of options.holderKeys) {
    const header: Record<string, unknown> = { typ: PROOF_JWT_TYP };
    if (k.jwk !== undefined) header.jwk = k.jwk;
    else if (typeof k.kid === 'string') header.kid = k.kid;
    else throw new TypeError('each holder key needs jwk or kid');
    proofs.push(await signJwt(k.signer, header, { aud: iss, iat, nonce: n.c_nonce }));
  }
  const res = await call(
    f,
    endpoint(md, 'credential_endpoint'),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok.access_token}` },
      body: JSON.stringify({ credential_configuration_id: cid, proofs: { jwt: proofs } }),
    },
    timeoutMs,
    'ERR_OID4VC_CREDENTIAL',
  );
  const list = res.credentials;
  if (!Array.isArray(list) || list.length !== proofs.length)
    throw oidError('ERR_OID4VC_CREDENTIAL', 'the credential response does not hold one credential per proof');
  return list.map((c) => {
    if (!isPlainObject(c) || typeof c.credential !== 'string')
      throw oidError('ERR_OID4VC_CREDENTIAL', 'a credential is not a string');
    return c.credential;
  });
}
