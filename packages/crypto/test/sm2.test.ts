/**
 * SM2 / SM3 behaviour beyond the vectors, on both backends: the user ID rule, hostile keys,
 * signatures and DER, key formats (JWK, Multikey, did:key, SPKI, PKCS#8), the JWS name, and
 * fast-check properties (round trips, mutations, both backends give the same bytes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  algorithmForKeyType,
  base58btcEncode,
  createSigner,
  createVerifier,
  didKeyToPublicKey,
  generateKeyPair,
  isRealDidError,
  jwkThumbprint,
  jwkToKeyPair,
  jwkToPublicKey,
  KEY_TYPES,
  keyPairFromSecretKey,
  keyPairToPkcs8,
  keyTypeForAlgorithm,
  multibaseToPublicKey,
  multibaseToSecretKey,
  pkcs8ToKeyPair,
  publicKeyToDidKey,
  publicKeyToJwk,
  publicKeyToMultibase,
  publicKeyToSpki,
  secretKeyToJwk,
  secretKeyToMultibase,
  setBackend,
  sign,
  spkiToPublicKey,
  utf8Encode,
  verify,
} from '../src/index.js';
import { SM2P256V1, toBytes32 } from '../src/internal/sm2.js';
import { BACKENDS, useBackend } from './helpers/backends.js';
import { hex, toHex } from './helpers/vectors.js';

const N = SM2P256V1.n;
const msg = utf8Encode('SM2 in RealDID');

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isRealDidError(e) ? e.code : `${(e as Error).name}`;
  }
  return undefined;
}

/** A SubjectPublicKeyInfo on sm2p256v1 around arbitrary key bytes. */
function spkiOf(key: Uint8Array): Uint8Array {
  const algId = hex('301306072a8648ce3d020106082a811ccf5501822d');
  const bits = Uint8Array.of(0x03, key.length + 1, 0, ...key);
  return Uint8Array.of(0x30, algId.length + bits.length, ...algId, ...bits);
}

function raw(r: bigint, s: bigint): Uint8Array {
  return Uint8Array.of(...toBytes32(r), ...toBytes32(s));
}

