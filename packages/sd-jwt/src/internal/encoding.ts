import { base64urlDecode, base64urlDecodeAscii, base64urlEncodeText, utf8Decode } from '@realdid/crypto';
import { sdError } from './errors.js';

// `what` names the part in error messages; `which` (default empty) is appended to it, so the hot
// path passes two constants and a message is only put together when it is thrown.

/** Decodes strict base64url, mapping the crypto layer's error to an SD-JWT code. */
export function b64uDecode(part: string, what: string, which = ''): Uint8Array {
  try {
    return base64urlDecode(part);
  } catch (cause) {
    throw sdError('ERR_SD_JWT_BASE64URL', `${what}${which} is not canonical unpadded base64url`, cause);
  }
}

/** base64url(UTF-8 bytes) → string, strict UTF-8. */
export function b64uText(part: string, what: string, which = ''): string {
  // Nearly every JWT header, payload and disclosure is ASCII: no UTF-8 decoder needed then.
  const ascii = base64urlDecodeAscii(part);
  if (ascii !== undefined) return ascii;
  const bytes = b64uDecode(part, what, which);
  try {
    return utf8Decode(bytes);
  } catch (cause) {
    throw sdError('ERR_SD_JWT_JSON', `${what}${which} is not valid UTF-8`, cause);
  }
}

/** Parses JSON text, mapping SyntaxError to a coded error. */
export function parseJsonText(text: string, what: string, which = ''): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw sdError('ERR_SD_JWT_JSON', `${what}${which} is not valid JSON`, cause);
  }
}

/** base64url → JSON value. */
export function b64uJson(part: string, what: string, which = ''): unknown {
  return parseJsonText(b64uText(part, what, which), what, which);
}

/** base64url → JSON object (plain, non-array). */
export function b64uJsonObject(part: string, what: string, which = ''): Record<string, unknown> {
  const v = b64uJson(part, what, which);
  if (!isPlainObject(v)) throw sdError('ERR_SD_JWT_JSON', `${what}${which} must be a JSON object`);
  return v;
}

/** JSON value → base64url(UTF-8(JSON)). */
export function jsonB64u(value: unknown): string {
  return base64urlEncodeText(JSON.stringify(value));
}

/** A plain object: not null, not an array, prototype Object.prototype or null (so no Uint8Array, Map, …). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets a property without ever touching a prototype (`__proto__` becomes an own data property). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
