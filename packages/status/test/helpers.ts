import { type Bitstring, encodeBitstring } from '@realdid/status';

/** An unsigned `BitstringStatusListCredential` for `url` (the tests' proof verifiers accept it). */
export function bitstringListCredential(url: string, statusPurpose: string, bits: Bitstring) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: 'did:example:1',
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose,
      encodedList: encodeBitstring(bits),
    },
  };
}
