/**
 * Signed JSON objects: `{ ...body, proof: { alg: 'EdDSA', kid, sig } }` where `sig` is an Ed25519
 * signature over the RFC 8785 canonical form of the body (the object without `proof`), and `kid`
 * is the signer's public key as a multibase Multikey. Used for ledger audit and registry entries.
 */

import {
  base64urlDecode,
  base64urlEncode,
  type KeyPair,
  multibaseToPublicKey,
  publicKeyToMultibase,
  sha256,
  sign,
  verify,
} from '@realdid/crypto';
import { canonicalize as jcs } from '@realdid/did';
import { isPlainObject, utf8, utf8Text } from './bytes.js';

/** The proof member of a signed JSON object. */
export interface JsonProof {
  alg: 'EdDSA';
  kid: string;
  sig: string;
}

/** A body with its proof. */
export type SignedJson<T extends object> = T & { proof: JsonProof };

/** Signs a JSON body with an Ed25519 key pair. */
export function signJson<T extends object>(body: T, key: KeyPair): SignedJson<T> {
  if (key.type !== 'Ed25519')
    throw new TypeError(`signJson: expected an Ed25519 key pair, found ${key.type}`);
  const sig = sign('Ed25519', key.secretKey, utf8(canonicalize(body)));
  return {
    ...body,
    proof: { alg: 'EdDSA', kid: publicKeyToMultibase('Ed25519', key.publicKey), sig: base64urlEncode(sig) },
  };
}

/**
 * Verifies a signed JSON object. Returns the signer's Ed25519 public key when the proof is well
 * formed and valid, otherwise undefined.
 */
export function verifyJson(value: unknown): Uint8Array | undefined {
  if (!isPlainObject(value)) return undefined;
  const { proof, ...body } = value;
  if (!isPlainObject(proof) || proof.alg !== 'EdDSA') return undefined;
  if (typeof proof.kid !== 'string' || typeof proof.sig !== 'string') return undefined;
  try {
    const { type, publicKey } = multibaseToPublicKey(proof.kid);
    if (type !== 'Ed25519') return undefined;
    const sig = base64urlDecode(proof.sig);
    return verify('Ed25519', publicKey, utf8(canonicalize(body)), sig) ? publicKey : undefined;
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
