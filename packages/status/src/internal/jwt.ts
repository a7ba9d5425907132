import {
  base64urlDecode,
  base64urlEncode,
  type JwsSigner as CryptoJwsSigner,
  isRealDidError,
  utf8Decode,
  utf8Encode,
} from '@realdid/crypto';
import { statusError } from './errors.js';

/** A parsed compact JWS, not yet verified. */
export interface ParsedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Copies JSON into plain data with no prototype tricks: JSON.parse never calls setters, and
 * `__proto__` keys become own properties; we additionally refuse them outright. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw statusError('ERR_STATUS_LIST_MALFORMED', `${what}: not JSON`, err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw statusError('ERR_STATUS_LIST_MALFORMED', `${what}: expected a JSON object`);
  }
  if (Object.hasOwn(value, '__proto__'))
    throw statusError('ERR_STATUS_LIST_MALFORMED', `${what}: "__proto__" key`);
  return value as Record<string, unknown>;
}

/** Decodes untrusted base64url: text that is not base64url is `ERR_STATUS_LIST_MALFORMED`. */
export function base64urlBytes(part: string, what: string): Uint8Array {
  try {
    return base64urlDecode(part);
  } catch (err) {
    if (!isRealDidError(err)) throw err;
    throw statusError('ERR_STATUS_LIST_MALFORMED', `${what}: not base64url`, err);
  }
}

/** Decodes untrusted UTF-8: bytes that are not UTF-8 are `ERR_STATUS_LIST_MALFORMED`. */
export function utf8Text(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decode(bytes);
  } catch (err) {
    if (!isRealDidError(err)) throw err;
    throw statusError('ERR_STATUS_LIST_MALFORMED', `${what}: not UTF-8`, err);
  }
}

/** Splits and decodes a compact JWS (three parts, no unencoded payload). */
export function parseCompactJwt(token: string): ParsedJwt {
  const parts = token.split('.');
  if (parts.length !== 3)
    throw statusError('ERR_STATUS_LIST_MALFORMED', `JWT: expected 3 parts, found ${parts.length}`);
  const [h, p, s] = parts as [string, string, string];
  if (h.length === 0 || p.length === 0 || s.length === 0) {
    throw statusError('ERR_STATUS_LIST_MALFORMED', 'JWT: empty part');
  }
  const header = parseJsonObject(utf8Text(base64urlBytes(h, 'JWT header'), 'JWT header'), 'JWT header');
  const payload = parseJsonObject(utf8Text(base64urlBytes(p, 'JWT payload'), 'JWT payload'), 'JWT payload');
  return {
    header,
    payload,
    signingInput: utf8Encode(`${h}.${p}`),
    signature: base64urlBytes(s, 'JWT signature'),
  };
}

/** Something that signs JWS signing input with one algorithm: `@realdid/crypto`'s contract. */
export type JwsSigner = CryptoJwsSigner;

/** Builds and signs a compact JWS. */
export async function signCompactJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signer: JwsSigner,
): Promise<string> {
  const input = `${base64urlEncode(utf8Encode(JSON.stringify(header)))}.${base64urlEncode(utf8Encode(JSON.stringify(payload)))}`;
  const sig = await signer.sign(utf8Encode(input));
  if (!(sig instanceof Uint8Array)) throw new TypeError('signer.sign: expected it to return a Uint8Array');
  return `${input}.${base64urlEncode(sig)}`;
}
