/**
 * The requester's side of an opening, in any {@link TraceGroup}: per-request keys, the blinded ciphertext component with its
 * proof of knowledge, and sealing of partial decryptions to the requester.
 *
 * - Per request the requester derives two fresh scalars from its signing key and the request's
 *   random nonce (HKDF-SHA-256): a blinding factor `b` and a decryption key `e` (public `E = e·G`).
 * - The request carries `C1' = b·C1` and a Schnorr proof of knowledge of `b` with base `C1`, bound
 *   to the request body: so `C1'` is a blinding of the named token's `C1`, not of another token's.
 * - A trustee answers with `D_i' = x_i·C1'` (and its Chaum–Pedersen proof), sealed to `E`
 *   (ephemeral Diffie–Hellman in the committee's group, HKDF-SHA-256, XChaCha20-Poly1305 with the committee,
 *   request id and trustee index as associated data).
 * - Only the requester opens the seals and removes the blinding: `K = b⁻¹·Σ λ_i·D_i'`.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@realdid/crypto';
import { concat, lengthPrefixed, utf8 } from './bytes.js';
import { fail } from './errors.js';
import { type GroupPoint, RISTRETTO255, type TraceGroup } from './group.js';

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

/** Derives the per-request blinding factor and decryption key from the requester's secret and the request nonce. */
export function requesterSecrets(
  requesterSecret: Uint8Array,
  nonce: Uint8Array,
  committeeId: string,
  group: TraceGroup = RISTRETTO255,
): RequesterSecrets {
  const okm = hkdf(
    'sha-256',
    requesterSecret,
    nonce,
    lengthPrefixed(utf8(group.dst(KEYS_INFO)), utf8(committeeId)),
    128,
  );
  const out = { b: group.scalarFromOkm(okm.subarray(0, 64)), e: group.scalarFromOkm(okm.subarray(64)) };
  okm.fill(0);
  return out;
}

function pokChallenge(
  group: TraceGroup,
  binding: Uint8Array,
  c1: GroupPoint,
  blinded: GroupPoint,
  a: GroupPoint,
): bigint {
  return group.hashToScalar(
    group.dst(POK_DST),
    lengthPrefixed(binding, c1.toBytes(), blinded.toBytes(), a.toBytes()),
  );
}

/** Schnorr proof of knowledge of b with C1' = b·C1, bound to `binding`: (c, z) as 64 bytes. */
export function proveBlinding(
  b: bigint,
  c1: GroupPoint,
  blinded: GroupPoint,
  binding: Uint8Array,
  group: TraceGroup = RISTRETTO255,
): Uint8Array {
  const w = group.randomScalar();
  const c = pokChallenge(group, binding, c1, blinded, c1.multiply(w));
  return concat(group.scalarToBytes(c), group.scalarToBytes(group.mod(w + c * b)));
}

/** Verifies a {@link proveBlinding} proof. */
export function verifyBlinding(
  proof: Uint8Array,
  c1: GroupPoint,
  blinded: GroupPoint,
  binding: Uint8Array,
  group: TraceGroup = RISTRETTO255,
): boolean {
  if (proof.length !== 64) return false;
  let c: bigint;
  let z: bigint;
  try {
    c = group.scalarFromBytes(proof.subarray(0, 32), 'c');
    z = group.scalarFromBytes(proof.subarray(32), 'z');
  } catch {
    return false;
  }
  const a = group.mul(c1, z).subtract(group.mul(blinded, c));
  return pokChallenge(group, binding, c1, blinded, a) === c;
}

function sealKey(
  group: TraceGroup,
  shared: GroupPoint,
  ephemeral: GroupPoint,
  recipient: GroupPoint,
): Uint8Array {
  return hkdf(
    'sha-256',
    shared.toBytes(),
    concat(ephemeral.toBytes(), recipient.toBytes()),
    utf8(group.dst(SEAL_INFO)),
    32,
  );
}

/** Seals bytes to the public key `recipient`: ephemeral S (one group element) ‖ AEAD ciphertext. */
export function seal(
  recipient: GroupPoint,
  plaintext: Uint8Array,
  aad: Uint8Array,
  group: TraceGroup = RISTRETTO255,
): Uint8Array {
  const s = group.randomScalar();
  const ephemeral = group.G.multiply(s);
  const key = sealKey(group, recipient.multiply(s), ephemeral, recipient);
  const ct = xchacha20poly1305(key, ZERO_NONCE, aad).encrypt(plaintext);
  key.fill(0);
  return concat(ephemeral.toBytes(), ct);
}

/** Opens a {@link seal}, or undefined when it does not open (the caller reports `ERR_TRACE_PARTIAL_INVALID`). */
export function unseal(
  e: bigint,
  sealed: Uint8Array,
  aad: Uint8Array,
  group: TraceGroup = RISTRETTO255,
): Uint8Array | undefined {
  const len = group.pointLength;
  if (sealed.length < len + 16) return undefined;
  let ephemeral: GroupPoint;
  try {
    ephemeral = group.pointFromBytes(sealed.subarray(0, len), 'seal');
  } catch {
    return undefined;
  }
  const recipient = group.G.multiply(e);
  const key = sealKey(group, ephemeral.multiply(e), ephemeral, recipient);
  try {
    return xchacha20poly1305(key, ZERO_NONCE, aad).decrypt(sealed.subarray(len));
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
