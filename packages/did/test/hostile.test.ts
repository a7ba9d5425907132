/**
 * Hostile input against did:realdid parsing and resolution: arbitrary, unicode and huge DID
 * strings, wrong types, ledger topics holding arbitrary JSON and bit-flipped operations, hostile
 * ledger clients, and resolvers that return malformed results. Resolution and dereferencing never
 * throw for bad input (DID Resolution error metadata); resolveVerificationMethod rejects with a
 * coded RealDidError. See test-support/hostile.ts for the shared property.
 */
import { base64urlEncode, utf8Encode } from '@realdid/crypto';
import type { LedgerClient, LedgerEntry } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { Resolver } from 'did-resolver';
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
  hugeStrings,
  type OutcomeRules,
  outcome,
  pollutingObjects,
  throwingGetters,
  WEIRD_VALUES,
} from '../../../test-support/hostile.js';
import {
  anchorDid,
  canonicalize,
  createDid,
  type DidErrorCode,
  dereference,
  getResolver,
  parseRealDid,
  publishOperation,
  resolveDid,
  resolveVerificationMethod,
  updateDid,
} from '../src/index.js';
import { ListLedger } from './helpers.js';

const CODES: readonly DidErrorCode[] = [
  'ERR_DID_INVALID',
  'ERR_DID_OPERATION_INVALID',
  'ERR_DID_SIGNATURE_INVALID',
  'ERR_DID_COMMITMENT_MISMATCH',
  'ERR_DID_PREVIOUS_MISMATCH',
  'ERR_DID_SUFFIX_MISMATCH',
  'ERR_DID_DEACTIVATED',
  'ERR_DID_RESOLUTION_FAILED',
  'ERR_DID_VERIFICATION_METHOD_NOT_FOUND',
  'ERR_DID_PURPOSE_MISMATCH',
  'ERR_DID_KEY_UNSUPPORTED',
];
const NEVER_THROWS: OutcomeRules = { codes: [] };
const RULES: OutcomeRules = { codes: CODES, misuse: true };

/** A ledger client whose `read` answers `answer` (whatever shape it is). */
function rawLedger(answer: () => unknown): LedgerClient {
  return { ...new ListLedger([]), read: async () => answer() as LedgerEntry[] } as unknown as LedgerClient;
}

const created = createDid();
const update = updateDid({
  did: created.did,
  previous: created.suffix,
  updateKey: created.keys.update!,
  patches: [
    { action: 'add-services', services: [{ id: 'svc', type: 'X', serviceEndpoint: 'https://a.example' }] },
  ],
});

function expectResolutionResult(value: unknown): { error?: string } {
  const r = value as { didResolutionMetadata: { error?: string }; didDocument: unknown };
  expect(typeof r.didResolutionMetadata).toBe('object');
  if (r.didResolutionMetadata.error !== undefined) expect(r.didDocument).toBeNull();
  return r.didResolutionMetadata;
}

describe('parseRealDid never throws', () => {
  it('arbitrary strings, prefixed strings, huge strings, hostile values -> parts or null', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyString,
          anyString.map((s) => `did:realdid:${s}`),
        ),
        async (s) => {
          await outcome(() => parseRealDid(s), NEVER_THROWS);
        },
      ),
      { numRuns: 300 },
    );
    for (const v of [...allHostileValues(), ...hugeStrings(), `did:realdid:${'z'.repeat(5 << 20)}`]) {
      const o = await outcome(() => parseRealDid(v), NEVER_THROWS);
      if (typeof v !== 'string') expect(o).toEqual({ kind: 'returned', value: null });
    }
  });
});

