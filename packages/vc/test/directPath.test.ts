/**
 * The direct path: JSON of documents under pinned contexts straight to RDFC-1.0 canonical
 * N-Quads (and the signed-form verdict), without jsonld or rdf-canonize. Properties over
 * generated credentials and presentations:
 *  - whenever the direct path answers, its N-Quads are byte for byte those of `jsonld.toRDF` +
 *    `rdf-canonize` (RDFC-1.0), for the credential without its proof and the proof configuration;
 *  - it answers for the common shapes (counted, with bounds far below the measured means).
 */
import {
  createPresentation,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
} from '@realdid/vc';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { directNQuads } from '../src/internal/direct/canonical.js';
import { directAnswers, setDirectPath } from '../src/internal/direct/verifyDirect.js';
import type { Json, Obj } from './credentialArbitraries.js';
import {
  dates,
  EXAMPLES,
  holder,
  issuer,
  mutate,
  NOW,
  unsigned,
  V2,
  value,
} from './credentialArbitraries.js';
import { documentLoader, referenceNQuads, type Verdict, verdictOf } from './helpers.js';

/** Direct N-Quads compared with the reference; returns whether the direct path answered. */
async function same(input: Obj): Promise<boolean> {
  const direct = directNQuads(input, documentLoader);
  if (direct === undefined) return false;
  expect(direct).toBe(await referenceNQuads(input));
  return true;
}

const freeText = fc.record(
  {
    created: fc.oneof(dates, fc.string({ maxLength: 12 })),
    expires: dates,
    challenge: fc.string({ maxLength: 12, unit: 'binary' }),
    domain: fc.oneof(fc.webUrl(), fc.string({ maxLength: 8 })),
    nonce: fc.string({ maxLength: 12 }),
  },
  { requiredKeys: [] },
);

const key = fc.oneof(
  fc.constantFrom('id', 'type', 'name', 'proof', 'issuer', 'validFrom', 'statusSize', 'jsonSchema', 'holder'),
  fc.constantFrom('verifiableCredential', 'proofPurpose', 'digestSRI', 'cnf', '@id', 'a:b', 'x', ''),
  fc.constantFrom('statusMessage', 'credentialSubject', 'message', 'DataIntegrityProof', 'created'),
  // names under the examples vocabulary with any characters
  fc.string({ maxLength: 4, unit: 'binary' }),
);
const val: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<Json>(
      'did:example:1',
      'x',
      'name:x',
      'assertionMethod',
      'VerifiableCredential',
      0,
      true,
      null,
    ),
    fc.constantFrom<Json>(1.5, 'https://www.w3.org/ns/credentials/examples#x', '_:b0', 'DataIntegrityProof'),
    value,
    // literals and IRIs with any characters (controls, quotes, lone surrogates, non-BMP)
    fc.string({ maxLength: 6, unit: 'binary' }),
    fc.string({ maxLength: 6, unit: 'binary' }).map((x) => `did:example:${x}`),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;

