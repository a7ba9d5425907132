/**
 * Signed JSON objects: `{ ...body, proof: { alg: 'EdDSA', kid, sig } }` where `sig` is an Ed25519
 * signature over the RFC 8785 canonical form of the body (the object without `proof`), and `kid`
 * is the signer's public key as a multibase Multikey. Used for ledger audit and registry entries.
 * In the gm profile `alg` is `SM2` (SM3, default user ID) and `kid` an `sm2-pub` Multikey;
 * verifiers accept only the key types they name (Ed25519 by default).
 */

import {
  base64urlDecode,
  base64urlEncode,
  type KeyPair,
  type KeyType,
  multibaseToPublicKey,
  publicKeyToMultibase,
  sha256,
  sign,
  verify,
} from '@realdid/crypto';
import { canonicalize as jcs } from '@realdid/did';
import { isPlainObject, utf8, utf8Text } from './bytes.js';
import { algOfKeyType } from './profile.js';

/** The proof member of a signed JSON object. */
export interface JsonProof {
  /** `EdDSA` (Ed25519), or `SM2` (SM2 over SM3 with the default user ID) in the gm profile. */
  alg: 'EdDSA' | 'SM2';
  kid: string;
  sig: string;
}

/** A body with its proof. */
export type SignedJson<T extends object> = T & { proof: JsonProof };

/** Signs a JSON body with an Ed25519 or SM2 key pair. */
export function signJson<T extends object>(body: T, key: KeyPair): SignedJson<T> {
  const alg = algOfKeyType(key.type);
  if (alg === undefined)
    throw new TypeError(`signJson: expected an Ed25519 or SM2 key pair, found ${key.type}`);
  const sig = sign(key.type, key.secretKey, utf8(canonicalize(body)));
  return {
    ...body,
    proof: { alg, kid: publicKeyToMultibase(key.type, key.publicKey), sig: base64urlEncode(sig) },
  };
}

/**
 * Verifies a signed JSON object. Returns the signer's public key when the proof is well formed,
 * its key of one of `types` (Ed25519 only by default), its `alg` that of the key, and valid;
 * otherwise undefined.
 */
export function verifyJson(value: unknown, types: readonly KeyType[] = ['Ed25519']): Uint8Array | undefined {
  if (!isPlainObject(value)) return undefined;
  const { proof, ...body } = value;
  if (!isPlainObject(proof) || (proof.alg !== 'EdDSA' && proof.alg !== 'SM2')) return undefined;
  if (typeof proof.kid !== 'string' || typeof proof.sig !== 'string') return undefined;
  try {
    const { type, publicKey } = multibaseToPublicKey(proof.kid);
    if (!types.includes(type) || algOfKeyType(type) !== proof.alg) return undefined;
    const sig = base64urlDecode(proof.sig);
    return verify(type, publicKey, utf8(canonicalize(body)), sig) ? publicKey : undefined;
  } catch {
    return undefined;
  }
}

/** Canonical bytes of a (signed) JSON object, as appended to the ledger. */
export function jsonBytes(value: unknown): Uint8Array {
  return utf8(canonicalize(value));
}

/** A stable identifier of a JSON object: base64url(sha256(JCS)). */
export function jsonId(value: unknown): string {
  return base64urlEncode(sha256(jsonBytes(value)));
}

/** Parses ledger bytes as a JSON object, or undefined. */
export function parseJsonBytes(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(utf8Text(bytes));
    return isPlainObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 8785 canonical JSON of a body built in code: undefined members are left out, as JSON.stringify does. */
function canonicalize(value: unknown): string {
  return jcs(value, { omitUndefined: true });
}
