/**
 * Hostile input against every public decoder/parser/verifier of @realdid/crypto: arbitrary and
 * huge strings, wrong types, edge numbers, prototype-polluting JSON, throwing getters, proxies,
 * cycles, deep nesting, and bit flips of valid encodings. See test-support/hostile.ts for the property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allHostileValues,
  anyObjectWithProtoKeys,
  anyString,
  expectCoded,
  flipBit,
  flipStringBit,
  hugeStrings,
  type OutcomeRules,
  outcome,
  throwingAccessor,
  WEIRD_VALUES,
} from '../../../test-support/hostile.js';
import type { CryptoErrorCode } from '../src/index.js';
import * as api from '../src/index.js';

const CODES: readonly CryptoErrorCode[] = [
  'ERR_BASE64URL',
  'ERR_BASE58',
  'ERR_UTF8',
  'ERR_JWK_INVALID',
  'ERR_MULTIBASE_INVALID',
  'ERR_DID_KEY_INVALID',
  'ERR_KEY_TYPE_UNSUPPORTED',
  'ERR_ALGORITHM_UNSUPPORTED',
  'ERR_BACKEND_UNAVAILABLE',
];
const RULES: OutcomeRules = { codes: CODES, misuse: true };
const RUNS = { numRuns: 150 };

const ed = api.keyPairFromSecretKey('Ed25519', new Uint8Array(32).fill(7));
const p256 = api.keyPairFromSecretKey('P-256', new Uint8Array(32).fill(9));
const k1 = api.keyPairFromSecretKey('secp256k1', new Uint8Array(32).fill(11));
const PAIRS = [ed, p256, k1];
const MSG = api.utf8Encode('hostile');

/** String decoders: a string is their right type, so anything but a string is misuse. */
const STRING_DECODERS: Array<[string, (s: string) => unknown]> = [
  ['base64urlDecode', api.base64urlDecode],
  ['base58btcDecode', api.base58btcDecode],
  ['multibaseToPublicKey', api.multibaseToPublicKey],
  ['multibaseToSecretKey', api.multibaseToSecretKey],
  ['didKeyToPublicKey', api.didKeyToPublicKey],
  ['keyTypeForAlgorithm', api.keyTypeForAlgorithm],
];
/** Parsers of untrusted JSON values (parameter typed unknown). */
const JSON_PARSERS: Array<[string, (v: unknown) => unknown]> = [
  ['jwkToPublicKey', api.jwkToPublicKey],
  ['jwkToKeyPair', api.jwkToKeyPair],
  ['jwkThumbprint', api.jwkThumbprint],
  ['jwkThumbprintUri', api.jwkThumbprintUri],
];

describe('string decoders on hostile strings', () => {
  for (const [name, fn] of STRING_DECODERS) {
    it(`${name}: arbitrary unicode strings -> value or coded error`, async () => {
      await fc.assert(
        fc.asyncProperty(anyString, async (s) => {
          await outcome(() => fn(s), { codes: CODES });
        }),
        RUNS,
      );
    });
    it(`${name}: 1–10 MB strings are rejected with a code, quickly`, async () => {
      for (const s of hugeStrings()) await outcome(() => fn(s), { codes: CODES });
    });
    it(`${name}: wrong types and hostile objects are misuse (TypeError/RangeError) or coded`, async () => {
      for (const v of allHostileValues()) await outcome(() => fn(v as string), RULES);
    });
  }

  it('base58btcDecode refuses input longer than its cap (quadratic decoder) with ERR_BASE58', async () => {
    // Regression: a 1 MB base58 string used to take hours (quadratic base-x decode).
    expect(await expectCoded(() => api.base58btcDecode('2'.repeat(1 << 20)), { codes: CODES })).toBe(
      'ERR_BASE58',
    );
    expect(await expectCoded(() => api.base58btcDecode('2'.repeat(8193)), { codes: CODES })).toBe(
      'ERR_BASE58',
    );
    expect(api.base58btcDecode('2'.repeat(8192)).length).toBeGreaterThan(0);
  });

  it('utf8Decode: arbitrary bytes and huge buffers -> string or ERR_UTF8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (b) => {
        const o = await outcome(() => api.utf8Decode(b), { codes: CODES });
        if (o.kind === 'coded') expect(o.code).toBe('ERR_UTF8');
      }),
      RUNS,
    );
    const big = new Uint8Array(10 << 20).fill(0xc3);
    expect(await expectCoded(() => api.utf8Decode(big), { codes: CODES })).toBe('ERR_UTF8');
    for (const v of allHostileValues()) await outcome(() => api.utf8Decode(v as Uint8Array), RULES);
  });
});

