/**
 * bbs-2023 interop with Digital Bazaar (`@digitalbazaar/bbs-2023-cryptosuite`), both ways: we
 * derive from its base proofs and verify its derived proofs; it derives from ours and verifies
 * our derived proofs.
 */
import {
  createDiscloseCryptosuite,
  createSignCryptosuite,
  createVerifyCryptosuite,
} from '@digitalbazaar/bbs-2023-cryptosuite';
import * as Bls12381Multikey from '@digitalbazaar/bls12-381-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as dbvc from '@digitalbazaar/vc';
import { generateKeyPair } from '@realdid/bbs';
import { generateKeyPair as generateEcKeyPair } from '@realdid/crypto';
import {
  createBbs2023Signer,
  createDidKeySigner,
  createDidResolver,
  createDocumentLoader,
  createPresentation,
  deriveCredential,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { testContexts } from './helpers.js';

const documentLoader = createDocumentLoader({
  contexts: testContexts(),
  resolveDid: createDidResolver().didDocument,
});
const verifyOptions = {
  documentLoader,

  now: new Date('2024-06-01T00:00:00Z'),
};

const ours = createBbs2023Signer(
  generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' }),
  (mb) => `did:key:${mb}#${mb}`,
);
const ourDid = ours.id.split('#')[0] as string;

function credential(issuer: string) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
    type: ['VerifiableCredential', 'AlumniCredential'],
    name: 'Alumni Credential',
    issuer,
    validFrom: '2023-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:alumna',
      alumniOf: 'The School of Examples',
      classOf: 2020,
      degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' },
    },
  };
}
const mandatoryPointers = ['/issuer', '/validFrom'];
const selectivePointers = ['/credentialSubject/alumniOf', '/credentialSubject/degree/name'];
const presentationHeader = new TextEncoder().encode('nonce-from-the-verifier');

async function theirKeyPair() {
  const kp = await Bls12381Multikey.generateBbsKeyPair({ algorithm: 'BBS-BLS12-381-SHA-256' });
  const mb = (await kp.export({ publicKey: true })).publicKeyMultibase as string;
  const controller = `did:key:${mb}`;
  kp.controller = controller;
  kp.id = `${controller}#${mb}`;
  return { kp, controller };
}

async function theyVerify(vc: Record<string, unknown>) {
  return dbvc.verifyCredential({
    credential: vc,
    suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
    documentLoader,
  });
}

describe('bbs-2023 interop with @digitalbazaar/bbs-2023-cryptosuite', () => {
  it('their base proof: we derive, we verify, they verify our derived proof', async () => {
    const { kp, controller } = await theirKeyPair();
    const base = await dbvc.issue({
      credential: credential(controller),
      suite: new DataIntegrityProof({
        signer: kp.signer(),
        cryptosuite: createSignCryptosuite({ mandatoryPointers }),
      }),
      documentLoader,
    });
    const derived = await deriveCredential(base, { selectivePointers, presentationHeader, documentLoader });
    const subject = derived.credentialSubject as Record<string, unknown>;
    expect(subject.alumniOf).toBe('The School of Examples');
    expect(subject.classOf).toBeUndefined();
    const r = await verifyCredential(derived, verifyOptions);
    expect(r.issuer).toBe(controller);
    expect(r.proofs[0]?.cryptosuite).toBe('bbs-2023');
    expect(r.proofs[0]?.presentationHeader).toEqual(presentationHeader);
    const theirs = await theyVerify(derived);
    expect(theirs.error).toBeUndefined();
    expect(theirs.verified).toBe(true);
  });

  it('their derived proof (from their base proof) verifies here', async () => {
    const { kp, controller } = await theirKeyPair();
    const base = await dbvc.issue({
      credential: credential(controller),
      suite: new DataIntegrityProof({
        signer: kp.signer(),
        cryptosuite: createSignCryptosuite({ mandatoryPointers }),
      }),
      documentLoader,
    });
    const derived = await dbvc.derive({
      verifiableCredential: base,
      suite: new DataIntegrityProof({
        cryptosuite: createDiscloseCryptosuite({ selectivePointers, presentationHeader }),
      }),
      documentLoader,
    });
    const r = await verifyCredential(derived, verifyOptions);
    expect(r.credential).toEqual(derived);
  });

  it('our base proof: they derive, we verify their derived proof', async () => {
    const base = await issueCredential(credential(ourDid), {
      signer: ours,
      mandatoryPointers,
      documentLoader,
    });
    expect((base.proof as Record<string, unknown>).created).toBeUndefined();
    const derived = await dbvc.derive({
      verifiableCredential: base,
      suite: new DataIntegrityProof({
        cryptosuite: createDiscloseCryptosuite({ selectivePointers, presentationHeader }),
      }),
      documentLoader,
    });
    const r = await verifyCredential(derived, verifyOptions);
    expect(r.issuer).toBe(ourDid);
  });

  it('our base proof, our derived proof: they verify it, and so do we', async () => {
    const base = await issueCredential(credential(ourDid), {
      signer: ours,
      mandatoryPointers,
      documentLoader,
    });
    const derived = await deriveCredential(base, { selectivePointers, presentationHeader, documentLoader });
    const theirs = await theyVerify(derived);
    expect(theirs.error).toBeUndefined();
    expect(theirs.verified).toBe(true);
    const r = await verifyCredential(derived, verifyOptions);
    expect(r.credential).toEqual(derived);
  });
});

describe('bbs-2023 in a presentation', () => {
  it('a derived credential inside a holder-signed presentation verifies with every check; a changed claim inside is refused', async () => {
    const holder = createDidKeySigner(generateEcKeyPair('Ed25519'));
    const base = await issueCredential(credential(ourDid), {
      signer: ours,
      mandatoryPointers,
      documentLoader,
    });
    const derived = await deriveCredential(base, { selectivePointers, presentationHeader, documentLoader });
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [derived], holder: holder.did }),
      {
        signer: holder,
        challenge: 'c-1',
        documentLoader,
      },
    );
    const r = await verifyPresentation(vp, { ...verifyOptions, challenge: 'c-1' });
    expect(r.credentials[0]?.proofs[0]?.cryptosuite).toBe('bbs-2023');
    const changed = structuredClone(derived) as Record<string, Record<string, unknown>>;
    (changed.credentialSubject as Record<string, unknown>).alumniOf = 'Another School';
    const vp2 = await signPresentation(
      createPresentation({ verifiableCredential: [changed], holder: holder.did }),
      {
        signer: holder,
        challenge: 'c-1',
        documentLoader,
      },
    );
    await expect(verifyPresentation(vp2, { ...verifyOptions, challenge: 'c-1' })).rejects.toMatchObject({
      code: 'ERR_VC_PROOF_INVALID',
    });
  });
});
