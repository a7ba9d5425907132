import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  getHashes,
  hkdfSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import type { KeyType } from '../../KeyType.js';
import type { Backend, HashAlgorithm, PreparedSign, PreparedVerify } from '../backendTypes.js';
import { isHighS } from '../curves.js';
import { isAcceptableEd25519PublicKey, isAcceptableEd25519Signature } from '../ed25519Rule.js';
import { nobleBackend } from '../nobleBackend.js';
import { DEFAULT_SM2_USER_ID } from '../sm2.js';
import { makeSm2Ops } from '../sm2Ops.js';

// DER prefixes: SubjectPublicKeyInfo / PKCS#8 headers for raw key bytes.
const ED25519_SPKI = hex('302a300506032b6570032100');
const ED25519_PKCS8 = hex('302e020100300506032b657004220420');
const P256_SPKI_33 = hex('3039301306072a8648ce3d020106082a8648ce3d030107032200');
const P256_SPKI_65 = hex('3059301306072a8648ce3d020106082a8648ce3d030107034200');
const K256_SPKI_33 = hex('3036301006072a8648ce3d020106052b8104000a032200');
const K256_SPKI_65 = hex('3056301006072a8648ce3d020106052b8104000a034200');

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}

function concat(prefix: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + key.length);
  out.set(prefix, 0);
  out.set(key, prefix.length);
  return out;
}

const NODE_HASH: Record<HashAlgorithm, string> = {
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
  sm3: 'sm3',
};

/** Whether this OpenSSL has SM3 (builds without the SM algorithms exist); if not, SM3 stays on noble. */
const HAS_SM3 = getHashes().includes('sm3');

/** SM3 through OpenSSL. */
function nodeSm3(data: Uint8Array): Uint8Array {
  return plain(createHash('sm3').update(data).digest());
}

/**
 * SM2 with OpenSSL's SM3 and noble's curve arithmetic: node:crypto's own SM2 signatures cannot
 * take a user ID (see docs/crypto.md), so only the hash runs natively.
 */
const sm2 = HAS_SM3
  ? makeSm2Ops(nodeSm3, (key, ...messages) => {
      const h = createHmac('sm3', key);
      for (const m of messages) h.update(m);
      return plain(h.digest());
    })
  : undefined;

/** A cached public key: the KeyObject and the two reusable option objects for ECDSA. */
interface KeyEntry {
  readonly key: KeyObject;
  readonly p1363: { key: KeyObject; dsaEncoding: 'ieee-p1363' };
  readonly der: { key: KeyObject; dsaEncoding: 'der' };
}

/** Cache size per key type. Small: the hot case is a handful of issuer keys verified many times. */
const CACHE_SIZE = 256;

const caches: Record<Exclude<KeyType, 'SM2'>, Map<string, KeyEntry | null>> = {
  Ed25519: new Map(),
  'P-256': new Map(),
  secp256k1: new Map(),
};

