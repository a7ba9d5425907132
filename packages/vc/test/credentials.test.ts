import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import type { StatusCheck } from '@realdid/vc';
import {
  addDataIntegrityProof,
  createDataIntegritySigner,
  createPresentation,
  deriveCredential,
  issueCredential,
  signPresentation,
} from '@realdid/vc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentLoader } from './helpers.js';
import { verifyCredential, verifyPresentation } from './outcome.js';

function party(type: 'Ed25519' | 'P-256') {
  const kp = generateKeyPair(type);
  const mb = publicKeyToMultibase(type, kp.publicKey);
  return { did: `did:key:${mb}`, signer: createDataIntegritySigner(kp, `did:key:${mb}#${mb}`) };
}
const ed = party('Ed25519');
const p256 = party('P-256');
const holder = party('Ed25519');

function credential(issuer: string, extra: Record<string, unknown> = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: 'urn:uuid:7f2c2a6e-1d7b-4c5e-9a38-0c3b5f1d2e11',
    type: ['VerifiableCredential', 'AgeCredential'],
    issuer,
    validFrom: '2025-01-01T00:00:00Z',
    validUntil: '2035-01-01T00:00:00Z',
    credentialSubject: { id: holder.did, ageOver18: true, birthCountry: 'CN', region: 'Beijing' },
    ...extra,
  };
}
const NOW = new Date('2026-01-01T00:00:00Z');

