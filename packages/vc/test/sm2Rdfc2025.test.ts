/**
 * sm2-rdfc-2025 (docs/sm2-rdfc-2025.md) through the public API: issue / verify round trips with
 * did:key SM2 signers, tampered documents and proofs refused with the right codes, keys of the
 * wrong type on either side, a signature under another user ID, hostile proof values and bit flips,
 * the signed-form profile, presentations signed with SM2, and mixed suites in presentations and
 * proof sets.
 */
import {
  base58btcDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  secretKeyToMultibase,
  utf8Decode,
  utf8Encode,
} from '@realdid/crypto';
import {
  addDataIntegrityProof,
  createDataIntegritySigner,
  createDidKeySigner,
  createDidResolver,
  createDocumentLoader,
  createPresentation,
  issueCredential,
  signPresentation,
  VC_ERROR_CODES,
} from '@realdid/vc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allHostileValues, flipBit, outcome } from '../../../test-support/hostile.js';
import { documentLoader, testContexts } from './helpers.js';
import { verifyCredential, verifyDataIntegrityProof, verifyPresentation } from './outcome.js';

type Obj = Record<string, unknown>;

const sm2 = createDidKeySigner(generateKeyPair('SM2'));
const sm2Holder = createDidKeySigner(generateKeyPair('SM2'));
const otherSm2 = createDidKeySigner(generateKeyPair('SM2'));
const ed = createDidKeySigner(generateKeyPair('Ed25519'));
const p256 = createDidKeySigner(generateKeyPair('P-256'));
const NOW = new Date('2026-01-01T00:00:00Z');
const OPTS = { documentLoader, now: NOW } as const;

function credential(issuer: string, extra: Obj = {}): Obj {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: 'urn:uuid:0b7d3c2e-9a41-4f0e-8d55-3a1c6f2b9e70',
    type: ['VerifiableCredential', 'ResidenceCredential'],
    issuer,
    validFrom: '2025-01-01T00:00:00Z',
    validUntil: '2035-01-01T00:00:00Z',
    credentialSubject: { id: sm2Holder.did, region: 'Beijing', ageOver18: true },
    ...extra,
  };
}
const proofOf = (d: Obj) => d.proof as Obj;
const codes = (r: { errors: readonly { code: string }[] }) => r.errors.map((e) => e.code);

const vc = await issueCredential(credential(sm2.did), { signer: sm2, documentLoader });

describe('sm2-rdfc-2025: issue and verify', () => {
  it('an SM2 did:key signer issues sm2-rdfc-2025 by default; the credential verifies', async () => {
    expect(sm2.did.startsWith('did:key:zEP')).toBe(true);
    expect(sm2.algorithm).toBe('SM2');
    expect(proofOf(vc)).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'sm2-rdfc-2025',
      proofPurpose: 'assertionMethod',
      verificationMethod: sm2.id,
    });
    expect(base58btcDecode((proofOf(vc).proofValue as string).slice(1))).toHaveLength(64);
    const r = await verifyCredential(vc, OPTS);
    expect(r.errors).toEqual([]);
    expect(r.issuer).toBe(sm2.did);
    expect(r.proofs).toEqual([
      {
        cryptosuite: 'sm2-rdfc-2025',
        verificationMethod: sm2.id,
        controller: sm2.did,
        proofPurpose: 'assertionMethod',
      },
    ]);
    expect(r.credential).toEqual(vc);
  });

  it('createDataIntegritySigner, an explicit cryptosuite, and a multibase secret key give the same suite', async () => {
    const kp = generateKeyPair('SM2');
    const fromString = createDidKeySigner(secretKeyToMultibase('SM2', kp.secretKey));
    const fromPair = createDataIntegritySigner(kp, fromString.id);
    expect(fromPair.algorithm).toBe('SM2');
    const signed = await issueCredential(credential(fromString.did), {
      signer: fromPair,
      cryptosuite: 'sm2-rdfc-2025',
      created: new Date('2025-06-01T00:00:00Z'),
      documentLoader,
    });
    const again = await issueCredential(credential(fromString.did), {
      signer: fromString,
      created: new Date('2025-06-01T00:00:00Z'),
      documentLoader,
    });
    // deterministic SM2 nonces: one key, one document, one proof
    expect(again).toEqual(signed);
    expect((await verifyCredential(signed, OPTS)).verified).toBe(true);
  });

  it('the did:key SM2 key resolves through createDidResolver for both proof purposes, and through a document loader', async () => {
    const did = createDidResolver();
    for (const purpose of ['assertionMethod', 'authentication'] as const) {
      const vm = await did.verificationMethod(sm2.id, { purpose });
      expect(vm).toEqual({
        id: sm2.id,
        type: 'Multikey',
        controller: sm2.did,
        publicKeyMultibase: sm2.did.slice('did:key:'.length),
      });
    }
    const r = await verifyCredential(vc, { ...OPTS, keyResolver: did.verificationMethod });
    expect(r.verified).toBe(true);
    // and as a DID document through a document loader bound to it
    const loader = createDocumentLoader({ contexts: testContexts(), resolveDid: did.didDocument });
    const { document } = (await loader(sm2.did)) as { document: { verificationMethod: Obj[] } };
    expect(document.verificationMethod[0]).toMatchObject({
      type: 'Multikey',
      publicKeyMultibase: sm2.did.slice('did:key:'.length),
    });
    expect((await verifyCredential(vc, { ...OPTS, documentLoader: loader })).verified).toBe(true);
  });
});