describe('resolveDid / getResolver / dereference never throw for a bad DID', () => {
  const ledger = new MemoryLedger();
  const resolver = new Resolver(getResolver({ networks: { main: ledger }, cache: false }));

  it('arbitrary DID-like strings', async () => {
    const didLike = fc.oneof(
      anyString,
      anyString.map((s) => `did:realdid:${s}`),
      fc.tuple(anyString, anyString).map(([a, b]) => `did:realdid:${a}:${b}`),
      anyString.map((s) => `${created.did}${s}`),
      anyString.map((s) => `${created.longFormDid}${s}`),
      fc
        .constantFrom('?versionTime=', '?versionId=', '#', '/', '?', '%00', '%ZZ')
        .map((s) => `${created.did}${s}`),
    );
    await fc.assert(
      fc.asyncProperty(didLike, async (s) => {
        const a = await outcome(() => resolveDid(s, { networks: { main: ledger } }), NEVER_THROWS);
        expectResolutionResult((a as { value: unknown }).value);
        await outcome(() => resolver.resolve(s), NEVER_THROWS);
        const d = await outcome(() => dereference(resolver, s), NEVER_THROWS);
        expect(typeof (d as { value: { dereferencingMetadata: object } }).value.dereferencingMetadata).toBe(
          'object',
        );
      }),
      { numRuns: 150 },
    );
  });

  it('huge strings and hostile values in place of the DID and of the options', async () => {
    for (const v of [...allHostileValues(), ...hugeStrings(), `did:realdid:${'z'.repeat(3 << 20)}`]) {
      const a = await outcome(() => resolveDid(v as string, { networks: { main: ledger } }), NEVER_THROWS);
      expect(expectResolutionResult((a as { value: unknown }).value).error).toBeDefined();
      await outcome(() => dereference(resolver, v as string), NEVER_THROWS);
      // did-resolver's own Resolver (third party) treats a non-string as misuse (TypeError).
      await outcome(() => resolver.resolve(v as string), typeof v === 'string' ? NEVER_THROWS : RULES);
    }
    for (const v of WEIRD_VALUES) {
      for (const key of ['versionTime', 'versionId', 'accept', 'networks', 'cache'] as const) {
        const o = await outcome(() => resolveDid(created.longFormDid, { [key]: v } as never), RULES);
        if (o.kind === 'returned') expectResolutionResult(o.value);
      }
    }
  });
});

