// A verification method resolver, a document loader or a status check that never answers must not
// hang verification: every plug-in answer is bounded by `timeoutMs`.
import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import {
  createDataIntegritySigner,
  createDidResolver,
  type DocumentLoader,
  issueCredential,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { documentLoader } from './helpers.js';
import { verifyCredential } from './outcome.js';

const kp = generateKeyPair('Ed25519');
const mb = publicKeyToMultibase('Ed25519', kp.publicKey);
const did = `did:key:${mb}`;
const NOW = new Date('2026-01-01T00:00:00Z');
const never = () => new Promise<never>(() => {});

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  type: ['VerifiableCredential'],
  issuer: did,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:holder', ageOver18: true },
  credentialStatus: {
    id: 'https://status.example/list/1#5',
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: '5',
    statusListCredential: 'https://status.example/list/1',
  },
};
const vc = await issueCredential(credential, {
  signer: createDataIntegritySigner(kp, `${did}#${mb}`),
  documentLoader,
});
const valid = () => ({ status: 'valid' as const });

async function codesWithin(options: Parameters<typeof verifyCredential>[1], ms: number): Promise<string[]> {
  const t0 = Date.now();
  const r = await verifyCredential(vc, { documentLoader, now: NOW, statusCheck: valid, ...options });
  expect(Date.now() - t0).toBeLessThan(ms + 3000);
  expect(r.verified).toBe(false);
  return r.errors.map((e) => e.code);
}

describe('plug-ins that never answer are bounded by timeoutMs', () => {
  it('control: the credential verifies with answering plug-ins', async () => {
    const r = await verifyCredential(vc, { documentLoader, now: NOW, statusCheck: valid, timeoutMs: 1000 });
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
  });

  it('a verification method resolver', async () => {
    const codes = await codesWithin({ resolver: never, timeoutMs: 50 }, 50);
    expect(codes).toContain('ERR_VC_VERIFICATION_METHOD');
    // the same resolver answering late but in time is fine
    const slow = createDidResolver().verificationMethod;
    const late = async (id: string, o: { purpose: never }) => {
      await new Promise((r) => setTimeout(r, 10));
      return slow(id, o);
    };
    const r = await verifyCredential(vc, {
      documentLoader,
      now: NOW,
      statusCheck: valid,
      resolver: late as never,
      timeoutMs: 2000,
    });
    expect(r.verified).toBe(true);
  });

  it('a document loader', async () => {
    // jsonld keeps contexts it has resolved, so the stuck context is one this file never loaded.
    const fresh = 'https://w3id.org/citizenship/v4rc1';
    const stuck: DocumentLoader = (url) => (url === fresh ? never() : documentLoader(url));
    const doc = { ...vc, '@context': [...(vc['@context'] as string[]), fresh] };
    const t0 = Date.now();
    const r = await verifyCredential(doc, {
      documentLoader: stuck,
      now: NOW,
      statusCheck: valid,
      timeoutMs: 50,
    });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.verified).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain('ERR_VC_CONTEXT');
    expect(r.errors.map((e) => e.message).join(' ')).toContain('within 50 ms');
  });

  it('a status check', async () => {
    const codes = await codesWithin({ statusCheck: never, timeoutMs: 50 }, 50);
    expect(codes).toEqual(['ERR_VC_STATUS_CHECK_FAILED']);
  });

  it('timeoutMs is checked', async () => {
    for (const bad of [0, -1, 1.5]) {
      await expect(verifyCredential(vc, { documentLoader, timeoutMs: bad })).rejects.toThrow(RangeError);
    }
    await expect(verifyCredential(vc, { documentLoader, timeoutMs: '5' as never })).rejects.toThrow(
      TypeError,
    );
  });
});
