/**
 * The one Ed25519 verification rule (docs/crypto.md): both backends give the same verdict on the
 * "Taming the many EdDSAs" edge cases (ed25519-speccheck), on Wycheproof's Ed25519 file, and on
 * the two attacks a cofactored / lax verifier lets through (R + T8, a small-order key).
 * Vectors live in test/vectors/ (see each SOURCE.md).
 */
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  base58btcEncode,
  createVerifier,
  generateKeyPair,
  getBackend,
  jwkToPublicKey,
  multibaseToPublicKey,
  setBackend,
  sign,
  verify,
} from '../src/index.js';
import { SMALL_ORDER_ENCODINGS } from '../src/internal/ed25519Rule.js';
import { BACKENDS } from './helpers/backends.js';
import { hex, toHex } from './helpers/vectors.js';

function readLocal<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${path}`, import.meta.url), 'utf8')) as T;
}

/** Runs `f` under each backend and returns the verdicts. */
function onBoth<T>(f: () => T): Record<string, T> {
  const out: Record<string, T> = {};
  try {
    for (const b of BACKENDS) {
      setBackend(b);
      expect(getBackend()).toBe(b);
      out[b] = f();
    }
  } finally {
    setBackend('auto');
  }
  return out;
}

interface SpeccheckCase {
  message: string;
  pub_key: string;
  signature: string;
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const P = 2n ** 255n - 19n;

function le(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i] as number);
  return n;
}
function toLe(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

describe('ed25519-speccheck ("Taming the many EdDSAs")', () => {
  const cases = readLocal<SpeccheckCase[]>('ed25519-speccheck/cases.json');

  it('has the 12 cases', () => {
    expect(cases).toHaveLength(12);
  });

  // Case 3 (a mixed-order key, a signature valid under both equations) is the only one the rule
  // accepts: 0-2 use small-order A or R, 4-5 hold only under the cofactored equation, 6-7 have
  // S >= L, 8-9 a non-canonical R, 10-11 a non-canonical A.
  const EXPECTED = [false, false, false, true, false, false, false, false, false, false, false, false];

  it.each(cases.map((c, i) => [i, c] as const))('case %i: both backends give the rule verdict', (i, c) => {
    const verdicts = onBoth(() => verify('Ed25519', hex(c.pub_key), hex(c.message), hex(c.signature)));
    expect(verdicts).toEqual({ node: EXPECTED[i], noble: EXPECTED[i] });
  });
});

interface WycheproofFile {
  numberOfTests: number;
  testGroups: Array<{
    publicKey: { pk: string };
    tests: Array<{ tcId: number; msg: string; sig: string; result: string }>;
  }>;
}

describe("Wycheproof's ed25519_test.json", () => {
  it('both backends give the same verdict on every case, and it is the expected one', () => {
    const file = readLocal<WycheproofFile>('wycheproof/ed25519_test.json');
    let n = 0;
    const disagreements: number[] = [];
    const wrong: number[] = [];
    for (const g of file.testGroups) {
      const pk = hex(g.publicKey.pk);
      for (const t of g.tests) {
        n++;
        const v = onBoth(() => verify('Ed25519', pk, hex(t.msg), hex(t.sig)));
        if (v.node !== v.noble) disagreements.push(t.tcId);
        if (v.node !== (t.result === 'valid')) wrong.push(t.tcId);
      }
    }
    expect(n).toBe(file.numberOfTests);
    expect(disagreements).toEqual([]);
    expect(wrong).toEqual([]);
  });
});

describe('the rule against forged and lax signatures', () => {
  it('the 8 small-order encodings are exactly the torsion points', () => {
    const Point = ed25519.Point;
    const seen = new Set<string>();
    for (const e of SMALL_ORDER_ENCODINGS) {
      const p = Point.fromBytes(e, false);
      expect(p.isSmallOrder()).toBe(true);
      seen.add(toHex(p.toBytes()));
    }
    expect(seen.size).toBe(8);
    // and a random key is not among them
    const { publicKey } = generateKeyPair('Ed25519');
    expect(Point.fromBytes(publicKey).isSmallOrder()).toBe(false);
  });

  it('R + T8: a signature valid only under the cofactored equation is refused by both backends', () => {
    const seed = new Uint8Array(32).fill(7);
    const { scalar, pointBytes: A } = ed25519.utils.getExtendedPublicKey(seed);
    const message = new TextEncoder().encode('an update only one half of the resolvers would apply');
    const T8 = ed25519.Point.fromBytes(SMALL_ORDER_ENCODINGS[7] as Uint8Array);
    const r = 123456789n;
    const R8 = ed25519.Point.BASE.multiply(r).add(T8).toBytes();
    const k = le(sha512(new Uint8Array([...R8, ...A, ...message]))) % L;
    const S = (r + k * scalar) % L;
    const sig = new Uint8Array([...R8, ...toLe(S, 32)]);
    // the cofactored equation holds: noble's own verify (cofactored) accepts it
    expect(ed25519.verify(sig, message, A, { zip215: false })).toBe(true);
    expect(onBoth(() => verify('Ed25519', A, message, sig))).toEqual({ node: false, noble: false });
    expect(onBoth(() => createVerifier('Ed25519', A).verify(message, sig))).toEqual({
      node: false,
      noble: false,
    });
    // while an honest signature of the same key passes on both
    const honest = sign('Ed25519', seed, message);
    expect(onBoth(() => verify('Ed25519', A, message, honest))).toEqual({ node: true, noble: true });
  });

  it('the identity key with proof 01 00…00 ‖ 0^32 verifies on neither backend, for any message', () => {
    const identity = SMALL_ORDER_ENCODINGS[0] as Uint8Array;
    const proof = new Uint8Array(64);
    proof[0] = 1;
    for (const m of ['', 'anything', 'an update of someone else’s DID']) {
      const msg = new TextEncoder().encode(m);
      expect(onBoth(() => verify('Ed25519', identity, msg, proof))).toEqual({ node: false, noble: false });
    }
  });

  it('every small-order key, with every small-order R and S = 0, is refused by both backends', () => {
    const msg = new TextEncoder().encode('x');
    for (const a of SMALL_ORDER_ENCODINGS) {
      for (const rr of SMALL_ORDER_ENCODINGS) {
        const sig = new Uint8Array(64);
        sig.set(rr, 0);
        expect(onBoth(() => verify('Ed25519', a, msg, sig))).toEqual({ node: false, noble: false });
      }
    }
  });

  it('S + L (non-canonical S) and a non-canonical R are refused by both backends', () => {
    const pair = generateKeyPair('Ed25519');
    const msg = new TextEncoder().encode('m');
    const sig = sign('Ed25519', pair.secretKey, msg);
    const bigS = new Uint8Array(sig);
    bigS.set(toLe(le(sig.subarray(32)) + L, 32), 32);
    expect(onBoth(() => verify('Ed25519', pair.publicKey, msg, bigS))).toEqual({ node: false, noble: false });
    // R with y + p (when it fits in 255 bits) is a non-canonical encoding of the same point
    const y = le(sig.subarray(0, 32)) & ((1n << 255n) - 1n);
    if (y + P < 1n << 255n) {
      const nc = new Uint8Array(sig);
      nc.set(toLe(y + P + ((le(sig.subarray(0, 32)) >> 255n) << 255n), 32), 0);
      expect(onBoth(() => verify('Ed25519', pair.publicKey, msg, nc))).toEqual({ node: false, noble: false });
    }
    expect(onBoth(() => verify('Ed25519', pair.publicKey, msg, sig))).toEqual({ node: true, noble: true });
  });

  it('Multikey and JWK decoding refuse the small-order keys', () => {
    expect(() => multibaseToPublicKey('z6MkeXATEjyXENzBXBxgC5EHk2JE5aqd7qMGGtDpLUH1e2Sj')).toThrow(
      expect.objectContaining({ code: 'ERR_MULTIBASE_INVALID' }),
    );
    for (const e of SMALL_ORDER_ENCODINGS) {
      const mk = `z${base58btcEncode(new Uint8Array([0xed, 0x01, ...e]))}`;
      expect(() => multibaseToPublicKey(mk)).toThrow(
        expect.objectContaining({ code: 'ERR_MULTIBASE_INVALID' }),
      );
      const x = Buffer.from(e).toString('base64url');
      expect(() => jwkToPublicKey({ kty: 'OKP', crv: 'Ed25519', x })).toThrow(
        expect.objectContaining({ code: 'ERR_JWK_INVALID' }),
      );
      expect(() => createVerifier('Ed25519', e)).toThrow(RangeError);
    }
  });
});