describe('a DID topic holding arbitrary entries still resolves to the valid history', () => {
  const junkPayload = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }),
    anyJson.map((j) => utf8Encode(JSON.stringify(j) ?? 'null')),
    anyObjectWithProtoKeys.map((j) => utf8Encode(JSON.stringify(j))),
    fc.constantFrom(
      ...[
        deepJsonText(10_000),
        `{"type":"create",${'"a":{'.repeat(5000)}${'}'.repeat(5000)}}`,
        JSON.stringify({ ...created.operation, __proto__: { polluted: 1 } }).replace(
          '"type"',
          '"__proto__":{"polluted":1},"type"',
        ),
        JSON.stringify({ ...created.operation, constructor: { prototype: { polluted: 1 } } }),
        JSON.stringify({ ...update.operation, previous: { toString: 1 } }),
        JSON.stringify({ ...created.operation, document: deepObject(20) }),
        JSON.stringify({ ...created.operation, type: 'create', network: 12 }),
        JSON.stringify(update.operation).replace(/}$/, `,"x":"${'a'.repeat(40_000)}"}`),
        '1e999999',
        '-0',
        'null',
        '"\\ud800"',
      ].map((s) => utf8Encode(s)),
    ),
    // bit flips of the real create and update
    fc.tuple(fc.constantFrom(created.payload, update.payload), fc.nat()).map(([p, bit]) => flipBit(p, bit)),
  );

  it('junk before, between and after the valid operations is skipped', async () => {
    const clean = await resolveDid(created.did, {
      networks: { main: new ListLedger([created.payload, update.payload]) },
    });
    expect(clean.didResolutionMetadata.error).toBeUndefined();
    await fc.assert(
      fc.asyncProperty(
        fc.array(junkPayload, { maxLength: 3 }),
        fc.array(junkPayload, { maxLength: 3 }),
        fc.array(junkPayload, { maxLength: 3 }),
        async (a, b, c) => {
          const ledger = new ListLedger([...a, created.payload, ...b, update.payload, ...c]);
          const o = await outcome(
            () => resolveDid(created.did, { networks: { main: ledger } }),
            NEVER_THROWS,
          );
          const r = (o as { value: typeof clean }).value;
          // A flipped bit can only make an entry invalid (then skipped), so the history is unchanged.
          expect(r.didResolutionMetadata.error).toBeUndefined();
          expect(r.didDocument).toEqual(clean.didDocument);
          expect(r.didDocumentMetadata.versionId).toBe(update.hash);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a bit-flipped long-form payload is invalidDid, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (bit) => {
        const mutated = `${created.did}:${base64urlEncode(flipBit(created.payload, bit))}`;
        const o = await outcome(() => resolveDid(mutated), NEVER_THROWS);
        const meta = expectResolutionResult((o as { value: unknown }).value);
        expect(meta.error).toBe('invalidDid');
      }),
      { numRuns: 100 },
    );
  });

  it('a ledger client that answers garbage or throws is a resolution error, not a throw', async () => {
    const answers: Array<() => unknown> = [
      () => null,
      () => undefined,
      () => 42,
      () => 'entries',
      () => [null],
      () => [{ payload: 'not bytes', time: 1 }],
      () => [{ payload: created.payload, time: { toString: () => 'x' } }],
      () => [{ payload: created.payload, time: 'not a time' }, { payload: null }],
      () => [
        { payload: created.payload, time: Number.NaN },
        { payload: update.payload, time: 1n },
      ],
      () => [throwingGetters()],
      () => throwingGetters(),
      () => cyclic(),
      () => deepArray(10_000),
      () => {
        throw new Error('ledger down');
      },
      // (a ledger whose read never settles: see timeout.test.ts, bounded by timeoutMs)
    ];
    for (const answer of answers) {
      const o = await outcome(
        () => resolveDid(created.did, { networks: { main: rawLedger(answer) } }),
        NEVER_THROWS,
      );
      expectResolutionResult((o as { value: unknown }).value);
    }
  });
});

