import * as dbvc from '@digitalbazaar/vc';
import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import {
  addDataIntegrityProof,
  createDataIntegritySigner,
  issueCredential,
  signPresentation,
  validateCredential,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { RealDidProofPurpose } from '../src/internal/purpose.js';
import { signingSuite } from '../src/internal/suites.js';
import { documentLoader } from './helpers.js';
import { verifyCredential } from './outcome.js';

// Codes that no other test asserted: each is reached here through the public API.

const kp = generateKeyPair('Ed25519');
const mb = publicKeyToMultibase('Ed25519', kp.publicKey);
const did = `did:key:${mb}`;
const signer = createDataIntegritySigner(kp, `${did}#${mb}`);
const NOW = new Date('2026-01-01T00:00:00Z');

const credential = (extra: Record<string, unknown> = {}) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  type: ['VerifiableCredential'],
  issuer: did,
  credentialSubject: { id: 'did:example:alice', ageOver18: true },
  ...extra,
});

describe('error codes', () => {
  it('ERR_VC_PROPERTY: a credentialStatus without type, an empty evidence, a non-string name', () => {
    const codes = (extra: Record<string, unknown>) =>
      validateCredential(credential(extra)).map((i) => i.code);
    expect(codes({})).toEqual([]);
    expect(codes({ credentialStatus: { id: 'https://status.example/1#3' } })).toContain('ERR_VC_PROPERTY');
    expect(codes({ evidence: [] })).toContain('ERR_VC_PROPERTY');
    expect(codes({ name: 42 })).toContain('ERR_VC_PROPERTY');
  });

  it('ERR_VC_SIGN: a signer that fails while signing', async () => {
    const failing = {
      ...signer,
      sign: async () => {
        throw new Error('the key store is offline');
      },
    };
    await expect(issueCredential(credential(), { signer: failing, documentLoader })).rejects.toMatchObject({
      code: 'ERR_VC_SIGN',
    });
    await expect(
      addDataIntegrityProof(credential(), { signer: failing, purpose: 'assertionMethod', documentLoader }),
    ).rejects.toMatchObject({ code: 'ERR_VC_SIGN' });
    const vp = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder: did,
    };
    await expect(
      signPresentation(vp, { signer: failing, challenge: 'c', domain: 'https://rp.example', documentLoader }),
    ).rejects.toMatchObject({ code: 'ERR_VC_SIGN' });
  });

  it('ERR_VC_PROOF_EXPIRED: a validly signed proof whose expires has passed', async () => {
    const sign = async (expires: string) => {
      const suite = signingSuite('eddsa-rdfc-2022', signer, { created: new Date('2025-01-01T00:00:00Z') });
      (suite as unknown as { proof: Record<string, unknown> }).proof = { expires };
      return dbvc.issue({
        credential: credential(),
        suite,
        purpose: new RealDidProofPurpose({ term: 'assertionMethod', now: NOW }),
        documentLoader,
        now: NOW,
      });
    };
    const fresh = await sign('2027-01-01T00:00:00Z');
    expect((await verifyCredential(fresh, { documentLoader, now: NOW })).errors).toEqual([]);
    const stale = await sign('2025-06-01T00:00:00Z');
    const r = await verifyCredential(stale, { documentLoader, now: NOW });
    expect(r.verified).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain('ERR_VC_PROOF_EXPIRED');
  });
});
