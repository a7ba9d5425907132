import { MemoryLedger } from '@realdid/ledger';
import { Resolver } from 'did-resolver';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDid } from '../src/createDid.js';
import { getResolver } from '../src/getResolver.js';
import { parseRealDid } from '../src/parseRealDid.js';
import { resolveDid } from '../src/resolveDid.js';

const created = createDid();
const S = created.suffix;
const ledger = new MemoryLedger();
const networks = { main: ledger };

describe('bad DID strings return invalidDid and never throw', () => {
  const cases: [string, unknown][] = [
    ['empty', ''],
    ['not a DID', 'realdid:abc'],
    ['no method-specific id', 'did:realdid:'],
    ['upper-case method', `did:REALDID:${S}`],
    ['bad base58 (0, O, I, l)', `did:realdid:zQm${'0'.repeat(44)}`],
    ['bad base58 l', `did:realdid:zQm${'l'.repeat(44)}`],
    ['suffix too short', `did:realdid:${S.slice(0, -1)}`],
    ['suffix too long', `did:realdid:${S}1`],
    ['not a sha2-256 multihash', 'did:realdid:zQmzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'],
    ['wrong multibase prefix', `did:realdid:u${S.slice(1)}`],
    ['oversized', `did:realdid:${S}:${'A'.repeat(20_000)}`],
    ['oversized long form payload', `did:realdid:${S}:${'A'.repeat(11_000)}`],
    ['network main spelled out', `did:realdid:main:${S}`],
    ['upper-case network', `did:realdid:Test:${S}`],
    ['network too long', `did:realdid:${'a'.repeat(33)}:${S}`],
    ['two networks', `did:realdid:a:b:${S}`],
    ['fullwidth letters', `did:realdid:${S.replace('Q', '\uFF31')}`],
    ['fullwidth method', `did:\uFF52ealdid:${S}`],
    ['zero-width space', `did:realdid:${S.slice(0, 10)}\u200B${S.slice(10)}`],
    ['zero-width joiner at end', `did:realdid:${S}\u200D`],
    ['BOM prefix', `\uFEFFdid:realdid:${S}`],
    ['Cyrillic homoglyph a', `did:re\u0430ldid:${S}`],
    ['Greek homoglyph in suffix', `did:realdid:${S.replace('m', '\u03BC')}`],
    ['NUL', `did:realdid:${S}\u0000`],
    ['newline', `did:realdid:${S}\n`],
    ['tab', `did:realdid:\t${S}`],
    ['DEL', `did:realdid:${S}\u007f`],
    ['space', ` did:realdid:${S}`],
    ['RTL override', `did:realdid:\u202E${S}`],
    ['lone surrogate', `did:realdid:${S}\uD800`],
    ['long form not base64url', `did:realdid:${S}:abc=`],
    ['long form with padding chars', `did:realdid:${S}:YQ==`],
    ['long form not canonical base64url', `did:realdid:${S}:YR`],
    ['long form garbage', `did:realdid:${S}:${Buffer.from('{"type":"create"}').toString('base64url')}`],
    ['path', `did:realdid:${S}/path`],
    ['unknown query parameter', `did:realdid:${S}?service=x`],
    ['bad percent encoding', `did:realdid:${S}?versionId=%zz`],
    ['number', 42],
    ['undefined', undefined],
    ['null', null],
    ['object', { did: S }],
  ];
  for (const [name, did] of cases) {
    it(name, async () => {
      const r = await resolveDid(did as string, { networks });
      expect(r.didResolutionMetadata.error).toBe('invalidDid');
      expect(r.didDocument).toBeNull();
    });
  }

  it('other methods: methodNotSupported', async () => {
    expect((await resolveDid('did:web:example.com')).didResolutionMetadata.error).toBe('methodNotSupported');
  });

  it('an unknown accept: representationNotSupported', async () => {
    const r = await resolveDid(created.longFormDid, { accept: 'application/cbor' });
    expect(r.didResolutionMetadata.error).toBe('representationNotSupported');
    const ok = await resolveDid(created.longFormDid, { accept: 'application/did+ld+json' });
    expect(ok.didResolutionMetadata.contentType).toBe('application/did+ld+json');
  });

  it('bad versionTime, or versionId with versionTime: invalidOptions', async () => {
    for (const q of [
      '?versionTime=yesterday',
      '?versionTime=2026-13-01T00:00:00Z',
      `?versionId=${S}&versionTime=2026-01-01T00:00:00Z`,
    ]) {
      expect((await resolveDid(`${created.longFormDid}${q}`)).didResolutionMetadata.error).toBe(
        'invalidOptions',
      );
    }
  });

  it('property: arbitrary strings never throw, and resolve only if they parse', async () => {
    const alphabet = fc.constantFrom(
      ...'did:realdidkeyjwzQm123456789ABCabc_-.%?#=&/\u200B\uFF31\u0430 \u0000'.split(''),
    );
    const arbitrary = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: alphabet, maxLength: 80 }).map((s) => `did:${s}`),
      fc.string({ unit: alphabet, maxLength: 40 }).map((s) => `did:realdid:${S}${s}`),
      fc
        .nat({ max: S.length - 1 })
        .chain((i) =>
          fc
            .string({ unit: 'binary', minLength: 1, maxLength: 2 })
            .map((c) => `did:realdid:${S.slice(0, i)}${c}${S.slice(i + 1)}`),
        ),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (s) => {
        const r = await resolveDid(s, { networks });
        const err = r.didResolutionMetadata.error;
        expect(['invalidDid', 'notFound', 'methodNotSupported', 'invalidOptions']).toContain(err);
        if (s.startsWith('did:realdid:') && err === 'notFound')
          expect(parseRealDid(s.split(/[?#]/)[0])).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('property: a DID differing from a valid long form by one character is never resolved to its document', async () => {
    const valid = created.longFormDid;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: valid.length - 1 }),
        fc.constantFrom(...'zQm12ABab_-'.split('')),
        async (i, c) => {
          fc.pre(valid[i] !== c);
          const mutated = valid.slice(0, i) + c + valid.slice(i + 1);
          const r = await resolveDid(mutated, { networks });
          expect(r.didResolutionMetadata.error).toBeDefined();
          expect(r.didDocument).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('through did-resolver too', async () => {
    const resolver = new Resolver(getResolver({ networks }));
    for (const [, did] of cases.slice(0, 36)) {
      const r = await resolver.resolve(did as string);
      expect(r.didResolutionMetadata.error, String(did).slice(0, 60)).toBe('invalidDid');
    }
  });
});
