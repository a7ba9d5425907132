import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

export { ed25519, p256, secp256k1 };

/** The noble ECDSA instance for a Weierstrass key type. */
export function ecdsaCurve(type: 'P-256' | 'secp256k1'): typeof p256 {
  return type === 'P-256' ? p256 : secp256k1;
}

/** Half the group order (n >> 1) as 32 big-endian bytes, for the low-S rule. */
const HALF_N: Record<'P-256' | 'secp256k1', Uint8Array> = {
  'P-256': hexToBytes('7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8'),
  secp256k1: hexToBytes('7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0'),
};

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Tells whether an ECDSA signature has s > n/2 ("high S"). For DER input that does not parse, it
 * returns true, so callers that enforce low S reject it. Cheap: no allocation.
 */
export function isHighS(type: 'P-256' | 'secp256k1', signature: Uint8Array, der: boolean): boolean {
  let start: number;
  let len: number;
  if (!der) {
    if (signature.length !== 64) return true;
    start = 32;
    len = 32;
  } else {
    // 30 L 02 rl r 02 sl s   (short lengths only: P-256/secp256k1 signatures are < 128 bytes)
    if (signature.length < 8 || signature[0] !== 0x30 || signature[2] !== 0x02) return true;
    const rl = signature[3] ?? 0;
    const sTag = 4 + rl;
    if (signature[sTag] !== 0x02) return true;
    len = signature[sTag + 1] ?? 0;
    start = sTag + 2;
    if (start + len !== signature.length) return true;
    while (len > 0 && signature[start] === 0) {
      start++;
      len--;
    }
  }
  // strip leading zeros of the raw form too
  while (len > 32 && signature[start] === 0) {
    start++;
    len--;
  }
  if (len > 32) return true;
  const half = HALF_N[type];
  // compare signature[start .. start+len) (left-padded to 32) with half
  const pad = 32 - len;
  for (let i = 0; i < 32; i++) {
    const a = i < pad ? 0 : (signature[start + i - pad] as number);
    const b = half[i] as number;
    if (a !== b) return a > b;
  }
  return false;
}
