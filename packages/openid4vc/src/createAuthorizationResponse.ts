import { utf8Encode } from '@realdid/crypto';
import { CompactEncrypt, importJWK } from 'jose';
import { isPlainObject } from './internal/json.js';
import type { VpTokenEntry } from './types.js';
import type { VerifiedAuthorizationRequest } from './verifyAuthorizationRequest.js';

/**
 * The authorization response: `{ vp_token, state? }`, or `{ response }` (a JWE, ECDH-ES with the
 * verifier's key) for `*.jwt` modes. For `direct_post*` post it form-encoded with
 * {@link submitAuthorizationResponse}; over the DC API hand it back as the credential `data`.
 */
export type AuthorizationResponse =
  | { vp_token: Record<string, VpTokenEntry[]>; state?: string; [extension: string]: unknown }
  | { response: string };

/**
 * Builds the authorization response for a verified request: the `vp_token` and `state` in the
 * clear, or encrypted to the verifier's `client_metadata.jwks` key (JWE, `ECDH-ES` with the
 * request's `enc`, OpenID4VP §8.3) for `direct_post.jwt` and `dc_api.jwt`.
 *
 * @param request - from {@link verifyAuthorizationRequest}
 * @param vpToken - from {@link createVpToken}
 * @param extensions - further response parameters defined by an extension (string values; not
 *   `vp_token`, `state` or `response`), sent next to `vp_token` — inside the JWE when encrypted
 * @returns the response parameters
 * @throws TypeError on misuse
 * @example
 * ```ts
 * // const response = await createAuthorizationResponse(request, vpToken);
 * ```
 */
export async function createAuthorizationResponse(
  request: VerifiedAuthorizationRequest,
  vpToken: Record<string, VpTokenEntry[]>,
  extensions: Record<string, string> = {},
): Promise<AuthorizationResponse> {
  if (!isPlainObject(request) || typeof request.responseMode !== 'string')
    throw new TypeError('request must come from verifyAuthorizationRequest');
  if (!isPlainObject(vpToken)) throw new TypeError('vpToken must be an object');
  if (!isPlainObject(extensions)) throw new TypeError('extensions must be an object');
  for (const [k, v] of Object.entries(extensions)) {
    if (k === 'vp_token' || k === 'state' || k === 'response')
      throw new TypeError(`extensions cannot set ${k}`);
    if (typeof v !== 'string') throw new TypeError(`extensions.${k} must be a string`);
  }
  const plain: Record<string, unknown> = { ...extensions, vp_token: vpToken };
  if (request.state !== undefined) plain.state = request.state;
  if (request.encryption === undefined) return plain as AuthorizationResponse;
  const { jwk, enc } = request.encryption;
  const key = await importJWK({ ...jwk, alg: 'ECDH-ES' } as Parameters<typeof importJWK>[0], 'ECDH-ES');
  const header: { alg: string; enc: string; kid?: string } = { alg: 'ECDH-ES', enc };
  if (typeof jwk.kid === 'string') header.kid = jwk.kid;
  const jwe = await new CompactEncrypt(utf8Encode(JSON.stringify(plain)))
    .setProtectedHeader(header)
    .encrypt(key);
  return { response: jwe };
}
