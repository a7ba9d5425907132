/**
 * SM3 (GB/T 32905-2016, GM/T 0004-2012) in portable JavaScript, on the Merkle–Damgård base class of
 * `@noble/hashes` (the same padding and length encoding as SHA-256: a 0x80 byte, zeros, and the
 * 64-bit big-endian bit length). The result is a noble `CHash`, so noble's `hmac` and `hkdf` take it.
 * The node backend uses OpenSSL's SM3 instead; both are checked against the same vectors.
 */
import { HashMD } from '@noble/hashes/_md.js';
import { clean, createHasher } from '@noble/hashes/utils.js';

/** The initial value IV of GB/T 32905 §4.1. */
const IV = Uint32Array.of(
  0x7380166f,
  0x4914b2b9,
  0x172442d7,
  0xda8a0600,
  0xa96f30bc,
  0x163138aa,
  0xe38dee4d,
  0xb0fb0e4e,
);

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

/** T_j <<< (j mod 32) for j = 0..63 (T_j = 0x79cc4519 for j < 16, 0x7a879d8a after). */
const TJ = /* @__PURE__ */ (() => {
  const t = new Uint32Array(64);
  for (let j = 0; j < 64; j++) t[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);
  return t;
})();

/** The 68 expanded words W and the 64 words W' (W'_j = W_j ^ W_{j+4}) share one scratch buffer. */
const W = new Uint32Array(68);

class Sm3 extends HashMD<Sm3> {
  // Numeric fields (not an array) so V8 keeps them in registers, as noble's SHA-256 does.
  private A = (IV[0] as number) | 0;
  private B = (IV[1] as number) | 0;
  private C = (IV[2] as number) | 0;
  private D = (IV[3] as number) | 0;
  private E = (IV[4] as number) | 0;
  private F = (IV[5] as number) | 0;
  private G = (IV[6] as number) | 0;
  private H = (IV[7] as number) | 0;

  constructor() {
    super(64, 32, 8, false);
  }

  protected get(): number[] {
    const { A, B, C, D, E, F, G, H } = this;
    return [A, B, C, D, E, F, G, H];
  }

  protected set(
    A: number,
    B: number,
    C: number,
    D: number,
    E: number,
    F: number,
    G: number,
    H: number,
  ): void {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G | 0;
    this.H = H | 0;
  }

  _cloneInto(to?: Sm3): Sm3 {
    const target = to ?? new Sm3();
    target.set(...(this.get() as [number, number, number, number, number, number, number, number]));
    return this._cloneIntoMeta(target);
  }

  protected process(view: DataView, offset: number): void {
    // Message expansion (GB/T 32905 §5.3.2).
    for (let j = 0; j < 16; j++, offset += 4) W[j] = view.getUint32(offset, false);
    for (let j = 16; j < 68; j++) {
      const w3 = W[j - 3] as number;
      const x = (W[j - 16] as number) ^ (W[j - 9] as number) ^ ((w3 << 15) | (w3 >>> 17));
      const w13 = W[j - 13] as number;
      W[j] =
        x ^
        ((x << 15) | (x >>> 17)) ^
        ((x << 23) | (x >>> 9)) ^
        ((w13 << 7) | (w13 >>> 25)) ^
        (W[j - 6] as number);
    }
    // Compression (§5.3.3), in two loops so that FF_j and GG_j need no per-round branch.
    let { A, B, C, D, E, F, G, H } = this;
    for (let j = 0; j < 16; j++) {
      const a12 = (A << 12) | (A >>> 20);
      const t = (a12 + E + (TJ[j] as number)) | 0;
      const ss1 = (t << 7) | (t >>> 25);
      const ss2 = ss1 ^ a12;
      const wj = W[j] as number;
      const tt1 = ((A ^ B ^ C) + D + ss2 + (wj ^ (W[j + 4] as number))) | 0;
      const tt2 = ((E ^ F ^ G) + H + ss1 + wj) | 0;
      D = C;
      C = (B << 9) | (B >>> 23);
      B = A;
      A = tt1;
      H = G;
      G = (F << 19) | (F >>> 13);
      F = E;
      E = tt2 ^ ((tt2 << 9) | (tt2 >>> 23)) ^ ((tt2 << 17) | (tt2 >>> 15));
    }
    for (let j = 16; j < 64; j++) {
      const a12 = (A << 12) | (A >>> 20);
      const t = (a12 + E + (TJ[j] as number)) | 0;
      const ss1 = (t << 7) | (t >>> 25);
      const ss2 = ss1 ^ a12;
      const wj = W[j] as number;
      const tt1 = (((A & B) | (A & C) | (B & C)) + D + ss2 + (wj ^ (W[j + 4] as number))) | 0;
      const tt2 = (((E & F) | (~E & G)) + H + ss1 + wj) | 0;
      D = C;
      C = (B << 9) | (B >>> 23);
      B = A;
      A = tt1;
      H = G;
      G = (F << 19) | (F >>> 13);
      F = E;
      E = tt2 ^ ((tt2 << 9) | (tt2 >>> 23)) ^ ((tt2 << 17) | (tt2 >>> 15));
    }
    this.set(A ^ this.A, B ^ this.B, C ^ this.C, D ^ this.D, E ^ this.E, F ^ this.F, G ^ this.G, H ^ this.H);
  }

  protected roundClean(): void {
    clean(W);
  }

  destroy(): void {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
}

/** SM3 as a noble hash: `sm3(data)`, `sm3.create().update(a).update(b).digest()`. */
export const sm3 = /* @__PURE__ */ createHasher(() => new Sm3());