describe('issue and verify', () => {
  for (const [name, who, suite] of [
    ['eddsa-rdfc-2022', ed, undefined],
    ['ecdsa-rdfc-2019', p256, undefined],
  ] as const) {
    it(`${name}: round trip`, async () => {
      const vc = await issueCredential(credential(who.did), {
        signer: who.signer,
        documentLoader,
        ...(suite ? { cryptosuite: suite } : {}),
      });
      expect((vc.proof as Record<string, unknown>).cryptosuite).toBe(name);
      const r = await verifyCredential(vc, { documentLoader, now: NOW });
      expect(r.errors).toEqual([]);
      expect(r.verified).toBe(true);
      expect(r.issuer).toBe(who.did);
      expect(r.proofs[0]).toMatchObject({
        cryptosuite: name,
        controller: who.did,
        proofPurpose: 'assertionMethod',
      });
    });
  }

  it('the input is not mutated', async () => {
    const input = credential(ed.did);
    const before = JSON.stringify(input);
    await issueCredential(input, { signer: ed.signer, documentLoader });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('refuses to issue for another issuer', async () => {
    await expect(
      issueCredential(credential(p256.did), { signer: ed.signer, documentLoader }),
    ).rejects.toMatchObject({
      code: 'ERR_VC_ISSUER_MISMATCH',
    });
  });

  it('refuses to issue VC 1.1', async () => {
    const v1 = {
      ...credential(ed.did),
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      issuanceDate: '2025-01-01T00:00:00Z',
    };
    await expect(issueCredential(v1, { signer: ed.signer, documentLoader })).rejects.toMatchObject({
      code: 'ERR_VC_VERSION',
    });
  });

  it('verifies a VC 1.1 credential', async () => {
    const v1 = {
      '@context': [
        'https://www.w3.org/2018/credentials/v1',
        {
          UniversityDegreeCredential: 'https://example.org/examples#UniversityDegreeCredential',
          BachelorDegree: 'https://example.org/examples#BachelorDegree',
          degree: 'https://example.org/examples#degree',
          name: 'https://schema.org/name',
        },
      ],
      id: 'urn:uuid:1c0e5b55-55d8-4c39-9e8e-6d8a8b1f0b2a',
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      issuer: ed.did,
      issuanceDate: '2020-01-01T00:00:00Z',
      credentialSubject: { id: holder.did, degree: { type: 'BachelorDegree', name: 'Bachelor of Science' } },
    };
    const signed = await addDataIntegrityProof(v1, { signer: ed.signer, documentLoader });
    const r = await verifyCredential(signed, { documentLoader, now: NOW, allowInlineContexts: true });
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
    const expired = await addDataIntegrityProof(
      { ...v1, expirationDate: '2021-01-01T00:00:00Z' },
      { signer: ed.signer, documentLoader },
    );
    expect(
      (await verifyCredential(expired, { documentLoader, now: NOW, allowInlineContexts: true })).errors[0]
        ?.code,
    ).toBe('ERR_VC_EXPIRED');
  });

  it('validity period: expired and not yet valid', async () => {
    const vc = await issueCredential(credential(ed.did), { signer: ed.signer, documentLoader });
    expect(
      (await verifyCredential(vc, { documentLoader, now: new Date('2036-01-01T00:00:00Z') })).errors[0]?.code,
    ).toBe('ERR_VC_EXPIRED');
    expect(
      (await verifyCredential(vc, { documentLoader, now: new Date('2024-01-01T00:00:00Z') })).errors[0]?.code,
    ).toBe('ERR_VC_NOT_YET_VALID');
  });

  it('a credential signed for authentication is not accepted as an assertion', async () => {
    const signed = await addDataIntegrityProof(credential(ed.did), {
      signer: ed.signer,
      purpose: 'authentication',
      challenge: 'x',
      documentLoader,
    });
    expect((await verifyCredential(signed, { documentLoader, now: NOW })).errors[0]?.code).toBe(
      'ERR_VC_PROOF_PURPOSE',
    );
  });

  it('no proof, unsupported proof, bad proofValue', async () => {
    const vc = await issueCredential(credential(ed.did), { signer: ed.signer, documentLoader });
    const { proof, ...bare } = vc;
    expect((await verifyCredential(bare, { documentLoader, now: NOW })).errors[0]?.code).toBe(
      'ERR_VC_PROOF_MISSING',
    );
    const other = { ...bare, proof: { ...(proof as object), cryptosuite: 'ecdsa-jcs-2019' } };
    expect((await verifyCredential(other, { documentLoader, now: NOW })).errors[0]?.code).toBe(
      'ERR_VC_PROOF_UNSUPPORTED',
    );
    const garbled = { ...bare, proof: { ...(proof as object), proofValue: 'z111' } };
    expect((await verifyCredential(garbled, { documentLoader, now: NOW })).errors[0]?.code).toBe(
      'ERR_VC_PROOF_INVALID',
    );
  });

  it('a verification method of an unresolvable DID method fails with a code', async () => {
    const vc = await issueCredential(credential(ed.did), { signer: ed.signer, documentLoader });
    const p = vc.proof as Record<string, unknown>;
    const moved = {
      ...vc,
      issuer: 'did:example:123',
      proof: { ...p, verificationMethod: 'did:example:123#k' },
    };
    expect((await verifyCredential(moved, { documentLoader, now: NOW })).errors[0]?.code).toBe(
      'ERR_VC_VERIFICATION_METHOD',
    );
  });

  it('an unknown context is refused offline', async () => {
    const vc = {
      ...credential(ed.did),
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.com/ctx/v1'],
    };
    await expect(issueCredential(vc, { signer: ed.signer, documentLoader })).rejects.toMatchObject({
      code: 'ERR_VC_CONTEXT_NOT_ALLOWED',
    });
  });

  it('property: any change to a signed claim is detected', async () => {
    const vc = await issueCredential(credential(ed.did), { signer: ed.signer, documentLoader });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('ageOver18', 'birthCountry', 'region'),
        fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.boolean(), fc.integer()),
        async (claim, value) => {
          const subject = vc.credentialSubject as Record<string, unknown>;
          fc.pre(subject[claim] !== value);
          const forged = { ...vc, credentialSubject: { ...subject, [claim]: value } };
          const r = await verifyCredential(forged, { documentLoader, now: NOW });
          expect(r.verified).toBe(false);
          expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('status hook', () => {
  const withStatus = credential(ed.did, {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    credentialStatus: {
      id: 'https://status.example/list/1#94567',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: 'https://status.example/list/1',
    },
  });

  it('valid / revoked / suspended / bad answer / throws / missing hook', async () => {
    const vc = await issueCredential(withStatus, { signer: ed.signer, documentLoader });
    const seen: unknown[] = [];
    const hook =
      (status: unknown): StatusCheck =>
      (entry) => {
        seen.push(entry.statusListIndex);
        return { status } as never;
      };
    const ok = await verifyCredential(vc, { documentLoader, now: NOW, statusCheck: hook('valid') });
    expect(ok.verified).toBe(true);
    expect(ok.status).toEqual([{ status: 'valid' }]);
    expect(seen).toEqual(['94567']);
    expect(
      (await verifyCredential(vc, { documentLoader, now: NOW, statusCheck: hook('revoked') })).errors[0]
        ?.code,
    ).toBe('ERR_VC_REVOKED');
    expect(
      (await verifyCredential(vc, { documentLoader, now: NOW, statusCheck: hook('suspended') })).errors[0]
        ?.code,
    ).toBe('ERR_VC_SUSPENDED');
    expect(
      (await verifyCredential(vc, { documentLoader, now: NOW, statusCheck: hook('maybe') })).errors[0]?.code,
    ).toBe('ERR_VC_STATUS_CHECK_FAILED');
    const throwing: StatusCheck = () => {
      throw new Error('list unavailable');
    };
    expect(
      (await verifyCredential(vc, { documentLoader, now: NOW, statusCheck: throwing })).errors[0]?.code,
    ).toBe('ERR_VC_STATUS_CHECK_FAILED');
    expect((await verifyCredential(vc, { documentLoader, now: NOW })).errors[0]?.code).toBe(
      'ERR_VC_STATUS_UNCHECKED',
    );
    expect(
      (await verifyCredential(vc, { documentLoader, now: NOW, requireStatusCheck: false })).verified,
    ).toBe(true);
  });
});

describe('ecdsa-sd-2023 selective disclosure', () => {
  it('issuer sets mandatory pointers, holder derives, verifier checks', async () => {
    const base = await issueCredential(credential(p256.did), {
      signer: p256.signer,
      cryptosuite: 'ecdsa-sd-2023',
      mandatoryPointers: ['/issuer', '/validFrom', '/validUntil'],
      documentLoader,
    });
    // a base proof is for the holder only
    expect((await verifyCredential(base, { documentLoader, now: NOW })).verified).toBe(false);
    const disclosed = await deriveCredential(base, {
      selectivePointers: ['/credentialSubject/ageOver18'],
      documentLoader,
    });
    const subject = disclosed.credentialSubject as Record<string, unknown>;
    expect(subject.ageOver18).toBe(true);
    expect(subject.birthCountry).toBeUndefined();
    expect(subject.region).toBeUndefined();
    const r = await verifyCredential(disclosed, { documentLoader, now: NOW });
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.proofs[0]?.cryptosuite).toBe('ecdsa-sd-2023');
    const forged = { ...disclosed, credentialSubject: { ...subject, ageOver18: false } };
    expect((await verifyCredential(forged, { documentLoader, now: NOW })).errors[0]?.code).toBe(
      'ERR_VC_PROOF_INVALID',
    );
  });

  it('deriving needs a base proof and valid pointers', async () => {
    const vc = await issueCredential(credential(p256.did), { signer: p256.signer, documentLoader });
    await expect(
      deriveCredential(vc, { selectivePointers: ['/credentialSubject'], documentLoader }),
    ).rejects.toMatchObject({
      code: 'ERR_VC_DERIVE',
    });
    const base = await issueCredential(credential(p256.did), {
      signer: p256.signer,
      cryptosuite: 'ecdsa-sd-2023',
      documentLoader,
    });
    await expect(
      deriveCredential(base, { selectivePointers: ['/nope/nothing'], documentLoader }),
    ).rejects.toMatchObject({
      code: 'ERR_VC_DERIVE',
    });
  });
});

describe('presentations', () => {
  const challenge = 'u8a1b2c3d4e5f60718293a4b5c6d7e8f9';
  const domain = 'https://rp.example';

  async function vp() {
    const vc = await issueCredential(credential(ed.did), { signer: ed.signer, documentLoader });
    const unsigned = createPresentation({ verifiableCredential: [vc], holder: holder.did });
    return signPresentation(unsigned, { signer: holder.signer, challenge, domain, documentLoader });
  }

  it('round trip with challenge and domain', async () => {
    const r = await verifyPresentation(await vp(), { challenge, domain, documentLoader, now: NOW });
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.holder).toBe(holder.did);
    expect(r.credentials[0]?.verified).toBe(true);
  });

  it('the challenge is required; without a domain, a proof bound to one is refused', async () => {
    const signed = await vp();
    await expect(verifyPresentation(signed, { domain, documentLoader })).rejects.toThrow(TypeError);
    await expect(
      verifyPresentation(signed, { challenge, documentLoader, requireDomain: true }),
    ).rejects.toThrow(TypeError);
    const r = await verifyPresentation(signed, { challenge, documentLoader, now: NOW });
    expect(r.errors[0]?.code).toBe('ERR_VC_DOMAIN');
  });

  it('wrong challenge, wrong domain', async () => {
    const signed = await vp();
    expect(
      (await verifyPresentation(signed, { challenge: 'other', domain, documentLoader, now: NOW })).errors[0]
        ?.code,
    ).toBe('ERR_VC_CHALLENGE');
    expect(
      (
        await verifyPresentation(signed, {
          challenge,
          domain: 'https://evil.example',
          documentLoader,
          now: NOW,
        })
      ).errors[0]?.code,
    ).toBe('ERR_VC_DOMAIN');
  });

  it('a presentation signed by someone else than its holder', async () => {
    const unsigned = createPresentation({ holder: holder.did });
    await expect(
      signPresentation(unsigned, { signer: ed.signer, challenge, documentLoader }),
    ).rejects.toMatchObject({
      code: 'ERR_VC_HOLDER_MISMATCH',
    });
    const forged = await addDataIntegrityProof(unsigned, {
      signer: ed.signer,
      purpose: 'authentication',
      challenge,
      domain,
      documentLoader,
    });
    expect(
      (await verifyPresentation(forged, { challenge, domain, documentLoader, now: NOW })).errors[0]?.code,
    ).toBe('ERR_VC_HOLDER_MISMATCH');
  });

  it('a tampered embedded credential fails both its own proof and the presentation proof', async () => {
    const signed = await vp();
    const vcs = signed.verifiableCredential as Record<string, unknown>[];
    const vc = vcs[0]!;
    const tampered = {
      ...signed,
      verifiableCredential: [
        { ...vc, credentialSubject: { ...(vc.credentialSubject as object), region: 'Shanghai' } },
      ],
    };
    const r = await verifyPresentation(tampered, { challenge, domain, documentLoader, now: NOW });
    expect(r.verified).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain('ERR_VC_PROOF_INVALID');
    expect(r.errors.some((e) => e.message.startsWith('verifiableCredential[0]: '))).toBe(true);
  });
});
