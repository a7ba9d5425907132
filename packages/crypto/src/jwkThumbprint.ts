import { base64urlDecode, base64urlEncode } from './base64url.js';
import { describe } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';
import { state } from './internal/state.js';
import { utf8Encode } from './utf8.js';

const REQUIRED: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
};
const BASE64URL_MEMBERS = new Set(['x', 'y', 'n', 'e', 'k']);

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url). Only the required members are hashed, in
 * lexicographic order. Works for `EC`, `OKP`, `RSA` and `oct` keys; base64url members must be
 * strict base64url.
 *
 * @param jwk - the parsed JSON value
 * @returns the thumbprint, 43 base64url characters
 * @throws RealDidError `ERR_JWK_INVALID` when a required member is missing or malformed;
 *   `ERR_KEY_TYPE_UNSUPPORTED` for another `kty`
 * @example
 * ```ts
 * jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * // 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
 * ```
 */
export function jwkThumbprint(jwk: unknown): string {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw cryptoError('ERR_JWK_INVALID', `jwk: expected a JSON object, found ${describe(jwk)}`);
  }
  const obj = jwk as Record<string, unknown>;
  const kty = obj.kty;
  if (typeof kty !== 'string')
    throw cryptoError('ERR_JWK_INVALID', `jwk: "kty" must be a string, found ${describe(kty)}`);
  const names = Object.hasOwn(REQUIRED, kty) ? REQUIRED[kty] : undefined;
  if (names === undefined) {
    throw cryptoError(
      'ERR_KEY_TYPE_UNSUPPORTED',
      `jwk: kty ${JSON.stringify(kty.slice(0, 20))} is not supported`,
    );
  }
  const parts: string[] = [];
  for (const name of names) {
    const v = Object.hasOwn(obj, name) ? obj[name] : undefined;
    if (typeof v !== 'string' || v.length === 0) {
      throw cryptoError('ERR_JWK_INVALID', `jwk: "${name}" must be a non-empty string, found ${describe(v)}`);
    }
    if (BASE64URL_MEMBERS.has(name)) {
      try {
        base64urlDecode(v);
      } catch (cause) {
        throw cryptoError('ERR_JWK_INVALID', `jwk: "${name}" is not strict base64url`, cause);
      }
    }
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(v)}`);
  }
  return base64urlEncode(state.backend.hash('sha-256', utf8Encode(`{${parts.join(',')}}`)));
}

/**
 * The RFC 9278 thumbprint URI of a JWK: `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>`.
 *
 * @param jwk - the parsed JSON value
 * @returns the URI
 * @throws as {@link jwkThumbprint}
 * @example
 * ```ts
 * jwkThumbprintUri({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * ```
 */
export function jwkThumbprintUri(jwk: unknown): string {
  return `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${jwkThumbprint(jwk)}`;
}