describe('sm2-rdfc-2025: tampering is refused with the right codes', () => {
  it('a changed claim, validity date or proof option: ERR_VC_PROOF_INVALID', async () => {
    const cases: Array<(d: Obj) => void> = [
      (d) => {
        (d.credentialSubject as Obj).region = 'Shanghai';
      },
      (d) => {
        d.validUntil = '2045-01-01T00:00:00Z';
      },
      (d) => {
        proofOf(d).created = '2020-01-01T00:00:00Z';
      },
    ];
    for (const change of cases) {
      const d = structuredClone(vc);
      change(d);
      expect(codes(await verifyCredential(d, OPTS))).toEqual(['ERR_VC_PROOF_INVALID']);
    }
  });

  it("another SM2 key's signature over the same document: ERR_VC_PROOF_INVALID", async () => {
    const forged = await addDataIntegrityProof(credential(sm2.did), { signer: otherSm2, documentLoader });
    const d = structuredClone(vc);
    proofOf(d).proofValue = proofOf(forged).proofValue;
    expect(codes(await verifyCredential(d, OPTS))).toEqual(['ERR_VC_PROOF_INVALID']);
  });

  it('the proofValue must be base58btc of exactly 64 bytes (base64url of the same bytes is refused)', async () => {
    const bytes = base58btcDecode((proofOf(vc).proofValue as string).slice(1));
    for (const pv of [
      `u${base64urlEncode(bytes)}`,
      `z${(proofOf(vc).proofValue as string).slice(2)}`, // 63-ish bytes
      `${proofOf(vc).proofValue as string}1`, // a trailing zero byte
      'z0OIl',
      '',
    ]) {
      const d = structuredClone(vc);
      proofOf(d).proofValue = pv;
      const r = await verifyCredential(d, OPTS);
      expect(r.verified, pv).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) expect(VC_ERROR_CODES).toContain(e.code);
    }
    const d = structuredClone(vc);
    proofOf(d).proofValue = `u${base64urlEncode(bytes)}`;
    expect(codes(await verifyCredential(d, OPTS))).toEqual(['ERR_VC_PROOF_INVALID']);
  });

  it('a signature made with another user ID than 1234567812345678 does not verify (the ID is fixed)', async () => {
    const kp = generateKeyPair('SM2');
    const base = createDidKeySigner(kp);
    const alice = createSigner(kp, { userId: 'ALICE123@YAHOO.COM' });
    const signer = {
      id: base.id,
      algorithm: 'SM2' as const,
      async sign({ data }: { data: Uint8Array }) {
        return alice.sign(data);
      },
    };
    const signed = await issueCredential(credential(base.did), { signer, documentLoader });
    expect(codes(await verifyCredential(signed, OPTS))).toEqual(['ERR_VC_PROOF_INVALID']);
    // the same key with the default ID verifies
    expect(
      (
        await verifyCredential(
          await issueCredential(credential(base.did), { signer: base, documentLoader }),
          OPTS,
        )
      ).verified,
    ).toBe(true);
  });

  it("a proof @context: the document's must start with it, and the document is read under it", async () => {
    // Both give the proof configuration the same N-Quads as the document's @context does, so
    // only Verify Proof step 4 refuses them.
    const notPrefix = structuredClone(vc);
    proofOf(notPrefix)['@context'] = [
      'https://www.w3.org/ns/credentials/v2',
      'https://w3id.org/security/data-integrity/v2',
    ];
    expect(codes(await verifyDataIntegrityProof(notPrefix, { documentLoader }))).toEqual([
      'ERR_VC_PROOF_INVALID',
    ]);
    const prefix = structuredClone(vc);
    proofOf(prefix)['@context'] = ['https://www.w3.org/ns/credentials/v2'];
    // under the VC 2.0 context alone, the example terms of the document are undefined (safe mode)
    expect(codes(await verifyDataIntegrityProof(prefix, { documentLoader }))).toEqual(['ERR_VC_JSONLD']);
  });
});

