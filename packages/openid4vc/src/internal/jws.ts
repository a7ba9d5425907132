import {
  base64urlDecode,
  base64urlEncode,
  type KeyType,
  keyTypeForAlgorithm,
  utf8Decode,
  utf8Encode,
  verify,
} from '@realdid/crypto';
import type { JwsSigner } from '@realdid/sd-jwt';
import { isPlainObject } from './json.js';

/** JWS algorithms accepted on untrusted JWTs by default (never `none`). */
export const JWS_ALGS: readonly string[] = Object.freeze(['EdDSA', 'ES256', 'ES256K']);

/**
 * Every JWS algorithm a caller may list: the defaults and `SM2` (SM2 over SM3 with the default user
 * ID, raw r‖s; docs/crypto.md "SM2 and SM3"), which is accepted only when listed.
 */
export const ALLOWED_JWS_ALGS: readonly string[] = Object.freeze([...JWS_ALGS, 'SM2']);

/**
 * Reads an `algorithms` option: absent is {@link JWS_ALGS}; otherwise a non-empty array of names
 * from {@link ALLOWED_JWS_ALGS} (a TypeError otherwise).
 */
export function readAlgorithms(value: unknown, what = 'algorithms'): readonly string[] {
  if (value === undefined) return JWS_ALGS;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > ALLOWED_JWS_ALGS.length * 4 ||
    !value.every((a) => typeof a === 'string' && ALLOWED_JWS_ALGS.includes(a))
  )
    throw new TypeError(`${what}: expected a non-empty array of ${ALLOWED_JWS_ALGS.join(', ')}`);
  return Object.freeze([...new Set(value as string[])]);
}

/** Signs a compact JWS with the given header and payload. */
export async function signJwt(
  signer: JwsSigner,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  const h = base64urlEncode(utf8Encode(JSON.stringify({ ...header, alg: signer.alg })));
  const p = base64urlEncode(utf8Encode(JSON.stringify(payload)));
  const sig = await signer.sign(utf8Encode(`${h}.${p}`));
  return `${h}.${p}.${base64urlEncode(sig)}`;
}

/** A compact JWS split and decoded, not yet verified. */
export interface ParsedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Splits and decodes a compact JWS; returns undefined when it is not one (the caller codes it). */
export function parseJwt(jwt: string, maxLength = 65_536): ParsedJwt | undefined {
  if (typeof jwt !== 'string' || jwt.length > maxLength) return undefined;
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(utf8Decode(base64urlDecode(h)));
    const payload: unknown = JSON.parse(utf8Decode(base64urlDecode(p)));
    if (!isPlainObject(header) || !isPlainObject(payload)) return undefined;
    return { header, payload, signingInput: utf8Encode(`${h}.${p}`), signature: base64urlDecode(s) };
  } catch {
    return undefined;
  }
}

/** The key type for an allowed `alg`, or undefined. */
export function keyTypeFor(alg: unknown, allowed: readonly string[] = JWS_ALGS): KeyType | undefined {
  if (typeof alg !== 'string' || !allowed.includes(alg)) return undefined;
  return keyTypeForAlgorithm(alg);
}

/**
 * Verifies a parsed JWS with a public key of the given type, its `alg` one of `allowed`; false on
 * any mismatch.
 */
export function jwtVerifies(
  jwt: ParsedJwt,
  type: KeyType,
  publicKey: Uint8Array,
  allowed: readonly string[] = JWS_ALGS,
): boolean {
  if (keyTypeFor(jwt.header.alg, allowed) !== type) return false;
  try {
    return verify(type, publicKey, jwt.signingInput, jwt.signature);
  } catch {
    return false;
  }
}
