import { randomBytes } from '@noble/hashes/utils.js';
import { assertBytes, isPlainObject, utf8 } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import {
  decodePoint,
  decodeScalar,
  G,
  G1,
  type G1Point,
  hashToScalar,
  inv,
  mod,
  mul,
  randomScalar,
  scalarBytes,
} from './g1.js';
import { decodeTraceToken } from './traceToken.js';

/** One trustee's Shamir share of the G1 trace key. Secret. */
export interface G1TrusteeShare {
  index: number;
  secret: Uint8Array;
}

/** A lawful request to open one trace token (same structure as the SD-JWT mode's request). */
export interface G1TraceRequest {
  /** 16 random bytes, base of the request id. */
  id: string;
  committeeKey: Uint8Array;
  /** The account's 128-byte trace token. */
  token: Uint8Array;
  reason: string;
  /** `C1' = b·C1`: trustees only ever see the blinded C1. */
  c1Blinded: Uint8Array;
  /** Schnorr proof of knowledge of b with `C1' = b·C1`, bound to id, reason and token. */
  blindingProof: { c: Uint8Array; z: Uint8Array };
}

/** A trustee's partial decryption `D_i = x_i·C1'` with a Chaum–Pedersen proof. */
export interface G1PartialDecryption {
  index: number;
  d: Uint8Array;
  proof: { c: Uint8Array; z: Uint8Array };
}

const DLEQ = 'realdid/unlinkable/v1/trace/dleq';
const POK = 'realdid/unlinkable/v1/trace/blinding-pok';

function body(r: Pick<G1TraceRequest, 'id' | 'committeeKey' | 'token' | 'reason'>): Uint8Array[] {
  return [utf8(r.id), r.committeeKey, r.token, utf8(r.reason)];
}

function idx(i: number): Uint8Array {
  return utf8(String(i));
}

/**
 * The trace committee of the unlinkable mode, on BLS12-381 G1 (the group of the trace token; the
 * SD-JWT mode's committee is on ristretto255). The procedure is the SD-JWT mode's, re-instantiated
 * on G1: trusted-dealer Shamir sharing with Feldman commitments; a request that blinds C1 with a
 * Schnorr proof of the blinding; partials `x_i·C1'` with Chaum–Pedersen proofs against the
 * trustee's public share; Lagrange combination at 0, unblinding, and `h·G = C2 − x·C1`, which the
 * authority maps to the person.
 */
export class G1TraceCommittee {
  readonly threshold: number;
  readonly size: number;
  /** Feldman commitments A_0..A_{k-1}; the committee key is A_0. */
  readonly commitments: readonly G1Point[];

  private constructor(threshold: number, size: number, commitments: G1Point[]) {
    this.threshold = threshold;
    this.size = size;
    this.commitments = commitments;
  }

  /** Trusted-dealer key generation: k of n. The dealer's coefficients are dropped after dealing. */
  static deal(options: { threshold: number; size: number }): {
    committee: G1TraceCommittee;
    shares: G1TrusteeShare[];
  } {
    if (!isPlainObject(options)) throw new TypeError('deal: expected options');
    const { threshold: k, size: n } = options;
    if (!Number.isSafeInteger(n) || n < 1 || n > 255) throw new RangeError('size: expected 1..255');
    if (!Number.isSafeInteger(k) || k < 1 || k > n) throw new RangeError('threshold: expected 1..size');
    const coeffs = Array.from({ length: k }, () => randomScalar());
    const commitments = coeffs.map((a) => G.multiply(a));
    const shares: G1TrusteeShare[] = [];
    for (let i = 1; i <= n; i++) {
      let x = 0n;
      for (let j = k - 1; j >= 0; j--) x = mod(x * BigInt(i) + coeffs[j]!);
      shares.push({ index: i, secret: scalarBytes(x) });
    }
    coeffs.fill(0n);
    return { committee: new G1TraceCommittee(k, n, commitments), shares };
  }

  /** The committee key Y (48 bytes) wallets encrypt to and sites require. */
  get publicKey(): Uint8Array {
    return this.commitments[0]!.toBytes(true);
  }

  /** Y_i = Σ A_j·i^j. */
  publicShare(index: number): G1Point {
    let acc = G1.ZERO;
    let pow = 1n;
    for (const A of this.commitments) {
      acc = acc.add(mul(A, pow));
      pow = mod(pow * BigInt(index));
    }
    return acc;
  }

  /** Feldman check of a share. @throws `ERR_TRACE_SHARE_INVALID` */
  checkShare(share: G1TrusteeShare): bigint {
    if (
      !isPlainObject(share) ||
      !Number.isSafeInteger(share.index) ||
      share.index < 1 ||
      share.index > this.size
    ) {
      throw fail('ERR_TRACE_SHARE_INVALID', 'bad share index');
    }
    assertBytes(share.secret, 'secret', 32);
    const x = decodeScalar(share.secret);
    if (x === undefined || x === 0n || !G.multiply(x).equals(this.publicShare(share.index))) {
      throw fail('ERR_TRACE_SHARE_INVALID', 'the share does not match the commitments', {
        trustee: share.index,
      });
    }
    return x;
  }

