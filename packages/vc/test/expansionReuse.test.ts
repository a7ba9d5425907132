/**
 * The expansion the signed-form check makes is reused by RDFC-1.0 canonicalization (one JSON-LD
 * expansion instead of two per signed part). Two properties over generated credentials (varied
 * subjects, arrays, nested objects, numbers, booleans, dates, ids, language strings, status
 * entries), with the reuse on:
 *  - every kept expansion canonicalizes to exactly the N-Quads `jsonld.toRDF` + `rdf-canonize`
 *    give for the same JSON, byte for byte, and what is kept is exactly what the cryptosuite
 *    canonicalizes (the credential without its proof, the proof configuration);
 *  - every verdict — on the signed credential and on mutations of it — is the one of the full
 *    path (reuse off): accepted by both, or refused by both with the same codes.
 */
import {
  createDocumentLoader,
  createPresentation,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
} from '@realdid/vc';
import fc from 'fast-check';
import jsonld from 'jsonld';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyContext } from '../src/internal/context.js';
import { setDirectPath } from '../src/internal/direct/verifyDirect.js';
import { canonizeWith, expandedCacheFor, setExpansionReuse } from '../src/internal/expandedCache.js';
import { checkSignedForm } from '../src/internal/profile.js';
import { templateHits } from '../src/internal/proofTemplates.js';
import type { Json, Obj } from './credentialArbitraries.js';
import { dates, EXAMPLES, holder, issuer, mutate, NOW, unsigned, V2 } from './credentialArbitraries.js';
import { documentLoader, referenceNQuads, sha256Hex, type Verdict, verdictOf } from './helpers.js';

async function sign(c: Obj): Promise<Obj | undefined> {
  try {
    return (await issueCredential(c, { signer: issuer, documentLoader })) as Obj;
  } catch {
    return undefined; // refused at issuance (not in the signed-form profile): nothing to verify
  }
}

async function verdict(doc: unknown, reuse: boolean): Promise<Verdict> {
  // the expansion reuse is a part of the full path: the direct path (tested in directPath.test.ts)
  // is off here
  const before = setExpansionReuse(reuse);
  const direct = setDirectPath(false);
  try {
    return await verdictOf(() =>
      verifyCredential(doc, { documentLoader, now: () => NOW, requireStatusCheck: false }),
    );
  } finally {
    setExpansionReuse(before);
    setDirectPath(direct);
  }
}

afterEach(() => {
  setExpansionReuse(true);
});