describe('direct canonical N-Quads', () => {
  it('property: equal to jsonld.toRDF + rdf-canonize whenever the direct path answers (credentials and proof configurations)', async () => {
    let answered = 0;
    let configs = 0;
    await fc.assert(
      fc.asyncProperty(unsigned, freeText, async (c, extra) => {
        if (await same(c)) answered++;
        const config: Obj = {
          '@context': c['@context'] as Json,
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          verificationMethod: `${issuer.did}#${issuer.did.slice(8)}`,
          proofPurpose: 'assertionMethod',
          created: '2025-01-01T00:00:00Z',
          ...extra,
        };
        if (await same(config)) configs++;
      }),
      { numRuns: 300 },
    );
    // the direct path answers for most generated credentials (mean 168 of 300 over 30 seeds, sd 9;
    // the rest carry a mixed-case language tag, an empty subject or a repeated value, and fall
    // back) and for every proof configuration: the bounds sit five deviations below the mean
    expect(answered).toBeGreaterThan(120);
    expect(configs).toBeGreaterThan(250);
  }, 240_000);

  it('property: arbitrary members and values (most leave the subset) never give other N-Quads', async () => {
    let arb = 0;
    const doc = fc
      .tuple(
        fc.constantFrom<Json>([V2, EXAMPLES], [V2], V2, [V2, EXAMPLES, V2]),
        fc.option(
          fc.constantFrom<Json>(
            'VerifiableCredential',
            ['VerifiableCredential', 'VerifiablePresentation'],
            'DataIntegrityProof',
            'BitstringStatusListEntry',
            ['X', 'JsonSchema'],
          ),
          { nil: undefined },
        ),
        fc.dictionary(key, val),
      )
      .map(
        ([ctx, type, rest]) => ({ '@context': ctx, ...(type === undefined ? {} : { type }), ...rest }) as Obj,
      );
    await fc.assert(
      fc.asyncProperty(doc, async (d) => {
        const direct = directNQuads(d, documentLoader);
        if (direct === undefined) return;
        arb++;
        expect(direct).toBe(await referenceNQuads(d));
      }),
      { numRuns: 1500 },
    );
    // about 240 of these 1,500 documents are in the subset (sd 15 over 7 runs): they are compared
    // above; the bound sits five deviations below
    expect(arb).toBeGreaterThan(160);
  }, 240_000);

  it('answers for the common shapes', async () => {
    const vc = await issueCredential(
      {
        '@context': [V2, EXAMPLES],
        id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
        type: ['VerifiableCredential', 'AlumniCredential'],
        name: 'Alumni Credential',
        issuer: issuer.did,
        validFrom: '2023-01-01T00:00:00Z',
        credentialSubject: { id: holder.did, alumniOf: 'The School of Examples' },
      },
      { signer: issuer, documentLoader },
    );
    const { proof, ...unsecured } = vc as Obj;
    const config: Obj = { '@context': vc['@context'] as Json, ...(proof as Obj) };
    delete config.proofValue;
    expect(await same(unsecured)).toBe(true);
    expect(await same(config)).toBe(true);
    // verified on the direct path, unless it is switched off (then the full path answers the same)
    const before = directAnswers('credential');
    const on = await verifyCredential(vc, { documentLoader });
    expect(directAnswers('credential')).toBe(before + 1);
    expect(setDirectPath(false)).toBe(true);
    try {
      const off = await verifyCredential(vc, { documentLoader });
      expect(directAnswers('credential')).toBe(before + 1);
      expect(off).toEqual(on);
    } finally {
      setDirectPath(true);
    }
  });
});

/** The verdict of verifyCredential / verifyPresentation, with the direct path on or off. */
async function verdict(run: () => Promise<unknown>, direct: boolean): Promise<Verdict> {
  const before = setDirectPath(direct);
  try {
    return await verdictOf(run);
  } finally {
    setDirectPath(before);
  }
}

async function sign(c: Obj): Promise<Obj | undefined> {
  try {
    return (await issueCredential(c, { signer: issuer, documentLoader })) as Obj;
  } catch {
    return undefined; // refused at issuance (not in the signed-form profile)
  }
}

