import { constantTimeEqual } from './constantTimeEqual.js';
import { assertKeyType, describe, isBytes } from './internal/assert.js';
import { equalBytes, readChildren, readWhole, type Tlv, tlv } from './internal/der.js';
import { cryptoError } from './internal/errors.js';
import {
  canonicalPublicKey,
  checkKeyPair,
  ecCoordinates,
  isValidSecretKey,
  requirePublicKey,
} from './internal/keys.js';
import { state } from './internal/state.js';
import type { KeyPair, KeyType } from './KeyType.js';

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;

function h(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}

/** id-Ed25519 (RFC 8410), id-ecPublicKey (RFC 5480), and the named curves. */
const OID_ED25519 = h('2b6570');
const OID_EC_PUBLIC_KEY = h('2a8648ce3d0201');
const CURVE_OID: Record<Exclude<KeyType, 'Ed25519'>, Uint8Array> = {
  'P-256': h('2a8648ce3d030107'), // 1.2.840.10045.3.1.7 prime256v1
  secp256k1: h('2b8104000a'), // 1.3.132.0.10
  SM2: h('2a811ccf5501822d'), // 1.2.156.10197.1.301 sm2p256v1 (GB/T 32918.5)
};

/** Largest DER key accepted (a PKCS#8 EC key with its public key is 138 bytes). */
const MAX_DER_BYTES = 512;

function bad(message: string, cause?: unknown): never {
  throw cryptoError('ERR_KEY_DER_INVALID', `key DER: ${message}`, cause);
}

function algorithmIdentifier(type: KeyType): Uint8Array {
  if (type === 'Ed25519') return tlv(SEQUENCE, tlv(OID, OID_ED25519));
  return tlv(SEQUENCE, tlv(OID, OID_EC_PUBLIC_KEY), tlv(OID, CURVE_OID[type]));
}

/** Reads an AlgorithmIdentifier into a key type (absent parameters for Ed25519, a named curve for EC). */
function readAlgorithm(alg: Tlv): KeyType {
  if (alg.tag !== SEQUENCE) bad('expected an AlgorithmIdentifier SEQUENCE');
  const parts = readChildren(alg.value);
  const oid = parts[0];
  if (oid === undefined || oid.tag !== OID) bad('expected an algorithm OID');
  if (equalBytes(oid.value, OID_ED25519)) {
    if (parts.length !== 1) bad('Ed25519 takes no algorithm parameters (RFC 8410)');
    return 'Ed25519';
  }
  if (!equalBytes(oid.value, OID_EC_PUBLIC_KEY)) {
    throw cryptoError('ERR_KEY_TYPE_UNSUPPORTED', 'key DER: the algorithm is not Ed25519 or id-ecPublicKey');
  }
  const curve = parts[1];
  if (parts.length !== 2 || curve === undefined || curve.tag !== OID) {
    bad('id-ecPublicKey needs exactly one namedCurve OID parameter');
  }
  for (const type of ['P-256', 'secp256k1', 'SM2'] as const) {
    if (equalBytes(curve.value, CURVE_OID[type])) return type;
  }
  throw cryptoError(
    'ERR_KEY_TYPE_UNSUPPORTED',
    'key DER: the named curve is not P-256, secp256k1 or sm2p256v1',
  );
}

function uncompressed(type: Exclude<KeyType, 'Ed25519'>, publicKey: Uint8Array): Uint8Array {
  const { x, y } = ecCoordinates(type, publicKey);
  const out = new Uint8Array(65);
  out[0] = 4;
  out.set(x, 1);
  out.set(y, 33);
  return out;
}

function bitString(bytes: Uint8Array): Uint8Array {
  return tlv(BIT_STRING, Uint8Array.of(0), bytes);
}

/** The key bytes of a BIT STRING with no unused bits. */
function readBitString(t: Tlv | undefined, what: string): Uint8Array {
  if (t === undefined || t.tag !== BIT_STRING || t.value.length < 1 || t.value[0] !== 0) {
    bad(`${what}: expected a BIT STRING with no unused bits`);
  }
  return t.value.subarray(1);
}

