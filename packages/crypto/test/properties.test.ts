/** fast-check properties on both backends, and across them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  createVerifier,
  isRealDidError,
  KEY_TYPES,
  type KeyPair,
  type KeyType,
  keyPairFromSecretKey,
  setBackend,
  sign,
  verify,
} from '../src/index.js';
import { BACKENDS, useBackend } from './helpers/backends.js';

const RUNS = 40;

/** A valid secret key for every key type (all-zero or >= n is rejected by keyPairFromSecretKey). */
const secretKeyArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((b) => b[0] !== 0xff && b.some((x) => x !== 0));
const messageArb = fc.uint8Array({ minLength: 0, maxLength: 200 });

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = (bit >> 3) % out.length;
  out[i] = (out[i] as number) ^ (1 << (bit & 7));
  return out;
}

function withBackend<T>(name: 'node' | 'noble', f: () => T): T {
  setBackend(name);
  try {
    return f();
  } finally {
    setBackend('auto');
  }
}

describe.each(BACKENDS)('properties on the %s backend', (backend) => {
  useBackend(backend);

  describe.each(KEY_TYPES)('%s', (type: KeyType) => {
    it('sign/verify round trip (raw, DER for ECDSA, signer/verifier)', () => {
      fc.assert(
        fc.property(secretKeyArb, messageArb, (sk, msg) => {
          const pair = keyPairFromSecretKey(type, sk);
          const sig = sign(type, pair.secretKey, msg);
          expect(verify(type, pair.publicKey, msg, sig)).toBe(true);
          expect(verify(type, pair.publicKey, msg, sig, { lowS: true })).toBe(true); // we sign low-S
          expect(createVerifier(type, pair.publicKey).verify(msg, createSigner(pair).sign(msg))).toBe(true);
          if (type !== 'Ed25519') {
            const der = sign(type, pair.secretKey, msg, { format: 'der' });
            expect(verify(type, pair.publicKey, msg, der, { format: 'der', lowS: true })).toBe(true);
            expect(verify(type, pair.publicKey, msg, der)).toBe(false); // DER is not raw
          }
        }),
        { numRuns: RUNS },
      );
    });

    it('a single bit flip of signature, message or public key fails', () => {
      fc.assert(
        fc.property(
          secretKeyArb,
          messageArb,
          fc.nat(),
          fc.constantFrom('sig', 'msg', 'key'),
          (sk, msg, bit, what) => {
            const pair = keyPairFromSecretKey(type, sk);
            const sig = sign(type, pair.secretKey, msg);
            const m = what === 'msg' ? (msg.length === 0 ? new Uint8Array([1]) : flipBit(msg, bit)) : msg;
            const s = what === 'sig' ? flipBit(sig, bit) : sig;
            const k = what === 'key' ? flipBit(pair.publicKey, bit) : pair.publicKey;
            expect(verify(type, k, m, s)).toBe(false);
          },
        ),
        { numRuns: RUNS * 2 },
      );
    });
  });
});

describe('cross-backend: noble-signed verifies natively and vice versa', () => {
  it.each(KEY_TYPES)('%s', (type) => {
    fc.assert(
      fc.property(secretKeyArb, messageArb, (sk, msg) => {
        const pair: KeyPair = withBackend('noble', () => keyPairFromSecretKey(type, sk));
        expect(withBackend('node', () => keyPairFromSecretKey(type, sk))).toEqual(pair);
        const byNoble = withBackend('noble', () => sign(type, pair.secretKey, msg));
        const byNode = withBackend('node', () => sign(type, pair.secretKey, msg));
        expect(byNode).toEqual(byNoble); // deterministic on both: identical bytes
        expect(withBackend('node', () => verify(type, pair.publicKey, msg, byNoble))).toBe(true);
        expect(withBackend('noble', () => verify(type, pair.publicKey, msg, byNode))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('base64url properties', () => {
  it('round trip: decode(encode(b)) = b', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(base64urlDecode(base64urlEncode(b))).toEqual(b);
      }),
    );
  });

  it('agrees with Node Buffer base64url on canonical input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(base64urlEncode(b)).toBe(Buffer.from(b).toString('base64url'));
      }),
    );
  });

  it('strict: any string either decodes and re-encodes to itself, or fails with ERR_BASE64URL', () => {
    const chars = fc.constantFrom(
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .\n'.split(''),
    );
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
        (s) => {
          let decoded: Uint8Array | undefined;
          try {
            decoded = base64urlDecode(s);
          } catch (err) {
            expect(isRealDidError(err, 'ERR_BASE64URL')).toBe(true);
            return;
          }
          expect(base64urlEncode(decoded)).toBe(s);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('strict: rejects non-canonical trailing bits of every valid encoding', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 50 }).filter((b) => b.length % 3 !== 0),
        (b) => {
          const s = base64urlEncode(b);
          const last = s[s.length - 1] as string;
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          const v = alphabet.indexOf(last);
          const tweaked = s.slice(0, -1) + alphabet[v | 1];
          expect(() => base64urlDecode(tweaked)).toThrow(expect.objectContaining({ code: 'ERR_BASE64URL' }));
        },
      ),
    );
  });
});