describe('direct verification', () => {
  afterEach(() => {
    setDirectPath(true);
  });

  it('property: every credential verdict equals the full path’s, on signed credentials and mutations of them', async () => {
    let direct = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        unsigned,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (c, which, text) => {
          const vc = await sign(c);
          if (vc === undefined) return;
          for (const doc of [vc, mutate(vc, which, text)]) {
            const run = () =>
              verifyCredential(doc, { documentLoader, now: () => NOW, requireStatusCheck: false });
            const before = directAnswers();
            const fast = await verdict(run, true);
            direct += directAnswers() - before;
            expect(fast).toEqual(await verdict(run, false));
            if (fast.accepted) accepted++;
          }
        },
      ),
      { numRuns: 150 },
    );
    // the direct path answers only accepted credentials, most of them: a mean of 85 (sd 5.4,
    // over 12 seeds) of about 90 accepted; the bound sits five deviations below
    expect(direct).toBeGreaterThan(55);
    expect(accepted).toBeGreaterThanOrEqual(direct);
  }, 240_000);

  /** A presentation of one or two generated credentials, signed by the holder. */
  async function present(vcs: Obj[], withHolder: boolean, domain: string | undefined): Promise<Obj> {
    const vp = createPresentation({
      verifiableCredential: vcs,
      ...(withHolder ? { holder: holder.did } : {}),
    });
    return (await signPresentation(vp, {
      signer: holder,
      challenge: 'c-1',
      ...(domain === undefined ? {} : { domain }),
      documentLoader,
    })) as Obj;
  }

  /** Mutations of a signed presentation: its proof, its members, its credentials. */
  function mutateVp(vp: Obj, which: number, text: string): Obj {
    const p = structuredClone(vp);
    const proof = p.proof as Obj;
    const vcs: Json[] = Array.isArray(p.verifiableCredential)
      ? p.verifiableCredential
      : [p.verifiableCredential as Json];
    switch (which % 9) {
      case 0:
        proof.challenge = text;
        break;
      case 1:
        proof.domain = text;
        break;
      case 2:
        p['https://www.w3.org/2018/credentials#holder'] = p.holder ?? holder.did;
        delete p.holder;
        break;
      case 3:
        p.holder = issuer.did;
        break;
      case 4:
        vcs[0] = mutate(vcs[0] as Obj, text.length, text);
        p.verifiableCredential = vcs;
        break;
      case 5:
        p.id = `urn:uuid:${text}`;
        break;
      case 6:
        proof.proofValue = `z${text.replace(/[^1-9A-HJ-NP-Za-km-z]/g, '')}3`;
        break;
      case 7:
        proof.expires = '2020-01-01T00:00:00Z';
        break;
      default:
        delete proof.challenge;
    }
    return p;
  }

  it('property: every presentation verdict equals the full path’s, and the direct N-Quads of the presentation are the reference ones', async () => {
    let direct = 0;
    let nquads = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(unsigned, { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        fc.option(fc.constantFrom('https://rp.example', 'rp.example'), { nil: undefined }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (cs, withHolder, domain, which, text) => {
          const vcs: Obj[] = [];
          for (const c of cs) {
            const vc = await sign(c);
            if (vc !== undefined) vcs.push(vc);
          }
          if (vcs.length === 0) return;
          const vp = await present(vcs, withHolder, domain);
          const { proof: _, ...unsecured } = vp;
          if (await same(unsecured)) nquads++;
          for (const doc of [vp, mutateVp(vp, which, text)]) {
            for (const expected of [domain, undefined]) {
              const run = () =>
                verifyPresentation(doc, {
                  documentLoader,
                  challenge: 'c-1',
                  ...(expected === undefined ? {} : { domain: expected }),
                  now: () => NOW,
                  requireStatusCheck: false,
                });
              const before = directAnswers('presentation');
              const fast = await verdict(run, true);
              direct += directAnswers('presentation') - before;
              expect(fast).toEqual(await verdict(run, false));
            }
          }
        },
      ),
      { numRuns: 80 },
    );
    // measured over 8 seeds: the direct path verified a mean of 62 presentations (sd 4.3) and
    // answered the N-Quads of 53 (sd 3.8) of the 80; the bounds sit five deviations below
    expect(direct).toBeGreaterThan(35);
    expect(nquads).toBeGreaterThan(30);
  }, 400_000);

  it('property: credentials whose subject has arbitrary members and values: the verdict equals the full path’s', async () => {
    let direct = 0;
    let signed = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, val, { minKeys: 1, maxKeys: 4 }), async (members) => {
        const vc = await sign({
          '@context': [V2, EXAMPLES],
          type: ['VerifiableCredential'],
          issuer: issuer.did,
          validFrom: '2025-01-01T00:00:00Z',
          credentialSubject: { ...members, id: holder.did },
        });
        if (vc === undefined) return;
        signed++;
        const run = () => verifyCredential(vc, { documentLoader, now: () => NOW, requireStatusCheck: false });
        const before = directAnswers('credential');
        const fast = await verdict(run, true);
        direct += directAnswers('credential') - before;
        expect(fast).toEqual(await verdict(run, false));
      }),
      { numRuns: 400 },
    );
    // about 225 of 400 are signed (issuance refuses the others) and the direct path verifies a
    // mean of 170 (sd 15 over 5 runs); the bound sits five deviations below
    expect(direct).toBeGreaterThan(90);
    expect(signed).toBeGreaterThanOrEqual(direct);
  }, 240_000);

  it('a failing or stuck key resolver is asked once per verification, and the refusal is the full path’s', async () => {
    const vc = await sign({
      '@context': [V2, EXAMPLES],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: { id: holder.did, name: 'x' },
    });
    if (vc === undefined) throw new Error('not issued');
    const vp = await present([vc], true, undefined);
    for (const mode of ['throws', 'stuck'] as const) {
      let calls = 0;
      const keyResolver = async (): Promise<never> => {
        calls++;
        if (mode === 'throws') throw new Error('resolver down');
        return new Promise<never>(() => {});
      };
      const opts = { documentLoader, keyResolver, timeoutMs: 20, now: () => NOW, requireStatusCheck: false };
      const runs = [
        () => verifyCredential(vc, opts),
        () => verifyPresentation(vp, { ...opts, challenge: 'c-1' }),
      ];
      for (const run of runs) {
        calls = 0;
        const fast = await verdict(run, true);
        const fastCalls = calls;
        calls = 0;
        const full = await verdict(run, false);
        expect(fast).toEqual(full);
        expect(fast.accepted).toBe(false);
        expect(fastCalls).toBe(calls);
      }
    }
  });

  it('JSON with the signed RDF but not in signed form is never answered by the direct path, and is refused as on the full path', async () => {
    const EX = 'https://www.w3.org/ns/credentials/examples#';
    const vc = await sign({
      '@context': [V2, EXAMPLES],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      validFrom: '2025-01-01T00:00:00Z',
      credentialStatus: {
        id: 'https://status.example/1#5',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '5',
        statusListCredential: 'https://status.example/1',
      },
      credentialSubject: {
        id: holder.did,
        type: 'Person',
        motto: { '@value': 'carpe diem', '@language': 'la' },
        knows: { id: 'did:example:friend', name: 'F' },
        rank: 2,
      },
    });
    if (vc === undefined) throw new Error('not issued');
    const variants: Array<[string, (c: Obj) => void]> = [
      ['a type under its full IRI', (c) => ((c.credentialSubject as Obj).type = `${EX}Person`)],
      [
        'a member under its full IRI',
        (c) => {
          const s = c.credentialSubject as Obj;
          s[`${EX}rank`] = s.rank!;
          delete s.rank;
        },
      ],
      [
        'a language tag in another case',
        (c) => {
          (c.credentialSubject as Obj).motto = { '@value': 'carpe diem', '@language': 'LA' };
        },
      ],
      [
        'an integer written as a typed value object',
        (c) => {
          (c.credentialSubject as Obj).rank = {
            '@value': '2',
            '@type': 'http://www.w3.org/2001/XMLSchema#integer',
          };
        },
      ],
      ['a number written as a value object', (c) => ((c.credentialSubject as Obj).rank = { '@value': 2 })],
      [
        'a node split in two',
        (c) => {
          const s = c.credentialSubject as Obj;
          c.credentialSubject = [
            { ...s, knows: 'did:example:friend' },
            { id: holder.did, knows: s.knows! },
          ];
        },
      ],
      [
        '@id for id',
        (c) => {
          const s = c.credentialSubject as Obj;
          s['@id'] = s.id!;
          delete s.id;
        },
      ],
      [
        'a scoped context reached through a property',
        (c) => {
          (c.credentialSubject as Obj)['@context'] = { rank: `${EX}rank` };
        },
      ],
    ];
    const run = (doc: Obj) => () =>
      verifyCredential(doc, { documentLoader, now: () => NOW, requireStatusCheck: false });
    const first = directAnswers();
    expect(await verdict(run(vc), true)).toEqual({ accepted: true });
    expect(directAnswers()).toBe(first + 1);
    for (const [name, change] of variants) {
      const doc = structuredClone(vc);
      change(doc);
      const before = directAnswers();
      const fast = await verdict(run(doc), true);
      expect({ name, answered: directAnswers() - before }).toEqual({ name, answered: 0 });
      expect({ name, fast }).toEqual({ name, fast: await verdict(run(doc), false) });
      expect({ name, accepted: fast.accepted }).toEqual({ name, accepted: false });
    }
  });
});
