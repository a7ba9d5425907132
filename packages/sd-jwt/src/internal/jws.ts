import {
  asciiBytes,
  base64urlEncode,
  createVerifier,
  getBackend,
  type KeyType,
  type Verifier,
  verify,
} from '@realdid/crypto';
import type { SdJwtErrorCode } from '../SdJwtErrorCode.js';
import type { JwsSigner } from '../types.js';
import { b64uDecode, b64uJsonObject, jsonB64u } from './encoding.js';
import { sdError } from './errors.js';

/** JWS algorithms this package can ever accept, and the key type each needs. */
export const ALG_KEY_TYPE: Readonly<Record<string, KeyType>> = Object.freeze({
  EdDSA: 'Ed25519',
  ES256: 'P-256',
  ES256K: 'secp256k1',
  // SM2 over SM3, default user ID (docs/crypto.md "SM2 and SM3"); never in the default allow-list:
  // a verifier opts in with `algorithms: ['SM2']` (or 'SM2SM3', the other name in use).
  SM2: 'SM2',
  SM2SM3: 'SM2',
});

/** A compact JWS split into its parts; nothing verified yet. */
export interface ParsedJws {
  /** `<header>.<payload>` — the JWS signing input. */
  signingInput: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signatureB64: string;
}

/** Splits and decodes a compact JWS (header and payload must be JSON objects). */
export function parseCompactJws(jws: string, what: string): ParsedJws {
  const d1 = jws.indexOf('.');
  const d2 = d1 < 0 ? -1 : jws.indexOf('.', d1 + 1);
  if (d1 <= 0 || d2 < 0 || d2 === d1 + 1 || d2 === jws.length - 1 || jws.indexOf('.', d2 + 1) >= 0) {
    throw sdError('ERR_SD_JWT_FORMAT', `${what} must be a compact JWS of three non-empty parts`);
  }
  const header = b64uJsonObject(jws.slice(0, d1), what, ' header');
  // RFC 7515 §4.1.11: no critical extension is understood here, so any `crit` is refused.
  if (header.crit !== undefined)
    throw sdError('ERR_SD_JWT_FORMAT', `${what} header has crit, which is not supported`);
  const payload = b64uJsonObject(jws.slice(d1 + 1, d2), what, ' payload');
  return { signingInput: jws.slice(0, d2), header, payload, signatureB64: jws.slice(d2 + 1) };
}

/** Checks `alg` against an allow-list and returns the key type it needs. */
export function checkAlg(header: Record<string, unknown>, allowed: readonly string[], what: string): KeyType {
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === 'none' || !allowed.includes(alg)) {
    throw sdError(
      'ERR_SD_JWT_ALG_NOT_ALLOWED',
      `${what} alg must be one of ${allowed.join(', ')}, found ${typeof alg === 'string' ? JSON.stringify(alg.slice(0, 20)) : typeof alg}`,
    );
  }
  const type = ALG_KEY_TYPE[alg];
  if (type === undefined) throw sdError('ERR_SD_JWT_ALG_NOT_ALLOWED', `${what} alg ${alg} is not supported`);
  return type;
}

/**
 * Verifiers (with their key objects) cached per resolved key object and crypto backend, with the
 * type and bytes they were made for: a key object whose contents changed since (a resolver may
 * hand back one object and later rewrite its bytes) is a miss, never the old key's verifier.
 */
const verifierCache = new WeakMap<
  object,
  { backend: string; type: KeyType; bytes: Uint8Array; verifier: Verifier }
>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A verifier for a resolved key, created once per key object (again if the backend or key changes). */
export function verifierFor(key: { type: KeyType; publicKey: Uint8Array }): Verifier {
  const backend = getBackend();
  const hit = verifierCache.get(key);
  if (
    hit !== undefined &&
    hit.backend === backend &&
    hit.type === key.type &&
    sameBytes(hit.bytes, key.publicKey)
  )
    return hit.verifier;
  const verifier = createVerifier(key.type, key.publicKey);
  verifierCache.set(key, { backend, type: key.type, bytes: key.publicKey.slice(), verifier });
  return verifier;
}