describe('sm2-rdfc-2025: keys of the wrong type', () => {
  it('signing: an SM2 signer only for sm2-rdfc-2025, and sm2-rdfc-2025 only with an SM2 signer (TypeError)', async () => {
    for (const cryptosuite of ['eddsa-rdfc-2022', 'ecdsa-rdfc-2019', 'ecdsa-sd-2023', 'bbs-2023'] as const) {
      await expect(
        issueCredential(credential(sm2.did), { signer: sm2, cryptosuite, documentLoader }),
      ).rejects.toThrow(TypeError);
    }
    for (const who of [ed, p256]) {
      await expect(
        issueCredential(credential(who.did), { signer: who, cryptosuite: 'sm2-rdfc-2025', documentLoader }),
      ).rejects.toThrow(TypeError);
    }
  });

  it('verifying: an SM2 proof relabelled as another suite, and another key relabelled as SM2: ERR_VC_VERIFICATION_METHOD', async () => {
    for (const cryptosuite of ['eddsa-rdfc-2022', 'ecdsa-rdfc-2019']) {
      const d = structuredClone(vc);
      proofOf(d).cryptosuite = cryptosuite;
      expect(codes(await verifyCredential(d, OPTS))).toEqual(['ERR_VC_VERIFICATION_METHOD']);
    }
    for (const who of [ed, p256]) {
      const other = await issueCredential(credential(who.did), { signer: who, documentLoader });
      proofOf(other).cryptosuite = 'sm2-rdfc-2025';
      expect(codes(await verifyCredential(other, OPTS))).toEqual(['ERR_VC_VERIFICATION_METHOD']);
    }
  });

  it('createDataIntegritySigner refuses a secp256k1 key (RangeError)', () => {
    expect(() => createDidKeySigner(generateKeyPair('secp256k1'))).toThrow(RangeError);
  });
});