function checkDer(der: unknown): asserts der is Uint8Array {
  if (!isBytes(der)) throw new TypeError(`der: expected a Uint8Array, found ${describe(der)}`);
}

function guarded<T>(der: Uint8Array, f: () => T): T {
  if (der.length > MAX_DER_BYTES) bad(`expected at most ${MAX_DER_BYTES} bytes, found ${der.length}`);
  try {
    return f();
  } catch (cause) {
    if (cause instanceof Error && (cause as { name?: string }).name === 'RealDidError') throw cause;
    bad(cause instanceof Error ? cause.message : 'malformed', cause);
  }
}

/**
 * Encodes a public key as a DER SubjectPublicKeyInfo (RFC 5280): RFC 8410 for Ed25519, RFC 5480
 * `id-ecPublicKey` with the named curve (prime256v1, secp256k1, sm2p256v1) and the uncompressed
 * point for ECDSA and SM2 — the form OpenSSL reads and writes.
 *
 * @param type - the key type
 * @param publicKey - the public key
 * @returns the DER bytes
 * @throws TypeError / RangeError when the key is malformed
 * @example
 * ```ts
 * const spki = publicKeyToSpki('SM2', generateKeyPair('SM2').publicKey);
 * ```
 */
export function publicKeyToSpki(type: KeyType, publicKey: Uint8Array): Uint8Array {
  assertKeyType(type);
  const key = requirePublicKey(type, publicKey);
  const raw = type === 'Ed25519' ? key : uncompressed(type, key);
  return tlv(SEQUENCE, algorithmIdentifier(type), bitString(raw));
}

/**
 * Reads an untrusted DER SubjectPublicKeyInfo: Ed25519, or `id-ecPublicKey` on prime256v1,
 * secp256k1 or sm2p256v1 with a compressed or uncompressed point on the curve.
 *
 * @param der - the DER bytes
 * @returns the key type and public key (compressed for ECDSA and SM2)
 * @throws TypeError when not a Uint8Array; RealDidError `ERR_KEY_DER_INVALID` when malformed or
 *   the key is invalid, `ERR_KEY_TYPE_UNSUPPORTED` for another algorithm or curve
 * @example
 * ```ts
 * const pair = generateKeyPair('SM2');
 * spkiToPublicKey(publicKeyToSpki('SM2', pair.publicKey)).type; // 'SM2'
 * ```
 */
export function spkiToPublicKey(der: Uint8Array): { type: KeyType; publicKey: Uint8Array } {
  checkDer(der);
  return guarded(der, () => {
    const parts = readChildren(readWhole(der, SEQUENCE));
    if (parts.length !== 2) bad('SubjectPublicKeyInfo: expected an algorithm and a key');
    const type = readAlgorithm(parts[0] as Tlv);
    const raw = readBitString(parts[1], 'subjectPublicKey');
    if (type === 'Ed25519' ? raw.length !== 32 : raw.length !== 33 && raw.length !== 65) {
      bad(`subjectPublicKey: wrong length ${raw.length} for ${type}`);
    }
    const publicKey = canonicalPublicKey(type, raw);
    if (publicKey === undefined) bad(`subjectPublicKey: not a valid ${type} public key`);
    return { type, publicKey };
  });
}

/**
 * Encodes a key pair as an unencrypted DER PKCS#8 PrivateKeyInfo (RFC 5208 / 5958): RFC 8410 for
 * Ed25519; for ECDSA and SM2 an RFC 5915 ECPrivateKey with the 32-byte scalar and the public key,
 * as OpenSSL writes it. Handle the result as a secret.
 *
 * @param keyPair - the key pair; its public key must belong to its secret key
 * @returns the DER bytes
 * @throws TypeError / RangeError when the key pair is malformed or inconsistent
 * @example
 * ```ts
 * const der = keyPairToPkcs8(generateKeyPair('SM2'));
 * ```
 */