describe('the expansion kept by the signed-form check, reused for RDFC-1.0', () => {
  it('property: kept expansions give the reference N-Quads byte for byte, for exactly what the suite signs', async () => {
    const ctx = verifyContext({ documentLoader });
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
    let checked = 0;
    const hitsBefore = templateHits();
    await fc.assert(
      fc.asyncProperty(unsigned, freeText, freeText, async (c, a, b) => {
        const vc = await sign(c);
        if (vc === undefined) return;
        // the signed credential, then two proofs of one template with other free-text values
        const variants: Obj[] = [
          vc,
          { ...vc, proof: { ...(vc.proof as Obj), ...a } },
          { ...vc, proof: { ...(vc.proof as Obj), ...a, ...b } },
        ];
        for (const doc of variants) {
          const keep = expandedCacheFor(doc, documentLoader);
          expect(keep).toBeDefined();
          if (keep === undefined) return;
          expect(await checkSignedForm(doc, ctx, 'credential', keep)).toEqual([]);
          const { proof, ...unsecured } = doc;
          const config: Obj = { '@context': doc['@context'] as Json, ...(proof as Obj) };
          delete config.proofValue;
          expect([...keep.keys()].sort()).toEqual([JSON.stringify(unsecured), JSON.stringify(config)].sort());
          const canonize = canonizeWith(keep);
          for (const input of [unsecured, config]) {
            const fast = await canonize(input, { documentLoader, base: null, safe: true });
            expect(fast).toBe(await referenceNQuads(input));
          }
        }
        checked++;
      }),
      { numRuns: 200 },
    );
    // about 57% of the generated credentials are in the signed-form profile (mean 115 of 200, sd 7):
    // the bound sits six deviations below, so it fails only when the generator or the profile changes
    expect(checked).toBeGreaterThan(70);
    // most proof configurations were answered by a recorded template (about 2.8 a credential)
    expect(templateHits() - hitsBefore).toBeGreaterThan(2 * checked);
  }, 240_000);

  it('property: every verdict equals the full path’s, on signed credentials and mutations of them', async () => {
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
            const fast = await verdict(doc, true);
            expect(fast).toEqual(await verdict(doc, false));
            if (fast.accepted) accepted++;
          }
        },
      ),
      { numRuns: 150 },
    );
    // mean about 90 of 300 verdicts accepted: the bound sits five deviations below
    expect(accepted).toBeGreaterThan(40);
  }, 240_000);

  it('nothing is kept when the VC 2.0 context is not first or is not the bundled document', async () => {
    const vc = await sign({
      '@context': [V2, EXAMPLES],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      credentialSubject: { id: holder.did, name: 'x' },
    });
    expect(vc).toBeDefined();
    if (vc === undefined) return;
    expect(expandedCacheFor(vc, documentLoader)).toBeInstanceOf(Map);
    expect(expandedCacheFor({ ...vc, '@context': [EXAMPLES, V2] }, documentLoader)).toBeUndefined();
    expect(
      expandedCacheFor({ ...vc, '@context': [V2, 'https://w3id.org/security/v2'] }, documentLoader),
    ).toBeUndefined();
    // the same URL pinned to another text (here the bundled one with a space more)
    const text = `${JSON.stringify((await documentLoader(V2)).document)} `;
    const other = createDocumentLoader({ contexts: { [V2]: { text, sha256: sha256Hex(text) } } });
    expect(expandedCacheFor(vc, other)).toBeUndefined();
    // a loader not made by createDocumentLoader: what it serves is not known
    expect(expandedCacheFor(vc, async (url) => documentLoader(url))).toBeUndefined();
    expect(setExpansionReuse(false)).toBe(true);
    expect(expandedCacheFor(vc, documentLoader)).toBeUndefined();
  });

  it('verifyCredential and verifyPresentation expand each signed part at most once', async () => {
    const vc = await sign({
      '@context': [V2, EXAMPLES],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      credentialSubject: { id: holder.did, name: 'x' },
    });
    expect(vc).toBeDefined();
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [vc], holder: holder.did }),
      {
        signer: holder,
        challenge: 'c',
        documentLoader,
      },
    );
    const expansions = async (reuse: boolean, run: () => Promise<unknown>) => {
      const spy = vi.spyOn(jsonld, 'expand');
      const before = setExpansionReuse(reuse);
      const direct = setDirectPath(false);
      try {
        await run();
        return spy.mock.calls.length;
      } finally {
        setExpansionReuse(before);
        setDirectPath(direct);
        spy.mockRestore();
      }
    };
    const verifyVc = () => verifyCredential(vc, { documentLoader });
    const verifyVp = () => verifyPresentation(vp, { challenge: 'c', documentLoader });
    // the first verification records the proof configurations' templates
    await expansions(true, verifyVc);
    await expansions(true, verifyVp);
    // a credential: the credential without its proof is expanded once (not again for compaction's
    // input, nor by toRDF); its proof configuration comes from its template (no expansion for the
    // check, for compaction's input, or for toRDF)
    expect((await expansions(false, verifyVc)) - (await expansions(true, verifyVc))).toBe(5);
    // a presentation: its own JSON for compaction (1), its proof configuration (3), and the
    // embedded credential (5)
    expect((await expansions(false, verifyVp)) - (await expansions(true, verifyVp))).toBe(9);
  });

  it('concurrent verifications of different credentials and proofs keep their own expansions', async () => {
    const docs: Obj[] = [];
    for (let i = 0; i < 12; i++) {
      const vc = await sign({
        '@context': [V2, EXAMPLES],
        id: `urn:uuid:00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
        type: ['VerifiableCredential'],
        issuer: issuer.did,
        validFrom: '2025-01-01T00:00:00Z',
        credentialSubject: { id: holder.did, name: `n${i}`, score: i },
      });
      if (vc === undefined) throw new Error('not issued');
      docs.push(vc);
      // the same proof on another credential, and another proof on the same credential
      docs.push({ ...vc, credentialSubject: { id: holder.did, name: `m${i}`, score: i } });
      docs.push({ ...vc, proof: { ...(vc.proof as Obj), created: '2024-02-02T00:00:00Z' } });
    }
    const expected = [];
    for (const d of docs) expected.push(await verdict(d, false));
    expect(expected.filter((v) => v.accepted)).toHaveLength(12);
    const concurrent = await Promise.all(docs.map((d) => verdict(d, true)));
    expect(concurrent).toEqual(expected);
  });

  it('a kept expansion is used only for the exact JSON it was made from', async () => {
    const keep = new Map<string, unknown>([[JSON.stringify({ a: 1 }), []]]);
    const canonize = canonizeWith(keep);
    // the kept (empty) expansion stands for {a: 1}: canonicalization gives no quads
    expect(await canonize({ a: 1 }, { documentLoader, base: null, safe: true })).toBe('');
    // any other JSON, or other options, is canonicalized in full
    const other = { '@context': { b: 'https://example.com/b' }, b: 'x' };
    const full = '_:c14n0 <https://example.com/b> "x" .\n';
    expect(await canonize(other, { documentLoader, base: null, safe: true })).toBe(full);
  });
});
