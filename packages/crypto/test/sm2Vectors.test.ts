/**
 * SM2 / SM3 published vectors (test/vectors/sm2-sm3/SOURCE.md) on both backends: Botan's SM2
 * signature, encryption, invalid-ciphertext and SM3 files; OpenSSL's SM2 and HMAC-SM3 evp_test
 * data; Wycheproof HMAC-SM3; the GB/T worked examples (test curve with ID ALICE123@YAHOO.COM, and
 * sm2p256v1 with the default ID 1234567812345678).
 */
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  createSigner,
  createVerifier,
  hash,
  hkdf,
  hmac,
  keyPairFromSecretKey,
  pkcs8ToKeyPair,
  publicKeyToJwk,
  sha256,
  sign,
  sm3,
  utf8Encode,
  verify,
} from '../src/index.js';
import {
  fromBytes,
  makeSm2Curve,
  SM2P256V1,
  sm2E,
  sm2SignWithK,
  sm2VerifyDigest,
  sm2Za,
  toBytes32,
} from '../src/internal/sm2.js';
import { sm3 as portableSm3 } from '../src/internal/sm3.js';
import { BACKENDS, useBackend } from './helpers/backends.js';
import { curveOf, parseVec, readLocalVector, sm2DecryptForVectors } from './helpers/sm2.js';
import { hex, toHex } from './helpers/vectors.js';

const DIR = 'sm2-sm3';
const sigVec = parseVec(readLocalVector(`${DIR}/botan/sm2_sig.vec`), 'Signature');
const encVec = parseVec(readLocalVector(`${DIR}/botan/sm2_enc.vec`), 'Ciphertext');
const invalidVec = parseVec(readLocalVector(`${DIR}/botan/sm2_invalid.vec`), 'Ctext');
const sm3Vec = parseVec(readLocalVector(`${DIR}/botan/sm3.vec`), 'Out');
const gbt = JSON.parse(readLocalVector(`${DIR}/gbt-standard-examples.json`)) as {
  sm3: Array<{ id: string; input_hex: string; digest: string }>;
  sm2_sign: Array<{
    id: string;
    curve: Record<string, string>;
    user_id_ascii: string;
    private_key_d: string;
    public_key: { x: string; y: string };
    message_hex: string;
    Z: string;
    e: string;
    k: string;
    kG: { x1: string; y1: string };
    r: string;
    s: string;
    signature_r_concat_s: string;
  }>;
  sm2_encrypt: Array<{
    id: string;
    curve: Record<string, string>;
    private_key_d: string;
    public_key: { x: string; y: string };
    message_hex: string;
    k: string;
    C1_uncompressed: string;
    C3: string;
    C2: string;
  }>;
};
const wycheproof = JSON.parse(readLocalVector(`${DIR}/wycheproof/hmac_sm3_test.json`)) as {
  numberOfTests: number;
  testGroups: Array<{
    tagSize: number;
    tests: Array<{ tcId: number; key: string; msg: string; tag: string; result: 'valid' | 'invalid' }>;
  }>;
};

/** OpenSSL evp_test stanzas: blank-line separated `Key = Value` blocks (PEM keys kept whole). */
function parseEvp(text: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  let cur: Record<string, string> = {};
  let pem: { key: string; lines: string[] } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pem !== undefined) {
      pem.lines.push(line);
      if (line.startsWith('-----END')) {
        cur[pem.key] = pem.lines.join('\n');
        pem = undefined;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line === '') {
      if (Object.keys(cur).length > 0) out.push(cur);
      cur = {};
      continue;
    }
    const eq = line.indexOf('=');
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'PrivateKey') {
      cur.PrivateKey = value;
      pem = { key: 'PEM', lines: [] };
      continue;
    }
    cur[key] = value;
  }
  if (Object.keys(cur).length > 0) out.push(cur);
  return out;
}

/** An evp_test value: a "quoted" string or hex. */
function evpBytes(v: string): Uint8Array {
  return v.startsWith('"') ? utf8Encode(v.slice(1, -1)) : hex(v);
}

