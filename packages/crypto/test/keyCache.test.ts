/** The node backend's public-key cache must never change a verification result. */
import { describe, expect, it } from 'vitest';
import { generateKeyPair, sign, verify } from '../src/index.js';
import { useBackend } from './helpers/backends.js';

describe('node backend KeyObject cache', () => {
  useBackend('node');

  it('stays correct past its capacity, on repeats and after eviction', () => {
    const msg = new Uint8Array([1, 2, 3]);
    const keys = Array.from({ length: 300 }, () => {
      const p = generateKeyPair('Ed25519');
      return { ...p, sig: sign('Ed25519', p.secretKey, msg) };
    });
    for (let round = 0; round < 2; round++) {
      keys.forEach((k, i) => {
        expect(verify('Ed25519', k.publicKey, msg, k.sig)).toBe(true);
        expect(verify('Ed25519', k.publicKey, msg, k.sig)).toBe(true); // repeat-key fast path
        const other = keys[(i + 1) % keys.length] as (typeof keys)[number];
        expect(verify('Ed25519', other.publicKey, msg, k.sig)).toBe(false);
      });
    }
  });

  it('is keyed by content: mutating the caller array after a call does not poison it', () => {
    const msg = new Uint8Array([4, 5, 6]);
    const a = generateKeyPair('P-256');
    const b = generateKeyPair('P-256');
    const sigA = sign('P-256', a.secretKey, msg);
    const buf = a.publicKey.slice();
    expect(verify('P-256', buf, msg, sigA)).toBe(true);
    buf.set(b.publicKey);
    expect(verify('P-256', buf, msg, sigA)).toBe(false);
    buf.set(a.publicKey);
    expect(verify('P-256', buf, msg, sigA)).toBe(true);
  });

  it('keeps key types apart (same bytes, different curve)', () => {
    const msg = new Uint8Array([7]);
    const k1 = generateKeyPair('secp256k1');
    const sig = sign('secp256k1', k1.secretKey, msg);
    expect(verify('secp256k1', k1.publicKey, msg, sig)).toBe(true);
    expect(verify('P-256', k1.publicKey, msg, sig)).toBe(false);
    expect(verify('secp256k1', k1.publicKey, msg, sig)).toBe(true);
  });
});