export function keyPairToPkcs8(keyPair: KeyPair): Uint8Array {
  const { type, secretKey, publicKey } = checkKeyPair(keyPair);
  const version = tlv(INTEGER, Uint8Array.of(0));
  if (type === 'Ed25519') {
    return tlv(SEQUENCE, version, algorithmIdentifier(type), tlv(OCTET_STRING, tlv(OCTET_STRING, secretKey)));
  }
  const ecPrivateKey = tlv(
    SEQUENCE,
    tlv(INTEGER, Uint8Array.of(1)),
    tlv(OCTET_STRING, secretKey),
    tlv(0xa1, bitString(uncompressed(type, publicKey))),
  );
  return tlv(SEQUENCE, version, algorithmIdentifier(type), tlv(OCTET_STRING, ecPrivateKey));
}

/**
 * Reads an untrusted, unencrypted DER PKCS#8 key (version 0, no attributes). For ECDSA and SM2: the scalar must be 32 bytes in range (SM2: 1 <= d <= n - 2); a
 * curve given inside the ECPrivateKey must equal the outer one; a public key given there must be
 * the one of the scalar.
 *
 * @param der - the DER bytes
 * @returns the key pair
 * @throws TypeError when not a Uint8Array; RealDidError `ERR_KEY_DER_INVALID` when malformed or
 *   inconsistent, `ERR_KEY_TYPE_UNSUPPORTED` for another algorithm or curve
 * @example
 * ```ts
 * const pair = pkcs8ToKeyPair(keyPairToPkcs8(generateKeyPair('SM2')));
 * ```
 */
export function pkcs8ToKeyPair(der: Uint8Array): KeyPair {
  checkDer(der);
  return guarded(der, () => {
    const parts = readChildren(readWhole(der, SEQUENCE));
    const [version, alg, key] = parts;
    if (
      version === undefined ||
      version.tag !== INTEGER ||
      version.value.length !== 1 ||
      version.value[0] !== 0
    ) {
      bad('PrivateKeyInfo: expected version 0');
    }
    if (parts.length !== 3 || alg === undefined || key === undefined || key.tag !== OCTET_STRING) {
      bad('PrivateKeyInfo: expected version, algorithm and privateKey only (no attributes)');
    }
    const type = readAlgorithm(alg);
    let secretKey: Uint8Array;
    if (type === 'Ed25519') {
      secretKey = readWhole(key.value, OCTET_STRING);
      if (secretKey.length !== 32) bad(`Ed25519 privateKey: expected 32 bytes, found ${secretKey.length}`);
      secretKey = secretKey.slice();
      return { type, secretKey, publicKey: state.backend.getPublicKey(type, secretKey) };
    }
    const ec = readChildren(readWhole(key.value, SEQUENCE));
    const [ecVersion, d, ...optional] = ec;
    if (
      ecVersion === undefined ||
      ecVersion.tag !== INTEGER ||
      ecVersion.value.length !== 1 ||
      ecVersion.value[0] !== 1
    ) {
      bad('ECPrivateKey: expected version 1');
    }
    if (d === undefined || d.tag !== OCTET_STRING || d.value.length !== 32) {
      bad('ECPrivateKey: expected a 32-byte privateKey');
    }
    secretKey = d.value.slice();
    if (!isValidSecretKey(type, secretKey)) bad(`ECPrivateKey: not a valid ${type} secret scalar`);
    const publicKey = state.backend.getPublicKey(type, secretKey);
    let lastTag = 0;
    for (const o of optional) {
      if (o.tag <= lastTag || (o.tag !== 0xa0 && o.tag !== 0xa1)) bad('ECPrivateKey: unexpected element');
      lastTag = o.tag;
      if (o.tag === 0xa0) {
        const curve = readWhole(o.value, OID);
        if (!equalBytes(curve, CURVE_OID[type])) bad('ECPrivateKey: parameters name another curve');
      } else {
        const raw = readBitString(readChildren(o.value)[0], 'ECPrivateKey publicKey');
        if (readChildren(o.value).length !== 1) bad('ECPrivateKey: malformed publicKey');
        const given = canonicalPublicKey(type, raw);
        if (given === undefined || !constantTimeEqual(given, publicKey)) {
          bad('ECPrivateKey: publicKey does not belong to privateKey');
        }
      }
    }
    return { type, secretKey, publicKey };
  });
}
