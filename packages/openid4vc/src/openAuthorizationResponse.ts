import { constantTimeEqual, utf8Decode, utf8Encode } from '@realdid/crypto';
import { compactDecrypt, importJWK } from 'jose';
import { oidError } from './internal/errors.js';
import { isPlainObject, plainCopy } from './internal/json.js';
import type { VerifierTransaction, VpTokenEntry } from './types.js';

/** An authorization response opened by {@link openAuthorizationResponse}: nothing in it is verified yet. */
export interface OpenedAuthorizationResponse {
  /**
   * The `vp_token`: for each credential query id, the presentations, not yet verified — strings,
   * or JSON objects (W3C presentations) for `ldp_vc` queries.
   */
  vpToken: Record<string, VpTokenEntry[]>;
  /** Every response parameter, decrypted (`vp_token` as received, `state`, extension parameters). */
  params: Record<string, unknown>;
}

async function decrypt(jwe: string, tx: VerifierTransaction): Promise<Record<string, unknown>> {
  if (tx.decryptionKey === undefined || tx.enc === undefined)
    throw new TypeError('the transaction has no decryption key');
  try {
    const key = await importJWK(tx.decryptionKey as Parameters<typeof importJWK>[0], 'ECDH-ES');
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: ['ECDH-ES'],
      contentEncryptionAlgorithms: [tx.enc],
    });
    if (protectedHeader.kid !== undefined && protectedHeader.kid !== tx.decryptionKey.kid)
      throw new Error('kid');
    const p: unknown = JSON.parse(utf8Decode(plaintext));
    if (!isPlainObject(p)) throw new Error('not an object');
    return p;
  } catch (cause) {
    throw oidError(
      'ERR_OID4VC_RESPONSE_ENCRYPTION',
      'the encrypted response does not decrypt with this transaction key',
      cause,
    );
  }
}

function parseVpToken(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') {
    if (v.length > 4_194_304) throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'vp_token too large');
    try {
      v = JSON.parse(v);
    } catch {
      throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'vp_token is not JSON');
    }
  }
  if (!isPlainObject(v)) throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'vp_token must be a JSON object');
  return v;
}

function sameString(a: string, b: string): boolean {
  try {
    return constantTimeEqual(utf8Encode(a), utf8Encode(b));
  } catch {
    return false; // not well-formed UTF-16 (a lone surrogate): not the transaction's value
  }
}

/**
 * The protocol layer of checking an OpenID4VP 1.0 authorization response, without verifying a
 * credential: decrypts it (`*.jwt` modes; a plain response there is refused, and an encrypted one
 * where a plain one was requested), checks `state` against the transaction, and parses the
 * `vp_token` — a JSON object whose every member answers a credential query of the transaction's
 * DCQL query with a non-empty array of presentations (strings; JSON objects for `ldp_vc`), one
 * only unless the query says `multiple`.
 * {@link verifyAuthorizationResponse} builds on it; a verifier with checks of its own (a profile
 * with extension parameters) can start from it and must then verify every presentation itself.
 *
 * @param response - the posted parameters (`{ vp_token, state, … }` with `vp_token` as a JSON
 *   string or object, or `{ response: JWE }`)
 * @param transaction - from {@link createAuthorizationRequest}
 * @returns the `vp_token` and every parameter, decrypted
 * @throws TypeError on misuse; RealDidError `ERR_OID4VC_RESPONSE_INVALID`,
 *   `ERR_OID4VC_RESPONSE_ENCRYPTION`, `ERR_OID4VC_STATE`
 * @example
 * ```ts
 * // const { vpToken, params } = await openAuthorizationResponse(body, transaction);
 * ```
 */
export async function openAuthorizationResponse(
  response: Record<string, unknown>,
  transaction: VerifierTransaction,
): Promise<OpenedAuthorizationResponse> {
  const tx = transaction;
  if (!isPlainObject(tx) || typeof tx.nonce !== 'string' || typeof tx.responseMode !== 'string')
    throw new TypeError('transaction must come from createAuthorizationRequest');
  const copied = plainCopy(response);
  if (!isPlainObject(response) || !isPlainObject(copied))
    throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'the response must be a plain JSON object');
  let params = copied;
  if (tx.responseMode.endsWith('.jwt')) {
    if (typeof copied.response !== 'string')
      throw oidError('ERR_OID4VC_RESPONSE_ENCRYPTION', 'an encrypted response is required');
    params = await decrypt(copied.response, tx);
  } else if (copied.response !== undefined) {
    throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'an encrypted response where a plain one was requested');
  }
  if (tx.state !== undefined) {
    if (typeof params.state !== 'string' || !sameString(params.state, tx.state))
      throw oidError('ERR_OID4VC_STATE', 'state is not the transaction state');
  }
  const raw = parseVpToken(params.vp_token);
  const queries =
    isPlainObject(tx.dcqlQuery) && Array.isArray(tx.dcqlQuery.credentials) ? tx.dcqlQuery.credentials : [];
  const vpToken: Record<string, VpTokenEntry[]> = {};
  for (const [id, value] of Object.entries(raw)) {
    const cq: unknown = queries.find((c: unknown) => isPlainObject(c) && c.id === id);
    if (!isPlainObject(cq))
      throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'vp_token answers a credential query that was not asked');
    // an ldp_vc presentation is a JSON object (OpenID4VP 1.0 B.1.3.2), every other one a string
    const entryOk = cq.format === 'ldp_vc' ? isPlainObject : (p: unknown) => typeof p === 'string';
    if (!Array.isArray(value) || value.length === 0 || !value.every(entryOk))
      throw oidError(
        'ERR_OID4VC_RESPONSE_INVALID',
        'each vp_token entry must be a non-empty array of presentations of the query’s format',
      );
    if (value.length > 1 && cq.multiple !== true)
      throw oidError(
        'ERR_OID4VC_RESPONSE_INVALID',
        'more than one presentation for a query without multiple',
      );
    if (value.length > 64) throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'too many presentations');
    vpToken[id] = [...(value as VpTokenEntry[])];
  }
  return { vpToken, params };
}
