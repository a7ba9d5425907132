// @realdid/realname: a relying party verifying a registration in the unlinkable (BBS) mode against
// the SD-JWT mode, side by side, with the size of what the wallet sends.
//   pnpm --filter "@realdid/realname..." build
//   node benchmarks/run.mjs realname-bbs
//
// SD-JWT mode: RelyingParty.verifyRegistration, warm caches (DID documents, registry, status list).
// Unlinkable mode: UnlinkableRelyingParty.verifyRegistration — ProofVerifyWithNym (one
// multi-pairing, the pseudonym check) plus the trace token's ElGamal proof (4 G1 multiplications).
// Both ask for the same two claims. Each registration is verified once (one-time nonces; in the
// unlinkable mode one site per response, since a pseudonym registers once per site). Interleaved
// rounds; medians over rounds. The unlinkable login (ProofVerifyWithNym alone) is the reference
// for what the trace token's proof adds.

import { generateKeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import {
  TraceCommittee,
  UnlinkableAuthority,
  UnlinkableRelyingParty,
  UnlinkableWallet,
} from '@realdid/realname';
import { createDeployment } from '@realdid/realname/testing';
import { SAMPLE_PERSON } from './realname-world.mjs';

const ROUNDS = Number(process.env.REALNAME_BBS_BENCH_ROUNDS ?? 3);
const POOL = Number(process.env.REALNAME_BBS_BENCH_POOL ?? 15);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const CLAIMS = ['age_over_18', 'region'];

const ledger = new MemoryLedger();
const person = SAMPLE_PERSON;
const deployment = await createDeployment({
  ledger,
  people: [person],
  committee: { id: 'bench', threshold: 3, size: 5, approve: () => true },
  sites: [{ name: 'S', allowedClaims: CLAIMS, origins: ['https://s.example'] }],
  relyingParty: { statusMaxAgeSeconds: 300 },
});
const { rp: site, origin } = deployment.sites.get('S');
const wallet = await deployment.enrolWallet(person, { count: 2 });

const authority = new UnlinkableAuthority({ epochSeconds: 86_400 });
const { committee } = TraceCommittee.deal({
  committeeId: 'bench-g1',
  threshold: 3,
  group: 'bls12-381-g1',
  trustees: Array.from({ length: 5 }, (_, i) => ({
    id: `t${i}`,
    auditPublicKey: generateKeyPair('Ed25519').publicKey,
  })),
});
const uWallet = new UnlinkableWallet({
  committeeKey: committee.publicKey,
  ledger,
  registryDid: deployment.registry.did,
});
authority.enrol(person, uWallet.enrolment(person.recordId));
uWallet.finishIssuance(authority.issue(person.recordId, uWallet.beginIssuance()));
const newSite = () =>
  new UnlinkableRelyingParty({
    identity: site.exportState(),
    origin,
    issuerPublicKey: authority.publicKey,
    committeeKey: committee.publicKey,
    epochSeconds: 86_400,
  });

const sdPool = async () => {
  const out = [];
  for (let i = 0; i < POOL; i++) out.push(await wallet.respond(await site.createRequest(CLAIMS), { origin }));
  return out;
};
let proveMs = 0;
let proved = 0;
const bbsPool = async () => {
  const out = [];
  for (let i = 0; i < POOL; i++) {
    const rp = newSite();
    const req = await rp.createRequest(CLAIMS);
    const t = performance.now();
    const res = await uWallet.register(req, { origin });
    proveMs += performance.now() - t;
    proved++;
    out.push({ rp, res });
  }
  return out;
};
await site.verifyRegistration((await sdPool())[0]); // warm caches
{
  const [{ rp, res }] = await bbsPool();
  await rp.verifyRegistration(res);
}

const loginT = [];
const sdT = [];
const bbsT = [];
let sdSize = 0;
let bbsSize = 0;
for (let r = 0; r < ROUNDS; r++) {
  const a = await sdPool();
  const b = await bbsPool();
  let t = performance.now();
  for (const res of a) await site.verifyRegistration(res);
  sdT.push((performance.now() - t) / a.length);
  t = performance.now();
  for (const { rp, res } of b) await rp.verifyRegistration(res);
  bbsT.push((performance.now() - t) / b.length);
  const logins = [];
  for (const { rp } of b)
    logins.push({ rp, res: await uWallet.login(await rp.createLoginChallenge(), { origin }) });
  t = performance.now();
  for (const { rp, res } of logins) await rp.verifyLogin(res);
  loginT.push((performance.now() - t) / logins.length);
  sdSize = JSON.stringify(a[0]).length;
  bbsSize = JSON.stringify(b[0].res).length;
}
const sample = (await bbsPool())[0].res;
const bytes = (s) => Buffer.from(s, 'base64url').length;
const fmt = (ms) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`);
console.log('| registration verification at the RP (2 claims) | median | wallet → RP message |');
console.log('|---|---|---|');
console.log(
  `| SD-JWT mode, RelyingParty.verifyRegistration (warm) | ${fmt(median(sdT))} | ${sdSize} B JSON |`,
);
console.log(
  `| unlinkable mode, UnlinkableRelyingParty.verifyRegistration | ${fmt(median(bbsT))} | ${bbsSize} B JSON: BBS proof ${bytes(sample.proof)} B, pseudonym ${bytes(sample.pseudonym)} B, trace token ${bytes(sample.trace)} B |`,
);
console.log(
  `| reference: unlinkable login (ProofVerifyWithNym alone, epoch disclosed, no trace token) | ${fmt(median(loginT))} | — |`,
);
console.log(`| unlinkable mode, wallet proving (UnlinkableWallet.register) | ${fmt(proveMs / proved)} | — |`);
