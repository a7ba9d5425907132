/** The fixed inputs of the sm2-rdfc-2025 test vector (see generate.ts and docs/sm2-rdfc-2025.md). */
import { readFileSync } from 'node:fs';
import { sha256, utf8Encode } from '@realdid/crypto';

/** The issuer's SM2 secret key (a fixed scalar in [1, n-2], for the vector only). */
export const SECRET_KEY_HEX = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';

/** The proof's `created` time. */
export const vectorCreated = '2025-06-01T00:00:00Z';

/** The credential, issued by the did:key of the vector key (the example of vc-di-eddsa, re-issued). */
export const UNSIGNED = (issuer: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'AlumniCredential'],
  name: 'Alumni Credential',
  description: 'A minimum viable example of an Alumni Credential.',
  issuer,
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: {
    id: 'did:example:abcdefgh',
    alumniOf: 'The School of Examples',
  },
});

/** The examples context, pinned by the SHA-256 of its text (a copy kept under ../contexts/). */
export function testContexts() {
  const url = 'https://www.w3.org/ns/credentials/examples/v2';
  const manifest = JSON.parse(readFileSync(new URL('../contexts/MANIFEST.json', import.meta.url), 'utf8')) as {
    url: string;
    savedAs: string;
  }[];
  const entry = manifest.find((m) => m.url === url);
  if (entry === undefined) throw new Error(`${url} is not in the contexts manifest`);
  const text = readFileSync(new URL(`../contexts/${entry.savedAs}`, import.meta.url), 'utf8');
  return { [url]: { text, sha256: Buffer.from(sha256(utf8Encode(text))).toString('hex') } };
}
