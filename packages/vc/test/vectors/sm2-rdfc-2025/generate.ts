/**
 * Writes the sm2-rdfc-2025 (and sm2-jcs-2025) test vectors of docs/sm2-rdfc-2025.md into this folder, step by step
 * (the same steps the specification lists), from a fixed secret key and a fixed `created` time.
 * SM2 signing in `@realdid/crypto` is deterministic (RFC 6979's HMAC-DRBG on HMAC-SM3), so the
 * vector is fully reproducible; `test/sm2Rdfc2025.vector.test.ts` recomputes every value.
 *
 *   pnpm --filter @realdid/crypto build && pnpm --filter @realdid/did build && \
 *     npx tsx packages/vc/test/vectors/sm2-rdfc-2025/generate.ts
 */
import { writeFileSync } from 'node:fs';
import {
  base58btcEncode,
  keyPairFromSecretKey,
  publicKeyToMultibase,
  secretKeyToMultibase,
  sign,
  sm3,
  utf8Encode,
} from '@realdid/crypto';
import {
  addDataIntegrityProof,
  canonicalize,
  createDataIntegritySigner,
  createDocumentLoader,
} from '../../../src/index.js';
import { jcs } from '../../../src/internal/jcs.js';
import { SECRET_KEY_HEX, testContexts, UNSIGNED, vectorCreated } from './inputs.js';

const here = new URL('./', import.meta.url);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const write = (name: string, text: string) => writeFileSync(new URL(name, here), text);

const documentLoader = createDocumentLoader({ contexts: testContexts() });
const pair = keyPairFromSecretKey('SM2', Uint8Array.from(Buffer.from(SECRET_KEY_HEX, 'hex')));
const publicKeyMultibase = publicKeyToMultibase('SM2', pair.publicKey);
const did = `did:key:${publicKeyMultibase}`;
const unsigned = UNSIGNED(did);

const proofConfig = {
  type: 'DataIntegrityProof',
  cryptosuite: 'sm2-rdfc-2025',
  created: vectorCreated,
  verificationMethod: `${did}#${publicKeyMultibase}`,
  proofPurpose: 'assertionMethod',
  '@context': unsigned['@context'],
};
const canonicalDocument = await canonicalize(unsigned, { documentLoader });
const canonicalProofConfig = await canonicalize(proofConfig, { documentLoader });
const proofConfigHash = sm3(utf8Encode(canonicalProofConfig));
const documentHash = sm3(utf8Encode(canonicalDocument));
const hashData = new Uint8Array([...proofConfigHash, ...documentHash]);
const signature = sign('SM2', pair.secretKey, hashData);
const proofValue = `z${base58btcEncode(signature)}`;

const signer = createDataIntegritySigner(pair, proofConfig.verificationMethod);
const signed = await addDataIntegrityProof(unsigned, {
  signer,
  created: new Date(vectorCreated),
  documentLoader,
});
if ((signed.proof as { proofValue: string }).proofValue !== proofValue) {
  throw new Error('addDataIntegrityProof disagrees with the step-by-step computation');
}

write(
  'keys.json',
  `${JSON.stringify(
    {
      secretKeyHex: SECRET_KEY_HEX,
      publicKeyHex: hex(pair.publicKey),
      secretKeyMultibase: secretKeyToMultibase('SM2', pair.secretKey),
      publicKeyMultibase,
      did,
      userId: '1234567812345678',
    },
    null,
    2,
  )}\n`,
);
write('unsigned.json', `${JSON.stringify(unsigned, null, 2)}\n`);
write('proofConfig.json', `${JSON.stringify(proofConfig, null, 2)}\n`);
write('canonicalDocument.nq', canonicalDocument);
write('canonicalProofConfig.nq', canonicalProofConfig);
write(
  'hashes.json',
  `${JSON.stringify(
    {
      proofConfigHash: hex(proofConfigHash),
      documentHash: hex(documentHash),
      hashData: hex(hashData),
      signature: hex(signature),
      proofValue,
    },
    null,
    2,
  )}\n`,
);
write('signed.json', `${JSON.stringify(signed, null, 2)}\n`);

// sm2-jcs-2025: the same steps with JCS (RFC 8785) as the transformation.
const jcsProofConfig = { ...proofConfig, cryptosuite: 'sm2-jcs-2025' };
const jcsDocument = jcs(unsigned);
const jcsProof = jcs(jcsProofConfig);
const jcsHashData = new Uint8Array([...sm3(utf8Encode(jcsProof)), ...sm3(utf8Encode(jcsDocument))]);
const jcsSignature = sign('SM2', pair.secretKey, jcsHashData);
const jcsSigned = await addDataIntegrityProof(unsigned, {
  signer,
  cryptosuite: 'sm2-jcs-2025',
  created: new Date(vectorCreated),
  documentLoader,
});
if ((jcsSigned.proof as { proofValue: string }).proofValue !== `z${base58btcEncode(jcsSignature)}`) {
  throw new Error('addDataIntegrityProof disagrees with the step-by-step computation (JCS)');
}
write('jcs-proofConfig.json', `${JSON.stringify(jcsProofConfig, null, 2)}\n`);
write('jcs-canonicalDocument.json', jcsDocument);
write('jcs-canonicalProofConfig.json', jcsProof);
write(
  'jcs-hashes.json',
  `${JSON.stringify(
    {
      proofConfigHash: hex(jcsHashData.subarray(0, 32)),
      documentHash: hex(jcsHashData.subarray(32)),
      hashData: hex(jcsHashData),
      signature: hex(jcsSignature),
      proofValue: `z${base58btcEncode(jcsSignature)}`,
    },
    null,
    2,
  )}\n`,
);
write('jcs-signed.json', `${JSON.stringify(jcsSigned, null, 2)}\n`);
console.log(`wrote the sm2-rdfc-2025 vector for ${did}`);