/** A cache key of the key bytes (latin1: one char per byte). */
function cacheKey(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/**
 * Imports a raw public key as a KeyObject, or returns null when it is not a valid key. Point
 * encodings are restricted to those noble accepts (no hybrid 0x06/0x07 forms), so both backends
 * accept exactly the same keys.
 */
function importPublicKey(type: Exclude<KeyType, 'SM2'>, publicKey: Uint8Array): KeyEntry | null {
  let der: Uint8Array;
  if (type === 'Ed25519') {
    // The SDK's Ed25519 rule: a canonical key not of small order (OpenSSL accepts both).
    if (!isAcceptableEd25519PublicKey(publicKey)) return null;
    der = concat(ED25519_SPKI, publicKey);
  } else if (publicKey.length === 33 && (publicKey[0] === 2 || publicKey[0] === 3)) {
    der = concat(type === 'P-256' ? P256_SPKI_33 : K256_SPKI_33, publicKey);
  } else if (publicKey.length === 65 && publicKey[0] === 4) {
    der = concat(type === 'P-256' ? P256_SPKI_65 : K256_SPKI_65, publicKey);
  } else {
    return null;
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der as Buffer, format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  return { key, p1363: { key, dsaEncoding: 'ieee-p1363' }, der: { key, dsaEncoding: 'der' } };
}

/** The last key used per type (a private copy of its bytes) and its entry: the repeat-key fast path. */
const last: Record<
  Exclude<KeyType, 'SM2'>,
  { bytes: Uint8Array; id: string; entry: KeyEntry | null } | undefined
> = {
  Ed25519: undefined,
  'P-256': undefined,
  secp256k1: undefined,
};

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Returns the cached entry of a public key (LRU, per key type), importing it on a miss. */
function publicEntry(type: Exclude<KeyType, 'SM2'>, publicKey: Uint8Array): KeyEntry | null {
  const recent = last[type];
  if (recent !== undefined && sameBytes(recent.bytes, publicKey)) return recent.entry;
  const cache = caches[type];
  const id = cacheKey(publicKey);
  let entry = cache.get(id);
  if (entry !== undefined) {
    // Move to the most-recent end (Map keeps insertion order).
    cache.delete(id);
    cache.set(id, entry);
  } else {
    entry = importPublicKey(type, publicKey);
    if (cache.size >= CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(id, entry);
  }
  last[type] = { bytes: new Uint8Array(publicKey), id, entry }; // a private copy, never a view
  return entry;
}

function verifyWith(
  type: Exclude<KeyType, 'SM2'>,
  entry: KeyEntry | null,
  message: Uint8Array,
  signature: Uint8Array,
  der: boolean,
  lowS: boolean,
): boolean {
  if (entry === null) return false;
  try {
    if (type === 'Ed25519') {
      // R canonical and not of small order, S < L; OpenSSL then checks [S]B = R + [k]A exactly
      // (cofactorless), the equation the noble backend also computes.
      if (!isAcceptableEd25519Signature(signature)) return false;
      return nodeVerify(null, message, entry.key, signature);
    }
    if (der) {
      if (lowS && isHighS(type, signature, true)) return false;
      return nodeVerify('sha256', message, entry.der, signature);
    }
    if (signature.length !== 64) return false;
    if (lowS && isHighS(type, signature, false)) return false;
    return nodeVerify('sha256', message, entry.p1363, signature);
  } catch {
    return false;
  }
}

function ed25519PrivateKey(secretKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: concat(ED25519_PKCS8, secretKey) as Buffer, format: 'der', type: 'pkcs8' });
}

/** Wraps a Buffer returned by node:crypto as a plain Uint8Array (copying only if it is a view). */
function plain(buf: Uint8Array): Uint8Array {
  return buf.byteOffset === 0 && buf.buffer.byteLength === buf.length
    ? new Uint8Array(buf.buffer, 0, buf.length)
    : new Uint8Array(buf);
}

/**
 * The fast backend on node:crypto (OpenSSL). Ed25519 signing and every verification run natively,
 * with public KeyObjects cached per key. ECDSA signing stays on noble: node:crypto has no
 * deterministic (RFC 6979) ECDSA, and deterministic low-S signatures are part of the contract.
 */
export const nativeBackend: Backend | undefined = {
  name: 'node',
  sign(
    type: KeyType,
    secretKey: Uint8Array,
    message: Uint8Array,
    der: boolean,
    userId: Uint8Array = DEFAULT_SM2_USER_ID,
  ): Uint8Array {
    if (type === 'SM2' && sm2 !== undefined) return sm2.sign(secretKey, message, der, userId);
    if (type !== 'Ed25519') return nobleBackend.sign(type, secretKey, message, der, userId);
    return plain(nodeSign(null, message, ed25519PrivateKey(secretKey)));
  },
  verify(
    type: KeyType,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    der: boolean,
    lowS: boolean,
    userId: Uint8Array = DEFAULT_SM2_USER_ID,
  ) {
    if (type === 'SM2') {
      if (sm2 === undefined)
        return nobleBackend.verify(type, publicKey, message, signature, der, lowS, userId);
      return sm2.verify(publicKey, message, signature, der, userId);
    }
    return verifyWith(type, publicEntry(type, publicKey), message, signature, der, lowS);
  },
  prepareSign(type: KeyType, secretKey: Uint8Array, userId: Uint8Array = DEFAULT_SM2_USER_ID): PreparedSign {
    if (type === 'SM2' && sm2 !== undefined) return sm2.prepareSign(secretKey, userId);
    if (type !== 'Ed25519') return nobleBackend.prepareSign(type, secretKey, userId);
    const key = ed25519PrivateKey(secretKey);
    return (message) => plain(nodeSign(null, message, key));
  },
  prepareVerify(
    type: KeyType,
    publicKey: Uint8Array,
    userId: Uint8Array = DEFAULT_SM2_USER_ID,
  ): PreparedVerify {
    if (type === 'SM2') {
      if (sm2 === undefined) return nobleBackend.prepareVerify(type, publicKey, userId);
      const v = sm2.prepareVerify(publicKey, userId);
      return (message, signature, der) => v(message, signature, der);
    }
    // Held by the verifier itself, outside the shared LRU.
    const entry = importPublicKey(type, publicKey);
    return (message, signature, der, lowS) => verifyWith(type, entry, message, signature, der, lowS);
  },
  getPublicKey(type: KeyType, secretKey: Uint8Array): Uint8Array {
    if (type !== 'Ed25519') return nobleBackend.getPublicKey(type, secretKey);
    const spki = createPublicKey(ed25519PrivateKey(secretKey)).export({ format: 'der', type: 'spki' });
    return new Uint8Array(spki.subarray(spki.length - 32));
  },
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array {
    if (alg === 'sm3' && !HAS_SM3) return nobleBackend.hash(alg, data);
    return plain(createHash(NODE_HASH[alg]).update(data).digest());
  },
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
    if (alg === 'sm3' && !HAS_SM3) return nobleBackend.hmac(alg, key, data);
    return plain(createHmac(NODE_HASH[alg], key).update(data).digest());
  },
  hkdf(alg: HashAlgorithm, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    // node:crypto limits info to 1024 bytes; longer info (valid per RFC 5869) goes to noble.
    if (info.length > 1024 || (alg === 'sm3' && !HAS_SM3))
      return nobleBackend.hkdf(alg, ikm, salt, info, length);
    return new Uint8Array(hkdfSync(NODE_HASH[alg], ikm, salt, info, length));
  },
};

/** The codec's Node.js fast paths (node:buffer, one-shot hash), exported through the same `#native` switch. */
export { nativeCodec } from './codec.js';
