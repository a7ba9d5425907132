/**
 * Mutation property: whatever is done to the JSON of a signed credential, either the verifier
 * refuses it with a coded error, or what it returns is the original credential (up to the
 * equivalences of the signed-form profile: key order, a one-element array or its element, a node
 * reference `{"id": x}` or `x`, and the order of a set) and its canonical N-Quads are unchanged.
 * The mutations are the ones that keep the signed RDF (full IRIs, value objects, keyword aliases,
 * @nest, @set, inline contexts, split nodes, other literal forms) mixed with ones that change it.
 */
import { generateKeyPair } from '@realdid/crypto';
import {
  canonicalize,
  createDidKeySigner,
  issueCredential,
  VC_ERROR_CODES,
  verifyCredential,
} from '@realdid/vc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directAnswers, setDirectPath } from '../src/internal/direct/verifyDirect.js';
import { documentLoader } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

// The same credential signed with eddsa-rdfc-2022 and with sm2-rdfc-2025: the profile does not
// depend on the suite, and neither may the outcome.
const issuers = [createDidKeySigner(generateKeyPair('Ed25519')), createDidKeySigner(generateKeyPair('SM2'))];
const holder = createDidKeySigner(generateKeyPair('Ed25519'));
const NOW = new Date('2026-01-01T00:00:00Z');
const CRED = 'https://www.w3.org/2018/credentials#';
const EX = 'https://www.w3.org/ns/credentials/examples#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'];

const signedOriginal = async (issuer: (typeof issuers)[number]) =>
  (await issueCredential(
    {
      '@context': CONTEXTS,
      id: 'urn:uuid:5d2e8a0c-2b8f-4d7e-9f0e-1f6b0a7c9e21',
      type: ['VerifiableCredential', 'IdentityCredential'],
      issuer: issuer.did,
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2027-01-01T00:00:00Z',
      credentialStatus: { id: 'https://status.example/list#42', type: 'BitstringStatusListEntry' },
      credentialSubject: {
        id: holder.did,
        givenName: 'Asha',
        familyName: 'Verma',
        over18: false,
        score: 4.5,
        visits: 3,
        nationality: ['CN', 'IN'],
        address: { street: 'Xueyuan Rd 1', city: 'Beijing' },
      },
    },
    { signer: issuer, documentLoader },
  )) as Obj;

/** Full IRIs of the members the mutations rewrite. */
const FULL: Record<string, string> = {
  validFrom: `${CRED}validFrom`,
  validUntil: `${CRED}validUntil`,
  credentialStatus: `${CRED}credentialStatus`,
  credentialSubject: `${CRED}credentialSubject`,
  issuer: `${CRED}issuer`,
};

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

/** Every object in the document, with a way to replace it (the proof left out: it is signed on its own). */
function objects(doc: Obj): Obj[] {
  const out: Obj[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) {
      out.push(v);
      for (const [k, x] of Object.entries(v)) if (k !== '@context' && k !== 'proof') walk(x);
    }
  };
  walk(doc);
  return out;
}

type Mutation = (doc: Obj, pick: number) => void;

/** The subject when it is still one object (an earlier mutation may have moved it). */
const subjectOf = (doc: Obj): Obj | undefined =>
  isObj(doc.credentialSubject) ? doc.credentialSubject : undefined;

const keyOf = (o: Obj, pick: number, skip: readonly string[] = ['@context', 'proof']) => {
  const keys = Object.keys(o).filter((k) => !skip.includes(k));
  return keys.length === 0 ? undefined : keys[pick % keys.length];
};

