/**
 * Attacks on what the application reads: a Data Integrity proof signs canonical RDF, the
 * application reads JSON. Each test is the exploit itself: a document whose RDF is the signed one
 * (so the signature still verifies) but whose JSON says something else, hides a member from the
 * verifier's own checks, or costs far more than its size. Every one was accepted before the
 * signed-form profile (docs/vc.md).
 */
import { generateKeyPair } from '@realdid/crypto';
import type { VcErrorCode } from '@realdid/vc';
import {
  addDataIntegrityProof,
  canonicalize,
  createDidKeySigner,
  createPresentation,
  deriveCredential,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { signingSuite } from '../src/internal/suites.js';
import { documentLoader } from './helpers.js';

const issuer = createDidKeySigner(generateKeyPair('Ed25519'));
const holder = createDidKeySigner(generateKeyPair('Ed25519'));
const p256 = createDidKeySigner(generateKeyPair('P-256'));
const NOW = new Date('2026-01-01T00:00:00Z');
const CRED = 'https://www.w3.org/2018/credentials#';
const SEC = 'https://w3id.org/security#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const EX = 'https://www.w3.org/ns/credentials/examples#';
const CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'];
const OPTS = { documentLoader, now: NOW, requireStatusCheck: false } as const;
const RP = 'https://rp.example';

type Doc = Record<string, unknown>;

function unsigned(extra: Doc = {}, subject: Doc = {}, by = issuer): Doc {
  return {
    '@context': CONTEXTS,
    id: 'urn:uuid:0b1d3c52-6f7e-4d0a-9c56-3b3f4f8f0a11',
    type: ['VerifiableCredential', 'IdentityCredential'],
    issuer: by.did,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: holder.did,
      givenName: 'Asha',
      familyName: 'Verma',
      over18: false,
      score: 4.5,
      ...subject,
    },
    ...extra,
  };
}
const issue = (doc: Doc, signer = issuer) => issueCredential(doc, { signer, documentLoader });

/** The code a verification fails with (the verifiers throw on any failure). */
async function refusal(run: Promise<unknown>): Promise<VcErrorCode | 'accepted'> {
  try {
    const r = (await run) as { verified?: unknown; errors?: readonly { code: VcErrorCode }[] };
    // Releases before 0.2 answered failures as `{ verified: false, errors }`: count that as a
    // refusal too, so these exploits read the same against either convention.
    if (r.verified === false) return r.errors?.[0]?.code ?? ('uncoded' as VcErrorCode);
    return 'accepted';
  } catch (e) {
    const err = e as { code?: VcErrorCode; errors?: readonly { code: VcErrorCode }[] };
    expect(err.errors?.[0]?.code).toBe(err.code);
    return err.code ?? ('uncoded' as VcErrorCode);
  }
}
const vcRefusal = (doc: Doc, opts: Doc = {}) => refusal(verifyCredential(doc, { ...OPTS, ...opts }));

/** Each mutant keeps the canonical N-Quads of the signed document: the signature alone cannot tell. */
async function sameRdf(a: Doc, b: Doc, opts: Doc = {}): Promise<void> {
  const strip = ({ proof: _p, ...rest }: Doc) => rest;
  const loader = { documentLoader, ...opts };
  expect(await canonicalize(strip(b), loader)).toBe(await canonicalize(strip(a), loader));
}