describe('bit flips of valid encodings', () => {
  it('multibase / did:key / base64url of real keys: a flipped bit decodes to something else or a code', async () => {
    const encodings = PAIRS.flatMap((p) => [
      api.publicKeyToMultibase(p.type, p.publicKey),
      api.publicKeyToDidKey(p.type, p.publicKey),
      api.secretKeyToMultibase(p.type, p.secretKey),
    ]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...encodings), fc.nat(), fc.nat(), async (s, at, bit) => {
        const m = flipStringBit(s, at, bit);
        for (const [, fn] of STRING_DECODERS) await outcome(() => fn(m), { codes: CODES });
      }),
      RUNS,
    );
  });

  it('verify: a flipped bit of signature, message or key never verifies and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PAIRS),
        fc.nat(),
        fc.constantFrom(0, 1, 2),
        async (p, bit, which) => {
          const sig = api.sign(p.type, p.secretKey, MSG);
          const args = [p.publicKey, MSG, sig];
          args[which] = flipBit(args[which] as Uint8Array, bit);
          const o = await outcome(
            () => api.verify(p.type, args[0] as Uint8Array, args[1] as Uint8Array, args[2] as Uint8Array),
            {
              codes: CODES,
            },
          );
          expect(o).toEqual({ kind: 'returned', value: false });
        },
      ),
      RUNS,
    );
  });

  it('verify: arbitrary bytes of arbitrary lengths return false', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PAIRS),
        fc.uint8Array({ maxLength: 100 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.boolean(),
        async (p, key, sig, der) => {
          const o = await outcome(
            () =>
              api.verify(
                p.type,
                key,
                MSG,
                sig,
                p.type === 'Ed25519' ? undefined : { format: der ? 'der' : 'raw', lowS: der },
              ),
            {
              codes: CODES,
            },
          );
          expect(o).toEqual({ kind: 'returned', value: false });
        },
      ),
      RUNS,
    );
  });

  it('verify: wrong types are misuse', async () => {
    const sig = api.sign('Ed25519', ed.secretKey, MSG);
    for (const v of allHostileValues()) {
      await outcome(() => api.verify(v as 'Ed25519', ed.publicKey, MSG, sig), RULES);
      await outcome(() => api.verify('Ed25519', v as Uint8Array, MSG, sig), RULES);
      await outcome(() => api.verify('Ed25519', ed.publicKey, v as Uint8Array, sig), RULES);
      await outcome(() => api.verify('Ed25519', ed.publicKey, MSG, v as Uint8Array), RULES);
      await outcome(() => api.verify('P-256', p256.publicKey, MSG, sig, v as never), RULES);
    }
  });
});

