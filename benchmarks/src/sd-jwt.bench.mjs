// @realdid/sd-jwt: verification of an SD-JWT VC presentation (EdDSA issuer, 10 selectively
// disclosable claims of which 5 disclosed, key binding by an EdDSA holder) against
//   (a) the floor: the two Ed25519 verifications + the 6 hashes (5 disclosures + sd_hash) on bare
//       node:crypto with cached KeyObjects,
//   (b) ours (verifySdJwtVc, node backend),
//   (c) @sd-jwt/sd-jwt-vc (SDJwtVcInstance) given node:crypto verifiers with cached KeyObjects,
//   (d) did-jwt-vc verifying a JWT VP and the JWT VC inside it (static did:key resolver),
// plus issuance against its signing floor, and the portable (noble) path against the noble floor.
//   pnpm --filter @realdid/crypto build && pnpm --filter @realdid/did build && \
//   pnpm --filter @realdid/sd-jwt build && node benchmarks/run.mjs sd-jwt
import nodeCrypto from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import {
  base58btcEncode,
  createSigner,
  generateKeyPair,
  publicKeyToDidKey,
  publicKeyToJwk,
  secretKeyToJwk,
  setBackend,
} from '@realdid/crypto';
import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';
import { generateSalt, digest as theirDigest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { EdDSASigner } from 'did-jwt';
import {
  createVerifiableCredentialJwt,
  createVerifiablePresentationJwt,
  verifyCredential,
  verifyPresentation,
} from 'did-jwt-vc';
import { do_not_optimize, measure } from 'mitata';

const ROUNDS = Number(process.env.SD_JWT_BENCH_ROUNDS ?? 5);
const round = { min_cpu_time: 150e6, max_samples: 20_000 };
const slow = { min_cpu_time: 200e6, max_samples: 2_000 };
const median = (xs) => {
  const v = [...xs].sort((x, y) => x - y);
  return v[v.length >> 1];
};
const ops = (ns) => Math.round(1e9 / ns).toLocaleString('en-US');
const us = (ns) => `${(ns / 1e3).toFixed(1)} µs`;

// ---------------------------------------------------------------- the workload
const now = Math.floor(Date.now() / 1000);
const aud = 'https://rp.example';
const nonce = 'bench-nonce-0123456789';
const issuer = generateKeyPair('Ed25519');
const holder = generateKeyPair('Ed25519');
const issuerJwk = publicKeyToJwk('Ed25519', issuer.publicKey);
const holderJwk = publicKeyToJwk('Ed25519', holder.publicKey);
const claims = {
  given_name: 'Ada',
  family_name: 'Lovelace',
  birthdate: '1815-12-10',
  age_over_18: true,
  age_over_65: true,
  nationality: 'GB',
  region: 'London',
  id_number: '110101181512100000',
  email: 'ada@example.com',
  phone_number: '+44 20 0000 0000',
};
const disclosed = ['given_name', 'age_over_18', 'nationality', 'region', 'email'];
const issueOptions = {
  signer: createSigner(issuer),
  vct: 'urn:realdid:realname:1',
  iss: 'https://authority.example',
  iat: now,
  exp: now + 86_400,
  cnf: { jwk: holderJwk },
  claims,
  disclosureFrame: { _sd: Object.keys(claims) },
};
const vc = await issueSdJwtVc(issueOptions);
const vp = await presentSdJwt(vc, Object.fromEntries(disclosed.map((k) => [k, true])), {
  keyBinding: { signer: createSigner(holder), aud, nonce, iat: now },
});
const verifyOptions = { keyResolver: jwkKeyResolver(issuerJwk), keyBinding: { aud, nonce } };
const ours = await verifySdJwtVc(vp, verifyOptions);
if (Object.keys(ours.claims).filter((k) => k in claims).length !== 5) throw new Error('ours: wrong claims');

// ---------------------------------------------------------------- (a) the floor
const issuerKey = nodeCrypto.createPublicKey({ key: issuerJwk, format: 'jwk' });
const holderKey = nodeCrypto.createPublicKey({ key: holderJwk, format: 'jwk' });
const parts = vp.split('~');
const jwtParts = parts[0].split('.');
const kbParts = parts.at(-1).split('.');
const issuerInput = Buffer.from(`${jwtParts[0]}.${jwtParts[1]}`);
const issuerSig = Buffer.from(jwtParts[2], 'base64url');
const kbInput = Buffer.from(`${kbParts[0]}.${kbParts[1]}`);
const kbSig = Buffer.from(kbParts[2], 'base64url');
const disclosureStrings = parts.slice(1, -1);
if (disclosureStrings.length !== 5) throw new Error('expected 5 disclosures');
const sdHashInput = vp.slice(0, vp.lastIndexOf('~') + 1);
function floor() {
  let ok = nodeCrypto.verify(null, issuerInput, issuerKey, issuerSig);
  ok = nodeCrypto.verify(null, kbInput, holderKey, kbSig) && ok;
  // One-shot node:crypto hash (no Hash object): the cheapest way node:crypto offers.
  for (const d of disclosureStrings) do_not_optimize(nodeCrypto.hash('sha256', d, 'buffer'));
  do_not_optimize(nodeCrypto.hash('sha256', sdHashInput, 'buffer'));
  return ok;
}
if (!floor()) throw new Error('floor rejects');

// ---------------------------------------------------------------- (c) @sd-jwt/sd-jwt-vc
const them = new SDJwtVcInstance({
  hasher: theirDigest,
  hashAlg: 'sha-256',
  verifier: (data, sig) =>
    nodeCrypto.verify(null, Buffer.from(data), issuerKey, Buffer.from(sig, 'base64url')),
  kbVerifier: (data, sig) =>
    nodeCrypto.verify(null, Buffer.from(data), holderKey, Buffer.from(sig, 'base64url')),
});
const theirResult = await them.verify(vp, { keyBindingNonce: nonce });
if (theirResult.payload.given_name !== 'Ada' || theirResult.payload.birthdate !== undefined) {
  throw new Error('theirs: wrong claims');
}

// ---------------------------------------------------------------- (d) did-jwt-vc (JWT VP + JWT VC)
function didKeyParty(kp) {
  const did = publicKeyToDidKey('Ed25519', kp.publicKey);
  const doc = {
    '@context': ['https://www.w3.org/ns/did/v1'],
    id: did,
    verificationMethod: [
      {
        id: `${did}#${did.slice(8)}`,
        type: 'Ed25519VerificationKey2018',
        controller: did,
        publicKeyBase58: base58btcEncode(kp.publicKey),
      },
    ],
    assertionMethod: [`${did}#${did.slice(8)}`],
    authentication: [`${did}#${did.slice(8)}`],
  };
  return { did, doc, signer: { did, signer: EdDSASigner(kp.secretKey), alg: 'EdDSA' } };
}
const djIssuer = didKeyParty(issuer);
const djHolder = didKeyParty(holder);
const docs = new Map([
  [djIssuer.did, djIssuer.doc],
  [djHolder.did, djHolder.doc],
]);
const staticResolver = {
  resolve: async (didUrl) => {
    const doc = docs.get(didUrl.split('#')[0]);
    return doc
      ? {
          didDocument: doc,
          didDocumentMetadata: {},
          didResolutionMetadata: { contentType: 'application/did+ld+json' },
        }
      : { didDocument: null, didDocumentMetadata: {}, didResolutionMetadata: { error: 'notFound' } };
  },
};
const vcJwt = await createVerifiableCredentialJwt(
  {
    sub: djHolder.did,
    nbf: now,
    exp: now + 86_400,
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      credentialSubject: Object.fromEntries(disclosed.map((k) => [k, claims[k]])),
    },
  },
  djIssuer.signer,
);
const vpJwt = await createVerifiablePresentationJwt(
  {
    vp: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [vcJwt],
    },
    aud,
    nonce,
  },
  djHolder.signer,
);
async function didJwtVc() {
  const p = await verifyPresentation(vpJwt, staticResolver, { audience: aud });
  const c = await verifyCredential(
    p.verifiablePresentation.verifiableCredential[0].proof.jwt,
    staticResolver,
  );
  return c;
}
const djResult = await didJwtVc();
if (djResult.verifiableCredential.credentialSubject.given_name !== 'Ada')
  throw new Error('did-jwt-vc: wrong claims');

