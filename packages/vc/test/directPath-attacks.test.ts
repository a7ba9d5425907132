/**
 * Attacks on the direct path of verification (src/internal/direct/): it only ever accepts, so
 * each test is a document an attacker controls, signed where acceptance must be reachable, and
 * the property that the direct path answers nothing the full path (`setDirectPath(false)`) does
 * not answer the same, and computes no N-Quads other than `jsonld.toRDF` + `rdf-canonize`.
 */
import {
  createPresentation,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
} from '@realdid/vc';
import fc from 'fast-check';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import { afterEach, describe, expect, it } from 'vitest';
import { directNQuads } from '../src/internal/direct/canonical.js';
import { directAnswers, setDirectPath } from '../src/internal/direct/verifyDirect.js';
import type { Json, Obj } from './credentialArbitraries.js';
import { EXAMPLES, holder, issuer, NOW, V2 } from './credentialArbitraries.js';
import { documentLoader } from './helpers.js';

const EX = 'https://www.w3.org/ns/credentials/examples#';
const CRED = 'https://www.w3.org/2018/credentials#';

async function referenceNQuads(input: Obj): Promise<string | undefined> {
  try {
    const dataset = await jsonld.toRDF(input, {
      documentLoader,
      safe: true,
      base: null,
      rdfDirection: 'i18n-datatype',
      produceGeneralizedRdf: false,
    });
    return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
  } catch {
    return undefined; // jsonld refuses (safe mode): the direct path must not answer either
  }
}

/** Whenever the direct path answers, its N-Quads are the reference ones; returns whether it answered. */
async function sameNQuads(input: Obj): Promise<boolean> {
  const direct = directNQuads(input, documentLoader);
  if (direct === undefined) return false;
  expect(direct).toBe(await referenceNQuads(input));
  return true;
}

function cred(subject: Obj, extra: Obj = {}): Obj {
  return {
    '@context': [V2, EXAMPLES],
    type: ['VerifiableCredential'],
    issuer: issuer.did,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: { id: holder.did, ...subject },
    ...extra,
  };
}

async function sign(c: Obj): Promise<Obj> {
  return (await issueCredential(c, { signer: issuer, documentLoader })) as Obj;
}

type Verdict = { accepted: true } | { accepted: false; codes: string[] };
async function verdictOf(run: () => Promise<unknown>, direct: boolean): Promise<Verdict> {
  const before = setDirectPath(direct);
  try {
    await run();
    return { accepted: true };
  } catch (e) {
    const errors = (e as { errors?: Array<{ code: string }> }).errors;
    const code = (e as { code?: unknown }).code;
    if (errors === undefined && code === undefined) throw e;
    return { accepted: false, codes: (errors ?? []).map((x) => x.code).concat(String(code)) };
  } finally {
    setDirectPath(before);
  }
}

const verifyVc = (doc: unknown) => () =>
  verifyCredential(doc, { documentLoader, now: () => NOW, requireStatusCheck: false });

/** The verdicts of both paths on `doc`: equal, else the test fails. Returns it. */
async function bothPaths(run: () => Promise<unknown>): Promise<Verdict> {
  const full = await verdictOf(run, false);
  const direct = await verdictOf(run, true);
  expect(direct).toEqual(full);
  return direct;
}

/**
 * A signed credential re-shaped: the proof of `signed` moved onto `reshape(signed without its
 * proof)`. The direct path must give the full path's verdict.
 */
async function reshaped(original: Obj, reshape: (c: Obj) => Obj): Promise<Verdict> {
  const signed = await sign(original);
  const { proof, ...rest } = structuredClone(signed);
  const doc = { ...reshape(rest), proof };
  return bothPaths(verifyVc(doc));
}

afterEach(() => {
  setDirectPath(true);
});