describe('1. context validation: only the pinned contexts the verifier expects', () => {
  it('an inline context that swaps givenName and familyName (values swapped too) is refused', async () => {
    const vc = await issue(unsigned());
    const swapped = {
      ...vc,
      '@context': [...CONTEXTS, { givenName: `${EX}familyName`, familyName: `${EX}givenName` }],
      credentialSubject: { ...(vc.credentialSubject as Doc), givenName: 'Verma', familyName: 'Asha' },
    };
    await sameRdf(vc, swapped);
    expect(await vcRefusal(swapped)).toBe('ERR_VC_CONTEXT');
    // Opting in is possible, and exactly as dangerous as documented: the swap then verifies.
    const opted = await verifyCredential(swapped, { ...OPTS, allowInlineContexts: true });
    expect((opted.credential.credentialSubject as Doc).givenName).toBe('Verma');
  });

  it('an inlined copy of a pinned context is refused like any inline context', async () => {
    const vc = await issue(unsigned());
    const copy = { ...vc, '@context': [CONTEXTS[0], { '@vocab': EX }] };
    await sameRdf(vc, copy);
    expect(await vcRefusal(copy)).toBe('ERR_VC_CONTEXT');
  });

  it('a protected term shadowed in a property-scoped inline context is refused', async () => {
    const vc = await issue(unsigned());
    const shadow = {
      ...vc,
      '@context': [
        ...CONTEXTS,
        {
          credentialSubject: {
            '@id': `${CRED}credentialSubject`,
            '@type': '@id',
            '@context': { givenName: `${EX}familyName` },
          },
        },
      ],
    };
    expect(await vcRefusal(shadow)).toBe('ERR_VC_CONTEXT');
  });

  it('a scoped @context inside the document is refused', async () => {
    const vc = await issue(unsigned());
    const scoped = {
      ...vc,
      credentialSubject: { '@context': { '@vocab': EX }, ...(vc.credentialSubject as Doc) },
    };
    expect(await vcRefusal(scoped)).toBe('ERR_VC_CONTEXT');
  });

  it('contexts outside the expected list, or out of its order, are refused', async () => {
    const vc = await issue(unsigned());
    expect(await vcRefusal(vc, { contexts: [CONTEXTS[0]] })).toBe('ERR_VC_CONTEXT');
    expect(await vcRefusal(vc, { contexts: [CONTEXTS[1], CONTEXTS[0]] })).toBe('ERR_VC_CONTEXT');
    await expect(verifyCredential(vc, { ...OPTS, contexts: CONTEXTS })).resolves.toMatchObject({
      verified: true,
    });
    const twice = { ...vc, '@context': [...CONTEXTS, CONTEXTS[1]] };
    expect(await vcRefusal(twice)).toBe('ERR_VC_CONTEXT');
  });

  it('an unknown context URL is refused without any fetch', async () => {
    const vc = await issue(unsigned());
    const unknown = { ...vc, '@context': [...CONTEXTS, 'https://evil.example/context.jsonld'] };
    expect(await vcRefusal(unknown)).toBe('ERR_VC_CONTEXT_NOT_ALLOWED');
  });
});

