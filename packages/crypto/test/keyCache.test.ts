/** The node backend's public-key cache must never change a verification result. */
import { describe, expect, it } from 'vitest';
import {
  base58btcDecode,
  base64urlDecode,
  createSigner,
  createVerifier,
  generateKeyPair,
  getPublicKey,
  hkdf,
  hmac,
  KEY_TYPES,
  keyPairFromSecretKey,
  randomBytes,
  sha256,
  sign,
  utf8Encode,
  verify,
} from '../src/index.js';
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

describe.each(['node', 'noble'] as const)(
  'inputs are copied, outputs are plain Uint8Arrays (%s)',
  (backend) => {
    useBackend(backend);

    it('a Buffer key mutated after use cannot alias internal state', () => {
      const msg = new Uint8Array([1]);
      const a = generateKeyPair('Ed25519');
      const b = generateKeyPair('Ed25519');
      const sigA = sign('Ed25519', a.secretKey, msg);
      const buf = Buffer.from(a.publicKey);
      expect(verify('Ed25519', buf, msg, sigA)).toBe(true);
      buf.set(b.publicKey); // Buffer#slice is a view: a slice-based copy would now alias b
      expect(verify('Ed25519', buf, msg, sigA)).toBe(false);
    });

    it('outputs are plain Uint8Arrays that own their memory', () => {
      const outputs: Uint8Array[] = [];
      for (const type of KEY_TYPES) {
        const p = keyPairFromSecretKey(type, Buffer.alloc(32, 5));
        outputs.push(
          p.publicKey,
          p.secretKey,
          sign(type, p.secretKey, Buffer.from('x')),
          getPublicKey(type, p.secretKey),
        );
        outputs.push(
          createSigner(p).sign(new Uint8Array(3)),
          createVerifier(type, Buffer.from(p.publicKey)).publicKey,
        );
      }
      outputs.push(sha256(Buffer.from('x')), hmac('sha-512', new Uint8Array(1), new Uint8Array(2)));
      outputs.push(
        hkdf('sha-256', new Uint8Array(1), new Uint8Array(0), new Uint8Array(0), 7),
        randomBytes(5),
      );
      outputs.push(base64urlDecode('AQID'), base58btcDecode('12'), utf8Encode('é'));
      for (const o of outputs) {
        expect(Object.getPrototypeOf(o)).toBe(Uint8Array.prototype);
        expect(o.byteOffset === 0 && o.buffer.byteLength === o.length).toBe(true);
      }
    });
  },
);
