// Two builds of @realdid/realname side by side in one process: RelyingParty.verifyRegistration with
// warm caches, of the build in packages/realname/dist ("after") and of another build ("before"),
// against the floor of benchmarks/src/realname.bench.mjs (3 Ed25519 verifications + SHA-256 on
// node:crypto with pre-imported keys). Both relying parties are the same site (one restored from
// the other's state), so they verify the same kind of response against the same registry, issuer
// and status list. Per round: POOL responses each, floor / before / after in each of the 6 orders in turn, CPU time.
//   cp -r packages/realname/dist /tmp/rn-before/dist && cp packages/realname/package.json /tmp/rn-before/ \
//     && ln -s "$PWD/packages/realname/node_modules" /tmp/rn-before/node_modules   # the build before a change
//   pnpm --filter "@realdid/realname..." build                                      # the build after it
//   REALNAME_AB_BEFORE=/tmp/rn-before/dist/index.js node benchmarks/src/realname-ab.mjs
// REALNAME_AB_ROUNDS (default 18: each of the 6 orders 3 times), REALNAME_AB_POOL (default 60).
import nodeCrypto from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { multibaseToPublicKey } from '@realdid/crypto';
import { resolveDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { createDeployment } from '@realdid/realname/testing';

const ROUNDS = Number(process.env.REALNAME_AB_ROUNDS ?? 18);
const POOL = Number(process.env.REALNAME_AB_POOL ?? 60);
const beforePath = process.env.REALNAME_AB_BEFORE;
if (beforePath === undefined) throw new Error('set REALNAME_AB_BEFORE to the index.js of the other build');
const afterPath = process.env.REALNAME_AB_AFTER;
const { RelyingParty: BeforeRP } = await import(pathToFileURL(beforePath).href);
// Both relying parties are restored the same way; by default "after" is the class of the build the
// deployment itself runs on (set REALNAME_AB_AFTER to another copy to take it out of that module).
const { RelyingParty: AfterRP } = await import(
  afterPath === undefined ? '@realdid/realname' : pathToFileURL(afterPath).href
);

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const person = {
  recordId: 'r1',
  nationalId: '110105199001011234',
  familyName: '王',
  givenName: '小明',
  birthdate: '1990-01-01',
  region: '110105',
  nationality: 'CHN',
};
const ledger = new MemoryLedger();
const d = await createDeployment({
  ledger,
  people: [person],
  committee: { id: 'bench', threshold: 3, size: 5, approve: () => true },
  sites: [{ name: 'S', allowedClaims: ['age_over_18', 'region'], origins: ['https://s.example'] }],
  relyingParty: { statusMaxAgeSeconds: 300 },
});
const { rp: site, origin } = d.sites.get('S');
const rpOptions = { ledger, registryDid: d.registry.did, traceCommittee: 'bench', statusMaxAgeSeconds: 300 };
const before = BeforeRP.restore(site.exportState(), rpOptions);
const after = AfterRP.restore(site.exportState(), rpOptions);
const wallet = await d.enrolWallet(person, { count: 2 });
// As a server receives them: through JSON (flat strings, see realname-profile.mjs).
const respond = async (rp) =>
  JSON.parse(
    JSON.stringify(await wallet.respond(await rp.createRequest(['age_over_18', 'region']), { origin })),
  );
for (let i = 0; i < POOL; i++)
  for (const rp of [after, before]) await rp.verifyRegistration(await respond(rp));

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
const issuerKey = importOkp(
  Buffer.from(await vmKey(d.authority.did, { networks: { main: ledger } })).toString('base64url'),
);
const pairwiseKey = importOkp(
  Buffer.from(await vmKey(wallet.pairwiseDid(after.did), {})).toString('base64url'),
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

const t = { floor: [], before: [], after: [] };
for (let r = 0; r < ROUNDS; r++) {
  // made interleaved, so that no build's responses are fresher in memory than the other's
  const work = { floor: [], before: [], after: [] };
  for (let i = 0; i < POOL; i++) {
    const made = await Promise.all([site, before, after].map((rp) => respond(rp)));
    work.floor.push(floorInputs(made[0]));
    work.before.push(made[1]);
    work.after.push(made[2]);
  }
  const order = [
    ['floor', 'before', 'after'],
    ['before', 'after', 'floor'],
    ['after', 'floor', 'before'],
    ['floor', 'after', 'before'],
    ['after', 'before', 'floor'],
    ['before', 'floor', 'after'],
  ][r % 6];
  for (const k of order) {
    const c = cpu();
    if (k === 'floor') {
      for (const x of work.floor) {
        if (!nodeCrypto.verify(null, x.issuerJwt.input, issuerKey, x.issuerJwt.sig))
          throw new Error('issuer');
        if (!nodeCrypto.verify(null, x.kb.input, x.holder, x.kb.sig)) throw new Error('kb');
        if (!nodeCrypto.verify(null, x.proof.input, pairwiseKey, x.proof.sig)) throw new Error('proof');
        nodeCrypto.createHash('sha256').update(x.presentation).digest();
      }
    } else {
      const rp = k === 'before' ? before : after;
      for (const res of work[k]) await rp.verifyRegistration(res);
    }
    t[k].push((cpu() - c) / POOL);
  }
}
const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
const ratio = (a, b) => median(a.map((x, i) => x / b[i]));
console.log(`rounds ${ROUNDS} × ${POOL} responses, CPU time, medians`);
console.log(`floor  ${us(median(t.floor))}`);
console.log(`before ${us(median(t.before))}  floor/before ${(100 * ratio(t.floor, t.before)).toFixed(1)} %`);
console.log(`after  ${us(median(t.after))}  floor/after  ${(100 * ratio(t.floor, t.after)).toFixed(1)} %`);
console.log(`after/before ${ratio(t.after, t.before).toFixed(3)}`);