describe('direct path under attack: type values compacted against the outer (type-scoped) context', () => {
  it('a nested type written as a term of the enclosing type-scoped context is refused by both paths', async () => {
    // `issuer` is a term only inside the VerifiableCredential scope: compaction writes the
    // subject's type `${EX}issuer` as the full IRI, so `type: "issuer"` is not the signed form
    const v = await reshaped(cred({ type: `${EX}issuer`, name: 'x' }), (c) => ({
      ...c,
      credentialSubject: { ...(c.credentialSubject as Obj), type: 'issuer' },
    }));
    expect(v).toMatchObject({ accepted: false });
  });

  it('the same in an array of types and in nested objects', async () => {
    // one level below the credential node, in each member that holds a node object
    const places: Array<(t: string) => Obj> = [
      (t) => cred({ type: [t, 'Person'], name: 'x' }),
      (t) => ({ ...cred({ name: 'x' }), credentialSubject: [{ id: holder.did, type: t }, { name: 'y' }] }),
      (t) => cred({ name: 'x' }, { evidence: { type: [t], name: 'e' } }),
      (t) => cred({ name: 'x' }, { termsOfUse: { type: t, name: 'u' } }),
      (t) => cred({ name: 'x' }, { issuer: { id: issuer.did, type: t, name: 'Issuer' } }),
    ];
    let tried = 0;
    for (const place of places) {
      for (const name of ['issuer', 'credentialSubject', 'validFrom', 'credentialStatus', 'evidence']) {
        let signed: Obj;
        try {
          signed = await sign(place(`${EX}${name}`));
        } catch {
          continue; // compaction writes this IRI otherwise: no attack on it
        }
        tried++;
        const v = await bothPaths(verifyVc({ ...place(name), proof: signed.proof as Json }));
        expect(v).toMatchObject({ accepted: false });
      }
    }
    expect(tried).toBeGreaterThanOrEqual(10);
  });

  it('a presentation: a node below it typed by the name of a presentation-scoped term is refused by both paths', async () => {
    const vc = await sign(cred({ name: 'x' }));
    let tried = 0;
    for (const name of ['holder', 'verifiableCredential', 'issuer']) {
      const place = (t: string): Obj => ({
        ...(createPresentation({ verifiableCredential: [vc], holder: holder.did }) as Obj),
        termsOfUse: { type: t, name: 'u' },
      });
      let signed: Obj;
      try {
        signed = (await signPresentation(place(`${EX}${name}`), {
          signer: holder,
          challenge: 'c-1',
          documentLoader,
        })) as Obj;
      } catch {
        continue;
      }
      tried++;
      const shown = { ...place(name), proof: signed.proof as Json };
      const run = () =>
        verifyPresentation(shown, {
          documentLoader,
          challenge: 'c-1',
          now: () => NOW,
          requireStatusCheck: false,
        });
      const before = directAnswers('presentation');
      expect(await bothPaths(run)).toMatchObject({ accepted: false });
      expect(directAnswers('presentation')).toBe(before);
    }
    expect(tried).toBeGreaterThanOrEqual(1);
  });

  it('property: nested type values written as a name or as an IRI give both paths the same verdict', async () => {
    const names = fc.constantFrom(
      'issuer',
      'credentialSubject',
      'validFrom',
      'validUntil',
      'credentialStatus',
      'proof',
      'name',
      'description',
      'VerifiableCredential',
      'Person',
      'holder',
      'DataIntegrityProof',
    );
    const spelling = fc.constantFrom('', EX, CRED, 'https://schema.org/');
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(names, spelling, spelling, fc.nat(2), async (n, signedAs, shownAs, where) => {
        const place = (t: string): Obj =>
          where === 0
            ? cred({ type: t, name: 'x' })
            : where === 1
              ? cred({ knows: { type: [t, 'Person'], name: 'x' } })
              : cred({ knows: [{ type: t, name: 'x' }, 'y'] });
        let signed: Obj;
        try {
          signed = await sign(place(signedAs + n));
        } catch {
          return; // not in the signed form: issuance refuses
        }
        await sameNQuads(place(shownAs + n));
        const v = await bothPaths(verifyVc({ ...place(shownAs + n), proof: signed.proof as Json }));
        if (v.accepted) accepted++;
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeGreaterThan(20);
  }, 120_000);
});