const MUTATIONS: Record<string, Mutation> = {
  fullIri(doc, pick) {
    const o = objects(doc)[pick % objects(doc).length]!;
    const k = keyOf(o, pick, ['@context', 'proof', 'id', 'type']);
    if (k === undefined) return;
    const iri = o === doc ? FULL[k] : `${EX}${k}`;
    if (iri === undefined) return;
    o[iri] = o[k]!;
    delete o[k];
  },
  valueObject(doc, pick) {
    const o = objects(doc)[pick % objects(doc).length]!;
    const k = keyOf(o, pick, ['@context', 'proof', 'id', 'type']);
    const v = k === undefined ? undefined : o[k];
    if (k === undefined || v === undefined || isObj(v) || Array.isArray(v)) return;
    const type =
      typeof v === 'boolean' ? `${XSD}boolean` : typeof v === 'number' ? `${XSD}double` : undefined;
    o[k] = pick % 2 === 0 || type === undefined ? { '@value': v } : { '@value': String(v), '@type': type };
  },
  literalAsString(doc, pick) {
    const s = subjectOf(doc);
    if (s === undefined) return;
    const k = ['over18', 'score', 'visits'][pick % 3]!;
    if (k in s) s[k] = String(s[k]);
  },
  keywordAlias(doc, pick) {
    const o = objects(doc)[pick % objects(doc).length]!;
    const k = pick % 2 === 0 ? 'id' : 'type';
    if (!(k in o)) return;
    o[`@${k}`] = o[k]!;
    delete o[k];
  },
  typeSplit(doc) {
    const t = doc.type;
    if (!Array.isArray(t) || t.length < 2) return;
    doc.type = t[0]!;
    doc['@type'] = t.slice(1);
  },
  nest(doc, pick) {
    const s = subjectOf(doc);
    if (s === undefined) return;
    const k = keyOf(s, pick, ['id']);
    if (k === undefined) return;
    s['@nest'] = { [k]: s[k]! };
    delete s[k];
  },
  setObject(doc, pick) {
    const s = subjectOf(doc);
    if (s === undefined) return;
    const k = keyOf(s, pick, ['id']);
    if (k === undefined) return;
    s[k] = { [pick % 2 === 0 ? '@set' : '@list']: [s[k]!].flat() };
  },
  wrapArray(doc, pick) {
    const o = objects(doc)[pick % objects(doc).length]!;
    const k = keyOf(o, pick, ['@context', 'proof', 'id']);
    if (k === undefined) return;
    const v = o[k]!;
    o[k] = Array.isArray(v) && v.length === 1 ? v[0]! : Array.isArray(v) ? v : [v];
  },
  nodeReference(doc) {
    if (typeof doc.issuer === 'string') doc.issuer = { id: doc.issuer };
    else if (isObj(doc.issuer) && doc.issuer.id !== undefined) doc.issuer = doc.issuer.id;
  },
  inlineContext(doc, pick) {
    const terms = [
      { givenName: `${EX}familyName`, familyName: `${EX}givenName` },
      { '@vocab': EX },
      { nick: `${EX}givenName` },
    ];
    doc['@context'] = [...(doc['@context'] as string[]), terms[pick % terms.length]!];
    const s = subjectOf(doc);
    if (pick % terms.length === 2 && s !== undefined && s.givenName !== undefined) {
      s.nick = s.givenName;
      delete s.givenName;
    }
  },
  splitSubject(doc, pick) {
    const s = subjectOf(doc);
    if (s === undefined) return;
    const k = keyOf(s, pick, ['id']);
    if (k === undefined) return;
    if (s.id === undefined) return;
    const moved = { id: s.id, [k]: s[k]! };
    delete s[k];
    doc.credentialSubject = [s, moved];
  },
  reorder(doc, pick) {
    const o = objects(doc)[pick % objects(doc).length]!;
    const entries = Object.entries(o).reverse();
    for (const k of Object.keys(o)) delete o[k];
    for (const [k, v] of entries) o[k] = v;
    for (const v of Object.values(o)) if (Array.isArray(v)) v.reverse();
  },
  keywordMember(doc, pick) {
    const o = objects(doc)[pick % objects(doc).length]!;
    const k = ['@index', '@language', '@included', '@reverse', '@graph'][pick % 5]!;
    o[k] =
      k === '@included' || k === '@graph'
        ? [{ id: 'urn:x:1', restriction: 'none' }]
        : k === '@reverse'
          ? {}
          : 'x';
  },
  changeValue(doc, pick) {
    const s = subjectOf(doc);
    if (s === undefined) return;
    const k = keyOf(s, pick, ['id']);
    if (k === undefined) return;
    s[k] = typeof s[k] === 'string' ? `${s[k]}!` : 'changed';
  },
  dropMember(doc, pick) {
    const k = keyOf(doc, pick);
    if (k !== undefined) delete doc[k];
  },
};
const NAMES = Object.keys(MUTATIONS);

