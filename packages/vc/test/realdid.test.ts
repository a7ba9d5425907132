import { createDid } from '@realdid/did';
import { createDataIntegritySigner, issueCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { verifyCredential } from './outcome.js';

/** A long-form did:realdid with one key of the given purposes, and a credential issued with it. */
async function issueWithKey(
  id: string,
  type: 'P-256' | 'Ed25519',
  purposes: ['assertionMethod' | 'authentication'],
) {
  const created = createDid({ keys: [{ id, type, purposes }] });
  const key = created.keys.verificationMethods[0]!;
  const signer = createDataIntegritySigner(key.keyPair, `${created.longFormDid}#${id}`);
  const vc = await issueCredential(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: created.longFormDid,
      credentialSubject: { id: 'did:example:subject' },
    },
    { signer },
  );
  return { did: created.longFormDid, vc };
}

// Issuers with a did:realdid (long form: resolvable by @realdid/did without a ledger).
describe('did:realdid issuers through @realdid/did', () => {
  it('a key listed for assertionMethod signs credentials that verify', async () => {
    const { did, vc } = await issueWithKey('sig', 'P-256', ['assertionMethod']);
    const r = await verifyCredential(vc);
    expect(r.errors).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.proofs[0]?.controller).toBe(did);
  });

  it('a key listed only for authentication cannot issue: the purpose is checked at resolution', async () => {
    const { vc } = await issueWithKey('auth', 'Ed25519', ['authentication']);
    const r = await verifyCredential(vc);
    expect(r.verified).toBe(false);
    expect(r.errors[0]?.code).toBe('ERR_VC_VERIFICATION_METHOD');
  });
});
