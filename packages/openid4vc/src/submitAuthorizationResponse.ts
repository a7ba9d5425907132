import { checkTimeoutMs, DEFAULT_TIMEOUT_MS } from '@realdid/crypto';
import type { AuthorizationResponse } from './createAuthorizationResponse.js';
import { oidError } from './internal/errors.js';
import { isPlainObject } from './internal/json.js';
import type { VerifiedAuthorizationRequest } from './verifyAuthorizationRequest.js';

/** Options of {@link submitAuthorizationResponse}. */
export interface SubmitAuthorizationResponseOptions {
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Bound on the whole exchange in milliseconds (default 10 000). */
  timeoutMs?: number;
}

/**
 * Posts an authorization response to the request's `response_uri` (`direct_post`,
 * `direct_post.jwt`), form-encoded, with `vp_token` as JSON (OpenID4VP §8.2).
 *
 * @param request - from {@link verifyAuthorizationRequest}
 * @param response - from {@link createAuthorizationResponse}
 * @param options - `fetch` and `timeoutMs`
 * @returns the verifier's JSON answer (for instance `{ redirect_uri }`), or `{}` when empty
 * @throws TypeError on misuse; RealDidError `ERR_OID4VC_RESPONSE_INVALID` when the verifier
 *   refuses or cannot be reached in time
 * @example
 * ```ts
 * // await submitAuthorizationResponse(request, response, { fetch });
 * ```
 */
export async function submitAuthorizationResponse(
  request: VerifiedAuthorizationRequest,
  response: AuthorizationResponse,
  options: SubmitAuthorizationResponseOptions = {},
): Promise<Record<string, unknown>> {
  if (!isPlainObject(request) || typeof request.responseUri !== 'string')
    throw new TypeError('request must be a direct_post request from verifyAuthorizationRequest');
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== 'function') throw new TypeError('fetch must be a function');
  const timeoutMs = checkTimeoutMs(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const body = new URLSearchParams();
  if (typeof response.response === 'string') body.set('response', response.response);
  else {
    for (const [k, v] of Object.entries(response)) {
      if (k === 'vp_token') body.set(k, JSON.stringify(v));
      else if (typeof v === 'string') body.set(k, v);
      else throw new TypeError(`response.${k} must be a string`);
    }
  }
  let res: Response;
  try {
    res = await f(request.responseUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      ...(Number.isFinite(timeoutMs) ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
  } catch (cause) {
    throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'the response could not be posted', cause);
  }
  const text = await res.text();
  if (!res.ok) throw oidError('ERR_OID4VC_RESPONSE_INVALID', `the verifier answered HTTP ${res.status}`);
  if (text.length === 0) return {};
  try {
    const j: unknown = JSON.parse(text);
    return isPlainObject(j) ? j : {};
  } catch {
    return {};
  }
}
