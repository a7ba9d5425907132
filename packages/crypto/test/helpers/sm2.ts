import { readFileSync } from 'node:fs';
import { readChildren, readWhole } from '../../src/internal/der.js';
import { fromBytes, type HashFn, makeSm2Curve, type Sm2Curve, toBytes32 } from '../../src/internal/sm2.js';

/** Reads a file under test/vectors/ (copied into the package; see each folder's SOURCE.md). */
export function readLocalVector(path: string): string {
  return readFileSync(new URL(`../vectors/${path}`, import.meta.url), 'utf8');
}

/** One case of a Botan .vec file: the fields in force when its last field was read. */
export type VecCase = Record<string, string>;

/**
 * Parses a Botan .vec file: `key = value` lines; a case is emitted at each `end` key, with every
 * field seen so far (curve parameters and shared fields carry over, as in Botan's own reader).
 */
export function parseVec(text: string, end: string): VecCase[] {
  const out: VecCase[] = [];
  const state: VecCase = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    state[key] = value;
    if (key === end) out.push({ ...state });
  }
  return out;
}

/** The curve of a Botan case (P, A, B, xG, yG, Order). */
export function curveOf(c: VecCase): Sm2Curve {
  const big = (k: string) => BigInt(c[k] as string);
  return makeSm2Curve({
    p: big('P'),
    a: big('A'),
    b: big('B'),
    Gx: big('xG'),
    Gy: big('yG'),
    n: big('Order'),
  });
}

/** The KDF of GB/T 32918.4 §5.4.3 (counter-mode hash), for checking encryption vectors. */
function kdf(hash: HashFn, z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let ct = 1, o = 0; o < length; ct++) {
    const buf = new Uint8Array(z.length + 4);
    buf.set(z, 0);
    new DataView(buf.buffer).setUint32(z.length, ct, false);
    const block = hash(buf);
    out.set(block.subarray(0, Math.min(block.length, length - o)), o);
    o += block.length;
  }
  return out;
}

function strictInteger(v: Uint8Array): bigint {
  if (v.length === 0 || (v[0] as number) & 0x80) throw new Error('negative or empty INTEGER');
  if (v.length > 1 && v[0] === 0 && !((v[1] as number) & 0x80)) throw new Error('non-minimal INTEGER');
  return fromBytes(v);
}

/**
 * SM2 decryption of a GM/T 0009 ciphertext SEQUENCE { x, y, C3, C2 } (GB/T 32918.4 §7), used only
 * to check the encryption vectors against the SDK's curve arithmetic, point validation and SM3.
 * Returns undefined for any malformed or inauthentic ciphertext.
 */
export function sm2DecryptForVectors(
  curve: Sm2Curve,
  hash: HashFn,
  d: bigint,
  ciphertext: Uint8Array,
): Uint8Array | undefined {
  try {
    const parts = readChildren(readWhole(ciphertext, 0x30));
    if (parts.length !== 4) return undefined;
    const [x, y, c3, c2] = parts as [
      { tag: number; value: Uint8Array },
      { tag: number; value: Uint8Array },
      { tag: number; value: Uint8Array },
      { tag: number; value: Uint8Array },
    ];
    if (x.tag !== 2 || y.tag !== 2 || c3.tag !== 4 || c2.tag !== 4) return undefined;
    if (c3.value.length !== 32 || c2.value.length === 0) return undefined;
    const C1 = curve.Point.fromAffine({ x: strictInteger(x.value), y: strictInteger(y.value) });
    C1.assertValidity(); // on the curve, coordinates below p, not infinity
    const S = C1.multiply(d);
    const x2 = toBytes32(S.x);
    const y2 = toBytes32(S.y);
    const z = new Uint8Array(64);
    z.set(x2, 0);
    z.set(y2, 32);
    const t = kdf(hash, z, c2.value.length);
    if (t.every((b) => b === 0)) return undefined;
    const m = c2.value.map((b, i) => b ^ (t[i] as number));
    const u = hash(Uint8Array.of(...x2, ...m, ...y2));
    for (let i = 0; i < 32; i++) if (u[i] !== c3.value[i]) return undefined;
    return m;
  } catch {
    return undefined;
  }
}
