/**
 * Hostile input against the status list decoders, the Status List Token verifier, and both
 * resolvers: arbitrary and huge strings, wrong types, edge numbers, prototype-polluting JSON,
 * throwing getters, proxies, cycles, deep nesting, fetchers that answer garbage, and bit flips of
 * a real signed token and a real encoded list. Decoders reject with a coded RealDidError (only bad
 * options are misuse: TypeError/RangeError). See test-support/hostile.ts for the shared property.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { base64urlEncode, createSigner, generateKeyPair, utf8Encode } from '@realdid/crypto';
import {
  Bitstring,
  createBitstringStatusResolver,
  createStatusListKeyResolver,
  createTokenStatusResolver,
  decodeBitstring,
  decodeStatusList,
  encodeBitstring,
  encodeStatusList,
  readTokenStatusReference,
  type StatusErrorCode,
  StatusList,
  type StatusListKeyResolver,
  TokenStatusListIssuer,
  verifyStatusListToken,
} from '@realdid/status';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allHostileValues,
  anyJson,
  anyObjectWithProtoKeys,
  anyString,
  cyclic,
  deepArray,
  deepJsonText,
  deepObject,
  flipBit,
  flipStringBit,
  hugeStrings,
  type OutcomeRules,
  outcome,
  pollutingObjects,
  throwingAccessor,
  throwingGetters,
  WEIRD_VALUES,
} from '../../../test-support/hostile.js';
import { bitstringListCredential } from './helpers.js';

const CODES: readonly StatusErrorCode[] = [
  'ERR_STATUS_REVOKED',
  'ERR_STATUS_SUSPENDED',
  'ERR_STATUS_UNKNOWN',
  'ERR_STATUS_CLAIM_INVALID',
  'ERR_STATUS_INDEX_OUT_OF_RANGE',
  'ERR_STATUS_LIST_FETCH',
  'ERR_STATUS_LIST_MALFORMED',
  'ERR_STATUS_LIST_TYPE',
  'ERR_STATUS_LIST_ALG',
  'ERR_STATUS_LIST_KEY',
  'ERR_STATUS_LIST_SIGNATURE',
  'ERR_STATUS_LIST_SUBJECT_MISMATCH',
  'ERR_STATUS_LIST_ISSUER_MISMATCH',
  'ERR_STATUS_LIST_EXPIRED',
  'ERR_STATUS_LIST_NOT_YET_VALID',
  'ERR_STATUS_LIST_ROLLBACK',
  'ERR_STATUS_LIST_TOO_LARGE',
  'ERR_STATUS_LIST_COMPRESSION',
  'ERR_STATUS_LIST_LENGTH',
  'ERR_STATUS_PURPOSE_MISMATCH',
  'ERR_STATUS_LIST_FULL',
];
const CODED: OutcomeRules = { codes: CODES };
const RULES: OutcomeRules = { codes: CODES, misuse: true };

const T0 = Date.parse('2026-11-21T12:00:00Z');
const now = () => T0;
const URI = 'https://status.example/lists/hostile';
const kp = generateKeyPair('Ed25519');
const resolveKey: StatusListKeyResolver = () => ({ type: 'Ed25519', publicKey: kp.publicKey });
const issuer = new TokenStatusListIssuer({ uri: URI, signer: createSigner(kp), now });
const claim = issuer.allocate();
const token = await issuer.sign();
const tokenList = encodeStatusList(new StatusList(1024, 2));
const bits = new Bitstring(131_072, 1);
bits.set(3, 1);
const encodedList = encodeBitstring(bits);
const BSL_URL = 'https://status.example/b/hostile';
const bslCredential = bitstringListCredential(BSL_URL, 'revocation', bits);
const bslEntry = {
  id: `${BSL_URL}#3`,
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: '3',
  statusListCredential: BSL_URL,
};

const b64json = (o: unknown) => base64urlEncode(utf8Encode(JSON.stringify(o)));

describe('decodeBitstring / decodeStatusList', () => {
  it('arbitrary and huge strings -> a list or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyString,
          anyString.map((s) => `u${s}`),
        ),
        async (s) => {
          await outcome(() => decodeBitstring(s), CODED);
          await outcome(() => decodeStatusList({ bits: 1, lst: s }), CODED);
        },
      ),
      { numRuns: 200 },
    );
    for (const s of [...hugeStrings(), `u${'A'.repeat(10 << 20)}`]) {
      expect((await outcome(() => decodeBitstring(s), CODED)).kind).toBe('coded');
      expect((await outcome(() => decodeStatusList({ bits: 1, lst: s }), CODED)).kind).toBe('coded');
    }
  });

  it('every hostile value as the list or its members -> coded; hostile options -> misuse', async () => {
    for (const v of allHostileValues()) {
      const o = await outcome(() => decodeBitstring(v), CODED);
      expect(o.kind === 'coded' || o.kind === 'sentinel').toBe(true);
      await outcome(() => decodeStatusList(v), CODED);
      await outcome(() => decodeStatusList({ bits: v, lst: tokenList.lst }), CODED);
      await outcome(() => decodeStatusList({ bits: 1, lst: v }), CODED);
      await outcome(() => decodeBitstring(encodedList, { statusSize: v } as never), RULES);
      await outcome(() => decodeBitstring(encodedList, { maxDecompressedBytes: v } as never), RULES);
      await outcome(() => decodeStatusList(tokenList, v as never), RULES);
    }
  });

  it('random bytes compressed or not, decompression bombs, truncations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.boolean(), async (bytes, gz) => {
        const packed = gz ? gzipSync(bytes) : deflateSync(bytes);
        await outcome(() => decodeBitstring(`u${base64urlEncode(bytes)}`), CODED);
        await outcome(() => decodeBitstring(`u${base64urlEncode(packed)}`, { minEntries: 1 }), CODED);
        await outcome(() => decodeStatusList({ bits: 2, lst: base64urlEncode(packed) }), CODED);
        await outcome(
          () => decodeStatusList({ bits: 1, lst: base64urlEncode(packed.subarray(0, packed.length >> 1)) }),
          CODED,
        );
      }),
      { numRuns: 150 },
    );
    const bomb = new Uint8Array(gzipSync(new Uint8Array(64 << 20), { level: 9 }));
    expect(await outcome(() => decodeBitstring(`u${base64urlEncode(bomb)}`), CODED)).toMatchObject({
      code: 'ERR_STATUS_LIST_TOO_LARGE',
    });
    const zbomb = new Uint8Array(deflateSync(new Uint8Array(64 << 20), { level: 9 }));
    expect(
      await outcome(() => decodeStatusList({ bits: 1, lst: base64urlEncode(zbomb) }), CODED),
    ).toMatchObject({
      code: 'ERR_STATUS_LIST_TOO_LARGE',
    });
  });

  it('bit flips of a real encoded list -> a (different) list or a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), async (at, bit) => {
        await outcome(() => decodeBitstring(flipStringBit(encodedList, at, bit)), CODED);
        await outcome(
          () => decodeStatusList({ ...tokenList, lst: flipStringBit(tokenList.lst, at, bit) }),
          CODED,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('verifyStatusListToken', () => {
  const OPTS = { uri: URI, resolveKey, now };

  it('the real token verifies (so mutations are meaningful)', async () => {
    expect((await verifyStatusListToken(token, OPTS)).uri).toBe(URI);
  });

  it('bit flips of the real token never verify; always a coded error', async () => {
    const bytes = utf8Encode(token);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length * 8 - 1 }), async (bit) => {
        const o = await outcome(() => verifyStatusListToken(flipBit(bytes, bit), OPTS), CODED);
        // a flip that leaves the bytes equal is impossible; only a base64url flip of the last
        // signature character's unused bits could keep the signature — the decoder refuses those.
        expect(o.kind).toBe('coded');
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary, huge, deeply nested and proto-polluting tokens -> coded', async () => {
    const [h, p, s] = token.split('.') as [string, string, string];
    const tokens = [
      ...hugeStrings(),
      `${b64json({ alg: 'none', typ: 'statuslist+jwt' })}.${p}.`,
      `${b64json({ alg: 'EdDSA', typ: 'statuslist+jwt', crit: ['x'] })}.${p}.${s}`,
      `${base64urlEncode(utf8Encode(deepJsonText(10_000)))}.${p}.${s}`,
      `${h}.${base64urlEncode(utf8Encode(deepJsonText(10_000)))}.${s}`,
      `${base64urlEncode(utf8Encode('{"__proto__":{"polluted":1},"alg":"EdDSA","typ":"statuslist+jwt"}'))}.${p}.${s}`,
      `${h}.${base64urlEncode(utf8Encode('{"constructor":{"prototype":{"polluted":1}},"sub":"x"}'))}.${s}`,
      `${h}.${p}`,
      `${h}.${p}.${s}.${s}`,
      '..',
      `${h}.${p}.${'A'.repeat(1 << 20)}`,
    ];
    for (const t of tokens) {
      const o = await outcome(() => verifyStatusListToken(t, OPTS), CODED);
      expect(o.kind).toBe('coded');
    }
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyString,
          fc.tuple(anyJson, anyJson).map(([a, b]) => `${b64json(a)}.${b64json(b)}.${s}`),
          fc
            .tuple(anyObjectWithProtoKeys, anyObjectWithProtoKeys)
            .map(([a, b]) => `${b64json(a)}.${b64json(b)}.${s}`),
        ),
        async (t) => {
          expect((await outcome(() => verifyStatusListToken(t, OPTS), CODED)).kind).toBe('coded');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('wrong types are misuse; key resolvers that misbehave are coded', async () => {
    for (const v of allHostileValues()) {
      await outcome(() => verifyStatusListToken(v as string, OPTS), RULES);
      await outcome(() => verifyStatusListToken(token, v as never), RULES);
      await outcome(() => verifyStatusListToken(token, { ...OPTS, uri: v } as never), RULES);
      await outcome(() => verifyStatusListToken(token, { ...OPTS, now: () => v } as never), RULES);
      // the renamed options (keyResolver, clockSkewSeconds) and their deprecated names
      await outcome(() => verifyStatusListToken(token, { uri: URI, now, keyResolver: v } as never), RULES);
      await outcome(() => verifyStatusListToken(token, { ...OPTS, clockSkewSeconds: v } as never), RULES);
      await outcome(() => verifyStatusListToken(token, { ...OPTS, clockSkewSec: v } as never), RULES);
      await outcome(async () => createStatusListKeyResolver(v as never), RULES);
      await outcome(
        async () => createTokenStatusResolver({ fetch: async () => token, keyResolver: v } as never),
        RULES,
      );
      await outcome(
        async () =>
          createTokenStatusResolver({ fetch: async () => token, resolveKey, matchIssuer: v } as never),
        RULES,
      );
      await outcome(
        async () =>
          createBitstringStatusResolver({
            fetch: async () => '',
            verifyCredential: async () => true,
            matchIssuer: v,
          } as never),
        RULES,
      );
      // untrusted: the context the checker passes along (checked before it keys the cache)
      await outcome(
        () =>
          createTokenStatusResolver({ fetch: async () => token, keyResolver: resolveKey, now })(
            claim,
            v as never,
          ),
        RULES,
      );
      await outcome(() => createStatusListKeyResolver({ resolve: async () => ({}) })(v as never), RULES);
    }
    // both names given with two different values: misuse
    expect(
      (
        await outcome(
          () =>
            verifyStatusListToken(token, {
              ...OPTS,
              keyResolver: () => undefined,
            } as never),
          RULES,
        )
      ).kind,
    ).toBe('misuse');
    // Regression: a clock answering NaN made every expiry check false (an expired list was
    // accepted), and one answering a deeply nested array overflowed the stack while coerced; the
    // same overflow came from String() of a nested array given as a size limit.
    for (const bad of [Number.NaN, undefined, deepArray(10_000), '1']) {
      const o = await outcome(
        () => verifyStatusListToken(token, { ...OPTS, now: () => bad } as never),
        RULES,
      );
      expect(o.kind).toBe('misuse');
    }
    expect(
      (
        await outcome(
          () => decodeBitstring(encodedList, { maxCompressedBytes: deepArray(10_000) } as never),
          RULES,
        )
      ).kind,
    ).toBe('misuse');
    const keyAnswers: unknown[] = [
      null,
      42,
      'key',
      {},
      { type: 'Ed25519', publicKey: 'x' },
      { type: 'RSA', publicKey: kp.publicKey },
      { type: 'Ed25519', publicKey: new Uint8Array(5) },
      throwingGetters(),
      cyclic()[0],
    ];
    for (const answer of keyAnswers) {
      const o = await outcome(
        () => verifyStatusListToken(token, { ...OPTS, resolveKey: (() => answer) as never }),
        CODED,
      );
      expect(['coded', 'sentinel']).toContain(o.kind);
    }
    const o = await outcome(
      () =>
        verifyStatusListToken(token, {
          ...OPTS,
          resolveKey: () => {
            throw Object.create(null);
          },
        }),
      CODED,
    );
    expect(o.kind).toBe('coded');
  });
});

describe('resolvers', () => {
  const fetchers: Array<() => unknown> = [
    () => null,
    () => 42,
    () => '',
    () => new Uint8Array(0),
    () => 'A'.repeat(10 << 20),
    () => new Uint8Array(10 << 20),
    () => deepJsonText(10_000),
    () => JSON.stringify(deepObject(10_000)),
    () => '{"__proto__":{"polluted":1}}',
    () =>
      JSON.stringify({
        ...bslCredential,
        credentialSubject: { ...bslCredential.credentialSubject, encodedList: 7 },
      }),
    () => JSON.stringify({ ...bslCredential, credentialSubject: [] }),
    () => JSON.stringify({ ...bslCredential, validFrom: 'yesterday', validUntil: 1e300 }),
    () => throwingGetters(),
    () => {
      throw Object.create(null);
    },
    () => Promise.reject(throwingGetters()),
  ];

  it('token resolver: garbage claims -> coded; garbage fetch answers -> coded', async () => {
    for (const f of fetchers) {
      const resolve = createTokenStatusResolver({
        matchIssuer: false,
        fetch: (async () => f()) as never,
        resolveKey,
        now,
      });
      const o = await outcome(() => resolve(claim), CODED);
      expect(['coded', 'sentinel']).toContain(o.kind);
    }
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: async () => token,
      resolveKey,
      now,
    });
    expect((await resolve(claim)).state).toBe('valid');
    const claims: unknown[] = [
      ...allHostileValues(),
      ...pollutingObjects(),
      { status_list: { idx: -1, uri: URI } },
      { status_list: { idx: 1e300, uri: URI } },
      { status_list: { idx: Number.NaN, uri: URI } },
      { status_list: { idx: 2 ** 53, uri: URI } },
      { status_list: { idx: '0', uri: URI } },
      { status_list: { idx: 0, uri: 'x'.repeat(1 << 20) } },
      { status_list: throwingAccessor('idx', { uri: URI }) },
      { status_list: deepObject(10_000) },
    ];
    for (const c of claims) {
      await outcome(() => readTokenStatusReference(c), CODED);
      const o = await outcome(() => resolve(c), CODED);
      expect(['coded', 'sentinel']).toContain(o.kind);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyJson, fc.record({ status_list: fc.record({ idx: fc.anything(), uri: anyString }) })),
        async (c) => {
          await outcome(() => resolve(c), CODED);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('bitstring resolver: garbage entries and fetch answers -> coded', async () => {
    for (const f of fetchers) {
      const resolve = createBitstringStatusResolver({
        matchIssuer: false,
        fetch: (async () => f()) as never,
        verifyCredential: async () => true,
        now,
      });
      const o = await outcome(() => resolve(bslEntry), CODED);
      expect(['coded', 'sentinel']).toContain(o.kind);
    }
    const verifiers: unknown[] = [
      () => null,
      () => ({ verified: 'yes' }),
      () => throwingGetters(),
      () => {
        throw Object.create(null);
      },
    ];
    for (const verifyCredential of verifiers) {
      const resolve = createBitstringStatusResolver({
        matchIssuer: false,
        fetch: async () => JSON.stringify(bslCredential),
        verifyCredential: verifyCredential as never,
        now,
      });
      const o = await outcome(() => resolve(bslEntry), CODED);
      expect(['coded', 'sentinel']).toContain(o.kind);
    }
    const resolve = createBitstringStatusResolver({
      matchIssuer: false,
      fetch: async () => JSON.stringify(bslCredential),
      verifyCredential: async () => true,
      now,
    });
    expect((await resolve(bslEntry)).valid).toBe(false);
    for (const v of [
      ...WEIRD_VALUES,
      ...pollutingObjects(),
      throwingGetters(),
      deepObject(10_000),
      cyclic()[0],
    ]) {
      for (const key of [
        '',
        'statusListIndex',
        'statusListCredential',
        'statusPurpose',
        'type',
        'statusSize',
      ]) {
        const entry = key === '' ? v : { ...bslEntry, [key]: v };
        const o = await outcome(() => resolve(entry), CODED);
        expect(['coded', 'sentinel', 'returned']).toContain(o.kind);
      }
    }
    await fc.assert(
      fc.asyncProperty(
        fc.record({ statusListIndex: fc.oneof(anyString, fc.anything()), statusPurpose: anyString }),
        async (patch) => {
          await outcome(() => resolve({ ...bslEntry, ...patch }), CODED);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('no prototype pollution after all of the above', () => {
  it('Object.prototype is clean', () => {
    // biome-ignore lint/suspicious/noExplicitAny: checking the prototype on purpose
    expect(({} as any).polluted).toBeUndefined();
    expect(deepArray(3)).toBeDefined();
  });
});
