// Profiles eddsa-rdfc-2022 credential verification (or a presentation with VC_PROFILE=vp):
//   node --cpu-prof --cpu-prof-dir=/tmp/prof benchmarks/src/vc-profile.mjs
import { readFileSync } from 'node:fs';
import { generateKeyPair, publicKeyToMultibase, sha256 } from '@realdid/crypto';
import {
  createDataIntegritySigner,
  createDocumentLoader,
  createPresentation,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
} from '@realdid/vc';

const CTX_DIR = new URL('../vectors/contexts/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', CTX_DIR), 'utf8'));
const texts = new Map(manifest.map((m) => [m.url, readFileSync(new URL(m.savedAs, CTX_DIR), 'utf8')]));
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';
const hex = (b) => Buffer.from(b).toString('hex');
const loader = createDocumentLoader({
  contexts: {
    [EXAMPLES]: {
      text: texts.get(EXAMPLES),
      sha256: hex(sha256(new TextEncoder().encode(texts.get(EXAMPLES)))),
    },
  },
});
function party() {
  const kp = generateKeyPair('Ed25519');
  const mb = publicKeyToMultibase('Ed25519', kp.publicKey);
  return { kp, did: `did:key:${mb}`, signer: createDataIntegritySigner(kp, `did:key:${mb}#${mb}`) };
}
const issuer = party();
const holder = party();
const vc = await issueCredential(
  {
    '@context': ['https://www.w3.org/ns/credentials/v2', EXAMPLES],
    id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
    type: ['VerifiableCredential', 'AlumniCredential'],
    name: 'Alumni Credential',
    issuer: issuer.did,
    validFrom: '2023-01-01T00:00:00Z',
    credentialSubject: { id: holder.did, alumniOf: 'The School of Examples' },
  },
  { signer: issuer.signer, documentLoader: loader },
);
const vp = await signPresentation(createPresentation({ verifiableCredential: [vc], holder: holder.did }), {
  signer: holder.signer,
  challenge: 'c0ffee',
  domain: 'https://rp.example',
  documentLoader: loader,
});
const which = process.env.VC_PROFILE ?? 'vc';
const N = Number(process.env.VC_PROFILE_N ?? 2000);
const run =
  which === 'vp'
    ? () =>
        verifyPresentation(vp, { challenge: 'c0ffee', domain: 'https://rp.example', documentLoader: loader })
    : () => verifyCredential(vc, { documentLoader: loader });
for (let i = 0; i < 300; i++) await run();
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) await run();
const c = process.cpuUsage(c0);
const wall = Number(process.hrtime.bigint() - t0) / N / 1e3;
console.log(
  `${which}: ${((c.user + c.system) / N).toFixed(1)} µs CPU per verification, ${wall.toFixed(1)} µs wall`,
);