describe("2. JSON = signed data: the verifier's own checks cannot be bypassed", () => {
  it('an expired credential with validUntil under its full IRI is refused', async () => {
    const vc = await issue(unsigned({ validUntil: '2025-06-01T00:00:00Z' }));
    expect(await vcRefusal(vc)).toBe('ERR_VC_EXPIRED');
    const { validUntil, ...rest } = vc;
    const hidden = { ...rest, [`${CRED}validUntil`]: { '@value': validUntil, '@type': `${XSD}dateTime` } };
    await sameRdf(vc, hidden);
    expect(await vcRefusal(hidden)).toBe('ERR_VC_NOT_SIGNED_FORM');
  });

  it('a not-yet-valid credential with validFrom under its full IRI is refused', async () => {
    const vc = await issue(unsigned({ validFrom: '2027-01-01T00:00:00Z' }));
    const { validFrom, ...rest } = vc;
    const hidden = { ...rest, [`${CRED}validFrom`]: { '@value': validFrom, '@type': `${XSD}dateTime` } };
    await sameRdf(vc, hidden);
    expect(await vcRefusal(hidden)).toBe('ERR_VC_NOT_SIGNED_FORM');
  });

  it('a revoked credential with credentialStatus hidden under its full IRI is refused', async () => {
    const status = { id: 'https://status.example/list#7', type: 'BitstringStatusListEntry' };
    const vc = await issue(unsigned({ credentialStatus: status }));
    let calls = 0;
    const checkStatus = () => {
      calls++;
      return { status: 'revoked' as const };
    };
    expect(await vcRefusal(vc, { checkStatus })).toBe('ERR_VC_REVOKED');
    const { credentialStatus, ...rest } = vc;
    const hidden = { ...rest, [`${CRED}credentialStatus`]: credentialStatus };
    await sameRdf(vc, hidden);
    calls = 0;
    expect(await vcRefusal(hidden, { checkStatus })).toBe('ERR_VC_NOT_SIGNED_FORM');
    expect(calls).toBe(0);
  });

  it('an expired proof with expires under its full IRI is refused', async () => {
    const suite = signingSuite('eddsa-rdfc-2022', issuer, { created: new Date('2025-01-01T00:00:00Z') });
    (suite as unknown as { proof: Doc }).proof = { expires: '2025-06-01T00:00:00Z' };
    const { default: jsigs } = await import('jsonld-signatures');
    const { RealDidProofPurpose } = await import('../src/internal/purpose.js');
    const vc = await jsigs.sign(unsigned(), {
      suite,
      purpose: new RealDidProofPurpose({ term: 'assertionMethod', now: NOW }),
      documentLoader,
    });
    expect(await vcRefusal(vc)).toBe('ERR_VC_PROOF_EXPIRED');
    const { expires, ...proof } = vc.proof as Doc;
    const hidden = {
      ...vc,
      proof: { ...proof, [`${SEC}expiration`]: { '@value': expires, '@type': `${XSD}dateTime` } },
    };
    expect(await vcRefusal(hidden)).toBe('ERR_VC_NOT_SIGNED_FORM');
  });

  it('a presentation hiding holder under its full IRI, signed by someone else, is refused', async () => {
    const vc = await issue(unsigned());
    const mallory = createDidKeySigner(generateKeyPair('Ed25519'));
    // Mallory signs a presentation that names the victim as holder, then hides the holder
    // member: the holder/key check would read nothing.
    const vp = await addDataIntegrityProof(
      { ...createPresentation({ verifiableCredential: [vc] }), [`${CRED}holder`]: { '@id': holder.did } },
      { signer: mallory, purpose: 'authentication', challenge: 'c', domain: RP, documentLoader },
    );
    const r = await refusal(verifyPresentation(vp, { ...OPTS, challenge: 'c', domain: RP }));
    expect(r).toBe('ERR_VC_NOT_SIGNED_FORM');
  });

  it('a presentation hiding verifiableCredential (with @graph) carrying a forged credential is refused', async () => {
    const vc = await issue(unsigned());
    const forged = { ...vc, credentialSubject: { ...(vc.credentialSubject as Doc), over18: true } };
    const vp = await addDataIntegrityProof(
      {
        ...createPresentation({ holder: holder.did }),
        [`${CRED}verifiableCredential`]: { '@graph': forged },
      },
      { signer: holder, purpose: 'authentication', challenge: 'c', domain: RP, documentLoader },
    );
    expect(await refusal(verifyPresentation(vp, { ...OPTS, challenge: 'c', domain: RP }))).toBe(
      'ERR_VC_NOT_SIGNED_FORM',
    );
  });

  for (const [name, mutate] of [
    [
      'a value object where the signed value is a JSON boolean (over18 "false" is truthy)',
      (s: Doc) => ({ ...s, over18: { '@value': 'false', '@type': `${XSD}boolean` } }),
    ],
    [
      'a string where the signed value is a JSON number',
      (s: Doc) => ({ ...s, score: { '@value': '4.5E0', '@type': `${XSD}double` } }),
    ],
    [
      '@id in place of id (drops credentialSubject.id and the holder binding)',
      ({ id, ...s }: Doc) => ({ ...s, '@id': id }),
    ],
    ['type split over type and @type', (s: Doc) => ({ ...s, type: 'Person', '@type': 'Adult' })],
    ['a claim moved under @nest', ({ familyName, ...s }: Doc) => ({ ...s, '@nest': { familyName } })],
    [
      'a claim moved under @included',
      (s: Doc) => ({ ...s, '@included': [{ id: s.id, restriction: 'none' }] }),
    ],
    ['a @set object', ({ givenName, ...s }: Doc) => ({ ...s, givenName: { '@set': [givenName] } })],
    ['an unsigned @index', (s: Doc) => ({ ...s, '@index': 'anything the attacker likes' })],
    ['a claim moved under @reverse', (s: Doc) => ({ ...s, '@reverse': { knows: { id: 'did:example:x' } } })],
    [
      'a claim moved into @graph',
      ({ familyName, ...s }: Doc) => ({ ...s, '@graph': [{ id: s.id, familyName }] }),
    ],
    ['an @list object', ({ givenName, ...s }: Doc) => ({ ...s, givenName: { '@list': [givenName] } })],
    ['an unsigned @language on a node', (s: Doc) => ({ ...s, '@language': 'fr' })],
    [
      'a claim under its full IRI',
      ({ familyName, ...s }: Doc) => ({ ...s, [`${EX}familyName`]: familyName }),
    ],
  ] as const) {
    it(`${name}: refused`, async () => {
      const vc = await issue(unsigned({}, name.includes('type split') ? { type: ['Person', 'Adult'] } : {}));
      const subject = vc.credentialSubject as Doc;
      const mutant = { ...vc, credentialSubject: mutate(subject) };
      // the unsigned extras and the moved members of the last few change the RDF (a dropped
      // @index / @language, another graph); all of them are refused for their form first
      const keepsRdf = !/@included|@index|@language|@reverse|@graph|@list/.test(name);
      if (keepsRdf) await sameRdf(vc, mutant);
      expect(await vcRefusal(mutant)).toBe('ERR_VC_NOT_SIGNED_FORM');
    });
  }

  it('a subject split in two nodes is refused', async () => {
    const vc = await issue(unsigned());
    const { givenName, familyName, ...s } = vc.credentialSubject as Doc;
    const split = {
      ...vc,
      credentialSubject: [
        { ...s, givenName },
        { id: s.id, familyName },
      ],
    };
    await sameRdf(vc, split);
    expect(await vcRefusal(split)).toBe('ERR_VC_NOT_SIGNED_FORM');
  });

  it('a restriction renamed to an alias with the same IRI is refused', async () => {
    // the base context gives `type` and `@type` one meaning; an alias to a claim's IRI through
    // @vocab under another spelling is the full-IRI case: the member vanishes from where the app looks
    const vc = await issue(unsigned({}, { restriction: 'only on weekdays' }));
    const { restriction, ...s } = vc.credentialSubject as Doc;
    const aliased = { ...vc, credentialSubject: { ...s, [`${EX}restriction`]: restriction } };
    await sameRdf(vc, aliased);
    expect(await vcRefusal(aliased)).toBe('ERR_VC_NOT_SIGNED_FORM');
  });
});