/** The profile's equivalences: key order, [x] ≡ x, {"id": x} ≡ x, and sets unordered. */
function normal(v: Json): unknown {
  if (Array.isArray(v)) {
    if (v.length === 1) return normal(v[0]!);
    return v.map(normal).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  if (!isObj(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'id') return v.id;
  return Object.fromEntries(keys.sort().map((k) => [k, normal(v[k]!)]));
}

const withoutProof = ({ proof: _p, ...rest }: Obj) => rest;

for (const issuer of issuers) {
  const original = await signedOriginal(issuer);
  const originalNQuads = await canonicalize(withoutProof(original), { documentLoader });

  describe(`mutations of a signed credential (${String((original.proof as Obj).cryptosuite)})`, () => {
    it('accepted ⇒ the returned JSON is the original and the canonical N-Quads are unchanged; else a coded refusal', async () => {
      const tally = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.nat(1000)), { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          async (steps, allowInline) => {
            const doc = clone(original);
            for (const [name, pick] of steps) MUTATIONS[name]!(doc, pick);
            let result: Awaited<ReturnType<typeof verifyCredential>>;
            try {
              result = await verifyCredential(doc, {
                documentLoader,
                now: NOW,
                requireStatusCheck: false,
                allowInlineContexts: allowInline,
              });
            } catch (e) {
              tally.refused++;
              expect(VC_ERROR_CODES).toContain((e as { code?: string }).code);
              return;
            }
            tally.accepted++;
            const back = result.credential as Obj;
            // With inline contexts allowed (documented as dangerous) the JSON may say other things
            // in other terms; by default it is the original.
            if (!allowInline) expect(normal(back)).toEqual(normal(original));
            expect(await canonicalize(withoutProof(back), { documentLoader })).toBe(originalNQuads);
          },
        ),
        { numRuns: 300 },
      );
      // the property must have seen both outcomes to mean anything
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.refused).toBeGreaterThan(0);
    }, 120_000);

    it('the direct path gives the full path’s verdict (accepted, or the same codes) on every mutation', async () => {
      const outcome = async (doc: Obj, direct: boolean, allowInline: boolean) => {
        const before = setDirectPath(direct);
        try {
          await verifyCredential(doc, {
            documentLoader,
            now: NOW,
            requireStatusCheck: false,
            allowInlineContexts: allowInline,
          });
          return 'accepted';
        } catch (e) {
          return ((e as { errors?: Array<{ code: string }> }).errors ?? []).map((x) => x.code).join(' ');
        } finally {
          setDirectPath(before);
        }
      };
      const answersBefore = directAnswers();
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.nat(1000)), { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          async (steps, allowInline) => {
            const doc = clone(original);
            for (const [name, pick] of steps) MUTATIONS[name]!(doc, pick);
            expect(await outcome(doc, true, allowInline)).toBe(await outcome(doc, false, allowInline));
          },
        ),
        { numRuns: 200 },
      );
      expect(await outcome(clone(original), true, false)).toBe('accepted');
      // the eddsa-rdfc-2022 credential is answered by the direct path (the SM2 one is not)
      const answered = directAnswers() - answersBefore;
      if ((original.proof as Obj).cryptosuite === 'eddsa-rdfc-2022') expect(answered).toBeGreaterThan(0);
      else expect(answered).toBe(0);
    }, 120_000);

    it('each mutation that keeps the signed RDF but changes what the JSON says is refused by default', async () => {
      for (const name of NAMES) {
        for (let pick = 0; pick < 12; pick++) {
          const doc = clone(original);
          MUTATIONS[name]!(doc, pick);
          let back: Obj | undefined;
          try {
            back = (await verifyCredential(doc, { documentLoader, now: NOW, requireStatusCheck: false }))
              .credential as Obj;
          } catch {
            continue;
          }
          expect({ name, pick, json: normal(back) }).toEqual({ name, pick, json: normal(original) });
        }
      }
    }, 120_000);
  });
}