describe('sm2-rdfc-2025: hostile input', () => {
  it('hostile values as proofValue, cryptosuite, verificationMethod, created: coded refusals only', async () => {
    for (const member of ['proofValue', 'cryptosuite', 'verificationMethod', 'created']) {
      for (const v of allHostileValues()) {
        const d = structuredClone(vc);
        proofOf(d)[member] = v;
        const o = await outcome(() => verifyCredential(d, OPTS), { codes: [] });
        expect(o.kind, `${member}: ${String(typeof v)}`).toBe('returned');
        const r = (o as { value: Awaited<ReturnType<typeof verifyCredential>> }).value;
        // every member named is signed (or names the key or suite): any change is a refusal
        expect(r.verified).toBe(false);
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) expect(VC_ERROR_CODES).toContain(e.code);
      }
    }
  }, 120_000);

  it('bit flips in the JSON text of an SM2-signed credential never verify', async () => {
    const text = JSON.stringify(vc);
    const bytes = utf8Encode(text);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length * 8 - 1 }), async (bit) => {
        let doc: unknown;
        try {
          doc = JSON.parse(utf8Decode(flipBit(bytes, bit)));
        } catch {
          return;
        }
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
        const r = await verifyCredential(doc, OPTS);
        for (const e of r.errors) expect(VC_ERROR_CODES).toContain(e.code);
        if (JSON.stringify(doc) !== text) expect(r.verified).toBe(false);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('sm2-rdfc-2025: the signed-form profile applies', () => {
  it('a member under its full IRI (the same RDF, so the same hashData): ERR_VC_NOT_SIGNED_FORM', async () => {
    const d = structuredClone(vc);
    const s = d.credentialSubject as Obj;
    s['https://www.w3.org/ns/credentials/examples#region'] = s.region;
    delete s.region;
    expect(codes(await verifyCredential(d, OPTS))).toEqual(['ERR_VC_NOT_SIGNED_FORM']);
    expect(codes(await verifyDataIntegrityProof(d, { documentLoader }))).toEqual(['ERR_VC_NOT_SIGNED_FORM']);
  });

  it('an inline context: ERR_VC_CONTEXT unless allowed', async () => {
    const d = structuredClone(vc);
    (d['@context'] as unknown[]).push({ nickname: 'https://example.org/nickname' });
    expect(codes(await verifyCredential(d, OPTS))[0]).toBe('ERR_VC_CONTEXT');
  });
});

const edVc = await issueCredential(credential(ed.did), { signer: ed, documentLoader });
const p256Vc = await issueCredential(credential(p256.did), { signer: p256, documentLoader });

describe('sm2-rdfc-2025: presentations and mixed suites', () => {
  it('an SM2 holder signs a presentation of an SM2 credential; challenge and domain are bound', async () => {
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [vc], holder: sm2Holder.did }),
      { signer: sm2Holder, challenge: 'n-123', domain: 'https://rp.example', documentLoader },
    );
    expect(proofOf(vp)).toMatchObject({ cryptosuite: 'sm2-rdfc-2025', proofPurpose: 'authentication' });
    const r = await verifyPresentation(vp, { ...OPTS, challenge: 'n-123', domain: 'https://rp.example' });
    expect(r.errors).toEqual([]);
    expect(r.holder).toBe(sm2Holder.did);
    expect(r.proofs[0]?.cryptosuite).toBe('sm2-rdfc-2025');
    expect(
      codes(await verifyPresentation(vp, { ...OPTS, challenge: 'other', domain: 'https://rp.example' })),
    ).toContain('ERR_VC_CHALLENGE');
    const tampered = structuredClone(vp);
    proofOf(tampered).domain = 'https://evil.example';
    expect(
      (await verifyPresentation(tampered, { ...OPTS, challenge: 'n-123', domain: 'https://evil.example' }))
        .verified,
    ).toBe(false);
  });

  it('an SM2-signed presentation of Ed25519, P-256 and SM2 credentials, and an Ed25519 one of an SM2 credential', async () => {
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [edVc, p256Vc, vc], holder: sm2Holder.did }),
      { signer: sm2Holder, challenge: 'c', documentLoader },
    );
    const r = await verifyPresentation(vp, { ...OPTS, challenge: 'c' });
    expect(r.errors).toEqual([]);
    expect(r.credentials.map((c) => c.proofs[0]?.cryptosuite)).toEqual([
      'eddsa-rdfc-2022',
      'ecdsa-rdfc-2019',
      'sm2-rdfc-2025',
    ]);
    const edHolder = createDidKeySigner(generateKeyPair('Ed25519'));
    const vp2 = await signPresentation(
      createPresentation({ verifiableCredential: [vc], holder: edHolder.did }),
      {
        signer: edHolder,
        challenge: 'c',
        documentLoader,
      },
    );
    const r2 = await verifyPresentation(vp2, { ...OPTS, challenge: 'c' });
    expect(r2.errors).toEqual([]);
    expect(r2.proofs[0]?.cryptosuite).toBe('eddsa-rdfc-2022');
    expect(r2.credentials[0]?.proofs[0]?.cryptosuite).toBe('sm2-rdfc-2025');
    // a tampered SM2 credential inside a presentation is reported under its index
    const bad = structuredClone(vp);
    ((bad.verifiableCredential as Obj[])[2]?.credentialSubject as Obj).region = 'Shanghai';
    const rb = await verifyPresentation(bad, { ...OPTS, challenge: 'c' });
    expect(rb.verified).toBe(false);
    expect(rb.errors.map((e) => e.message).join('\n')).toContain('verifiableCredential[2]');
  });

  it('a proof set and a proof chain of eddsa-rdfc-2022 and sm2-rdfc-2025: each proof must verify', async () => {
    const doc = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:4c3f0e1a-7b2d-4e8a-9c11-2f5d6b7a8e90',
      type: ['VerifiableCredential'],
      issuer: ed.did,
      credentialSubject: { id: sm2Holder.did },
    };
    const one = await addDataIntegrityProof(doc, { signer: ed, documentLoader, proofId: 'urn:proof:1' });
    const set = await addDataIntegrityProof(one, { signer: sm2, documentLoader });
    const r = await verifyDataIntegrityProof(set, { documentLoader });
    expect(r.errors).toEqual([]);
    expect(r.proofs.map((p) => p.cryptosuite).sort()).toEqual(['eddsa-rdfc-2022', 'sm2-rdfc-2025']);
    // the SM2 proof's value replaced by one over other proof options (another `created`)
    const other = await addDataIntegrityProof(doc, { signer: sm2, documentLoader, created: new Date(0) });
    const broken = structuredClone(set);
    (broken.proof as Obj[])[1]!.proofValue = proofOf(other).proofValue;
    expect(codes(await verifyDataIntegrityProof(broken, { documentLoader }))).toEqual([
      'ERR_VC_PROOF_INVALID',
    ]);

    const chain = await addDataIntegrityProof(one, {
      signer: sm2,
      documentLoader,
      previousProof: 'urn:proof:1',
    });
    const rc = await verifyDataIntegrityProof(chain, { documentLoader });
    expect(rc.errors).toEqual([]);
    // the SM2 proof signs the Ed25519 one: changing it breaks both
    const cut = structuredClone(chain);
    (cut.proof as Obj[])[0]!.created = '2020-01-01T00:00:00Z';
    expect(codes(await verifyDataIntegrityProof(cut, { documentLoader }))).toEqual([
      'ERR_VC_PROOF_INVALID',
      'ERR_VC_PROOF_INVALID',
    ]);
  });
});