describe('issuers cannot sign what verifiers would refuse to read', () => {
  it('issueCredential refuses a member under its full IRI, a typed value object, a keyword', async () => {
    for (const subject of [
      { [`${EX}familyName`]: 'Verma' },
      { over18: { '@value': 'false', '@type': `${XSD}boolean` } },
      { '@nest': { familyName: 'Verma' } },
    ]) {
      await expect(issue(unsigned({}, subject))).rejects.toMatchObject({ code: 'ERR_VC_NOT_SIGNED_FORM' });
    }
    await expect(
      issue(unsigned({}, { tags: Array.from({ length: 300 }, (_, i) => `t${i}`) })),
    ).rejects.toMatchObject({ code: 'ERR_VC_LIMIT' });
  });
});

describe('3. proof chains: previousProof', () => {
  it('a proof whose previousProof names an absent proof is refused', async () => {
    const vc = await issue(unsigned());
    const { proof: _p, ...doc } = vc;
    const orphan = await addDataIntegrityProof(doc, { signer: p256, proofId: 'urn:uuid:second' });
    // Sign a proof that names a previous proof, then leave the previous proof out.
    const suite = signingSuite('eddsa-rdfc-2022', issuer, { previousProof: 'urn:uuid:absent' });
    const { default: jsigs } = await import('jsonld-signatures');
    const { RealDidProofPurpose } = await import('../src/internal/purpose.js');
    const dangling = await jsigs
      .sign(doc, {
        suite,
        purpose: new RealDidProofPurpose({ term: 'assertionMethod', now: NOW }),
        documentLoader,
      })
      .catch((e: { code?: string }) => e);
    // our signer refuses to make such a proof, so splice one in by hand
    expect((dangling as { code?: string }).code).toBe('ERR_VC_PROOF_CHAIN');
    const withOrphanRef = {
      ...vc,
      proof: [vc.proof, { ...(orphan.proof as Doc), previousProof: 'urn:uuid:absent' }],
    };
    expect(await vcRefusal(withOrphanRef)).toBe('ERR_VC_PROOF_CHAIN');
  });

  it('a chain verifies; its order and its dependency on the previous proof are checked', async () => {
    const first = await addDataIntegrityProof(unsigned(), { signer: issuer, proofId: 'urn:uuid:first' });
    const chain = await addDataIntegrityProof(first, {
      signer: issuer,
      proofId: 'urn:uuid:second',
      previousProof: 'urn:uuid:first',
    });
    const proofs = chain.proof as Doc[];
    expect(proofs).toHaveLength(2);
    await expect(verifyCredential(chain, OPTS)).resolves.toMatchObject({ verified: true });
    // out of order
    expect(await vcRefusal({ ...chain, proof: [proofs[1], proofs[0]] })).toBe('ERR_VC_PROOF_CHAIN');
    // the second proof signs the first: another first proof (re-signed, same id) breaks it
    const other = await addDataIntegrityProof(unsigned(), {
      signer: issuer,
      proofId: 'urn:uuid:first',
      created: new Date('2025-02-02T00:00:00Z'),
    });
    expect(await vcRefusal({ ...chain, proof: [other.proof, proofs[1]] })).toBe('ERR_VC_PROOF_INVALID');
    // two proofs with one id
    expect(
      await vcRefusal({ ...chain, proof: [proofs[0], { ...(proofs[1] as Doc), id: 'urn:uuid:first' }] }),
    ).toBe('ERR_VC_PROOF_CHAIN');
  });
});

