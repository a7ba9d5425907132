/**
 * Interop with Digital Bazaar both ways for pinned-context documents: a credential issued here
 * verifies with `@digitalbazaar/vc` and its own Data Integrity suite, and a credential issued by
 * `@digitalbazaar/vc` verifies here, under the signed-form profile.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as dbvc from '@digitalbazaar/vc';
import { generateKeyPair } from '@realdid/crypto';
import {
  createDidKeySigner,
  createDidResolver,
  createDocumentLoader,
  issueCredential,
  verifyCredential,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { testContexts } from './helpers.js';

const documentLoader = createDocumentLoader({
  contexts: testContexts(),
  resolveDid: createDidResolver().didDocument,
});
const issuer = createDidKeySigner(generateKeyPair('Ed25519'));
const unsigned = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'AlumniCredential'],
  name: 'Alumni Credential',
  issuer: issuer.did,
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:alumna', alumniOf: 'The School of Examples', classOf: 2020 },
};

describe('Digital Bazaar interop, both ways', () => {
  it('issued here, verified by @digitalbazaar/vc', async () => {
    const vc = await issueCredential(unsigned, { signer: issuer, documentLoader });
    const r = await dbvc.verifyCredential({
      credential: vc,
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      documentLoader,
    });
    expect(r.error).toBeUndefined();
    expect(r.verified).toBe(true);
  });

  it('issued by @digitalbazaar/vc, verified here (the returned credential is the issued one)', async () => {
    const vc = await dbvc.issue({
      credential: unsigned,
      suite: new DataIntegrityProof({ signer: issuer, cryptosuite: eddsaRdfc2022 }),
      documentLoader,
    });
    const r = await verifyCredential(vc, { documentLoader });
    expect(r.credential).toEqual(vc);
  });
});
