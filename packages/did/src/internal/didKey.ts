import { base58btcEncode, multibaseToPublicKey, publicKeyToMultibase } from '@realdid/crypto';
import type { DIDDocument, DIDResolutionResult } from 'did-resolver';
import { MULTIKEY_CONTEXT } from './document.js';
import { decodeMultikey } from './multikey.js';
import { errorResult, okResult } from './result.js';

const P = 2n ** 255n - 19n;

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = b % m;
  let k = e;
  while (k > 0n) {
    if (k & 1n) r = (r * x) % m;
    x = (x * x) % m;
    k >>= 1n;
  }
  return r;
}

/** Ed25519 public key → X25519 public key (u = (1 + y) / (1 − y) mod p, RFC 7748 §4.1). */
export function ed25519ToX25519(pub: Uint8Array): Uint8Array {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(pub[i] as number);
  y &= (1n << 255n) - 1n;
  const denom = (P + 1n - y) % P;
  const u = (((1n + y) % P) * modPow(denom, P - 2n, P)) % P;
  const out = new Uint8Array(32);
  let v = u;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Multikey of an X25519 public key (x25519-pub, 0xec). */
export function x25519Multikey(pub: Uint8Array): string {
  const b = new Uint8Array(34);
  b[0] = 0xec;
  b[1] = 0x01;
  b.set(pub, 2);
  return `z${base58btcEncode(b)}`;
}

/**
 * Resolves a did:key (Ed25519, P-256, secp256k1, SM2) to a Multikey DID document, with the X25519
 * key agreement key derived from an Ed25519 key, as the did:key method describes. P-256 and
 * secp256k1 keys also serve keyAgreement; an SM2 key does not.
 */
export function resolveDidKey(did: string, id: string, contentType: string): DIDResolutionResult {
  if (!/^z[1-9A-HJ-NP-Za-km-z]{1,200}$/.test(id))
    return errorResult('invalidDid', 'did:key: expected a base58btc Multikey');
  if (id.startsWith('z6LS')) return resolveX25519DidKey(did, id, contentType);
  let key: ReturnType<typeof multibaseToPublicKey>;
  try {
    key = multibaseToPublicKey(id);
  } catch (e) {
    const unsupported = (e as { code?: unknown }).code === 'ERR_KEY_TYPE_UNSUPPORTED';
    return errorResult('invalidDid', `did:key: ${unsupported ? 'unsupported key type' : 'invalid key'}`);
  }
  // one key, one spelling: reject non-canonical encodings (for instance uncompressed points)
  if (publicKeyToMultibase(key.type, key.publicKey) !== id)
    return errorResult('invalidDid', 'did:key: not the canonical encoding');
  const vmId = `${did}#${id}`;
  const doc: DIDDocument = {
    '@context': [...MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [{ id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: id }],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityInvocation: [vmId],
    capabilityDelegation: [vmId],
  };
  if (key.type === 'Ed25519') {
    const x = x25519Multikey(ed25519ToX25519(key.publicKey));
    const xId = `${did}#${x}`;
    doc.verificationMethod?.push({ id: xId, type: 'Multikey', controller: did, publicKeyMultibase: x });
    doc.keyAgreement = [xId];
  } else if (key.type !== 'SM2') {
    // an SM2 key is a signature key only (spec §3.1): SM2 deployments keep signature and
    // encryption keys apart, and SM2 key exchange is not defined here
    doc.keyAgreement = [vmId];
  }
  return okResult(contentType, doc, {});
}

/** An X25519 did:key: a key agreement key only. */
function resolveX25519DidKey(did: string, id: string, contentType: string): DIDResolutionResult {
  let key: Uint8Array;
  try {
    key = decodeMultikey(id).publicKey;
  } catch {
    return errorResult('invalidDid', 'did:key: invalid X25519 key');
  }
  if (x25519Multikey(key) !== id) return errorResult('invalidDid', 'did:key: not the canonical encoding');
  const vmId = `${did}#${id}`;
  return okResult(
    contentType,
    {
      '@context': [...MULTIKEY_CONTEXT],
      id: did,
      verificationMethod: [{ id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: id }],
      keyAgreement: [vmId],
    },
    {},
  );
}