describe('JWK parsers on hostile values', () => {
  const validJwks = PAIRS.map((p) => api.secretKeyToJwk(p) as unknown as Record<string, unknown>);

  for (const [name, fn] of JSON_PARSERS) {
    it(`${name}: every hostile value -> coded rejection (parameter is untrusted JSON)`, async () => {
      for (const v of [...allHostileValues(), ...hugeStrings()]) {
        const o = await outcome(() => fn(v), { codes: CODES });
        expect(o.kind === 'coded' || o.kind === 'sentinel').toBe(true);
      }
    });
    it(`${name}: arbitrary JSON objects, proto keys, and mutated members`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            anyObjectWithProtoKeys,
            fc.record({
              kty: fc.constantFrom('OKP', 'EC', 'RSA', '__proto__'),
              crv: anyString,
              x: anyString,
              y: anyString,
            }),
            fc
              .tuple(
                fc.constantFrom(...validJwks),
                fc.constantFrom('kty', 'crv', 'x', 'y', 'd', 'alg'),
                fc.constantFrom(...WEIRD_VALUES),
              )
              .map(([j, k, v]) => ({ ...j, [k]: v })),
            fc
              .tuple(fc.constantFrom(...validJwks), fc.constantFrom('x', 'y', 'd'), fc.nat(), fc.nat())
              .filter(([j, k]) => typeof j[k] === 'string')
              .map(([j, k, at, bit]) => ({ ...j, [k]: flipStringBit(j[k] as string, at, bit) })),
          ),
          async (v) => {
            await outcome(() => fn(v), { codes: CODES });
          },
        ),
        RUNS,
      );
    });
    it(`${name}: throwing accessors propagate the caller's own error, reject with a code, or are not read`, async () => {
      for (const key of ['kty', 'crv', 'x', 'y', 'd', 'alg']) {
        await outcome(() => fn(throwingAccessor(key, validJwks[1] as Record<string, unknown>)), {
          codes: CODES,
        });
      }
    });
  }

  it('jwkToPublicKey: a bigint, a cycle or a 10 MB string as "alg" is ERR_JWK_INVALID, bounded message', async () => {
    // Regression: the message used JSON.stringify(alg) -> uncoded TypeError on a bigint or
    // a cycle, and a 10 MB string copied into the message.
    const self: Record<string, unknown> = {};
    self.self = self;
    for (const alg of [1n, self, 'A'.repeat(10 << 20)]) {
      const code = await expectCoded(() => api.jwkToPublicKey({ ...validJwks[0], alg }), { codes: CODES });
      expect(code).toBe('ERR_JWK_INVALID');
    }
  });

  it('jwkToKeyPair never echoes the secret "d" in a message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PAIRS),
        fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((b) => b.length !== 32),
        fc.constantFrom('=', '!', '+', '.', 'A'),
        async (p, d, junk) => {
          const jwk = api.secretKeyToJwk(p) as unknown as Record<string, unknown>;
          const real = jwk.d as string;
          const bad = [
            api.base64urlEncode(d),
            real + junk,
            `${real.slice(0, 20)}${junk}${real.slice(20)}`,
            real.slice(0, -2),
          ];
          for (const dd of bad) {
            const o = await outcome(() => api.jwkToKeyPair({ ...jwk, d: dd }), {
              codes: CODES,
              secrets: [dd, real, real.slice(0, 16)].filter((s) => s.length >= 8),
            });
            expect(o.kind).toBe('coded');
          }
          // d of another key pair: valid secret, wrong public key.
          const other = api.secretKeyToJwk(api.generateKeyPair(p.type)) as unknown as Record<string, unknown>;
          const o = await outcome(() => api.jwkToKeyPair({ ...jwk, d: other.d }), {
            codes: CODES,
            secrets: [other.d as string, real],
          });
          expect(o.kind).toBe('coded');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('multibaseToSecretKey never echoes the secret in a message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAIRS), fc.nat(), fc.nat(), async (p, at, bit) => {
        const s = api.secretKeyToMultibase(p.type, p.secretKey);
        const m = flipStringBit(s, at, bit);
        await outcome(() => api.multibaseToSecretKey(m), { codes: CODES, secrets: [s, m, s.slice(1, 20)] });
      }),
      RUNS,
    );
  });
});

describe('byte-taking helpers reject wrong types as misuse', () => {
  const fns: Array<[string, (v: unknown) => unknown]> = [
    ['sha256', (v) => api.sha256(v as Uint8Array)],
    ['hash', (v) => api.hash(v as 'sha-256', MSG)],
    ['constantTimeEqual', (v) => api.constantTimeEqual(v as Uint8Array, MSG)],
    ['createVerifier', (v) => api.createVerifier('Ed25519', v as Uint8Array)],
    ['publicKeyToJwk', (v) => api.publicKeyToJwk('P-256', v as Uint8Array)],
    ['secretKeyToJwk', (v) => api.secretKeyToJwk(v as api.KeyPair)],
    ['hmac', (v) => api.hmac('sha-256', v as Uint8Array, MSG)],
    ['hkdf', (v) => api.hkdf('sha-256', MSG, v as Uint8Array, MSG, 32)],
  ];
  for (const [name, fn] of fns) {
    it(name, async () => {
      for (const v of allHostileValues()) await outcome(() => fn(v), RULES);
    });
  }
});