  /**
   * The requester's step: a blinded request for one token. Keep `blinding` secret until the opening.
   *
   * @throws `ERR_TRACE_MALFORMED` for a token that does not decode
   */
  request(token: Uint8Array, reason: string): { request: G1TraceRequest; blinding: bigint } {
    assertBytes(token, 'token');
    if (typeof reason !== 'string' || reason.length === 0) throw new TypeError('reason: expected a string');
    const t = decodeTraceToken(token);
    if (t === undefined) throw fail('ERR_TRACE_MALFORMED', 'the trace token does not decode');
    const b = randomScalar();
    const c1b = t.c1.multiply(b);
    const partial = {
      id: Array.from(randomBytes(16), (x) => x.toString(16).padStart(2, '0')).join(''),
      committeeKey: this.publicKey,
      token: token.slice(),
      reason,
    };
    const w = randomScalar();
    const a = t.c1.multiply(w);
    const c = hashToScalar(POK, ...body(partial), t.c1.toBytes(true), c1b.toBytes(true), a.toBytes(true));
    const z = mod(w + c * b);
    return {
      request: {
        ...partial,
        c1Blinded: c1b.toBytes(true),
        blindingProof: { c: scalarBytes(c), z: scalarBytes(z) },
      },
      blinding: b,
    };
  }

  /** Checks a request (token, blinded C1 and its proof). @throws `ERR_TRACE_REQUEST_INVALID` */
  checkRequest(request: G1TraceRequest): G1Point {
    const bad = (m: string) => fail('ERR_TRACE_REQUEST_INVALID', m);
    if (!isPlainObject(request) || typeof request.id !== 'string' || typeof request.reason !== 'string')
      throw bad('malformed request');
    if (!(request.token instanceof Uint8Array) || !(request.c1Blinded instanceof Uint8Array))
      throw bad('malformed request');
    if (
      !(request.committeeKey instanceof Uint8Array) ||
      !G1.fromBytes(request.committeeKey).equals(this.commitments[0]!)
    ) {
      throw bad('another committee');
    }
    const t = decodeTraceToken(request.token);
    const c1b = decodePoint(request.c1Blinded);
    const p = request.blindingProof;
    if (t === undefined || c1b === undefined || !isPlainObject(p)) throw bad('malformed request');
    const c = p.c instanceof Uint8Array ? decodeScalar(p.c) : undefined;
    const z = p.z instanceof Uint8Array ? decodeScalar(p.z) : undefined;
    if (c === undefined || z === undefined) throw bad('malformed blinding proof');
    const a = mul(t.c1, z).subtract(mul(c1b, c));
    if (hashToScalar(POK, ...body(request), t.c1.toBytes(true), c1b.toBytes(true), a.toBytes(true)) !== c) {
      throw bad('the blinding proof does not verify');
    }
    return c1b;
  }

  /**
   * A trustee's step: checks its share and the request, and (if its own `approve` policy said yes —
   * the caller's decision) returns `x_i·C1'` with a Chaum–Pedersen proof.
   */
  partial(share: G1TrusteeShare, request: G1TraceRequest): G1PartialDecryption {
    const x = this.checkShare(share);
    const c1b = this.checkRequest(request);
    const Yi = this.publicShare(share.index);
    const D = c1b.multiply(x);
    const w = randomScalar();
    const a1 = G.multiply(w);
    const a2 = c1b.multiply(w);
    const c = hashToScalar(
      DLEQ,
      utf8(request.id),
      idx(share.index),
      Yi.toBytes(true),
      c1b.toBytes(true),
      D.toBytes(true),
      a1.toBytes(true),
      a2.toBytes(true),
    );
    return {
      index: share.index,
      d: D.toBytes(true),
      proof: { c: scalarBytes(c), z: scalarBytes(mod(w + c * x)) },
    };
  }

  /**
   * The requester's opening: verifies each partial's proof (a bad one is refused naming its
   * trustee), combines k of them, unblinds and returns `h·G` (48 bytes) for the authority.
   *
   * @throws `ERR_TRACE_PARTIAL_INVALID` (with `trustee`), `ERR_TRACE_NOT_ENOUGH_PARTIALS`
   */
  open(request: G1TraceRequest, blinding: bigint, partials: readonly G1PartialDecryption[]): Uint8Array {
    const c1b = this.checkRequest(request);
    const t = decodeTraceToken(request.token)!;
    const good = new Map<number, G1Point>();
    for (const p of partials) {
      if (!isPlainObject(p) || !Number.isSafeInteger(p.index) || p.index < 1 || p.index > this.size) {
        throw fail('ERR_TRACE_PARTIAL_INVALID', 'bad partial');
      }
      const D = p.d instanceof Uint8Array ? decodePoint(p.d) : undefined;
      const c = p.proof?.c instanceof Uint8Array ? decodeScalar(p.proof.c) : undefined;
      const z = p.proof?.z instanceof Uint8Array ? decodeScalar(p.proof.z) : undefined;
      const Yi = this.publicShare(p.index);
      const ok =
        D !== undefined &&
        c !== undefined &&
        z !== undefined &&
        hashToScalar(
          DLEQ,
          utf8(request.id),
          idx(p.index),
          Yi.toBytes(true),
          c1b.toBytes(true),
          D.toBytes(true),
          mul(G, z).subtract(mul(Yi, c)).toBytes(true),
          mul(c1b, z).subtract(mul(D, c)).toBytes(true),
        ) === c;
      if (!ok)
        throw fail('ERR_TRACE_PARTIAL_INVALID', `the partial of trustee ${p.index} does not verify`, {
          trustee: p.index,
        });
      good.set(p.index, D!);
      if (good.size === this.threshold) break;
    }
    if (good.size < this.threshold)
      throw fail('ERR_TRACE_NOT_ENOUGH_PARTIALS', `need ${this.threshold} partials`);
    const ids = [...good.keys()].map(BigInt);
    let K = G1.ZERO;
    for (const [i, D] of good) {
      let num = 1n;
      let den = 1n;
      for (const j of ids) {
        if (j === BigInt(i)) continue;
        num = mod(num * j);
        den = mod(den * (j - BigInt(i)));
      }
      K = K.add(mul(D, mod(num * inv(den))));
    }
    const xC1 = mul(K, inv(blinding));
    return t.c2.subtract(xC1).toBytes(true);
  }
}
