import { base58btc } from 'multiformats/bases/base58';
import { assertKeyType, assertString } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';
import { assertSecretKey, canonicalPublicKey, isValidSecretKey, requirePublicKey } from './internal/keys.js';
import type { KeyType } from './KeyType.js';

/** Multicodec codes of public keys (two-byte unsigned varints). */
const PUB_CODEC: Record<KeyType, number> = {
  Ed25519: 0xed,
  'P-256': 0x1200,
  secp256k1: 0xe7,
  SM2: 0x1206, // sm2-pub (draft in the multicodec table): compressed SEC1 point on sm2p256v1
};
/** Multicodec codes of secret keys. */
const PRIV_CODEC: Record<KeyType, number> = {
  Ed25519: 0x1300,
  'P-256': 0x1306,
  secp256k1: 0x1301,
  SM2: 0x1310, // sm2-priv (draft)
};

const PUB_BY_CODE = new Map<number, KeyType>([
  [0xed, 'Ed25519'],
  [0x1200, 'P-256'],
  [0xe7, 'secp256k1'],
  [0x1206, 'SM2'],
]);
const PRIV_BY_CODE = new Map<number, KeyType>([
  [0x1300, 'Ed25519'],
  [0x1306, 'P-256'],
  [0x1301, 'secp256k1'],
  [0x1310, 'SM2'],
]);

/** The unsigned-varint encoding of a code below 2^14 (always two bytes for our codes). */
function varint2(code: number): [number, number] {
  return [(code & 0x7f) | 0x80, code >> 7];
}

function encode(code: number, key: Uint8Array): string {
  const [a, b] = varint2(code);
  const bytes = new Uint8Array(2 + key.length);
  bytes[0] = a;
  bytes[1] = b;
  bytes.set(key, 2);
  return base58btc.encode(bytes);
}

function bad(message: string, cause?: unknown): never {
  throw cryptoError('ERR_MULTIBASE_INVALID', `multibase: ${message}`, cause);
}

/** Decodes `z` + base58btc(varint(code) ‖ key) into its code and key bytes (strict, minimal varint). */
function decode(s: string): { code: number; key: Uint8Array } {
  if (s.length < 2 || s[0] !== 'z') bad('expected a base58btc multibase string starting with "z"');
  if (s.length > 1200) bad(`string too long (${s.length} characters)`);
  let bytes: Uint8Array;
  try {
    bytes = base58btc.baseDecode(s.slice(1));
  } catch (cause) {
    bad('invalid base58btc', cause);
  }
  // Unsigned varint, at most 3 bytes here (codes < 2^21), minimal encoding required.
  let code = 0;
  let i = 0;
  for (;;) {
    if (i >= bytes.length || i >= 3) bad('truncated or oversized multicodec varint');
    const byte = bytes[i] as number;
    code |= (byte & 0x7f) << (7 * i);
    i++;
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > 1) bad('non-minimal multicodec varint');
      break;
    }
  }
  return { code, key: bytes.subarray(i) };
}

const PUB_LEN: Record<KeyType, number> = { Ed25519: 32, 'P-256': 33, secp256k1: 33, SM2: 33 };

/**
 * Encodes a public key as a Multikey `publicKeyMultibase`: `z` + base58btc(multicodec ‖ key), with
 * ed25519-pub (0xed), p256-pub (0x1200), secp256k1-pub (0xe7) or sm2-pub (0x1206). ECDSA and SM2
 * keys are encoded compressed.
 *
 * @param type - the key type
 * @param publicKey - the public key (ECDSA: 33 or 65 bytes)
 * @returns the multibase string (`z6Mk…`, `zDn…`, `zQ3s…`)
 * @throws TypeError / RangeError when the key is malformed
 * @example
 * ```ts
 * publicKeyToMultibase('Ed25519', generateKeyPair('Ed25519').publicKey).startsWith('z6Mk'); // true
 * ```
 */
export function publicKeyToMultibase(type: KeyType, publicKey: Uint8Array): string {
  assertKeyType(type);
  return encode(PUB_CODEC[type], requirePublicKey(type, publicKey));
}

/**
 * Decodes an untrusted Multikey `publicKeyMultibase`. ECDSA keys must be compressed (33 bytes),
 * as the Multikey specification requires, and on the curve.
 *
 * @param s - the multibase string
 * @returns the key type and public key
 * @throws TypeError when not a string; RealDidError `ERR_MULTIBASE_INVALID` when malformed,
 *   `ERR_KEY_TYPE_UNSUPPORTED` for another multicodec
 * @example
 * ```ts
 * multibaseToPublicKey('z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK').type; // 'Ed25519'
 * ```
 */
export function multibaseToPublicKey(s: string): { type: KeyType; publicKey: Uint8Array } {
  assertString(s, 's');
  const { code, key } = decode(s);
  const type = PUB_BY_CODE.get(code);
  if (type === undefined) {
    throw cryptoError(
      'ERR_KEY_TYPE_UNSUPPORTED',
      `multibase: multicodec 0x${code.toString(16)} is not a supported public key`,
    );
  }
  if (key.length !== PUB_LEN[type])
    bad(`expected ${PUB_LEN[type]} key bytes for ${type}, found ${key.length}`);
  const publicKey = canonicalPublicKey(type, key);
  if (publicKey === undefined) bad(`not a valid ${type} public key`);
  return { type, publicKey };
}

/**
 * Encodes a secret key as multibase: `z` + base58btc(multicodec ‖ key), with ed25519-priv
 * (0x1300), p256-priv (0x1306), secp256k1-priv (0x1301) or sm2-priv (0x1310). Handle the result as
 * a secret.
 *
 * @param type - the key type
 * @param secretKey - 32 bytes
 * @returns the multibase string
 * @throws TypeError / RangeError when the secret key is malformed
 * @example
 * ```ts
 * secretKeyToMultibase('Ed25519', generateKeyPair('Ed25519').secretKey).startsWith('z3u2'); // true
 * ```
 */
export function secretKeyToMultibase(type: KeyType, secretKey: Uint8Array): string {
  assertKeyType(type);
  assertSecretKey(type, secretKey);
  return encode(PRIV_CODEC[type], secretKey);
}

/**
 * Decodes an untrusted multibase secret key.
 *
 * @param s - the multibase string
 * @returns the key type and the 32-byte secret key
 * @throws TypeError when not a string; RealDidError `ERR_MULTIBASE_INVALID` when malformed or
 *   out of range, `ERR_KEY_TYPE_UNSUPPORTED` for another multicodec
 * @example
 * ```ts
 * const { type } = multibaseToSecretKey(secretKeyToMultibase('P-256', generateKeyPair('P-256').secretKey));
 * ```
 */
export function multibaseToSecretKey(s: string): { type: KeyType; secretKey: Uint8Array } {
  assertString(s, 's');
  const { code, key } = decode(s);
  const type = PRIV_BY_CODE.get(code);
  if (type === undefined) {
    throw cryptoError(
      'ERR_KEY_TYPE_UNSUPPORTED',
      `multibase: multicodec 0x${code.toString(16)} is not a supported secret key`,
    );
  }
  if (key.length !== 32) bad(`expected 32 secret key bytes, found ${key.length}`);
  if (!isValidSecretKey(type, key)) bad(`not a valid ${type} secret key`);
  return { type, secretKey: key.slice() };
}
