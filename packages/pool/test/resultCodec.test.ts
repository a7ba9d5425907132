import { jwkKeyResolver, verifySdJwtVc } from '@realdid/sd-jwt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeVerified, encodeVerified, jsonExact } from '../src/internal/resultCodec.js';
import { setup } from './helpers.js';

/** What the pool sent before: the result after a structured clone (the reference for equality). */
const cloned = <T>(v: T): T => structuredClone(v);

function key(bytes: number[]): { type: string; publicKey: Uint8Array } {
  return { type: 'Ed25519', publicKey: Uint8Array.from(bytes) };
}

/** A result of the verifier's shape around arbitrary claims. */
function resultWith(claims: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    verified: true,
    claims,
    disclosed: [['a'], ['b', 0]],
    header: { alg: 'EdDSA', typ: 'dc+sd-jwt' },
    issuerKey: key([1, 2, 3, 250]),
    sdAlg: 'sha-256',
    format: 'compact',
    ...extra,
  };
}

describe('result encoding', () => {
  it('round-trips real verified results to a value deep-equal to the structured clone, links kept', async () => {
    const s = setup();
    for (const status of [undefined, 5]) {
      const vp = await s.present(status === undefined ? {} : { status });
      const r = await verifySdJwtVc(vp, {
        ...s.verifyOptions,
        keyResolver: jwkKeyResolver(s.issuerJwk),
        requireStatusCheck: false,
      } as never);
      const encoded = encodeVerified(r);
      expect(typeof encoded).toBe('string');
      const back = decodeVerified<typeof r>(encoded as string);
      expect(back).toStrictEqual(cloned(r));
      expect(back).toEqual(r);
      expect(back.issuerKey.publicKey).toBeInstanceOf(Uint8Array);
      expect(Object.keys(back)).toEqual(Object.keys(r));
      // cnf and status are the objects of claims, as in the verifier's own result.
      expect(back.cnf).toBe(back.claims.cnf);
      if (status !== undefined) expect(back.status).toBe(back.claims.status);
    }
  });

  it('round-trips any JSON claims exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.uint8Array({ minLength: 0, maxLength: 65 }),
        (claims, bytes) => {
          const r = resultWith(claims, { holderKey: { type: 'P-256', publicKey: bytes } });
          const encoded = encodeVerified(r);
          if (encoded === undefined) {
            // Only claims JSON cannot carry exactly are refused: -0 (fc.jsonValue gives no others).
            expect(jsonExact(claims, 1)).toBe(false);
            return;
          }
          expect(decodeVerified(encoded)).toStrictEqual(cloned(r));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps own __proto__ members as data, never as a prototype', () => {
    const claims = JSON.parse('{"__proto__":{"polluted":"yes"},"a":[{"__proto__":1}]}');
    const back = decodeVerified<{ claims: Record<string, unknown> }>(
      encodeVerified(resultWith(claims)) as string,
    );
    expect(Object.hasOwn(back.claims, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(back.claims)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(back).toStrictEqual(cloned(resultWith(claims)));
  });

  it('refuses what JSON cannot carry exactly, so the pool sends it by structured clone', () => {
    const sparse: unknown[] = [1, 2, 3];
    delete sparse[1];
    const named = Object.assign([1, 2], { extra: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const deep = JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`);
    for (const bad of [
      -0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      undefined,
      10n,
      new Date(0),
      new Map(),
      new Uint8Array(2),
      sparse,
      named,
      cyclic,
      deep,
      { toJSON: () => 1 },
      new (class Claim {})(),
      () => 1,
      Symbol('s'),
    ]) {
      expect(encodeVerified(resultWith({ x: bad })), String(typeof bad)).toBeUndefined();
      expect(encodeVerified(resultWith({ x: [bad] })), String(typeof bad)).toBeUndefined();
    }
    // Keys of any other shape (a plug-in's key with more members, a Buffer-less array, a frozen
    // key in another member order) and a result that is not a plain object.
    for (const k of [
      { type: 'Ed25519', publicKey: new Uint8Array(2), kid: 'x' },
      { type: 'Ed25519', publicKey: [1, 2] },
      { publicKey: new Uint8Array(2), type: 'Ed25519' },
      { type: 1, publicKey: new Uint8Array(2) },
      null,
    ]) {
      expect(encodeVerified(resultWith({}, { issuerKey: k }))).toBeUndefined();
    }
    expect(encodeVerified(resultWith({}, { status: 0 }))).toBeUndefined();
    expect(encodeVerified(null)).toBeUndefined();
    expect(encodeVerified([1])).toBeUndefined();
    expect(encodeVerified(new (class R {})())).toBeUndefined();
  });

  it('does not link a cnf or status that is a copy of the claim rather than the claim itself', () => {
    const claims = { cnf: { jwk: { kty: 'OKP' } }, status: { status_list: { idx: 1, uri: 'u' } } };
    const r = resultWith(claims, { cnf: { jwk: { kty: 'OKP' } }, status: claims.status });
    const back = decodeVerified<{ cnf: unknown; status: unknown; claims: typeof claims }>(
      encodeVerified(r) as string,
    );
    expect(back).toStrictEqual(cloned(r));
    expect(back.cnf).not.toBe(back.claims.cnf);
    expect(back.status).toBe(back.claims.status);
  });
});
