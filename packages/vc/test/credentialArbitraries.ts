/**
 * Generators of credentials shared by the property tests: varied subjects, arrays, nested
 * objects, numbers, booleans, dates, ids, language strings, status entries.
 */
import { generateKeyPair } from '@realdid/crypto';
import { createDidKeySigner } from '@realdid/vc';
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

export const issuer = createDidKeySigner(generateKeyPair('Ed25519'));
export const holder = createDidKeySigner(generateKeyPair('Ed25519'));
export const NOW = Date.parse('2026-01-01T00:00:00Z');
export const V2 = 'https://www.w3.org/ns/credentials/v2';
export const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';

export const KEYS = [
  'name',
  'description',
  'alumniOf',
  'givenName',
  'familyName',
  'score',
  'visits',
  'over18',
  'birthDate',
  'address',
  'street',
  'city',
  'nationality',
  'degree',
  'image',
  'url',
  'relatedResource',
  'evidence',
  'x1',
  'a_b',
];
export const ids = fc.oneof(
  fc.constant(holder.did),
  fc.uuid().map((u) => `urn:uuid:${u}`),
  fc.stringMatching(/^[a-z]{1,8}$/).map((s) => `https://example.com/${s}`),
  fc.stringMatching(/^[a-z]{1,8}$/).map((s) => `did:example:${s}`),
);
export const dates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().replace('.000Z', 'Z'));
export const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  fc.boolean(),
  dates,
  ids,
  fc.record({ '@value': fc.string({ maxLength: 8 }), '@language': fc.constantFrom('en', 'zh-Hans', 'fr') }),
);
export const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json; o: Obj }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar as fc.Arbitrary<Json>,
    tie('o'),
    fc.array(scalar, { minLength: 2, maxLength: 3 }) as fc.Arbitrary<Json>,
  ),
  o: fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { minKeys: 1, maxKeys: 4 }) as fc.Arbitrary<Obj>,
})).v;
export const subject = fc
  .tuple(fc.option(ids, { nil: undefined }), fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }))
  .map(([id, rest]) => (id === undefined ? rest : { id, ...rest }));
export const unsigned = fc
  .record({
    id: fc.option(
      fc.uuid().map((u) => `urn:uuid:${u}`),
      { nil: undefined },
    ),
    extraType: fc.option(fc.constantFrom('AlumniCredential', 'ExampleDegreeCredential'), { nil: undefined }),
    name: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
    subjects: fc.array(subject, { minLength: 1, maxLength: 2 }),
    from: dates.filter((d) => Date.parse(d) < NOW - 86_400_000),
    status: fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
  })
  .map(({ id, extraType, name, subjects, from, status }) => {
    const c: Obj = { '@context': [V2, EXAMPLES] };
    if (id !== undefined) c.id = id;
    c.type = extraType === undefined ? ['VerifiableCredential'] : ['VerifiableCredential', extraType];
    if (name !== undefined) c.name = name;
    c.issuer = issuer.did;
    c.validFrom = from;
    c.credentialSubject = (subjects.length === 1 ? subjects[0] : subjects) as Json;
    if (status !== undefined) {
      c.credentialStatus = {
        id: `https://status.example/list#${status}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(status),
        statusListCredential: 'https://status.example/list',
      };
    }
    return c;
  });

/** Mutations of a signed credential: ones that change the signed data, ones that change only its JSON form. */
export function mutate(doc: Obj, which: number, text: string): Obj {
  const c = structuredClone(doc);
  const proof = c.proof as Obj;
  const subj = (Array.isArray(c.credentialSubject) ? c.credentialSubject[0] : c.credentialSubject) as Obj;
  switch (which % 12) {
    case 0:
      subj.name = text;
      break;
    case 1:
      proof.created = '2020-01-01T00:00:00Z';
      break;
    case 2:
      proof.proofValue = `z${text.replace(/[^1-9A-HJ-NP-Za-km-z]/g, '')}3`;
      break;
    case 3:
      c['https://www.w3.org/2018/credentials#validFrom'] = c.validFrom as Json;
      delete c.validFrom;
      break;
    case 4:
      proof['https://w3id.org/security#proofValue'] = proof.proofValue as Json;
      break;
    case 5:
      proof.proofValue = 42;
      break;
    case 6:
      proof['@context'] = c['@context'] as Json;
      break;
    case 7:
      c.validFrom = { '@value': c.validFrom as string, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' };
      break;
    case 8:
      proof.domain = text;
      break;
    case 10:
      proof.challenge = text;
      break;
    case 11:
      proof.created = text;
      break;
    default:
      c.id = `./${text}`;
  }
  return c;
}