describe('resolveVerificationMethod and dereference on malformed resolver results', () => {
  const vmId = `${created.longFormDid}#key-1`;
  const good = new Resolver(getResolver());
  const resolverOf = (answer: unknown) => ({ resolve: async () => answer as never });

  const malformed: unknown[] = [
    null,
    undefined,
    42,
    'doc',
    {},
    { didResolutionMetadata: null, didDocument: null, didDocumentMetadata: null },
    { didResolutionMetadata: {}, didDocument: 'doc', didDocumentMetadata: {} },
    {
      didResolutionMetadata: {},
      didDocument: { id: created.longFormDid, verificationMethod: {} },
      didDocumentMetadata: {},
    },
    {
      didResolutionMetadata: {},
      didDocument: { id: 5, verificationMethod: [null], service: 3 },
      didDocumentMetadata: {},
    },
    {
      didResolutionMetadata: {},
      didDocument: { id: created.longFormDid, verificationMethod: [{ id: 7 }], assertionMethod: 'x' },
      didDocumentMetadata: {},
    },
    {
      didResolutionMetadata: {},
      didDocument: {
        id: created.longFormDid,
        verificationMethod: [{ id: '#key-1', controller: 1, publicKeyMultibase: 'z'.repeat(1 << 20) }],
        assertionMethod: [{ id: null }, 5, '#key-1'],
      },
      didDocumentMetadata: {},
    },
    {
      didResolutionMetadata: {},
      didDocument: {
        id: created.longFormDid,
        verificationMethod: [
          { id: '#key-1', controller: 'c', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: 1n } },
        ],
        assertionMethod: ['#key-1'],
      },
      didDocumentMetadata: {},
    },
    { didResolutionMetadata: {}, didDocument: throwingGetters(), didDocumentMetadata: {} },
    { didResolutionMetadata: {}, didDocument: cyclic()[0], didDocumentMetadata: cyclic()[0] },
    ...pollutingObjects().map((p) => ({ didResolutionMetadata: {}, didDocument: p, didDocumentMetadata: p })),
    {
      didResolutionMetadata: {},
      didDocument: deepObject(10_000, 'verificationMethod'),
      didDocumentMetadata: {},
    },
  ];

  it('resolveVerificationMethod: a coded RealDidError, never an uncoded error', async () => {
    for (const m of malformed) {
      const o = await outcome(
        () => resolveVerificationMethod(resolverOf(m), vmId, { purpose: 'assertionMethod' }),
        { codes: CODES },
      );
      expect(o.kind === 'coded' || o.kind === 'sentinel', JSON.stringify(o.kind)).toBe(true);
    }
  });

  it('dereference: a dereferencing error, never a throw', async () => {
    for (const m of malformed) {
      const o = await outcome(() => dereference(resolverOf(m), vmId), NEVER_THROWS);
      if (o.kind === 'returned')
        expect(typeof (o.value as { dereferencingMetadata: object }).dereferencingMetadata).toBe('object');
    }
  });

  it('resolveVerificationMethod: arbitrary kids -> coded errors; misuse -> TypeError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyString,
          anyString.map((s) => `${created.longFormDid}#${s}`),
        ),
        async (kid) => {
          await outcome(() => resolveVerificationMethod(good, kid, { purpose: 'assertionMethod' }), {
            codes: CODES,
          });
        },
      ),
      { numRuns: 100 },
    );
    for (const v of allHostileValues()) {
      await outcome(
        () => resolveVerificationMethod(good, v as string, { purpose: 'assertionMethod' }),
        RULES,
      );
      await outcome(() => resolveVerificationMethod(v as never, vmId, { purpose: 'assertionMethod' }), RULES);
      await outcome(() => resolveVerificationMethod(good, vmId, v as never), RULES);
    }
  });
});

describe('canonicalize (JCS) on hostile values', () => {
  it('deep nesting, cycles, proto keys, wrong types: a string or TypeError/RangeError, never a stack overflow', async () => {
    for (const v of [...allHostileValues(), deepArray(100_000), deepObject(100_000)]) {
      await outcome(() => canonicalize(v), RULES);
    }
    // Regression: maxDepth 1e6 on 100 000 levels overflowed the stack; maxDepth is capped.
    const deep = deepArray(100_000);
    const big = await outcome(() => canonicalize(deep, { maxDepth: 1e6 }), RULES);
    expect(big.kind).toBe('misuse');
    expect((await outcome(() => canonicalize(deepArray(999), { maxDepth: 1000 }), RULES)).kind).toBe(
      'returned',
    );
    for (const p of pollutingObjects()) {
      const o = await outcome(() => canonicalize(p), RULES);
      // The own "__proto__" member is data: it is kept, and the output parses back to the same JCS.
      expect(o.kind).toBe('returned');
      const text = (o as { value: string }).value;
      expect(canonicalize(JSON.parse(text))).toBe(text);
      expect(text.includes('polluted')).toBe(true);
    }
  });
});

describe('publishOperation/anchorDid round trip stays resolvable amid junk on a real ledger', () => {
  it('MemoryLedger with junk appended on the DID topic', async () => {
    const ledger = new MemoryLedger();
    await ledger.append(created.topic, utf8Encode(canonicalize({ type: 'create', junk: true })));
    await anchorDid(ledger, created);
    await ledger.append(created.topic, utf8Encode(deepJsonText(10_000)));
    await ledger.append(created.topic, utf8Encode('{"__proto__":{"polluted":1}}'));
    await publishOperation(ledger, update);
    const o = await outcome(() => resolveDid(created.did, { networks: { main: ledger } }), NEVER_THROWS);
    const r = (o as { value: { didDocumentMetadata: { versionId?: string } } }).value;
    expect(r.didDocumentMetadata.versionId).toBe(update.hash);
  });
});