/**
 * A verifier for a key that was validated when it was read (a holder key from `cnf.jwk` through
 * `jwkToPublicKey`, or from a did:key): its cached verifier when it has one, otherwise the one-shot
 * `verify` of `@realdid/crypto` (which keeps the imported key by its bytes) instead of
 * `createVerifier`, which would check the point a second time. A holder key is usually seen once;
 * one seen again (the same key object, as the holder key cache hands out) gets a prepared verifier.
 */
export function validatedKeyVerifier(key: {
  type: KeyType;
  publicKey: Uint8Array;
}): Pick<Verifier, 'verify'> {
  const hit = verifierCache.get(key);
  if (
    hit !== undefined &&
    hit.backend === getBackend() &&
    hit.type === key.type &&
    sameBytes(hit.bytes, key.publicKey)
  )
    return hit.verifier;
  // A key object seen before gets its prepared verifier (cached from then on).
  if (seenOnce.has(key)) return verifierFor(key);
  seenOnce.add(key);
  return { verify: (message, signature) => verify(key.type, key.publicKey, message, signature) };
}

/** Validated key objects verified once one-shot: the second time they get a prepared verifier. */
const seenOnce = new WeakSet<object>();

/** Whether the signature of a parsed JWS verifies (a malformed signature part is a coded error). */
export function jwsSignatureVerifies(
  jws: ParsedJws,
  verifier: Pick<Verifier, 'verify'>,
  what: string,
): boolean {
  const sig = b64uDecode(jws.signatureB64, what, ' signature');
  // The signing input is ASCII: parseCompactJws decoded its two parts as strict base64url.
  return verifier.verify(asciiBytes(jws.signingInput, true), sig);
}

/** Verifies the signature of a parsed JWS, throwing `code` when it does not verify. */
export function verifyJwsSignature(
  jws: ParsedJws,
  verifier: Verifier,
  code: SdJwtErrorCode,
  what: string,
): void {
  if (!jwsSignatureVerifies(jws, verifier, what)) throw sdError(code, `${what} signature does not verify`);
}

/**
 * The base64url of protected headers seen before: an issuer signs with the same header each time,
 * so its encoding is looked up rather than serialized and encoded again. A header of only `typ`
 * (the common case: `issueSdJwtVc`, the KB-JWT) is looked up by its `typ` and `alg`; any other by
 * its JSON text. Either way the text is exactly `JSON.stringify({ ...header, alg })`.
 */
const headerCache = new Map<string, string>();
const HEADER_CACHE_MAX = 64;

function cachedHeader(key: string, header: Record<string, unknown>, alg: string): string {
  let b64 = headerCache.get(key);
  if (b64 === undefined) {
    b64 = jsonB64u({ ...header, alg });
    if (headerCache.size >= HEADER_CACHE_MAX) headerCache.clear();
    headerCache.set(key, b64);
  }
  return b64;
}

/** The last typ-only header encoded (typ undefined: none). */
let last: { alg: string | undefined; typ: string | undefined; b64: string } = {
  alg: undefined,
  typ: undefined,
  b64: '',
};

/** base64url(JSON.stringify({ ...header, alg })). */
export function headerB64u(header: Record<string, unknown>, alg: string): string {
  let onlyTyp = true;
  for (const k in header) {
    if (k !== 'typ' || !Object.hasOwn(header, k)) {
      onlyTyp = false;
      break;
    }
  }
  const typ = header.typ;
  if (onlyTyp && (typ === undefined || typeof typ === 'string')) {
    // The header of the last issuance again: no key to build.
    if (alg === last.alg && typ === last.typ) return last.b64;
    // Unambiguous: the length of alg, then alg, then typ (or nothing when there is no typ).
    const b64 = cachedHeader(`${alg.length}:${alg}${typ === undefined ? '' : `=${typ}`}`, header, alg);
    last = { alg, typ, b64 };
    return b64;
  }
  return cachedHeader(JSON.stringify({ ...header, alg }), header, alg);
}

/** Signs a JWS (protected header `{ ...header, alg: signer.alg }`); returns the compact serialization. */
export async function signCompactJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signer: JwsSigner,
): Promise<string> {
  const signingInput = `${headerB64u(header, signer.alg)}.${jsonB64u(payload)}`;
  // ASCII: two base64url strings and a '.'.
  const sig = await signer.sign(asciiBytes(signingInput));
  if (!(sig instanceof Uint8Array)) throw new TypeError('signer.sign must return a Uint8Array');
  return `${signingInput}.${base64urlEncode(sig)}`;
}
