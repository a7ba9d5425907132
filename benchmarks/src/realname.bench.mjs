// @realdid/realname: the cost of a relying party verifying a registration, and of opening a trace
// token with k = 3 of n = 5 trustees.
//   pnpm --filter @realdid/crypto build && pnpm --filter @realdid/ledger build && pnpm --filter @realdid/did build \
//     && pnpm --filter @realdid/sd-jwt build && pnpm --filter @realdid/status build && pnpm --filter @realdid/realname build
//   node benchmarks/run.mjs realname
//
// 1. RelyingParty.verifyRegistration, warm (DID documents, registry and status list cached), against
//    the floor: the three Ed25519 verifications it cannot avoid (issuer JWT, KB-JWT, pairwise-DID
//    proof) with node:crypto on pre-imported keys, plus SHA-256 of the presentation.
// 2. TraceCommittee.combine (3 sealed partials: 3 approval signature checks, 3 seals opened,
//    3 Chaum–Pedersen verifications, the request's blinding proof, interpolation, unblinding, AEAD,
//    a signed ledger append) against the floor: the same ristretto255 scalar multiplications (4 by
//    the base point, 18 by other points) with @noble/curves and 3 node:crypto Ed25519 verifications.
// Floor and ours are timed (CPU time by default, see clock) in interleaved rounds over the same inputs; the ratio is the median over
// rounds. One-time nonces mean each registration response can be verified once, so a pool of
// responses is prepared first.
import nodeCrypto from 'node:crypto';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { generateKeyPair, multibaseToPublicKey } from '@realdid/crypto';
import { resolveDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { createDeployment } from '@realdid/realname/testing';
import { SAMPLE_PERSON } from './realname-world.mjs';

const ROUNDS = Number(process.env.REALNAME_BENCH_ROUNDS ?? 5);
const POOL = Number(process.env.REALNAME_BENCH_POOL ?? 60);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
// The registration rows time CPU time of the process in ms (REALNAME_BENCH_CLOCK=wall for wall
// time): on a machine shared with other work, wall time measures the scheduler as much as the code.
const clock =
  process.env.REALNAME_BENCH_CLOCK === 'wall'
    ? () => performance.now()
    : () => {
        const c = process.cpuUsage();
        return (c.user + c.system) / 1000;
      };

const ledger = new MemoryLedger();
const person = SAMPLE_PERSON;
// REALNAME_BENCH_FRESH people per round for the fresh-keys rows (0 skips them).
const FRESH = Number(process.env.REALNAME_BENCH_FRESH ?? 30);
const freshPeople = Array.from({ length: FRESH * ROUNDS }, (_, i) => ({
  ...person,
  recordId: `fresh-${i}`,
  nationalId: `1101051990${String(i).padStart(8, '0')}`,
}));
const deployment = await createDeployment({
  ledger,
  people: [person, ...freshPeople],
  committee: { id: 'bench', threshold: 3, size: 5, approve: () => true },
  sites: [{ name: 'S', allowedClaims: ['age_over_18', 'region'], origins: ['https://s.example'] }],
  relyingParty: { statusMaxAgeSeconds: 300 },
});
const { committee, trustees, authority } = deployment;
const { rp: site, origin } = deployment.sites.get('S');
const wallet = await deployment.enrolWallet(person, { count: 2 });
const b64 = (s) => Buffer.from(s, 'base64url');
const importOkp = (x) =>
  nodeCrypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
const jws = (compact) => {
  const [h, p, s] = compact.split('.');
  return { input: Buffer.from(`${h}.${p}`), sig: b64(s), payload: JSON.parse(b64(p).toString()) };
};

async function pool() {
  const out = [];
  for (let i = 0; i < POOL; i++)
    out.push(await wallet.respond(await site.createRequest(['age_over_18', 'region']), { origin }));
  return out;
}
// Warm caches (DID resolution, registry, status list) with one verification.
await site.verifyRegistration((await pool()).slice(0, 1)[0]);

// Floor inputs: the issuer key (from the credential's issuer DID document is what the RP does; here
// imported once), the holder key from cnf, the pairwise DID key — all as node KeyObjects.
function floorInputs(res) {
  const parts = res.presentation.split('~');
  const issuerJwt = jws(parts[0]);
  const kb = jws(parts[parts.length - 1]);
  const proof = jws(res.proof);
  return {
    issuerJwt,
    kb,
    proof,
    holder: importOkp(issuerJwt.payload.cnf.jwk.x),
    presentation: res.presentation,
  };
}
const vmKey = async (did, options) =>
  multibaseToPublicKey((await resolveDid(did, options)).didDocument.verificationMethod[0].publicKeyMultibase)
    .publicKey;
const issuerKey = importOkp(
  Buffer.from(await vmKey(authority.did, { networks: { main: ledger } })).toString('base64url'),
);
const pairwiseKey = importOkp(
  Buffer.from(await vmKey(wallet.pairwiseDid(site.did), {})).toString('base64url'),
);

const regOurs = [];
const regFloor = [];
for (let r = 0; r < ROUNDS; r++) {
  const responses = await pool();
  const inputs = responses.map(floorInputs);
  let t = clock();
  for (const x of inputs) {
    if (!nodeCrypto.verify(null, x.issuerJwt.input, issuerKey, x.issuerJwt.sig))
      throw new Error('floor: issuer');
    if (!nodeCrypto.verify(null, x.kb.input, x.holder, x.kb.sig)) throw new Error('floor: kb');
    if (!nodeCrypto.verify(null, x.proof.input, pairwiseKey, x.proof.sig)) throw new Error('floor: proof');
    nodeCrypto.createHash('sha256').update(x.presentation).digest();
  }
  const floor = (clock() - t) / inputs.length;
  t = clock();
  for (const res of responses) await site.verifyRegistration(res);
  const ours = (clock() - t) / responses.length;
  regFloor.push(floor);
  regOurs.push(ours);
}

// ---- fresh keys: each response from another person (a new pairwise DID, a new credential and
// holder key), as at national scale where a site sees each pairwise DID and credential once. The
// floor then also imports the two new public keys (holder, pairwise) into node:crypto.
const freshOurs = [];
const freshFloor = [];
for (let r = 0; r < (FRESH > 0 ? ROUNDS : 0); r++) {
  const responses = [];
  for (let i = 0; i < FRESH; i++) {
    const w = await deployment.enrolWallet(freshPeople[r * FRESH + i], { count: 1 });
    responses.push(await w.respond(await site.createRequest(['age_over_18', 'region']), { origin }));
  }
  const inputs = responses.map((res) => {
    const parts = res.presentation.split('~');
    const issuerJwt = jws(parts[0]);
    return {
      issuerJwt,
      kb: jws(parts[parts.length - 1]),
      proof: jws(res.proof),
      holderX: issuerJwt.payload.cnf.jwk.x,
      pairwiseX: Buffer.from(multibaseToPublicKey(res.did.slice('did:key:'.length)).publicKey).toString(
        'base64url',
      ),
      presentation: res.presentation,
    };
  });
  let t = clock();
  for (const x of inputs) {
    if (!nodeCrypto.verify(null, x.issuerJwt.input, issuerKey, x.issuerJwt.sig))
      throw new Error('floor: issuer');
    if (!nodeCrypto.verify(null, x.kb.input, importOkp(x.holderX), x.kb.sig)) throw new Error('floor: kb');
    if (!nodeCrypto.verify(null, x.proof.input, importOkp(x.pairwiseX), x.proof.sig))
      throw new Error('floor: proof');
    nodeCrypto.createHash('sha256').update(x.presentation).digest();
  }
  freshFloor.push((clock() - t) / inputs.length);
  t = clock();
  for (const res of responses) await site.verifyRegistration(res);
  freshOurs.push((clock() - t) / responses.length);
}

// ---- trace (REALNAME_BENCH_TRACE=0 skips it)
const TRACE = process.env.REALNAME_BENCH_TRACE !== '0';
const police = generateKeyPair('Ed25519');
const [account] = await site.listAccounts();
const { token, context } = await site.traceTokenOf(account.did);
const P = ristretto255.Point;
const other = P.BASE.multiply(0xdeadbeefn);
const scalars = Array.from({ length: 22 }, (_, i) => BigInt(i + 1) * 0x1234567890abcdefn + 7n);
const sigInputs = [];
const traceOurs = [];
const traceFloor = [];
const partialOurs = [];
for (let r = 0; r < (TRACE ? ROUNDS : 0); r++) {
  const reqs = [];
  // One requester per request: a trustee refuses a second open request of one requester for one token.
  const requesters = [];
  for (let i = 0; i < 10; i++) {
    const requester = i === 0 && r === 0 ? police : generateKeyPair('Ed25519');
    requesters.push(requester);
    reqs.push(await committee.request({ token, context, reason: `case ${r}-${i}`, requester, ledger }));
  }
  let t = performance.now();
  const answered = [];
  for (const request of reqs)
    answered.push({
      request,
      partials: await Promise.all(trustees.slice(0, 3).map((tr) => tr.partialDecrypt(request))),
    });
  partialOurs.push((performance.now() - t) / (reqs.length * 3));
  if (sigInputs.length === 0) {
    for (const p of answered[0].partials) {
      const { proof, ...body } = p.approval;
      sigInputs.push({
        input: Buffer.from(JSON.stringify(body)),
        sig: b64(proof.sig),
        key: importOkp(Buffer.from(deployment.trusteeKeys[p.index - 1].publicKey).toString('base64url')),
      });
    }
  }
  t = performance.now();
  for (let i = 0; i < answered.length; i++) {
    let acc = P.BASE;
    for (let j = 0; j < scalars.length; j++) acc = acc.add((j < 4 ? P.BASE : other).multiply(scalars[j]));
    for (const x of sigInputs) nodeCrypto.verify(null, x.input, x.key, x.sig);
  }
  traceFloor.push((performance.now() - t) / answered.length);
  t = performance.now();
  for (let i = 0; i < answered.length; i++) {
    const a = answered[i];
    await committee.combine({ request: a.request, partials: a.partials, opener: requesters[i], ledger });
  }
  traceOurs.push((performance.now() - t) / answered.length);
}

const fmt = (ms) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`);
const ratio = (o, f) => median(o.map((x, i) => x / f[i])).toFixed(2);
console.log('| operation | ours (median) | floor (median) | ratio |');
console.log('|---|---|---|---|');
console.log(
  `| RelyingParty.verifyRegistration (warm caches) | ${fmt(median(regOurs))} | ${fmt(median(regFloor))} (3 Ed25519 verify + SHA-256, node:crypto) | ${ratio(regOurs, regFloor)}× |`,
);
if (FRESH > 0)
  console.log(
    `| RelyingParty.verifyRegistration (a new pairwise DID and credential each time) | ${fmt(median(freshOurs))} | ${fmt(median(freshFloor))} (the same, importing the holder and pairwise keys) | ${ratio(freshOurs, freshFloor)}× |`,
  );
if (TRACE)
  console.log(
    `| TraceCommittee.combine, k = 3 | ${fmt(median(traceOurs))} | ${fmt(median(traceFloor))} (4 base + 18 variable-point ristretto255 mults, noble; 3 Ed25519 verify) | ${ratio(traceOurs, traceFloor)}× |`,
  );
if (TRACE) console.log(`| Trustee.partialDecrypt (one trustee) | ${fmt(median(partialOurs))} | — | — |`);