describe.each(BACKENDS)('SM2 on the %s backend', (backend) => {
  useBackend(backend);
  const pair = keyPairFromSecretKey(
    'SM2',
    hex('3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8'),
  );

  it('the user ID: default 1234567812345678, per signature and per key, bytes or UTF-8 string', () => {
    const sig = sign('SM2', pair.secretKey, msg);
    expect(verify('SM2', pair.publicKey, msg, sig, { userId: '1234567812345678' })).toBe(true);
    expect(verify('SM2', pair.publicKey, msg, sig, { userId: utf8Encode('1234567812345678') })).toBe(true);
    const alice = sign('SM2', pair.secretKey, msg, { userId: 'ALICE123@YAHOO.COM' });
    expect(verify('SM2', pair.publicKey, msg, alice)).toBe(false);
    expect(verify('SM2', pair.publicKey, msg, alice, { userId: 'ALICE123@YAHOO.COM' })).toBe(true);
    // per key: a signer and a verifier bound to one ID; a per-call ID overrides it
    const signer = createSigner(pair, { userId: 'ALICE123@YAHOO.COM' });
    const verifier = createVerifier('SM2', pair.publicKey, { userId: 'ALICE123@YAHOO.COM' });
    expect(toHex(signer.sign(msg))).toBe(toHex(alice));
    expect(verifier.verify(msg, alice)).toBe(true);
    expect(verifier.verify(msg, sig)).toBe(false);
    expect(verifier.verify(msg, sig, { userId: '1234567812345678' })).toBe(true);
    expect(toHex(signer.sign(msg, { userId: '1234567812345678' }))).toBe(toHex(sig));
    // the empty ID is a valid, different ID (what node:crypto uses for imported keys)
    const empty = sign('SM2', pair.secretKey, msg, { userId: '' });
    expect(verify('SM2', pair.publicKey, msg, empty, { userId: new Uint8Array(0) })).toBe(true);
    expect(verify('SM2', pair.publicKey, msg, empty)).toBe(false);
    // the longest ID (ENTL is 16 bits) works; one byte more is misuse
    const longest = new Uint8Array(8191).fill(0x41);
    expect(
      verify('SM2', pair.publicKey, msg, sign('SM2', pair.secretKey, msg, { userId: longest }), {
        userId: longest,
      }),
    ).toBe(true);
    expect(() => sign('SM2', pair.secretKey, msg, { userId: new Uint8Array(8192) })).toThrow(RangeError);
    expect(() => verify('SM2', pair.publicKey, msg, sig, { userId: new Uint8Array(8192) })).toThrow(
      RangeError,
    );
    expect(() => createVerifier('SM2', pair.publicKey, { userId: 42 as unknown as string })).toThrow(
      TypeError,
    );
    // a user ID with another key type is misuse, not silently ignored
    const ed = generateKeyPair('Ed25519');
    expect(() => sign('Ed25519', ed.secretKey, msg, { userId: 'x' })).toThrow(RangeError);
    expect(() => createSigner(ed, { userId: 'x' })).toThrow(RangeError);
  });

  it('a caller changing its ID bytes after createSigner does not change the key ID', () => {
    const id = utf8Encode('mutable-id');
    const signer = createSigner(pair, { userId: id });
    id.fill(0);
    expect(verify('SM2', pair.publicKey, msg, signer.sign(msg), { userId: 'mutable-id' })).toBe(true);
  });

  it('hostile signatures: r, s out of [1, n-1], r + s = n, wrong lengths, bad DER — all false', () => {
    const sig = sign('SM2', pair.secretKey, msg);
    const r = BigInt(`0x${toHex(sig.subarray(0, 32))}`);
    const s = BigInt(`0x${toHex(sig.subarray(32))}`);
    expect(verify('SM2', pair.publicKey, msg, raw(r, s))).toBe(true);
    for (const [rr, ss] of [
      [0n, s],
      [r, 0n],
      [N, s],
      [r, N],
      [r + N, s].map((v) => v % 2n ** 256n) as [bigint, bigint],
      [r, N - r], // t = r + s = n
      [N - r, s],
      [r, N - s],
      [2n ** 256n - 1n, s],
    ] as Array<[bigint, bigint]>) {
      expect(verify('SM2', pair.publicKey, msg, raw(rr, ss)), `${rr} ${ss}`).toBe(false);
    }
    for (const bad of [
      new Uint8Array(0),
      sig.subarray(0, 63),
      Uint8Array.of(...sig, 0),
      new Uint8Array(64),
    ]) {
      expect(verify('SM2', pair.publicKey, msg, bad)).toBe(false);
    }
    const der = sign('SM2', pair.secretKey, msg, { format: 'der' });
    expect(verify('SM2', pair.publicKey, msg, der, { format: 'der' })).toBe(true);
    expect(verify('SM2', pair.publicKey, msg, der)).toBe(false); // DER given as raw
    expect(verify('SM2', pair.publicKey, msg, sig, { format: 'der' })).toBe(false); // raw given as DER
    // non-minimal length, trailing byte, a leading zero on r, negative r
    const body = der.subarray(2);
    for (const bad of [
      Uint8Array.of(0x30, 0x81, der[1] as number, ...body),
      Uint8Array.of(...der, 0),
      Uint8Array.of(0x30, (der[1] as number) + 1, 0x02, (der[3] as number) + 1, 0, ...der.subarray(4)),
      new Uint8Array(200).fill(0x30),
    ]) {
      expect(verify('SM2', pair.publicKey, msg, bad, { format: 'der' })).toBe(false);
    }
  });

  it('hostile public keys: off the curve, x >= p, infinity, hybrid, wrong lengths — verify false, import coded', () => {
    const sig = sign('SM2', pair.secretKey, msg);
    const p = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
    const uncompressed = SM2P256V1.Point.fromBytes(pair.publicKey).toBytes(false);
    const offCurve = uncompressed.slice();
    offCurve[64] = (offCurve[64] as number) ^ 1;
    const bad = [
      offCurve,
      Uint8Array.of(2, ...toBytes32(p)), // x = p
      Uint8Array.of(0),
      Uint8Array.of(6, ...uncompressed.subarray(1)), // hybrid
      Uint8Array.of(4, ...new Uint8Array(64)),
      pair.publicKey.subarray(0, 32),
      // a P-256 key's bytes are not an SM2 key of the same meaning: its point is off sm2p256v1
      Uint8Array.of(
        4,
        ...hex('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
        ...hex('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
      ),
    ];
    for (const k of bad) {
      expect(verify('SM2', k, msg, sig), toHex(k).slice(0, 20)).toBe(false);
      expect(() => createVerifier('SM2', k)).toThrow(RangeError);
      expect(codeOf(() => spkiToPublicKey(spkiOf(k)))).toBe('ERR_KEY_DER_INVALID');
    }
    expect(codeOf(() => jwkToPublicKey({ kty: 'EC', crv: 'SM2', x: 'AAAA', y: 'AAAA' }))).toBe(
      'ERR_JWK_INVALID',
    );
    const jwk = publicKeyToJwk('SM2', pair.publicKey) as { x: string; y: string };
    expect(codeOf(() => jwkToPublicKey({ kty: 'EC', crv: 'SM2', x: jwk.x, y: jwk.x }))).toBe(
      'ERR_JWK_INVALID',
    );
    // did:key / Multikey with sm2-pub and a point that is not on the curve
    const mb = publicKeyToMultibase('SM2', pair.publicKey);
    const bytes = Uint8Array.of(0x86, 0x24, 2, ...toBytes32(p));
    expect(codeOf(() => multibaseToPublicKey(`z${base58btcEncode(bytes)}`))).toBe('ERR_MULTIBASE_INVALID');
    expect(codeOf(() => didKeyToPublicKey(`did:key:z${base58btcEncode(bytes)}`))).toBe('ERR_DID_KEY_INVALID');
    expect(multibaseToPublicKey(mb).type).toBe('SM2');
  });

  it('window tables change nothing: one-shot (before and after the table), prepared, fresh point agree', () => {
    const k = generateKeyPair('SM2');
    const good = sign('SM2', k.secretKey, msg);
    const cases = [
      good,
      good.map((b, i) => (i === 63 ? b ^ 1 : b)),
      sign('SM2', k.secretKey, utf8Encode('x')),
    ];
    const verifier = createVerifier('SM2', k.publicKey); // 6-bit table of the key
    for (let round = 0; round < 12; round++) {
      // the one-shot path builds its 4-bit table for this key part-way through these rounds
      expect(cases.map((c) => verify('SM2', k.publicKey, msg, c))).toEqual([true, false, false]);
      expect(cases.map((c) => verifier.verify(msg, c))).toEqual([true, false, false]);
    }
  });

  it('secret scalars: 1 <= d <= n - 2 (1 + d must be invertible); n - 1, 0 and >= n are refused', () => {
    expect(keyPairFromSecretKey('SM2', toBytes32(1n)).type).toBe('SM2');
    expect(keyPairFromSecretKey('SM2', toBytes32(N - 2n)).type).toBe('SM2');
    for (const d of [0n, N - 1n, N, 2n ** 256n - 1n]) {
      expect(() => keyPairFromSecretKey('SM2', toBytes32(d))).toThrow(RangeError);
      expect(() => sign('SM2', toBytes32(d), msg)).toThrow(RangeError);
      const sm2priv = Uint8Array.of(0x90, 0x26, ...toBytes32(d)); // sm2-priv 0x1310
      expect(codeOf(() => multibaseToSecretKey(`z${base58btcEncode(sm2priv)}`))).toBe(
        'ERR_MULTIBASE_INVALID',
      );
    }
    const jwk = secretKeyToJwk(pair) as unknown as Record<string, string>;
    expect(codeOf(() => jwkToKeyPair({ ...jwk, d: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }))).toBe(
      'ERR_JWK_INVALID',
    );
  });

  it('key formats round trip: JWK (crv SM2), Multikey (zEP…), did:key, SPKI, PKCS#8, thumbprint', () => {
    const k = generateKeyPair('SM2');
    const jwk = publicKeyToJwk('SM2', k.publicKey);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'SM2' });
    expect(toHex(jwkToPublicKey(jwk).publicKey)).toBe(toHex(k.publicKey));
    expect(toHex(jwkToKeyPair(secretKeyToJwk(k)).secretKey)).toBe(toHex(k.secretKey));
    expect(jwkToPublicKey({ ...jwk, alg: 'SM2' }).type).toBe('SM2');
    expect(jwkToPublicKey({ ...jwk, alg: 'SM2SM3' }).type).toBe('SM2');
    expect(codeOf(() => jwkToPublicKey({ ...jwk, alg: 'ES256' }))).toBe('ERR_JWK_INVALID');
    expect(jwkThumbprint(jwk)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const mb = publicKeyToMultibase('SM2', k.publicKey);
    expect(mb.startsWith('zEP')).toBe(true);
    const did = publicKeyToDidKey('SM2', k.publicKey);
    expect(didKeyToPublicKey(did)).toEqual({ type: 'SM2', publicKey: k.publicKey });
    expect(multibaseToSecretKey(secretKeyToMultibase('SM2', k.secretKey))).toEqual({
      type: 'SM2',
      secretKey: k.secretKey,
    });
    for (const type of KEY_TYPES) {
      const p = generateKeyPair(type);
      expect(spkiToPublicKey(publicKeyToSpki(type, p.publicKey))).toEqual({ type, publicKey: p.publicKey });
      expect(pkcs8ToKeyPair(keyPairToPkcs8(p))).toEqual(p);
    }
  });

  it('hostile SPKI / PKCS#8: trailing bytes, another curve, mismatched public key, attributes — coded', () => {
    const spki = publicKeyToSpki('SM2', pair.publicKey);
    const p8 = keyPairToPkcs8(pair);
    expect(codeOf(() => spkiToPublicKey(Uint8Array.of(...spki, 0)))).toBe('ERR_KEY_DER_INVALID');
    expect(codeOf(() => spkiToPublicKey(spki.subarray(0, spki.length - 1)))).toBe('ERR_KEY_DER_INVALID');
    expect(codeOf(() => spkiToPublicKey(new Uint8Array(0)))).toBe('ERR_KEY_DER_INVALID');
    expect(codeOf(() => spkiToPublicKey(new Uint8Array(100000)))).toBe('ERR_KEY_DER_INVALID');
    // the curve OID changed to prime256v1: the SM2 point is not on P-256
    const asP256 = toHex(spki).replace('2a811ccf5501822d', '2a8648ce3d030107');
    expect(codeOf(() => spkiToPublicKey(hex(asP256)))).toBe('ERR_KEY_DER_INVALID');
    // an unknown curve OID
    const unknown = toHex(spki).replace('2a811ccf5501822d', '2a811ccf5501822e');
    expect(codeOf(() => spkiToPublicKey(hex(unknown)))).toBe('ERR_KEY_TYPE_UNSUPPORTED');
    // PKCS#8 whose embedded public key is another key's
    const other = generateKeyPair('SM2');
    const otherPub = toHex(SM2P256V1.Point.fromBytes(other.publicKey).toBytes(false));
    const ownPub = toHex(SM2P256V1.Point.fromBytes(pair.publicKey).toBytes(false));
    expect(codeOf(() => pkcs8ToKeyPair(hex(toHex(p8).replace(ownPub, otherPub))))).toBe(
      'ERR_KEY_DER_INVALID',
    );
    // secret scalar n - 1 inside an otherwise valid PKCS#8
    const dHex = toHex(pair.secretKey);
    expect(codeOf(() => pkcs8ToKeyPair(hex(toHex(p8).replace(dHex, toHex(toBytes32(N - 1n))))))).toBe(
      'ERR_KEY_DER_INVALID',
    );
    expect(codeOf(() => pkcs8ToKeyPair(Uint8Array.of(...p8, 0)))).toBe('ERR_KEY_DER_INVALID');
    expect(codeOf(() => pkcs8ToKeyPair(spki))).toBe('ERR_KEY_DER_INVALID');
    expect(() => pkcs8ToKeyPair('MIGH' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('JWS algorithm name: SM2 by default, SM2SM3 when configured, only the configured one accepted', () => {
    expect(algorithmForKeyType('SM2')).toBe('SM2');
    expect(algorithmForKeyType('SM2', { sm2Algorithm: 'SM2SM3' })).toBe('SM2SM3');
    expect(keyTypeForAlgorithm('SM2')).toBe('SM2');
    expect(codeOf(() => keyTypeForAlgorithm('SM2SM3'))).toBe('ERR_ALGORITHM_UNSUPPORTED');
    expect(keyTypeForAlgorithm('SM2SM3', { sm2Algorithm: 'SM2SM3' })).toBe('SM2');
    expect(codeOf(() => keyTypeForAlgorithm('SM2', { sm2Algorithm: 'SM2SM3' }))).toBe(
      'ERR_ALGORITHM_UNSUPPORTED',
    );
    expect(() => algorithmForKeyType('SM2', { sm2Algorithm: 'sm2' as 'SM2' })).toThrow(TypeError);
    expect(createSigner(pair, { sm2Algorithm: 'SM2SM3' }).alg).toBe('SM2SM3');
    expect(createVerifier('SM2', pair.publicKey).alg).toBe('SM2');
  });

  it('property: sign/verify round trip with any message and user ID; any bit flip fails', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.nat(),
        (m, id, bit) => {
          const sig = sign('SM2', pair.secretKey, m, { userId: id });
          expect(verify('SM2', pair.publicKey, m, sig, { userId: id })).toBe(true);
          const flipped = sig.slice();
          flipped[(bit >> 3) % 64] = (flipped[(bit >> 3) % 64] as number) ^ (1 << (bit & 7));
          expect(verify('SM2', pair.publicKey, m, flipped, { userId: id })).toBe(false);
          if (m.length > 0) {
            const m2 = m.slice();
            m2[bit % m.length] = (m2[bit % m.length] as number) ^ 1;
            expect(verify('SM2', pair.publicKey, m2, sig, { userId: id })).toBe(false);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('SM2 across backends', () => {
  it('node and noble give the same public keys and the same (deterministic) signatures', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 100 }),
        (sk, m) => {
          const d = BigInt(`0x${toHex(sk)}`);
          if (d < 1n || d > N - 2n) return;
          const run = (b: 'node' | 'noble') => {
            setBackend(b);
            try {
              const p = keyPairFromSecretKey('SM2', sk);
              return [
                toHex(p.publicKey),
                toHex(sign('SM2', sk, m)),
                toHex(sign('SM2', sk, m, { format: 'der', userId: 'x' })),
              ];
            } finally {
              setBackend('auto');
            }
          };
          expect(run('node')).toEqual(run('noble'));
        },
      ),
      { numRuns: 10 },
    );
  });
});
