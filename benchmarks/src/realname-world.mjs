// What the realname benchmarks share: the sample person, a deployment with one site asking for
// `age_over_18` and `region`, a wallet enrolled there, responses as a server receives them, and
// the inputs of the registration floor (3 Ed25519 verifications + SHA-256 on node:crypto with
// pre-imported keys). Import it after any patching of node:crypto (realname-split.mjs does).
import nodeCrypto from 'node:crypto';
import { multibaseToPublicKey } from '@realdid/crypto';
import { resolveDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { createDeployment } from '@realdid/realname/testing';

/** The person every realname benchmark enrols (a fresh one derives from it). */
export const SAMPLE_PERSON = {
  recordId: 'r1',
  nationalId: '110105199001011234',
  familyName: '王',
  givenName: '小明',
  birthdate: '1990-01-01',
  region: '110105',
  nationality: 'CHN',
};

/** Person number `i` (a record and national id of its own; the rest as the sample person). */
export const personNumber = (i) => ({
  ...SAMPLE_PERSON,
  recordId: `r${i}`,
  nationalId: `1101051990${String(i).padStart(8, '0')}`,
});

/** The claims the benchmark site asks for. */
export const CLAIMS = ['age_over_18', 'region'];

/**
 * A deployment (3-of-5 committee that approves everything) on a MemoryLedger with site `S`, and
 * `people` (default: the sample person) known to the identity registry.
 */
export async function benchDeployment(people = [SAMPLE_PERSON], ledger = new MemoryLedger()) {
  const d = await createDeployment({
    ledger,
    people,
    committee: { id: 'bench', threshold: 3, size: 5, approve: () => true },
    sites: [{ name: 'S', allowedClaims: CLAIMS, origins: ['https://s.example'] }],
    relyingParty: { statusMaxAgeSeconds: 300 },
  });
  return { ledger, d, ...d.sites.get('S') };
}

/** The deployment, and a wallet of the sample person with two credentials. */
export async function registrationWorld() {
  const world = await benchDeployment();
  const wallet = await world.d.enrolWallet(SAMPLE_PERSON, { count: 2 });
  /** A response to a fresh request of `rp`, as a server receives it: through JSON (flat strings). */
  const respond = async (rp = world.rp) =>
    JSON.parse(
      JSON.stringify(await wallet.respond(await rp.createRequest(CLAIMS), { origin: world.origin })),
    );
  return { ...world, wallet, respond };
}

const importOkp = (x) =>
  nodeCrypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
const jws = (compact) => {
  const [h, p, s] = compact.split('.');
  return {
    input: Buffer.from(`${h}.${p}`),
    sig: Buffer.from(s, 'base64url'),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
  };
};
const vmKey = async (did, options) =>
  multibaseToPublicKey((await resolveDid(did, options)).didDocument.verificationMethod[0].publicKeyMultibase)
    .publicKey;

/**
 * The floor's keys (issuer and pairwise DID, imported once) and `floorInputs(response)`: the
 * signing inputs, signatures and the holder key of one response, prepared outside the timing.
 */
export async function floorOf({ ledger, d, wallet }, siteDid) {
  const issuerKey = importOkp(
    Buffer.from(await vmKey(d.authority.did, { networks: { main: ledger } })).toString('base64url'),
  );
  const pairwiseKey = importOkp(
    Buffer.from(await vmKey(wallet.pairwiseDid(siteDid), {})).toString('base64url'),
  );
  const floorInputs = (res) => {
    const parts = res.presentation.split('~');
    const issuerJwt = jws(parts[0]);
    return {
      issuerJwt,
      kb: jws(parts[parts.length - 1]),
      proof: jws(res.proof),
      holder: importOkp(issuerJwt.payload.cnf.jwk.x),
      presentation: res.presentation,
    };
  };
  return { issuerKey, pairwiseKey, floorInputs };
}

/** The floor on one response's inputs: the three Ed25519 verifications and the SHA-256. */
export function floorVerify(x, { issuerKey, pairwiseKey }) {
  if (!nodeCrypto.verify(null, x.issuerJwt.input, issuerKey, x.issuerJwt.sig)) throw new Error('issuer');
  if (!nodeCrypto.verify(null, x.kb.input, x.holder, x.kb.sig)) throw new Error('kb');
  if (!nodeCrypto.verify(null, x.proof.input, pairwiseKey, x.proof.sig)) throw new Error('proof');
  nodeCrypto.createHash('sha256').update(x.presentation).digest();
}