describe('4. budgets before canonicalization', () => {
  it('thousands of one-term inline contexts are refused before any JSON-LD work (also when inline contexts are allowed)', async () => {
    const vc = await issue(unsigned());
    const contexts = (n: number) => [
      ...CONTEXTS,
      ...Array.from({ length: n }, (_, i) => ({ [`t${i}`]: `https://example.org/t${i}` })),
    ];
    expect(await vcRefusal({ ...vc, '@context': contexts(500) }, { allowInlineContexts: true })).toBe(
      'ERR_VC_LIMIT',
    );
    expect(await vcRefusal({ ...vc, '@context': contexts(20) }, { allowInlineContexts: true })).toBe(
      'ERR_VC_LIMIT',
    );
    // 5,000 contexts are over the document size limit already
    expect(await vcRefusal({ ...vc, '@context': contexts(5000) }, { allowInlineContexts: true })).toBe(
      'ERR_VC_MALFORMED',
    );
    // a few large inline contexts: the term budget
    const big = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`t${i}`, `https://example.org/t${i}`]),
    );
    expect(await vcRefusal({ ...vc, '@context': [...CONTEXTS, big] }, { allowInlineContexts: true })).toBe(
      'ERR_VC_LIMIT',
    );
    // ... also when hidden in a scoped context of a term definition
    const scoped = { credentialSubject: { '@id': `${CRED}credentialSubject`, '@context': big } };
    expect(await vcRefusal({ ...vc, '@context': [...CONTEXTS, scoped] }, { allowInlineContexts: true })).toBe(
      'ERR_VC_LIMIT',
    );
  });

  it('a set of 1,000 distinct values, an array of 1,000 equal values: ERR_VC_LIMIT; 30,000 values: over the size limit', async () => {
    const vc = await issue(unsigned());
    const s = vc.credentialSubject as Doc;
    const many = {
      ...vc,
      credentialSubject: { ...s, tags: Array.from({ length: 1000 }, (_, i) => `v${i}`) },
    };
    expect(await vcRefusal(many)).toBe('ERR_VC_LIMIT');
    const equal = { ...vc, credentialSubject: { ...s, tags: Array.from({ length: 1000 }, () => 'same') } };
    expect(await vcRefusal(equal)).toBe('ERR_VC_LIMIT');
    const huge = {
      ...vc,
      credentialSubject: { ...s, tags: Array.from({ length: 30000 }, (_, i) => `v${i}`) },
    };
    expect(await vcRefusal(huge)).toBe('ERR_VC_MALFORMED');
  });

  it('many equal blank nodes: ERR_VC_LIMIT', async () => {
    const vc = await issue(unsigned());
    const s = vc.credentialSubject as Doc;
    const nodes = Array.from({ length: 200 }, () => ({ knows: { name: 'x' } }));
    expect(await vcRefusal({ ...vc, credentialSubject: { ...s, knows: nodes } })).toBe('ERR_VC_LIMIT');
  });

  it('budgets are options: a caller can lower them', async () => {
    const vc = await issue(unsigned());
    expect(await vcRefusal(vc, { limits: { maxContexts: 1 } })).toBe('ERR_VC_LIMIT');
    await expect(verifyCredential(vc, { ...OPTS, limits: { maxArrayLength: 0 } })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('issuer and verifier of other suites keep working (same profile)', () => {
  const expiredHidden = (vc: Doc) => {
    const { validUntil, ...rest } = vc;
    return { ...rest, [`${CRED}validUntil`]: { '@value': validUntil, '@type': `${XSD}dateTime` } };
  };

  it('ecdsa-rdfc-2019: the full-IRI attack fails', async () => {
    const vc = await issue(unsigned({ validUntil: '2025-06-01T00:00:00Z' }, {}, p256), p256);
    expect(await vcRefusal(vc)).toBe('ERR_VC_EXPIRED');
    expect(await vcRefusal(expiredHidden(vc))).toBe('ERR_VC_NOT_SIGNED_FORM');
  });

  it('ecdsa-sd-2023 derived credentials: verify, and the full-IRI attack fails', async () => {
    const base = await issueCredential(unsigned({ validUntil: '2025-06-01T00:00:00Z' }, {}, p256), {
      signer: p256,
      cryptosuite: 'ecdsa-sd-2023',
      mandatoryPointers: ['/issuer', '/validFrom', '/validUntil'],
      documentLoader,
    });
    const derived = await deriveCredential(base, {
      selectivePointers: ['/credentialSubject/givenName'],
      documentLoader,
    });
    expect(await vcRefusal(derived)).toBe('ERR_VC_EXPIRED');
    await expect(
      verifyCredential(derived, { ...OPTS, now: new Date('2025-03-01T00:00:00Z') }),
    ).resolves.toMatchObject({ verified: true });
    expect(await vcRefusal(expiredHidden(derived))).toBe('ERR_VC_NOT_SIGNED_FORM');
  });
});

describe('the presentation proof and the signed JSON of its holder', () => {
  it('a holder signs, the verifier reads exactly the signed presentation', async () => {
    const vc = await issue(unsigned());
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [vc], holder: holder.did }),
      {
        signer: holder,
        challenge: 'c',
        documentLoader,
      },
    );
    const r = await verifyPresentation(vp, { ...OPTS, challenge: 'c' });
    expect(r.holder).toBe(holder.did);
    expect(r.credentials[0]?.credential).toEqual(vc);
  });
});
