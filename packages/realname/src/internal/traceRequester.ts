/**
 * The requester's side of an opening: per-request keys, the blinded ciphertext component with its
 * proof of knowledge, and sealing of partial decryptions to the requester.
 *
 * - Per request the requester derives two fresh scalars from its signing key and the request's
 *   random nonce (HKDF-SHA-256): a blinding factor `b` and a decryption key `e` (public `E = e·G`).
 * - The request carries `C1' = b·C1` and a Schnorr proof of knowledge of `b` with base `C1`, bound
 *   to the request body: so `C1'` is a blinding of the named token's `C1`, not of another token's.
 * - A trustee answers with `D_i' = x_i·C1'` (and its Chaum–Pedersen proof), sealed to `E`
 *   (ephemeral ristretto255 Diffie–Hellman, HKDF-SHA-256, XChaCha20-Poly1305 with the committee,
 *   request id and trustee index as associated data).
 * - Only the requester opens the seals and removes the blinding: `K = b⁻¹·Σ λ_i·D_i'`.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@realdid/crypto';
import { concat, lengthPrefixed, utf8 } from './bytes.js';
import { fail } from './errors.js';
import {
  G,
  hashToScalar,
  mod,
  mul,
  ORDER,
  type Point,
  pointFromBytes,
  randomScalar,
  scalarFromBytes,
  scalarToBytes,
} from './group.js';

const KEYS_INFO = 'realdid/trace/v2/requester-keys';
const SEAL_INFO = 'realdid/trace/v2/seal';
const POK_DST = 'realdid/trace/v2/blinding-pok';
const ZERO_NONCE = new Uint8Array(24);

/** The requester's per-request secrets. */
export interface RequesterSecrets {
  /** Blinding factor b. */
  b: bigint;
  /** Decryption key e (E = e·G). */
  e: bigint;
}

function scalarFromOkm(okm: Uint8Array): bigint {
  let n = 0n;
  for (let i = okm.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(okm[i]!);
  const s = mod(n);
  return s === 0n ? 1n : s;
}

/** Derives the per-request blinding factor and decryption key from the requester's secret and the request nonce. */
export function requesterSecrets(
  requesterSecret: Uint8Array,
  nonce: Uint8Array,
  committeeId: string,
): RequesterSecrets {
  const okm = hkdf(
    'sha-256',
    requesterSecret,
    nonce,
    lengthPrefixed(utf8(KEYS_INFO), utf8(committeeId)),
    128,
  );
  const out = { b: scalarFromOkm(okm.subarray(0, 64)), e: scalarFromOkm(okm.subarray(64)) };
  okm.fill(0);
  return out;
}

/** Schnorr proof of knowledge of b with C1' = b·C1, bound to `binding`: (c, z) as 64 bytes. */
export function proveBlinding(b: bigint, c1: Point, blinded: Point, binding: Uint8Array): Uint8Array {
  const w = randomScalar();
  const a = c1.multiply(w);
  const c = hashToScalar(POK_DST, lengthPrefixed(binding, c1.toBytes(), blinded.toBytes(), a.toBytes()));
  return concat(scalarToBytes(c), scalarToBytes(mod(w + c * b)));
}

/** Verifies a {@link proveBlinding} proof. */
export function verifyBlinding(proof: Uint8Array, c1: Point, blinded: Point, binding: Uint8Array): boolean {
  if (proof.length !== 64) return false;
  let c: bigint;
  let z: bigint;
  try {
    c = scalarFromBytes(proof.subarray(0, 32), 'c');
    z = scalarFromBytes(proof.subarray(32), 'z');
  } catch {
    return false;
  }
  if (c >= ORDER || z >= ORDER) return false;
  const a = mul(c1, z).subtract(mul(blinded, c));
  return hashToScalar(POK_DST, lengthPrefixed(binding, c1.toBytes(), blinded.toBytes(), a.toBytes())) === c;
}

function sealKey(shared: Point, ephemeral: Point, recipient: Point): Uint8Array {
  return hkdf(
    'sha-256',
    shared.toBytes(),
    concat(ephemeral.toBytes(), recipient.toBytes()),
    utf8(SEAL_INFO),
    32,
  );
}

/** Seals bytes to the public key `recipient`: ephemeral S (32 bytes) ‖ AEAD ciphertext. */
export function seal(recipient: Point, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const s = randomScalar();
  const ephemeral = G.multiply(s);
  const key = sealKey(recipient.multiply(s), ephemeral, recipient);
  const ct = xchacha20poly1305(key, ZERO_NONCE, aad).encrypt(plaintext);
  key.fill(0);
  return concat(ephemeral.toBytes(), ct);
}

/** Opens a {@link seal}; coded error `ERR_TRACE_PARTIAL_INVALID` (via the caller) when it does not open. */
export function unseal(e: bigint, sealed: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
  if (sealed.length < 32 + 16) return undefined;
  let ephemeral: Point;
  try {
    ephemeral = pointFromBytes(sealed.subarray(0, 32), 'seal');
  } catch {
    return undefined;
  }
  const recipient = G.multiply(e);
  const key = sealKey(ephemeral.multiply(e), ephemeral, recipient);
  try {
    return xchacha20poly1305(key, ZERO_NONCE, aad).decrypt(sealed.subarray(32));
  } catch {
    return undefined;
  } finally {
    key.fill(0);
  }
}

/** Associated data of a sealed partial: committee, request id, trustee index. */
export function sealAad(committeeId: string, requestId: string, index: number): Uint8Array {
  return lengthPrefixed(utf8(SEAL_INFO), utf8(committeeId), utf8(requestId), utf8(String(index)));
}

/** Throws the malformed-request error. */
export function badRequest(why: string): never {
  throw fail('ERR_TRACE_REQUEST_INVALID', why);
}
