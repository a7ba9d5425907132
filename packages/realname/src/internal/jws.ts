/**
 * Compact JWS with Ed25519 (EdDSA) or, in the gm profile, SM2 (alg `SM2`: SM3 with the default
 * user ID) for proofs of control of a DID and login responses.
 */
import { asciiBytes, base64urlDecode, base64urlEncode, type KeyPair, sign, verify } from '@realdid/crypto';
import type { RealNameErrorCode } from '../RealNameErrorCode.js';
import { isPlainObject, utf8, utf8Text } from './bytes.js';
import { fail } from './errors.js';
import { algOfKeyType } from './profile.js';

/** Signs `payload` as a compact JWS with header `{ alg, typ, kid }`: `EdDSA` for Ed25519, `SM2` for SM2. */
export function signJws(payload: Record<string, unknown>, key: KeyPair, kid: string, typ: string): string {
  const alg = algOfKeyType(key.type);
  if (alg === undefined) throw new TypeError('signJws: expected an Ed25519 or SM2 key pair');
  const h = base64urlEncode(utf8(JSON.stringify({ alg, typ, kid })));
  const p = base64urlEncode(utf8(JSON.stringify(payload)));
  const sig = sign(key.type, key.secretKey, utf8(`${h}.${p}`));
  return `${h}.${p}.${base64urlEncode(sig)}`;
}

/** A decoded, not yet verified, JWS. */
export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Decodes a compact JWS whose `alg` must be `alg` (EdDSA by default); coded error `code` when malformed. */
export function decodeJws(
  jws: unknown,
  code: RealNameErrorCode,
  typ: string,
  alg: 'EdDSA' | 'SM2' = 'EdDSA',
): DecodedJws {
  if (typeof jws !== 'string' || jws.length > 16_384) throw fail(code, 'expected a compact JWS string');
  const parts = jws.split('.');
  if (parts.length !== 3) throw fail(code, 'a compact JWS has three parts');
  try {
    const header: unknown = JSON.parse(utf8Text(base64urlDecode(parts[0]!)));
    const payload: unknown = JSON.parse(utf8Text(base64urlDecode(parts[1]!)));
    if (!isPlainObject(header) || !isPlainObject(payload)) throw new Error('not objects');
    if (header.alg !== alg)
      throw fail(code, `JWS alg must be ${alg}, found ${String(header.alg).slice(0, 20)}`);
    if (header.typ !== typ) throw fail(code, `JWS typ must be ${typ}`);
    return {
      header,
      payload,
      // both parts decoded as strict base64url above: ASCII
      signingInput: asciiBytes(jws.slice(0, parts[0]!.length + 1 + parts[1]!.length)),
      signature: base64urlDecode(parts[2]!),
    };
  } catch (cause) {
    if ((cause as { code?: string }).code === code) throw cause;
    throw fail(code, 'malformed JWS', undefined, cause);
  }
}

/** Checks the signature of a decoded JWS under an Ed25519 (default) or SM2 (default user ID) key. */
export function jwsSignatureValid(
  d: DecodedJws,
  publicKey: Uint8Array,
  type: 'Ed25519' | 'SM2' = 'Ed25519',
): boolean {
  return verify(type, publicKey, d.signingInput, d.signature);
}