describe('sm2-jcs-2025 (the JCS variant)', () => {
  it('round trip for a credential and a presentation; SM2 signers default to the RDFC suite', async () => {
    const signed = await issueCredential(credential(sm2.did), {
      signer: sm2,
      cryptosuite: 'sm2-jcs-2025',
      documentLoader,
    });
    expect(proofOf(signed).cryptosuite).toBe('sm2-jcs-2025');
    const r = await verifyCredential(signed, OPTS);
    expect(r.errors).toEqual([]);
    expect(r.proofs[0]?.cryptosuite).toBe('sm2-jcs-2025');
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [signed, vc], holder: sm2Holder.did }),
      { signer: sm2Holder, cryptosuite: 'sm2-jcs-2025', challenge: 'c', documentLoader },
    );
    const rp = await verifyPresentation(vp, { ...OPTS, challenge: 'c' });
    expect(rp.errors).toEqual([]);
    expect(rp.proofs[0]?.cryptosuite).toBe('sm2-jcs-2025');
    expect(rp.credentials.map((c) => c.proofs[0]?.cryptosuite)).toEqual(['sm2-jcs-2025', 'sm2-rdfc-2025']);
  });

  it('tampering, relabelling between the two SM2 suites, and a wrong key type are refused', async () => {
    const signed = await issueCredential(credential(sm2.did), {
      signer: sm2,
      cryptosuite: 'sm2-jcs-2025',
      documentLoader,
    });
    const changed = structuredClone(signed);
    (changed.credentialSubject as Obj).region = 'Shanghai';
    expect(codes(await verifyCredential(changed, OPTS))).toEqual(['ERR_VC_PROOF_INVALID']);
    // the cryptosuite name is signed, and the two transformations differ: no cross-suite replay
    const asRdfc = structuredClone(signed);
    proofOf(asRdfc).cryptosuite = 'sm2-rdfc-2025';
    expect(codes(await verifyCredential(asRdfc, OPTS))).toEqual(['ERR_VC_PROOF_INVALID']);
    const asJcs = structuredClone(vc);
    proofOf(asJcs).cryptosuite = 'sm2-jcs-2025';
    expect(codes(await verifyCredential(asJcs, OPTS))).toEqual(['ERR_VC_PROOF_INVALID']);
    await expect(
      issueCredential(credential(ed.did), { signer: ed, cryptosuite: 'sm2-jcs-2025', documentLoader }),
    ).rejects.toThrow(TypeError);
    const edJcs = await issueCredential(credential(ed.did), { signer: ed, documentLoader });
    proofOf(edJcs).cryptosuite = 'sm2-jcs-2025';
    expect(codes(await verifyCredential(edJcs, OPTS))).toEqual(['ERR_VC_VERIFICATION_METHOD']);
  });
});
