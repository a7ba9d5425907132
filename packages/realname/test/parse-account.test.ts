import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allHostileValues, pollutingObjects } from '../../../test-support/hostile.js';
import { type Account, MemoryAccountStore, parseAccount } from '../src/index.js';

const good: Account = {
  did: 'did:realdid:zQmPairwise',
  claims: { age_over_18: true, region: '110105' },
  trace: { committee: 'trace-2026', token: 'AQID', context: 'BAUG' },
  credential: {
    iss: 'did:realdid:zQmIssuer',
    exp: 2_000_000_000,
    status: { status_list: { idx: 3, uri: 'https://issuer.example/status/1' } },
  },
  registeredAt: '2026-12-06T12:00:00.000Z',
};

describe('parseAccount', () => {
  it('returns a fresh, equal copy of a well-formed account (an account the memory store holds included)', async () => {
    const copy = parseAccount(good);
    expect(copy).toEqual(good);
    expect(copy.claims).not.toBe(good.claims);
    const store = new MemoryAccountStore();
    await store.put(good);
    expect(parseAccount(await store.get(good.did))).toEqual(good);
    expect(parseAccount({ ...good, futureField: { a: [1] } })).toEqual({ ...good, futureField: { a: [1] } });
  });

  const broken: [string, unknown][] = [
    ['no did', { ...good, did: undefined }],
    ['a did that is not a DID', { ...good, did: 'alice' }],
    ['a DID with a NUL', { ...good, did: 'did:realdid:zQm\u0000x' }],
    ['a DID with a lone surrogate', { ...good, did: 'did:realdid:zQm\ud800' }],
    ['a DID with a space', { ...good, did: 'did:realdid:zQm x' }],
    [
      'an issuer that is not a DID',
      { ...good, credential: { ...good.credential, iss: 'https://issuer.example' } },
    ],
    ['an unknown claim', { ...good, claims: { password: 'x' } }],
    ['a claim value that is not JSON', { ...good, claims: { region: () => 1 } }],
    ['claims as an array', { ...good, claims: [] }],
    ['no trace token', { ...good, trace: { committee: 'c', context: 'x' } }],
    ['a trace token that is not base64url', { ...good, trace: { ...good.trace, token: 'a+b' } }],
    ['exp as text', { ...good, credential: { ...good.credential, exp: '2000000000' } }],
    ['no status list', { ...good, credential: { ...good.credential, status: {} } }],
    [
      'a fractional status index',
      { ...good, credential: { ...good.credential, status: { status_list: { idx: 1.5, uri: 'u' } } } },
    ],
    ['registeredAt not a date-time', { ...good, registeredAt: '2026-13-45' }],
    ['an extra field that is not JSON', { ...good, extra: new Map() }],
  ];
  for (const [what, value] of broken)
    it(`refuses ${what} with a TypeError`, () => expect(() => parseAccount(value)).toThrow(TypeError));

  it('hostile values: TypeError or the caller`s own getter error, never a crash or a polluted prototype', () => {
    for (const v of [...allHostileValues(), ...pollutingObjects().map((p) => ({ ...good, ...p }))]) {
      try {
        parseAccount(v);
      } catch (e) {
        expect(e instanceof TypeError || (e as Error).name === 'HostileSentinel').toBe(true);
      }
      for (const field of ['did', 'claims', 'trace', 'credential', 'registeredAt']) {
        // Only an empty claims object (a site that asked for nothing) is well-formed here.
        let ok = false;
        try {
          ok =
            field === 'claims' &&
            v !== null &&
            typeof v === 'object' &&
            !Array.isArray(v) &&
            [Object.prototype, null].includes(Object.getPrototypeOf(v)) &&
            Object.keys(v).length === 0;
        } catch {
          // a proxy that throws: not well-formed
        }
        if (ok) expect(parseAccount({ ...good, [field]: v }).claims).toEqual({});
        else expect(() => parseAccount({ ...good, [field]: v })).toThrow();
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('property: an account survives JSON and parseAccount unchanged', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('age_over_18', 'region', 'birthdate'), fc.jsonValue({ maxDepth: 2 })),
        fc.nat(),
        (claims, idx) => {
          const a = JSON.parse(
            JSON.stringify({
              ...good,
              claims,
              credential: { ...good.credential, status: { status_list: { idx, uri: 'u' } } },
            }),
          );
          expect(parseAccount(a)).toEqual(a);
        },
      ),
    );
  });
});