function pemToDer(pem: string): Uint8Array {
  const b64 = pem
    .split('\n')
    .filter((l) => !l.startsWith('-----'))
    .join('');
  return base64urlDecode(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
}

const evpSm2 = parseEvp(readLocalVector(`${DIR}/openssl/evppkey_sm2.txt`));
const evpMac = parseEvp(readLocalVector(`${DIR}/openssl/evpmac_sm3.txt`)).filter((s) => s.MAC === 'HMAC');

const ascii = (s: string) => utf8Encode(s);
const flip = (b: Uint8Array, i: number) => {
  const c = b.slice();
  c[i] = (c[i] as number) ^ 1;
  return c;
};

describe.each(BACKENDS)('SM2 / SM3 vectors on the %s backend', (backend) => {
  useBackend(backend);
  const sm3Active = (d: Uint8Array) => hash('sm3', d);

  it('Botan sm3.vec: every digest (one-shot, and streamed in odd chunks on the portable SM3)', () => {
    expect(sm3Vec.length).toBe(139);
    for (const c of sm3Vec) {
      const input = hex(c.In ?? '');
      const want = (c.Out as string).toLowerCase();
      expect(toHex(sm3(input)), c.In?.slice(0, 40)).toBe(want);
      const h = portableSm3.create();
      for (let i = 0; i < input.length; i += 7) h.update(input.subarray(i, i + 7));
      expect(toHex(h.digest())).toBe(want);
    }
  });

  it('GB/T 32905 examples', () => {
    for (const c of gbt.sm3) expect(toHex(hash('sm3', hex(c.input_hex))), c.id).toBe(c.digest.toLowerCase());
  });

  it('Botan sm2_sig.vec: public key, Z_A, signature with the given nonce, verification, mutations', () => {
    expect(sigVec.length).toBe(7);
    for (const c of sigVec) {
      const curve = curveOf(c);
      const H = c.Hash === 'SHA-256' ? sha256 : sm3Active;
      const d = BigInt(c.x as string);
      const P = curve.Point.BASE.multiply(d);
      const msg = hex(c.Msg as string);
      const e =
        c.Hash === 'Raw' ? fromBytes(msg) : sm2E(H, sm2Za(curve, H, ascii(c.Ident as string), P), msg);
      const want = hex(c.Signature as string);
      const sig = sm2SignWithK(curve, d, e, fromBytes(hex(c.Nonce as string)));
      expect(sig, `${c.Hash} ${c.Ident}`).toBeDefined();
      expect(toHex(Uint8Array.of(...toBytes32(sig!.r), ...toBytes32(sig!.s)))).toBe(toHex(want));
      const r = fromBytes(want.subarray(0, 32));
      const s = fromBytes(want.subarray(32));
      expect(sm2VerifyDigest(curve, P, e, r, s)).toBe(true);
      expect(sm2VerifyDigest(curve, P, e + 1n, r, s)).toBe(false);
      expect(sm2VerifyDigest(curve, P, e, r, s + 1n)).toBe(false);
      expect(sm2VerifyDigest(curve, P, e, curve.n - r, s)).toBe(false);
      // On sm2p256v1 with SM3, the same case through the public API.
      if (curve.n === SM2P256V1.n && c.Hash === 'SM3') {
        const pub = P.toBytes(true);
        expect(verify('SM2', pub, msg, want, { userId: c.Ident as string })).toBe(true);
        expect(verify('SM2', pub, msg, want)).toBe(false); // the default ID gives another Z_A
        expect(verify('SM2', pub, flip(msg, 0), want, { userId: c.Ident as string })).toBe(false);
        expect(toHex(keyPairFromSecretKey('SM2', toBytes32(d)).publicKey)).toBe(toHex(pub));
      }
    }
  });

  it('GB/T 32918.2 Annex A (test curve, ALICE123@YAHOO.COM) and 32918.5 Annex A (sm2p256v1, default ID)', () => {
    expect(gbt.sm2_sign.length).toBe(2);
    for (const c of gbt.sm2_sign) {
      const big = (k: string) => BigInt(`0x${c.curve[k]}`);
      const curve = makeSm2Curve({
        p: big('p'),
        a: big('a'),
        b: big('b'),
        Gx: big('xG'),
        Gy: big('yG'),
        n: big('n'),
      });
      const d = BigInt(`0x${c.private_key_d}`);
      const P = curve.Point.BASE.multiply(d);
      expect(toHex(toBytes32(P.x))).toBe(c.public_key.x.toLowerCase());
      expect(toHex(toBytes32(P.y))).toBe(c.public_key.y.toLowerCase());
      const za = sm2Za(curve, sm3Active, ascii(c.user_id_ascii), P);
      expect(toHex(za), c.id).toBe(c.Z.toLowerCase());
      const msg = hex(c.message_hex);
      const e = sm2E(sm3Active, za, msg);
      expect(e).toBe(BigInt(`0x${c.e}`));
      const k = BigInt(`0x${c.k}`);
      const kG = curve.Point.BASE.multiply(k);
      expect(kG.x).toBe(BigInt(`0x${c.kG.x1}`));
      expect(kG.y).toBe(BigInt(`0x${c.kG.y1}`));
      expect(sm2SignWithK(curve, d, e, k)).toEqual({ r: BigInt(`0x${c.r}`), s: BigInt(`0x${c.s}`) });
      if (c.user_id_ascii === '1234567812345678') {
        // sm2p256v1 with the GM/T 0009 default ID: the public API, no userId given.
        const pair = keyPairFromSecretKey('SM2', hex(c.private_key_d));
        const sig = hex(c.signature_r_concat_s);
        expect(verify('SM2', pair.publicKey, msg, sig)).toBe(true);
        expect(createVerifier('SM2', pair.publicKey).verify(msg, sig)).toBe(true);
        expect(verify('SM2', pair.publicKey, msg, sig, { userId: '' })).toBe(false);
        const jwk = publicKeyToJwk('SM2', pair.publicKey) as { x: string; y: string };
        expect(toHex(base64urlDecode(jwk.x))).toBe(c.public_key.x.toLowerCase());
        // our own deterministic signature verifies and is stable
        const mine = sign('SM2', pair.secretKey, msg);
        expect(verify('SM2', pair.publicKey, msg, mine)).toBe(true);
        expect(toHex(createSigner(pair).sign(msg))).toBe(toHex(mine));
      }
    }
  });

  it('GB/T 32918.4 / 32918.5 encryption examples: C1 = kG, C3 and C2 recomputed (curve and SM3 check)', () => {
    for (const c of gbt.sm2_encrypt) {
      const big = (k: string) => BigInt(`0x${c.curve[k]}`);
      const curve = makeSm2Curve({
        p: big('p'),
        a: big('a'),
        b: big('b'),
        Gx: big('xG'),
        Gy: big('yG'),
        n: big('n'),
      });
      const P = curve.Point.BASE.multiply(BigInt(`0x${c.private_key_d}`));
      expect(toHex(toBytes32(P.x))).toBe(c.public_key.x.toLowerCase());
      const k = BigInt(`0x${c.k}`);
      expect(toHex(curve.Point.BASE.multiply(k).toBytes(false))).toBe(c.C1_uncompressed.toLowerCase());
      const S = P.multiply(k);
      const m = hex(c.message_hex);
      expect(toHex(sm3Active(Uint8Array.of(...toBytes32(S.x), ...m, ...toBytes32(S.y))))).toBe(
        c.C3.toLowerCase(),
      );
    }
  });

  it('Botan sm2_enc.vec: C1 = kG and the ciphertext decrypts to the message (SM3 cases)', () => {
    expect(encVec.length).toBe(5);
    for (const c of encVec) {
      const curve = curveOf(c);
      const H = c.Hash === 'SHA-256' ? sha256 : sm3Active;
      const d = BigInt(c.x as string);
      const ct = hex(c.Ciphertext as string);
      expect(toHex(sm2DecryptForVectors(curve, H, d, ct) ?? new Uint8Array(0))).toBe(
        (c.Msg as string).toLowerCase(),
      );
      expect(sm2DecryptForVectors(curve, H, d, flip(ct, ct.length - 1))).toBeUndefined();
      expect(sm2DecryptForVectors(curve, H, d + 1n, ct)).toBeUndefined();
    }
  });

  it('Botan sm2_invalid.vec: every hostile ciphertext is refused (strict DER, C1 on the curve, C3)', () => {
    expect(invalidVec.length).toBe(20);
    for (const c of invalidVec) {
      const d = BigInt(`0x${c.Key}`);
      expect(
        sm2DecryptForVectors(SM2P256V1, sm3Active, d, hex(c.Ctext ?? '')),
        c.Ctext?.slice(0, 30),
      ).toBeUndefined();
    }
  });

  it('OpenSSL evppkey_sm2.txt: the PKCS#8 key, its Verify cases (digest e given), and its decryption', () => {
    const key = evpSm2.find((s) => s.PrivateKey === 'SM2_key1');
    const pair = pkcs8ToKeyPair(pemToDer(key?.PEM as string));
    expect(pair.type).toBe('SM2');
    const P = SM2P256V1.Point.fromBytes(pair.publicKey);
    const d = fromBytes(pair.secretKey);
    const verifies = evpSm2.filter((s) => s.Verify === 'SM2_key1');
    expect(verifies.length).toBe(3);
    for (const v of verifies) {
      const e = fromBytes(hex(v.Input as string));
      const sig = hex(v.Output as string);
      // DER SEQUENCE { r, s } through the public DER decoder: verify with the digest as e.
      const { r, s } = DER.toSig(sig);
      expect(sm2VerifyDigest(SM2P256V1, P, e, r, s), v.Input).toBe(true);
      expect(sm2VerifyDigest(SM2P256V1, P, e ^ 1n, r, s)).toBe(false);
    }
    const decrypts = evpSm2.filter((s) => s.Decrypt === 'SM2_key1');
    expect(decrypts.length).toBe(2);
    for (const c of decrypts) {
      const m = sm2DecryptForVectors(SM2P256V1, sm3Active, d, hex(c.Input as string));
      expect(new TextDecoder().decode(m)).toBe((c.Output as string).slice(1, -1));
    }
  });

  it('OpenSSL evpmac_sm3.txt: HMAC-SM3 (GM/T 0042 D.3 and two more)', () => {
    expect(evpMac.length).toBe(4);
    for (const c of evpMac) {
      expect(toHex(hmac('sm3', evpBytes(c.Key as string), evpBytes(c.Input as string)))).toBe(
        (c.Output as string).toLowerCase(),
      );
    }
  });

  it('Wycheproof hmac_sm3_test.json: valid tags match, every invalid (modified or truncated) tag does not', () => {
    let n = 0;
    for (const g of wycheproof.testGroups) {
      for (const t of g.tests) {
        const full = hmac('sm3', hex(t.key), hex(t.msg));
        const got = toHex(full.subarray(0, g.tagSize / 8));
        expect(got === t.tag, `tcId ${t.tcId}`).toBe(t.result === 'valid');
        n++;
      }
    }
    expect(n).toBe(wycheproof.numberOfTests);
  });

  it('HKDF-SM3 is RFC 5869 with HMAC-SM3 (extract then expand, recomputed by hand)', () => {
    const ikm = hex('0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b');
    const salt = hex('000102030405060708090a0b0c');
    const info = hex('f0f1f2f3f4f5f6f7f8f9');
    const prk = hmac('sm3', salt, ikm);
    const t1 = hmac('sm3', prk, Uint8Array.of(...info, 1));
    const t2 = hmac('sm3', prk, Uint8Array.of(...t1, ...info, 2));
    expect(toHex(hkdf('sm3', ikm, salt, info, 42))).toBe(toHex(Uint8Array.of(...t1, ...t2).subarray(0, 42)));
    // long info (> 1024 bytes) takes the portable path on Node; same result
    const longInfo = new Uint8Array(1500).fill(7);
    const p2 = hmac('sm3', new Uint8Array(32), ikm);
    expect(toHex(hkdf('sm3', ikm, new Uint8Array(0), longInfo, 32))).toBe(
      toHex(hmac('sm3', p2, Uint8Array.of(...longInfo, 1))),
    );
  });
});