// ---------------------------------------------------------------- issuance floor and peer
const issuerPriv = nodeCrypto.createPrivateKey({ key: secretKeyToJwk(issuer), format: 'jwk' });
// A signing input of the size of ours, 10 disclosures of the size of ours.
const issuedParts = vc.split('~');
const issueInput = Buffer.from(issuedParts[0].slice(0, issuedParts[0].lastIndexOf('.')));
const issueDisclosures = issuedParts.slice(1, -1);
function issueFloor() {
  do_not_optimize(nodeCrypto.randomBytes(16 * issueDisclosures.length));
  for (const d of issueDisclosures) do_not_optimize(nodeCrypto.hash('sha256', d, 'buffer'));
  return nodeCrypto.sign(null, issueInput, issuerPriv);
}
// A second, fairer issuance floor: the floor above serializes nothing, but an issuer cannot avoid
// building the output. This one does, in straight-line code with no checks and no generality,
// the least an issuer of this credential must: 160 random bytes, base64url of each salt, the JSON
// and base64url of each disclosure and its hash, the sorted _sd array, the payload JSON and its
// base64url, the signature and its base64url, and the concatenation. The header (constant per
// issuer) is serialized once, beforehand.
const floorHeaderB64 = Buffer.from(JSON.stringify({ typ: 'dc+sd-jwt', alg: 'EdDSA' })).toString('base64url');
const claimNames = Object.keys(claims);
function issueFloorSerializing() {
  const salts = nodeCrypto.randomBytes(16 * claimNames.length);
  const sd = [];
  const disclosures = [];
  for (let i = 0; i < claimNames.length; i++) {
    const k = claimNames[i];
    const salt = salts.toString('base64url', 16 * i, 16 * i + 16);
    const d = Buffer.from(JSON.stringify([salt, k, claims[k]])).toString('base64url');
    disclosures.push(d);
    sd.push(nodeCrypto.hash('sha256', d, 'base64url'));
  }
  const payload = {
    iss: issueOptions.iss,
    iat: now,
    exp: now + 86_400,
    vct: issueOptions.vct,
    cnf: { jwk: holderJwk },
    _sd: sd.sort(),
    _sd_alg: 'sha-256',
  };
  const input = `${floorHeaderB64}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const sig = nodeCrypto.sign(null, Buffer.from(input, 'latin1'), issuerPriv).toString('base64url');
  let out = `${input}.${sig}~`;
  for (const d of disclosures) out += `${d}~`;
  return out;
}
{
  const f = issueFloorSerializing();
  const r = await verifySdJwtVc(f, { keyResolver: jwkKeyResolver(issuerJwk), requireKeyBinding: false });
  if (f.length !== vc.length || r.claims.region !== 'London')
    throw new Error('serializing floor: wrong output');
}
const themIssuer = new SDJwtVcInstance({
  hasher: theirDigest,
  hashAlg: 'sha-256',
  saltGenerator: generateSalt,
  signAlg: 'EdDSA',
  signer: (data) => nodeCrypto.sign(null, Buffer.from(data), issuerPriv).toString('base64url'),
});
const theirIssue = () =>
  themIssuer.issue(
    {
      vct: issueOptions.vct,
      iss: issueOptions.iss,
      iat: now,
      exp: now + 86_400,
      cnf: { jwk: holderJwk },
      ...claims,
    },
    { _sd: Object.keys(claims) },
  );
await theirIssue();

// ---------------------------------------------------------------- noble (browser) path
const nobleIssuerInput = new Uint8Array(issuerInput);
const nobleKbInput = new Uint8Array(kbInput);
const nobleIssuerSig = new Uint8Array(issuerSig);
const nobleKbSig = new Uint8Array(kbSig);
const enc = new TextEncoder();
function nobleFloor() {
  let ok = ed25519.verify(nobleIssuerSig, nobleIssuerInput, issuer.publicKey);
  ok = ed25519.verify(nobleKbSig, nobleKbInput, holder.publicKey) && ok;
  for (const d of disclosureStrings) do_not_optimize(nobleSha256(enc.encode(d)));
  do_not_optimize(nobleSha256(enc.encode(sdHashInput)));
  return ok;
}
if (!nobleFloor()) throw new Error('noble floor rejects');

// ---------------------------------------------------------------- measure, interleaved
const t = {
  floor: [],
  ours: [],
  theirs: [],
  didjwt: [],
  issueFloor: [],
  issueFloor2: [],
  issueOurs: [],
  issueTheirs: [],
};
for (let i = 0; i < ROUNDS; i++) {
  setBackend('node');
  t.floor.push((await measure(() => do_not_optimize(floor()), round)).p50);
  t.ours.push(
    (await measure(async () => do_not_optimize(await verifySdJwtVc(vp, verifyOptions)), round)).p50,
  );
  t.theirs.push(
    (await measure(async () => do_not_optimize(await them.verify(vp, { keyBindingNonce: nonce })), round))
      .p50,
  );
  t.didjwt.push((await measure(async () => do_not_optimize(await didJwtVc()), slow)).p50);
  t.issueFloor.push((await measure(() => do_not_optimize(issueFloor()), round)).p50);
  t.issueFloor2.push((await measure(() => do_not_optimize(issueFloorSerializing()), round)).p50);
  t.issueOurs.push((await measure(async () => do_not_optimize(await issueSdJwtVc(issueOptions)), round)).p50);
  t.issueTheirs.push((await measure(async () => do_not_optimize(await theirIssue()), round)).p50);
}
const ratio = (a, b) => median(t[a].map((x, i) => x / t[b][i]));

// noble: our verifier on the noble backend and the noble floor, interleaved the same way
setBackend('noble');
await verifySdJwtVc(vp, verifyOptions);
const tn = { floor: [], ours: [] };
for (let i = 0; i < ROUNDS; i++) {
  tn.floor.push((await measure(() => do_not_optimize(nobleFloor()), slow)).p50);
  tn.ours.push(
    (await measure(async () => do_not_optimize(await verifySdJwtVc(vp, verifyOptions)), slow)).p50,
  );
}
setBackend('auto');
const nobleRatio = median(tn.ours.map((x, i) => x / tn.floor[i]));

// Finely interleaved batches: the same contenders in turn, CPU_BATCH operations each, for
// CPU_ROUNDS rounds, each batch timed both by process.cpuUsage (user + system CPU of this process)
// and by the wall clock. Short batches taken in turn see nearly the same machine load, so the
// per-round ratios are steadier than those of the long mitata rounds above on a loaded machine;
// CPU time is also less disturbed by the process being descheduled (it still moves with cache
// and core sharing).
setBackend('node');
const CPU_BATCH = 20;
const CPU_ROUNDS = Number(process.env.SD_JWT_BENCH_CPU_ROUNDS ?? 60);
const cpuFns = {
  floor: () => floor(),
  ours: () => verifySdJwtVc(vp, verifyOptions),
  theirs: () => them.verify(vp, { keyBindingNonce: nonce }),
  issueFloor: () => issueFloor(),
  issueFloor2: () => issueFloorSerializing(),
  issueOurs: () => issueSdJwtVc(issueOptions),
};
const tc = Object.fromEntries(Object.keys(cpuFns).map((k) => [k, []]));
const tw = Object.fromEntries(Object.keys(cpuFns).map((k) => [k, []]));
for (const f of Object.values(cpuFns)) for (let i = 0; i < 10 * CPU_BATCH; i++) do_not_optimize(await f());
for (let r = 0; r < CPU_ROUNDS; r++) {
  for (const [k, f] of Object.entries(cpuFns)) {
    const c0 = process.cpuUsage();
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < CPU_BATCH; i++) do_not_optimize(await f());
    const w = Number(process.hrtime.bigint() - w0);
    const c = process.cpuUsage(c0);
    tc[k].push((1e3 * (c.user + c.system)) / CPU_BATCH); // ns per op
    tw[k].push(w / CPU_BATCH);
  }
}
const wallRatio = (a, b) => median(tw[a].map((x, i) => x / tw[b][i]));
const cpuRatio = (a, b) => median(tc[a].map((x, i) => x / tc[b][i]));

// ---------------------------------------------------------------- report
console.log(
  `\nSD-JWT VC presentation: EdDSA issuer, 10 SD claims, 5 disclosed, EdDSA key binding; ${vp.length} chars. Node ${process.version}, ${ROUNDS} interleaved rounds, ${new Date().toISOString()}\n`,
);
console.log('| verify | p50 per op | ops/s | floor ÷ this (share of floor speed) | this ÷ ours |');
console.log('|---|---:|---:|---:|---:|');
const row = (name, key) =>
  console.log(
    `| ${name} | ${us(median(t[key]))} | ${ops(median(t[key]))} | ${(100 / ratio(key, 'floor')).toFixed(1)} % | ${ratio(key, 'ours').toFixed(2)}× |`,
  );
row('(a) floor: 2 × Ed25519 verify + 6 × sha-256, bare node:crypto, cached KeyObjects', 'floor');
row('(b) @realdid/sd-jwt `verifySdJwtVc` (node backend)', 'ours');
row('(c) @sd-jwt/sd-jwt-vc 0.19 `SDJwtVcInstance.verify` (node:crypto verifiers)', 'theirs');
row('(d) did-jwt-vc 4 `verifyPresentation` + `verifyCredential` (JWT VP + JWT VC)', 'didjwt');
console.log(
  '\n| issue | p50 per op | ops/s | signing floor ÷ this | serializing floor ÷ this | this ÷ ours |',
);
console.log('|---|---:|---:|---:|---:|---:|');
const irow = (name, key) =>
  console.log(
    `| ${name} | ${us(median(t[key]))} | ${ops(median(t[key]))} | ${(100 / ratio(key, 'issueFloor')).toFixed(1)} % | ${(100 / ratio(key, 'issueFloor2')).toFixed(1)} % | ${ratio(key, 'issueOurs').toFixed(2)}× |`,
  );
irow('signing floor: 1 × Ed25519 sign + 10 × sha-256 + 160 random bytes, bare node:crypto', 'issueFloor');
irow(
  'serializing floor: the signing floor + salts, disclosure and payload JSON, base64url, output',
  'issueFloor2',
);
irow('@realdid/sd-jwt `issueSdJwtVc`', 'issueOurs');
irow('@sd-jwt/sd-jwt-vc 0.19 `SDJwtVcInstance.issue`', 'issueTheirs');
console.log(
  `\n| interleaved batches (${CPU_ROUNDS} rounds × ${CPU_BATCH} ops) | CPU per op | CPU: share of its floor | CPU: this ÷ ours | wall per op | wall: share of its floor | wall: this ÷ ours |`,
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
const crow = (name, key, floorKey, oursKey) =>
  console.log(
    `| ${name} | ${us(median(tc[key]))} | ${(100 / cpuRatio(key, floorKey)).toFixed(1)} % | ${cpuRatio(key, oursKey).toFixed(2)}× | ${us(median(tw[key]))} | ${(100 / wallRatio(key, floorKey)).toFixed(1)} % | ${wallRatio(key, oursKey).toFixed(2)}× |`,
  );
crow('verify: (a) floor', 'floor', 'floor', 'ours');
crow('verify: (b) @realdid/sd-jwt', 'ours', 'floor', 'ours');
crow('verify: (c) @sd-jwt/sd-jwt-vc', 'theirs', 'floor', 'ours');
crow('issue: signing floor', 'issueFloor', 'issueFloor', 'issueOurs');
crow('issue: serializing floor (share of the signing floor)', 'issueFloor2', 'issueFloor', 'issueOurs');
crow('issue: @realdid/sd-jwt (share of the signing floor)', 'issueOurs', 'issueFloor', 'issueOurs');
crow('issue: @realdid/sd-jwt (share of the serializing floor)', 'issueOurs', 'issueFloor2', 'issueOurs');
console.log('\n| portable path (noble) | p50 per op | ops/s | floor ÷ this |');
console.log('|---|---:|---:|---:|');
console.log(
  `| noble floor: 2 × ed25519.verify + 6 × sha256 (@noble) | ${us(median(tn.floor))} | ${ops(median(tn.floor))} | 100.0 % |`,
);
console.log(
  `| @realdid/sd-jwt \`verifySdJwtVc\` (noble backend) | ${us(median(tn.ours))} | ${ops(median(tn.ours))} | ${(100 / nobleRatio).toFixed(1)} % |`,
);
console.log(
  `\n(noble: ratio of the p50s ${((100 * median(tn.floor)) / median(tn.ours)).toFixed(1)} %; the table gives the median of per-round ratios.)`,
);
console.log(
  `\nTargets: ours ≥ 90 % of the floor → ${(100 / ratio('ours', 'floor')).toFixed(1)} %; ≥ 1.8× @sd-jwt → ${ratio('theirs', 'ours').toFixed(2)}×; issuance ≥ 90 % of its floor → ${(100 / ratio('issueOurs', 'issueFloor')).toFixed(1)} % (of the serializing floor: ${(100 / ratio('issueOurs', 'issueFloor2')).toFixed(1)} %).`,
);
console.log(
  `Interleaved batches, CPU time: verify ${(100 / cpuRatio('ours', 'floor')).toFixed(1)} % of the floor, ${cpuRatio('theirs', 'ours').toFixed(2)}× @sd-jwt; issuance ${(100 / cpuRatio('issueOurs', 'issueFloor')).toFixed(1)} % of the signing floor, ${(100 / cpuRatio('issueOurs', 'issueFloor2')).toFixed(1)} % of the serializing floor.`,
);
console.log(
  `Interleaved batches, wall clock: verify ${(100 / wallRatio('ours', 'floor')).toFixed(1)} % of the floor, ${wallRatio('theirs', 'ours').toFixed(2)}× @sd-jwt; issuance ${(100 / wallRatio('issueOurs', 'issueFloor')).toFixed(1)} % of the signing floor, ${(100 / wallRatio('issueOurs', 'issueFloor2')).toFixed(1)} % of the serializing floor.`,
);
