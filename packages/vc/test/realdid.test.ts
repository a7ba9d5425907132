import { createDid } from '@realdid/did';
import { createDataIntegritySigner, issueCredential, verifyCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';

// Issuers with a did:realdid (long form: resolvable by @realdid/did without a ledger).
describe('did:realdid issuers through @realdid/did', () => {
  it('a key listed for assertionMethod signs credentials that verify', async () => {
    const created = createDid({ keys: [{ id: 'sig', type: 'P-256', purposes: ['assertionMethod'] }] });
    const key = created.keys.verificationMethods[0]!;
    const signer = createDataIntegritySigner(key.keyPair, `${created.longFormDid}#sig`);
    const vc = await issueCredential(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: created.longFormDid,
        credentialSubject: { id: 'did:example:subject' },
      },
      { signer },
    );
    const r = await verifyCredential(vc);
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.proofs[0]?.controller).toBe(created.longFormDid);
  });

  it('a key listed only for authentication cannot issue: the purpose is checked at resolution', async () => {
    const created = createDid({ keys: [{ id: 'auth', type: 'Ed25519', purposes: ['authentication'] }] });
    const key = created.keys.verificationMethods[0]!;
    const signer = createDataIntegritySigner(key.keyPair, `${created.longFormDid}#auth`);
    const vc = await issueCredential(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: created.longFormDid,
        credentialSubject: { id: 'did:example:subject' },
      },
      { signer },
    );
    const r = await verifyCredential(vc);
    expect(r.verified).toBe(false);
    expect(r.errors[0]?.code).toBe('ERR_VC_VERIFICATION_METHOD');
  });
});
