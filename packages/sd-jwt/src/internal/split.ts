import type { SdJwtFlattenedJson, SdJwtGeneralJson } from '../types.js';
import { isPlainObject, parseJsonText } from './encoding.js';
import { sdError } from './errors.js';

/** An SD-JWT or SD-JWT+KB split into its parts, whatever its serialization. */
export interface SplitSdJwt {
  /** The Issuer-signed JWT, compact. For the general JSON form: the first signature. */
  jwt: string;
  /** Further compact forms of the Issuer-signed JWT (general JSON form, one per extra signature). */
  otherJwts: string[];
  /** The disclosures, base64url-encoded, in order. */
  disclosures: string[];
  /** The Key Binding JWT, compact, if any. */
  kbJwt: string | undefined;
  /** How it was serialized. */
  format: 'compact' | 'flattened' | 'general';
  /** For the compact form: `<jwt>~<d1>~…~<dn>~` as a slice of the input (what `sd_hash` covers). */
  compactPrefix?: string;
}

/** Splits `<jwt>~<d1>~...~<dn>~[<kb>]` without regexes or intermediate copies of the parts. */
export function splitCompact(input: string, maxDisclosures: number): SplitSdJwt {
  const first = input.indexOf('~');
  if (first <= 0) throw sdError('ERR_SD_JWT_FORMAT', 'expected <Issuer-signed JWT>~<Disclosures>~[<KB-JWT>]');
  const last = input.lastIndexOf('~');
  const disclosures: string[] = [];
  let pos = first + 1;
  while (pos <= last) {
    const next = input.indexOf('~', pos);
    if (next === pos) throw sdError('ERR_SD_JWT_FORMAT', 'empty disclosure (two ~ in a row)');
    disclosures.push(input.slice(pos, next));
    if (disclosures.length > maxDisclosures) {
      throw sdError('ERR_SD_JWT_LIMIT', `more than ${maxDisclosures} disclosures`);
    }
    pos = next + 1;
  }
  const kb = input.slice(last + 1);
  return {
    jwt: input.slice(0, first),
    otherJwts: [],
    disclosures,
    kbJwt: kb.length === 0 ? undefined : kb,
    format: 'compact',
    compactPrefix: input.slice(0, last + 1),
  };
}

function stringArray(v: unknown, what: string, max: number): string[] {
  if (!Array.isArray(v)) throw sdError('ERR_SD_JWT_FORMAT', `${what} must be an array of strings`);
  if (v.length > max) throw sdError('ERR_SD_JWT_LIMIT', `more than ${max} disclosures`);
  for (const s of v) {
    if (typeof s !== 'string' || s.length === 0) {
      throw sdError('ERR_SD_JWT_FORMAT', `${what} must be an array of non-empty strings`);
    }
  }
  return v.slice();
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0)
    throw sdError('ERR_SD_JWT_FORMAT', `${what} must be a non-empty string`);
  return v;
}

function unprotected(
  h: unknown,
  what: string,
  max: number,
): { disclosures: string[]; kbJwt: string | undefined } {
  if (h === undefined) return { disclosures: [], kbJwt: undefined };
  if (!isPlainObject(h)) throw sdError('ERR_SD_JWT_FORMAT', `${what} must be an object`);
  const disclosures =
    h.disclosures === undefined ? [] : stringArray(h.disclosures, `${what}.disclosures`, max);
  const kbJwt = h.kb_jwt === undefined ? undefined : str(h.kb_jwt, `${what}.kb_jwt`);
  return { disclosures, kbJwt };
}

/** Splits the JWS JSON serialization (RFC 9901 §8), flattened or general. */
export function splitJson(input: unknown, maxDisclosures: number): SplitSdJwt {
  if (!isPlainObject(input)) throw sdError('ERR_SD_JWT_FORMAT', 'JSON serialization must be an object');
  const payload = str(input.payload, 'payload');
  if (input.signatures !== undefined) {
    if (input.protected !== undefined || input.signature !== undefined || input.header !== undefined) {
      throw sdError(
        'ERR_SD_JWT_FORMAT',
        'general JSON serialization must not have top-level protected/signature/header',
      );
    }
    const sigs = input.signatures;
    if (!Array.isArray(sigs) || sigs.length === 0) {
      throw sdError('ERR_SD_JWT_FORMAT', 'signatures must be a non-empty array');
    }
    if (sigs.length > 16) throw sdError('ERR_SD_JWT_LIMIT', 'more than 16 signatures');
    const jwts: string[] = [];
    let parts: { disclosures: string[]; kbJwt: string | undefined } = { disclosures: [], kbJwt: undefined };
    sigs.forEach((s: unknown, i: number) => {
      if (!isPlainObject(s)) throw sdError('ERR_SD_JWT_FORMAT', `signatures[${i}] must be an object`);
      const u = unprotected(s.header, `signatures[${i}].header`, maxDisclosures);
      if (i === 0) parts = u;
      else if (
        isPlainObject(s.header) &&
        (s.header.disclosures !== undefined || s.header.kb_jwt !== undefined)
      ) {
        throw sdError(
          'ERR_SD_JWT_FORMAT',
          'disclosures and kb_jwt may only be in the first unprotected header',
        );
      }
      jwts.push(
        `${str(s.protected, `signatures[${i}].protected`)}.${payload}.${str(s.signature, `signatures[${i}].signature`)}`,
      );
    });
    return { jwt: jwts[0]!, otherJwts: jwts.slice(1), ...parts, format: 'general' };
  }
  const u = unprotected(input.header, 'header', maxDisclosures);
  const jwt = `${str(input.protected, 'protected')}.${payload}.${str(input.signature, 'signature')}`;
  return { jwt, otherJwts: [], ...u, format: 'flattened' };
}

/** Accepts a compact string, a JSON string of the JSON serialization, or its parsed object. */
export function splitAny(
  input: string | SdJwtFlattenedJson | SdJwtGeneralJson,
  limits: { maxBytes: number; maxDisclosures: number },
): SplitSdJwt {
  if (typeof input === 'string') {
    if (input.length > limits.maxBytes)
      throw sdError('ERR_SD_JWT_LIMIT', `input longer than ${limits.maxBytes} characters`);
    if (input.charCodeAt(0) === 123 /* { */) {
      return splitJson(parseJsonText(input, 'JSON serialization'), limits.maxDisclosures);
    }
    return splitCompact(input, limits.maxDisclosures);
  }
  if (!isPlainObject(input)) {
    throw new TypeError('expected an SD-JWT as a compact string or a JWS JSON serialization object');
  }
  const split = splitJson(input, limits.maxDisclosures);
  let size = split.jwt.length + (split.kbJwt?.length ?? 0);
  for (const d of split.disclosures) size += d.length + 1;
  for (const j of split.otherJwts) size += j.length;
  if (size > limits.maxBytes)
    throw sdError('ERR_SD_JWT_LIMIT', `input longer than ${limits.maxBytes} characters`);
  return split;
}

/** The compact SD-JWT (without KB-JWT) that `sd_hash` covers: `<jwt>~<d1>~...~<dn>~`. */
export function sdHashInput(jwt: string, disclosures: readonly string[]): string {
  let s = jwt + '~';
  for (const d of disclosures) s += d + '~';
  return s;
}
