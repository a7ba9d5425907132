// @realdid/bbs against @digitalbazaar/bbs-signatures, side by side in one run: KeyGen-free Sign,
// Verify, ProofGen and ProofVerify over 10 messages of which 5 disclosed, both on the
// BLS12-381-SHAKE-256 ciphersuite, plus the floor every verification pays: the two-pairing
// product e(P1, Q1) * e(P2, BP2) with one shared final exponentiation (noble, the same curve code
// both libraries use).
//   pnpm --filter @realdid/crypto build && pnpm --filter @realdid/bbs build && node benchmarks/run.mjs bbs
//
// Measurement: op-by-op interleaving. Each round times one call of every contender in turn (the
// order rotating each round) with performance.now(); the median over rounds is reported, and each
// ratio is the median of the per-round ratios, so drifts of this shared 2-core machine cancel out.
// Environment: BBS_BENCH_ROUNDS (default 15).

import * as theirs from '@digitalbazaar/bbs-signatures';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { generateKeyPair, proofGen, proofVerify, sign, verify } from '@realdid/bbs';

const ROUNDS = Number(process.env.BBS_BENCH_ROUNDS ?? 15);
const ciphersuite = 'BLS12-381-SHAKE-256';
const te = new TextEncoder();
const messages = Array.from({ length: 10 }, (_, i) =>
  te.encode(`claim_${i}=value number ${i} of the credential`),
);
const disclosedIndexes = [0, 2, 4, 6, 8];
const disclosedMessages = disclosedIndexes.map((i) => messages[i]);
const header = te.encode('issuer header');
const presentationHeader = te.encode('nonce from the verifier');

const { secretKey, publicKey } = generateKeyPair({ ciphersuite });
const signature = sign({ secretKey, publicKey, header, messages, ciphersuite });
const proof = proofGen({
  publicKey,
  signature,
  header,
  presentationHeader,
  messages,
  disclosedIndexes,
  ciphersuite,
});

// Interop sanity: each library accepts what the other made (same draft, same ciphersuite).
const theirSig = await theirs.sign({ secretKey, publicKey, header, messages, ciphersuite });
if (Buffer.compare(Buffer.from(theirSig), Buffer.from(signature)) !== 0) throw new Error('signatures differ');
const theirProof = await theirs.deriveProof({
  publicKey,
  signature,
  header,
  messages,
  presentationHeader,
  disclosedMessageIndexes: disclosedIndexes,
  ciphersuite,
});
if (
  !proofVerify({
    publicKey,
    proof: theirProof,
    header,
    presentationHeader,
    disclosedMessages,
    disclosedIndexes,
    ciphersuite,
  })
)
  throw new Error('their proof rejected');
const theirVerifyProof = () =>
  theirs.verifyProof({
    publicKey,
    proof,
    header,
    presentationHeader,
    disclosedMessages,
    disclosedMessageIndexes: disclosedIndexes,
    ciphersuite,
  });
if ((await theirVerifyProof()) !== true) throw new Error('our proof rejected by theirs');

// The floor: a two-pairing product with one final exponentiation, nothing cached.
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const P1 = G1.BASE.multiply(12345n);
const P2 = G1.BASE.multiply(67890n).negate();
const Q1 = G2.BASE.multiply(12345n * 67890n);
const floor = () =>
  bls12_381.pairingBatch([
    { g1: P1, g2: Q1 },
    { g1: P2, g2: G2.BASE },
  ]);

const ops = {
  Sign: {
    ours: () => sign({ secretKey, publicKey, header, messages, ciphersuite }),
    theirs: () => theirs.sign({ secretKey, publicKey, header, messages, ciphersuite }),
  },
  Verify: {
    ours: () => verify({ publicKey, signature, header, messages, ciphersuite }),
    theirs: () => theirs.verifySignature({ publicKey, signature, header, messages, ciphersuite }),
  },
  ProofGen: {
    ours: () =>
      proofGen({ publicKey, signature, header, presentationHeader, messages, disclosedIndexes, ciphersuite }),
    theirs: () =>
      theirs.deriveProof({
        publicKey,
        signature,
        header,
        messages,
        presentationHeader,
        disclosedMessageIndexes: disclosedIndexes,
        ciphersuite,
      }),
  },
  ProofVerify: {
    ours: () =>
      proofVerify({
        publicKey,
        proof,
        header,
        presentationHeader,
        disclosedMessages,
        disclosedIndexes,
        ciphersuite,
      }),
    theirs: theirVerifyProof,
  },
};

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[v.length >> 1];
};
async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const rows = [];
for (const [name, { ours, theirs: peer }] of Object.entries(ops)) {
  await ours();
  await peer();
  await floor();
  const t = { ours: [], theirs: [], floor: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = [
      ['ours', ours],
      ['theirs', peer],
      ['floor', floor],
    ];
    for (let k = 0; k < r % 3; k++) order.push(order.shift());
    for (const [who, fn] of order) t[who].push(await time(fn));
  }
  const ratio = median(t.theirs.map((x, i) => x / t.ours[i]));
  const overFloor = median(t.ours.map((x, i) => x / t.floor[i]));
  rows.push({
    name,
    ours: median(t.ours),
    theirs: median(t.theirs),
    floor: median(t.floor),
    ratio,
    overFloor,
  });
}

console.log(
  `@realdid/bbs vs @digitalbazaar/bbs-signatures — ${ciphersuite}, 10 messages, 5 disclosed, ${ROUNDS} rounds`,
);
console.log(
  '| op | @realdid/bbs (ms) | @digitalbazaar/bbs-signatures (ms) | theirs / ours | floor: 2-pairing product (ms) | ours / floor |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.ours.toFixed(1)} | ${r.theirs.toFixed(1)} | ${r.ratio.toFixed(2)}× | ${r.floor.toFixed(1)} | ${r.overFloor.toFixed(2)}× |`,
  );
}
